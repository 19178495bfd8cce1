// Doctor checks for managing bookings and the fallbacks: the booking link resolves, the callback webhook answers a
// signed ping, and (on the sandbox or a marked test event type only) a test booking can be moved and cancelled.
import { randomUUID } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { Fallbacks, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, WEBHOOK_SECRET_ENV } from '../booking/fallbacks.js';
import { BookingFlow } from '../booking/flow.js';
import { changesAllowed, ManageFlow } from '../booking/manage.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { CalComClient } from '../calcom/client.js';
import { TEST_ATTENDEE_EMAIL, TEST_METADATA, type TestBookingScope } from './check-test-booking.js';
import type { Remedy, Report } from './report.js';

const LINK_BROKEN: Remedy = {
  cause: 'The booking link the agent would text does not open',
  fix: 'Check that the event type is public in Cal.com, or set CALCOM_WEB_URL to your Cal.com web address; or set bookingLink: false.',
};
const WEBHOOK_BROKEN: Remedy = {
  cause: 'The callback webhook does not accept requests',
  fix: `Check callback.webhookUrl, that the receiver is up and answers 2xx, and that it checks signatures with the value of ${WEBHOOK_SECRET_ENV}.`,
};
const MANAGE_FAILED: Remedy = {
  cause: 'The API key cannot move or cancel bookings of this event type',
  fix: 'Use a key of the event type owner (or a team admin), and check the bookings permissions in Cal.com; or turn manage.reschedule / manage.cancel off.',
};

export async function checkManage(actions: readonly ResolvedAction[], client: CalComClient, scope: TestBookingScope, now: () => Temporal.Instant, report: Report): Promise<void> {
  for (const action of actions) {
    const fb = new Fallbacks({ action, call: { callId: 'doctor' }, apiBaseUrl: client.baseUrl });
    const url = action.config.bookingLink ? fb.bookingUrl() : undefined;
    if (url) {
      const status = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status, (e: unknown) => (e instanceof Error ? e.message : String(e)));
      if (status === 200) report.pass(`Booking link for ${action.displayName} opens: ${url}`);
      else report.fail(`Booking link for ${action.displayName}`, LINK_BROKEN, [`GET ${url}: ${status}`]);
    }
    const hook = action.config.callback?.webhookUrl;
    if (hook) await pingWebhook(hook, action.displayName, report);
  }
  // The test booking is always cancelled at the end, so only an event type whose bookings may be cancelled is used.
  const cancellable = actions.filter((a) => changesAllowed(a).cancel);
  const targets = scope.sandbox ? cancellable.slice(0, 1) : cancellable.filter((a) => scope.testBookings.includes(a.eventType.id));
  if (!targets.length) return report.skip('Move and cancel a test booking', 'a real Cal.com account and no event type marked as a test one');
  for (const action of targets) await moveAndCancel(action, client, now, report);
}

async function pingWebhook(url: string, name: string, report: Report): Promise<void> {
  const secret = process.env[WEBHOOK_SECRET_ENV]?.trim();
  if (!secret) return report.fail(`Callback webhook for ${name}`, WEBHOOK_BROKEN, [`${WEBHOOK_SECRET_ENV} is not set`]);
  // A documented ping, never a callback request: nobody on the team is asked to call anyone.
  const body = JSON.stringify({ type: 'ping', id: randomUUID() });
  const ts = String(Math.floor(Date.now() / 1000));
  const status = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(secret, ts, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  }).then((r) => r.status, (e: unknown) => (e instanceof Error ? e.message : String(e)));
  if (typeof status === 'number' && status >= 200 && status < 300) report.pass(`Callback webhook for ${name} answers a signed ping (${status})`);
  else report.fail(`Callback webhook for ${name}`, WEBHOOK_BROKEN, [`POST ${url}: ${status}`]);
}

/** Books a test time, moves it to the next offered one, cancels it: through the same flows the agent uses. */
async function moveAndCancel(action: ResolvedAction, client: CalComClient, now: () => Temporal.Instant, report: Report): Promise<void> {
  const title = `Move and cancel a test booking for ${action.displayName}`;
  const call = { callId: `doctor-manage-${randomUUID()}`, dynamicContext: { cal_email: TEST_ATTENDEE_EMAIL } };
  const calendar = {
    getSlots: client.getSlots.bind(client),
    reserveSlot: client.reserveSlot.bind(client),
    deleteReservation: client.deleteReservation.bind(client),
    listBookings: client.listBookings.bind(client),
    createBooking: (b: Parameters<CalComClient['createBooking']>[0], o?: Parameters<CalComClient['createBooking']>[1]) => client.createBooking({ ...b, metadata: { ...b.metadata, ...TEST_METADATA } }, o),
  };
  const booking = new BookingFlow({ calendar, action, call, now });
  const manage = new ManageFlow({ calendar: client, action, call, booking, now });
  const offer = await booking.getAvailableSlots();
  const [first, second] = offer.status === 'available' ? offer.slots : [];
  if (!first || !second) return report.skip(title, 'fewer than two free times');
  const booked = await booking.book({ slotId: first.id, name: 'Doctor Test', notes: 'cal-booking-action doctor: moved and cancelled right away' });
  if (booked.status !== 'booked') return report.skip(title, `the test booking was not made (${booked.status})`);
  const found = await manage.find();
  const id = found.status === 'found' ? found.bookings[0]?.id : undefined;
  if (!id) return report.fail(title, MANAGE_FAILED, [`the test booking was not found (${found.status})`]);
  const moved = changesAllowed(action).reschedule ? await manage.reschedule({ bookingId: id, slotId: second.id, confirmed: true, reason: 'doctor test' }) : undefined;
  if (moved && moved.status !== 'rescheduled') report.fail(title, MANAGE_FAILED, [`reschedule: ${moved.status}`]);
  const cancelled = await manage.cancel({ bookingId: id, confirmed: true, reason: 'cal-booking-action doctor test booking' });
  await manage.idle();
  if (cancelled.status !== 'cancelled') return report.fail(title, MANAGE_FAILED, [`cancel: ${cancelled.status}`]);
  report.pass(`${title}: ${moved ? `moved ${first.time} → ${second.time}, then ` : ''}cancelled`);
}
