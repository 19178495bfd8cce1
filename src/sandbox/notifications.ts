// What Cal.com sends and writes after a booking, derived from the bookings themselves so nothing extra is stored:
// the emails to the attendee and to every host (subject, the time in each recipient's zone, the meeting link or
// address), and the event written to each host's connected calendar as busy time. Served by the admin API, so a
// test or `doctor` can check the product description's "Check Confirmations" steps offline.
import { Temporal } from 'temporal-polyfill';
import type { Sandbox } from './sandbox.js';
import type { StoredBooking, User } from './world.js';

export type EmailKind = 'scheduled' | 'request' | 'rescheduled' | 'cancelled';

export interface SentEmail {
  to: string;
  role: 'attendee' | 'host';
  kind: EmailKind;
  bookingUid: string;
  subject: string;
  /** The start in the recipient's zone, ISO with offset. */
  startLocal: string;
  timeZone: string;
  /** The meeting link, address or phone number the booking carries. */
  where: string;
  sentAt: string;
}

export interface CalendarWrite {
  userId: number;
  provider: string;
  /** The connected calendar written to: the host's first, as Cal.com's default destination calendar. */
  calendar: string;
  bookingUid: string;
  title: string;
  start: string;
  end: string;
  busy: true;
  where: string;
}

/** Every email Cal.com would have sent for the sandbox's bookings, oldest first. */
export function sentEmails(sb: Sandbox): SentEmail[] {
  const out: SentEmail[] = [];
  for (const b of sb.state.bookings) {
    const hosts = b.hostUserIds.map((id) => sb.user(id)).filter((u): u is User => u !== undefined);
    const hostNames = hosts.map((h) => h.name).join(', ');
    const title = sb.eventType(b.eventTypeId)?.title ?? b.title;
    const first: EmailKind = b.status === 'pending' ? 'request' : b.rescheduledFromUid ? 'rescheduled' : 'scheduled';
    // A booking replaced by a reschedule was announced when made; the reschedule email covers the change.
    const kinds: Array<[EmailKind, string]> = [[first, b.createdAt]];
    if (b.status === 'cancelled' && !b.rescheduledToUid) kinds.push(['cancelled', b.updatedAt]);
    for (const [kind, sentAt] of kinds) {
      const mail = (to: string, role: SentEmail['role'], zone: string, subject: string): SentEmail => ({
        to,
        role,
        kind,
        bookingUid: b.uid,
        subject,
        startLocal: local(b.start, zone),
        timeZone: zone,
        where: b.location,
        sentAt,
      });
      const when = (zone: string) => spoken(b.start, zone);
      // A phone-only attendee's placeholder address gets nothing: BaseEmail.sendEmail skips it (isSmsCalEmail,
      // packages/emails/templates/_base-email.ts: "Skipped Sending Email to faux email").
      if (!b.attendee.email.toLowerCase().endsWith('@sms.cal.com'))
        out.push(mail(b.attendee.email, 'attendee', b.attendee.timeZone, attendeeSubject(kind, title, hostNames, when(b.attendee.timeZone))));
      for (const h of hosts) out.push(mail(h.email, 'host', h.timeZone, hostSubject(kind, title, b.attendee.name, when(h.timeZone))));
    }
  }
  return out.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
}

/** The events on hosts' connected calendars for bookings that stand (accepted); cancelled ones are deleted. */
export function calendarWrites(sb: Sandbox): CalendarWrite[] {
  const out: CalendarWrite[] = [];
  for (const b of sb.state.bookings.filter((x: StoredBooking) => x.status === 'accepted')) {
    for (const id of b.hostUserIds) {
      const cal = sb.user(id)?.calendars[0];
      if (!cal) continue;
      out.push({ userId: id, provider: cal.provider, calendar: cal.externalId, bookingUid: b.uid, title: b.title, start: b.start, end: b.end, busy: true, where: b.location });
    }
  }
  return out;
}

function attendeeSubject(kind: EmailKind, title: string, hosts: string, when: string): string {
  switch (kind) {
    case 'scheduled':
      return `Confirmed: ${title} with ${hosts} on ${when}`;
    case 'request':
      return `Booking request submitted: ${title} with ${hosts} on ${when}`;
    case 'rescheduled':
      return `Rescheduled: ${title} with ${hosts} on ${when}`;
    case 'cancelled':
      return `Cancelled: ${title} with ${hosts} on ${when}`;
  }
}

function hostSubject(kind: EmailKind, title: string, attendee: string, when: string): string {
  switch (kind) {
    case 'scheduled':
      return `New event: ${attendee} - ${when} - ${title}`;
    case 'request':
      return `Awaiting your confirmation: ${attendee} - ${when} - ${title}`;
    case 'rescheduled':
      return `Rescheduled event: ${attendee} - ${when} - ${title}`;
    case 'cancelled':
      return `Event cancelled: ${attendee} - ${when} - ${title}`;
  }
}

function local(iso: string, zone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toString({ smallestUnit: 'minute', timeZoneName: 'never' });
}

/** "10:00am - Tuesday, 24 November 2026 (Europe/Berlin)", the shape of Cal.com's email dates. */
function spoken(iso: string, zone: string): string {
  const d = new Date(Date.parse(iso));
  const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true }).format(d).replace(' ', '').toLowerCase();
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d).replace(',', '');
  return `${time} - ${date} (${zone})`;
}
