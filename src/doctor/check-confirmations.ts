// "Check Confirmations" after doctor's test booking: the email confirmation reached the booked address, the
// meeting link has the form Cal.com uses for the action's location, and the host's calendar got the event. On a
// sandbox (built in, or one CALCOM_API_URL points at) the admin API shows what Cal.com sent and wrote; on a real
// account doctor cannot read an inbox, so it shows the address Cal.com booked and the "Email Confirmation Not
// Received" checklist instead.
import { meetingLinkProblem } from '../booking/meeting-link.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { Booking } from '../calcom/schemas.js';
import type { Report } from './report.js';
import { CALENDAR_NOT_UPDATED, EMAIL_NOT_RECEIVED, MEETING_LINK_BROKEN } from './troubleshooting.js';

interface SandboxEmail {
  to: string;
  role: string;
  kind: string;
  bookingUid: string;
  subject: string;
  where: string;
}

interface SandboxCalendarEvent {
  userId: number;
  provider: string;
  calendar: string;
  bookingUid: string;
}

export async function checkConfirmations(action: ResolvedAction, booking: Booking, email: string, sandboxUrl: string | undefined, report: Report): Promise<void> {
  const where = booking.location ?? undefined;
  const linkProblem = meetingLinkProblem(action, where);
  if (linkProblem) report.fail(`Meeting link for ${action.displayName}`, MEETING_LINK_BROKEN, [linkProblem]);
  else report.pass(`Meeting link works for ${action.displayName}: ${where} (${action.config.location})`);

  if (!sandboxUrl) {
    const booked = booking.attendees[0]?.email;
    if (booked?.toLowerCase() !== email.toLowerCase()) report.fail('Email confirmation address', EMAIL_NOT_RECEIVED, [`Cal.com booked ${booked ?? 'no email'}, not ${email}.`]);
    else
      report.warn(`Email confirmation: Cal.com sends it to ${booked}; doctor cannot read that inbox`, [
        'If it does not arrive (Email Confirmation Not Received): check the spam/junk folder, verify the address in the booking confirmation,',
        "and check Cal.com's notification settings (Settings → Notifications, and the event type's Advanced → emails).",
      ]);
    report.skip('Calendar updated', "a real account's calendars are not readable here; check the host's calendar for the booking");
    return;
  }
  const emails = await adminGet<{ emails: SandboxEmail[] }>(sandboxUrl, '/emails');
  const mine = emails.emails.filter((e) => e.bookingUid === booking.uid);
  const toAttendee = mine.find((e) => e.role === 'attendee' && (e.kind === 'scheduled' || e.kind === 'request'));
  if (!toAttendee) report.fail('Email confirmation received', EMAIL_NOT_RECEIVED, ['Cal.com sent no confirmation for the booking.']);
  else if (toAttendee.to.toLowerCase() !== email.toLowerCase())
    report.fail('Email confirmation received', EMAIL_NOT_RECEIVED, [`It went to ${toAttendee.to}, not to ${email}: the booking has the wrong address.`]);
  else report.pass(`Email confirmation received at ${toAttendee.to}: "${toAttendee.subject}"`);
  const hostMails = mine.filter((e) => e.role === 'host').map((e) => e.to);
  if (hostMails.length) report.pass(`Host notified by email: ${hostMails.join(', ')}`);

  const { events } = await adminGet<{ events: SandboxCalendarEvent[] }>(sandboxUrl, '/calendar-events');
  const written = events.filter((e) => e.bookingUid === booking.uid);
  if (written.length) report.pass(`Calendar updated: ${written.map((e) => `${e.calendar} (${e.provider})`).join(', ')} shows the booking as busy`);
  else report.fail('Calendar updated', CALENDAR_NOT_UPDATED, ['No host calendar shows the booking.']);
}

async function adminGet<T>(sandboxUrl: string, path: string): Promise<T> {
  const r = await fetch(`${sandboxUrl}/_sandbox${path}`);
  if (!r.ok) throw new Error(`The sandbox's admin API answered ${r.status} for ${path}`);
  return (await r.json()) as T;
}

/** The sandbox origin when `apiUrl` (…/v2) is a cal-booking-action sandbox, recognised by its admin API. */
export async function sandboxBehind(apiUrl: string | undefined): Promise<string | undefined> {
  if (!apiUrl) return undefined;
  try {
    const origin = new URL(apiUrl).origin;
    const r = await fetch(`${origin}/_sandbox/health`, { signal: AbortSignal.timeout(2_000) });
    return r.ok && ((await r.json()) as { ok?: unknown }).ok === true ? origin : undefined;
  } catch {
    return undefined;
  }
}
