// Managing bookings by voice (issue 10) against the sandbox over HTTP, with the faults that matter, reading the
// sandbox back: cancel and reschedule once each, lost answers reconciled by reading the booking, never a second
// live booking, a stranger refused, a "move" by booking anew turned into a reschedule, and the fallbacks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { ActionConfig } from '../../src/booking/config.js';
import { Fallbacks, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, type CallbackRequest } from '../../src/booking/fallbacks.js';
import { BookingFlow, type BookResult, type SlotsResult } from '../../src/booking/flow.js';
import { upcomingByEmail } from '../../src/booking/caller-bookings.js';
import { ManageFlow } from '../../src/booking/manage.js';
import type { FindResult, ManageResult } from '../../src/booking/manage-results.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import { CalComClient } from '../../src/calcom/index.js';
import type { Exchange, RunningSandbox } from '../../src/sandbox/server.js';
import { admin } from '../helpers/sandbox.js';
import { resolveAction, fastFlow, sinkSender, useBookingSandbox, type SmsSink } from '../helpers/booking-env.js';

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z'); // Tuesday 09:00 in Berlin
const CALLER = '+14155550123';
const STRANGER = '+14155550199';
const FAST = fastFlow(1_500, 4_000);

let sb: RunningSandbox;
let sink: SmsSink;
let cal: CalComClient;
const writes: Exchange[] = [];
useBookingSandbox({
  now: NOW,
  client: { timeoutMs: 300, bookingTimeoutMs: 300 },
  sandbox: { dropHoldMs: 2_000, onExchange: (e) => void (e.method === 'POST' && /\/(cancel|reschedule)$/.test(e.path) && writes.push(e)) },
  onReset: () => void (writes.length = 0),
  ready: (e) => ({ sb, sink, cal } = e),
});

const action = (config: Partial<ActionConfig> = {}) => resolveAction(cal, { eventType: 101, location: 'cal-video', ...config });

const sms = () => sinkSender(sink);

/** One call: its booking flow and its manage flow, as the toolset pairs them. */
function call(a: ResolvedAction, o: { phone?: string; email?: string; guard?: boolean; manage?: Partial<ConstructorParameters<typeof ManageFlow>[0]> } = {}) {
  const c = { callId: `call-${Math.random().toString(36).slice(2)}`, ...(o.phone ? { callerPhone: o.phone } : {}), ...(o.email ? { dynamicContext: { cal_email: o.email } } : {}) };
  const booking = new BookingFlow({
    ...FAST,
    calendar: cal,
    action: a,
    call: c,
    sms: sms(),
    now: () => NOW,
    ...(o.guard ? { existingBooking: async (email: string) => (await upcomingByEmail(cal, a, email, NOW))[0] } : {}),
  });
  const manage = new ManageFlow({ ...FAST, calendar: cal, action: a, call: c, booking, sms: sms(), now: () => NOW, ...o.manage });
  return { booking, manage };
}

type Stored = { uid: string; status: string; start: string; cancellationReason?: string; rescheduledFromUid?: string; rescheduledToUid?: string };
const all = async () => (await admin<{ bookings: Stored[] }>(sb, 'GET', '/bookings')).bookings;
const live = async () => (await all()).filter((b) => b.status === 'accepted');
const liveHolds = async () => (await admin<{ reservations: Array<{ releaseAt: string }> }>(sb, 'GET', '/reservations')).reservations.filter((r) => Date.parse(r.releaseAt) > NOW.epochMilliseconds);
const slotsOf = (r: SlotsResult) => (r.status === 'available' ? r.slots : []);
const found = (r: FindResult) => (r.status === 'found' ? r.bookings : []);

/** Books the first offered time for `email` from `phone`, as an earlier call would have. */
async function bookEarlier(a: ResolvedAction, email: string, phone = CALLER, pick = 0): Promise<string> {
  const { booking } = call(a, { phone, email });
  const t = slotsOf(await booking.getAvailableSlots())[pick]!;
  const r = (await booking.book({ slotId: t.id, name: 'Earlier' })) as Extract<BookResult, { status: 'booked' }>;
  expect(r.status).toBe('booked');
  await booking.idle();
  sink.clear();
  return r.bookingUid;
}

describe('cancel', () => {
  it('found by the number the caller calls from, read back, cancelled once with the reason, texted once', async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'jo@example.com');
    const { manage } = call(a, { phone: CALLER });
    const list = found(await manage.find());
    expect(list).toEqual([expect.objectContaining({ id: 'b1', time: expect.stringMatching(/AM|PM/) })]);
    expect(await manage.cancel({ bookingId: 'b1' })).toMatchObject({ status: 'confirm_cancel' });
    expect(writes).toHaveLength(0);
    const r = await manage.cancel({ bookingId: 'b1', confirmed: true, reason: 'feeling better' });
    expect(r).toMatchObject({ status: 'cancelled', sms: { status: 'sent' } });
    // The model calls again: the same answer, nothing sent twice.
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled' });
    await manage.idle();
    expect(writes).toHaveLength(1);
    expect((await all()).find((b) => b.uid === uid)).toMatchObject({ status: 'cancelled', cancellationReason: 'feeling better' });
    expect(sink.messages()).toHaveLength(1);
    expect(sink.messages()[0]!.body).toMatch(/^Cancelled: your appointment on/);
  });

  it('a cancel whose answer is lost: read back by GET, told cancelled, never sent twice', async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'lost@example.com');
    const { manage } = call(a, { phone: CALLER });
    await manage.find();
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled' });
    await manage.idle();
    expect(writes).toHaveLength(1);
    expect((await all()).find((b) => b.uid === uid)!.status).toBe('cancelled');
    expect(sink.messages()).toHaveLength(1);
  });

  it('a find while a cancel is still in flight keeps the booking under its id: one POST, one text, the default reason', async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'slow@example.com');
    const { manage } = call(a, { phone: CALLER });
    await manage.find();
    // The cancel reaches Cal.com only after 900 ms: the client gives up at 300 ms, and the booking still reads live.
    await admin(sb, 'POST', '/faults', { latencyMs: 900, paths: [`/v2/bookings/${uid}/cancel`] });
    const cancelling = manage.cancel({ bookingId: 'b1', confirmed: true });
    await new Promise((r) => setTimeout(r, 450));
    const again = await manage.find();
    expect(found(again)).toEqual([expect.objectContaining({ id: 'b1' })]);
    expect(await manage.cancel({ bookingId: 'b2', confirmed: true })).toMatchObject({ status: 'unknown_booking' });
    expect(await cancelling).toMatchObject({ status: 'cancelled' });
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled' });
    await manage.idle();
    expect(writes).toHaveLength(1);
    expect((await all()).find((b) => b.uid === uid)).toMatchObject({ status: 'cancelled', cancellationReason: 'Cancelled by the caller by phone' });
    expect(sink.messages()).toHaveLength(1);
  });

  it('an outcome settled after the tool gave up is told by the next result, even when that is a new find', async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'later@example.com');
    const { manage } = call(a, { phone: CALLER, manage: { patienceMs: 50 } });
    await manage.find();
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'unconfirmed' });
    await manage.idle();
    const r = await manage.find();
    expect(r).toMatchObject({ status: 'none_found', update: { status: 'cancelled_after_all' } });
    expect((await manage.find()).update).toBeUndefined();
    expect((await all()).find((b) => b.uid === uid)!.status).toBe('cancelled');
    expect(writes).toHaveLength(1);
    expect(sink.messages()).toHaveLength(1);
  });

  it('a booking moved by someone else meanwhile is not reported cancelled, and stays at its new time', async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'moved@example.com');
    const { manage } = call(a, { phone: CALLER });
    await manage.find();
    // The attendee moves it from the confirmation email's link while on the phone with us.
    const moved = await cal.rescheduleBooking(uid, { start: '2026-11-26T09:00:00Z' });
    const r = await manage.cancel({ bookingId: 'b1', confirmed: true });
    expect(r).toMatchObject({ status: 'moved_elsewhere' });
    await manage.idle();
    expect((await live()).map((b) => b.uid)).toEqual([moved.uid]);
    expect(sink.messages()).toHaveLength(0);
  });

  it('a cancel answered 503 without being made: read back, surely not made, sent once more', async () => {
    const a = await action();
    await bookEarlier(a, 'busy@example.com');
    const { manage } = call(a, { phone: CALLER });
    await manage.find();
    await admin(sb, 'POST', '/faults', { failNext: 1, errorStatus: 503, paths: ['/v2/bookings/'] });
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled' });
    await manage.idle();
    expect(writes.filter((w) => w.status !== 0)).toHaveLength(2);
    expect(await live()).toHaveLength(0);
    expect(manage.writes()).toEqual([expect.objectContaining({ op: 'cancel', state: 'done', posts: 2 })]);
  });
});

describe('reschedule', () => {
  it('moves to an offered time: held while confirming, one new booking, the old one cancelled and pointing at it, texted', async () => {
    const a = await action();
    const oldUid = await bookEarlier(a, 'move@example.com');
    const { booking, manage } = call(a, { phone: CALLER });
    await manage.find();
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[0]!;
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id })).toMatchObject({ status: 'confirm_reschedule', held: true });
    expect(await liveHolds()).toHaveLength(1);
    const r = (await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true })) as Extract<ManageResult, { status: 'rescheduled' }>;
    expect(r).toMatchObject({ status: 'rescheduled', to: t.time, sms: { status: 'sent' } });
    await manage.idle();
    const now = await all();
    expect(now.find((b) => b.uid === oldUid)).toMatchObject({ status: 'cancelled', rescheduledToUid: r.bookingUid });
    expect((await live()).map((b) => b.uid)).toEqual([r.bookingUid]);
    expect(await liveHolds()).toHaveLength(0);
    expect(sink.messages().map((m) => m.body)).toEqual([expect.stringMatching(/^Moved: your appointment is now Thursday/)]);
  });

  it("too close to its start for the event type's rescheduling cutoff: not moved, nothing held or sent", async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'soon@example.com');
    // Booked on the day (Tuesday); Cal.com's disableRescheduling.minutesBefore of three days covers it.
    const strict: ResolvedAction = { ...a, eventType: { ...a.eventType, rescheduleCutoffMinutes: 3 * 24 * 60 } };
    const { booking, manage } = call(strict, { phone: CALLER });
    await manage.find();
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[0]!;
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true })).toMatchObject({ status: 'disabled', next: expect.stringContaining('4320 minutes') });
    await manage.idle();
    expect(writes).toHaveLength(0);
    expect(await liveHolds()).toHaveLength(0);
    expect((await live()).map((b) => b.uid)).toEqual([uid]);
  });

  it('moved, then cancelled in the same call: the cancel acts on the new booking', async () => {
    const a = await action();
    await bookEarlier(a, 'both@example.com');
    const { booking, manage } = call(a, { phone: CALLER });
    await manage.find();
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[0]!;
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true })).toMatchObject({ status: 'rescheduled' });
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled', time: t.time });
    await manage.idle();
    expect(await live()).toHaveLength(0);
  });

  it('a reschedule whose answer is lost: found through the old booking, one live booking, never both or neither', async () => {
    const a = await action();
    await bookEarlier(a, 'lostmove@example.com');
    const { booking, manage } = call(a, { phone: CALLER });
    await manage.find();
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[1]!;
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true })).toMatchObject({ status: 'rescheduled', to: t.time });
    await manage.idle();
    expect(writes).toHaveLength(1);
    expect(await live()).toHaveLength(1);
    expect(sink.messages()).toHaveLength(1);
  });

  it('the target is taken mid-call: told so, the booking unchanged, no ghost', async () => {
    const a = await action();
    const oldUid = await bookEarlier(a, 'taken@example.com');
    const { booking, manage } = call(a, { phone: CALLER });
    await manage.find();
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[0]!;
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id })).toMatchObject({ status: 'confirm_reschedule' });
    // Someone else books that time meanwhile (a booking without the hold's uid ignores holds, as in Cal.com).
    const start = booking.describeOffer().find((x) => x.id === t.id)!.start;
    await cal.createBooking({ eventTypeId: 101, start, attendee: { name: 'Other', email: 'other@example.com', timeZone: 'Europe/Berlin' } });
    const r = await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true });
    expect(r).toMatchObject({ status: 'slot_taken' });
    await manage.idle();
    expect((await all()).find((b) => b.uid === oldUid)!.status).toBe('accepted');
    expect(await liveHolds()).toHaveLength(0);
    expect(sink.messages()).toHaveLength(0);
  });
});

describe('verification', () => {
  it("a caller saying someone else's email sees nothing and changes nothing without the code texted to that person", async () => {
    const a = await action();
    const uid = await bookEarlier(a, 'victim@example.com', CALLER);
    const { manage } = call(a, { phone: STRANGER });
    expect(await manage.find()).toMatchObject({ status: 'none_found' });
    expect(await manage.find({ email: 'victim at example dot com' })).toMatchObject({ status: 'confirm_email', email: 'victim@example.com' });
    const r = await manage.find({ email: 'victim@example.com', emailConfirmed: true });
    expect(r).toMatchObject({ status: 'none_found', verification: { status: 'code_sent' } });
    expect(JSON.stringify(r)).not.toMatch(/AM|PM|ending in|23/);
    // An email with no booking under it gets the very same answer, so the tool cannot be used to probe who is booked.
    const other = call(a, { phone: STRANGER }).manage;
    await other.find({ email: 'nobody@example.com' });
    expect(await other.find({ email: 'nobody@example.com', emailConfirmed: true })).toEqual(r);
    expect(await other.find({ code: '123456' })).toEqual({ status: 'wrong_code', triesLeft: 2, next: expect.any(String) });
    // The code went to the phone on the booking, not to the caller.
    expect(sink.messages().map((m) => m.to)).toEqual([CALLER]);
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'not_verified' });
    expect(await manage.find({ code: '000000' === sink.messages()[0]!.body.match(/\d{6}/)![0] ? '111111' : '000000' })).toMatchObject({ status: 'wrong_code', triesLeft: 2 });
    expect(writes).toHaveLength(0);
    expect((await all()).find((b) => b.uid === uid)!.status).toBe('accepted');
    // The owner, reading the code out from their own phone, gets it.
    const code = sink.messages()[0]!.body.match(/\d{6}/)![0];
    expect(found(await manage.find({ code }))).toHaveLength(1);
  });

  it('a said email texts the stranger one code per call, not one per find; one more only after it lapsed', async () => {
    const a = await action();
    await bookEarlier(a, 'victim@example.com', CALLER);
    let clock = 1_000_000;
    const { manage } = call(a, { phone: STRANGER, manage: { clock: () => clock } });
    await manage.find({ email: 'victim@example.com' });
    for (let i = 0; i < 5; i++)
      expect(await manage.find({ email: 'victim@example.com', emailConfirmed: true })).toMatchObject({ verification: { status: 'code_sent' } });
    expect(sink.messages()).toHaveLength(1);
    clock += 11 * 60_000;
    expect(await manage.find({ email: 'victim@example.com', emailConfirmed: true })).toMatchObject({ verification: { status: 'code_sent' } });
    expect(sink.messages()).toHaveLength(2);
    clock += 11 * 60_000;
    expect(await manage.find({ email: 'victim@example.com', emailConfirmed: true })).toMatchObject({ verification: { status: 'code_sent' } });
    expect(sink.messages()).toHaveLength(2);
  });

  it("with trustCallerId off, the number the caller calls from is not enough: the code goes to the booking's phone", async () => {
    const a = await action({ manage: { find: true, cancel: true, reschedule: true, trustCallerId: false } });
    const uid = await bookEarlier(a, 'jo@example.com', CALLER);
    // A spoofed caller ID shows the same number; whoever is on the line must also read the text sent to it.
    const { manage } = call(a, { phone: CALLER });
    expect(await manage.find()).toMatchObject({ status: 'none_found', verification: { status: 'code_sent' } });
    expect(sink.messages().map((m) => m.to)).toEqual([CALLER]);
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'not_verified' });
    expect(writes).toHaveLength(0);
    const code = sink.messages()[0]!.body.match(/\d{6}/)![0];
    expect(found(await manage.find({ code }))).toHaveLength(1);
    expect(await manage.cancel({ bookingId: 'b1', confirmed: true })).toMatchObject({ status: 'cancelled' });
    expect((await all()).find((b) => b.uid === uid)!.status).toBe('cancelled');
    expect(writes).toHaveLength(1);
  });
});

describe('a move attempted by booking anew', () => {
  it('is refused with the way to reschedule, and the reschedule leaves one booking', async () => {
    const a = await action();
    await bookEarlier(a, 'again@example.com');
    const { booking, manage } = call(a, { phone: CALLER, email: 'again@example.com', guard: true });
    const t = slotsOf(await booking.getAvailableSlots({ preference: 'Thursday' }))[0]!;
    const r = await booking.book({ slotId: t.id, name: 'Again' });
    expect(r).toMatchObject({ status: 'has_upcoming_booking', next: expect.stringContaining('reschedule') });
    await manage.find();
    expect(await manage.reschedule({ bookingId: 'b1', slotId: t.id, confirmed: true })).toMatchObject({ status: 'rescheduled' });
    await manage.idle();
    await booking.idle();
    expect(await live()).toHaveLength(1);
    expect(await liveHolds()).toHaveLength(0);
  });
});

describe('fallbacks', () => {
  it('the calendar down: the booking page is texted, and the link resolves on the sandbox', async () => {
    const a = await action();
    const { booking } = call(a, { phone: CALLER });
    await admin(sb, 'POST', '/faults', { errorRate: 1, errorStatus: 503 });
    expect(await booking.getAvailableSlots()).toMatchObject({ status: 'calendar_unavailable' });
    await admin(sb, 'DELETE', '/faults');
    const f = new Fallbacks({ action: a, call: { callId: 'c1', callerPhone: CALLER }, apiBaseUrl: cal.baseUrl, sms: sms() });
    const r = await f.sendBookingLink();
    expect(r).toMatchObject({ status: 'sent', url: `${sb.url}/anna-becker/30-minute-consultation` });
    expect(await f.sendBookingLink()).toMatchObject({ status: 'sent' });
    expect(sink.messages()).toHaveLength(1);
    const page = await fetch((r as { url: string }).url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('30-Minute Consultation');
    expect((await fetch(`${sb.url}/anna-becker/nope`)).status).toBe(404);
  });

  it('a callback is recorded: the webhook gets signed JSON (retried after a 500), the team gets a text', async () => {
    const got: Array<{ body: string; sig: string; ts: string }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ body, sig: String(req.headers[SIGNATURE_HEADER]), ts: String(req.headers[TIMESTAMP_HEADER]) });
        res.writeHead(got.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const a = await action({ callback: { smsTo: '+15005550100', webhookUrl: url } });
      expect(() => new Fallbacks({ action: a, call: { callId: 'c' }, apiBaseUrl: cal.baseUrl, webhookSecret: '' })).toThrow(/CALLBACK_WEBHOOK_SECRET/);
      const f = new Fallbacks({ action: a, call: { callId: 'c2', callerPhone: CALLER }, apiBaseUrl: cal.baseUrl, sms: sms(), webhookSecret: 's3cret', now: () => NOW });
      const r = await f.requestCallback({ name: 'Jo', wanted: 'book a consultation next week', preferredTime: 'mornings' });
      expect(r).toMatchObject({ status: 'recorded', via: ['sms', 'webhook'] });
      expect(got).toHaveLength(2);
      const last = got[1]!;
      expect(last.sig).toBe(signWebhook('s3cret', last.ts, last.body));
      expect(JSON.parse(got[0]!.body).id).toBe(JSON.parse(last.body).id);
      expect(JSON.parse(last.body) as CallbackRequest).toMatchObject({
        type: 'callback_request',
        caller: { phone: CALLER, name: 'Jo' },
        wanted: 'book a consultation next week',
        preferredTime: 'mornings',
        requestedAt: NOW.toString(),
        action: { eventTypeId: 101 },
      });
      expect(sink.messages()).toEqual([expect.objectContaining({ to: '+15005550100', body: expect.stringContaining('Callback request: Jo') })]);
    } finally {
      hook.close();
    }
  });
});
