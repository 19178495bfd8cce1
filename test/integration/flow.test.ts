// The booking flow against the sandbox and the SMS sink over real HTTP, with a pinned clock.
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { CalComClient } from '../../src/calcom/index.js';
import type { ActionConfig } from '../../src/booking/config.js';
import { BookingFlow, type BookResult, type SlotsResult } from '../../src/booking/flow.js';
import type { CallContext } from '../../src/booking/call-context.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin } from '../helpers/sandbox.js';
import { resolveAction, fastFlow, sinkSender, useBookingSandbox, type SmsSink } from '../helpers/booking-env.js';

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z'); // Tuesday 09:00 in Berlin
const CALLER = '+14155550123';

let sb: RunningSandbox;
let sink: SmsSink;
let cal: CalComClient;
useBookingSandbox({ now: NOW, client: { timeoutMs: 1_000, bookingTimeoutMs: 300 }, ready: (e) => ({ sb, sink, cal } = e) });

const action = (config: Partial<ActionConfig> & Pick<ActionConfig, 'eventType' | 'location'>) => resolveAction(cal, config);

function flow(a: ResolvedAction, call: Partial<CallContext> = {}, client: CalComClient = cal): BookingFlow {
  return new BookingFlow({
    calendar: client,
    action: a,
    call: { callId: `call-${Math.random().toString(36).slice(2)}`, callerPhone: `sip:${CALLER}@pbx.example`, ...call },
    sms: sinkSender(sink),
    now: () => NOW,
    ...FAST,
  });
}

// Windows short enough for a test: a lost POST can land for 1.5 s, lookups start after 300 ms.
const FAST = fastFlow(1_500, 3_000);

function expectAvailable(r: SlotsResult): Extract<SlotsResult, { status: 'available' }> {
  expect(r.status).toBe('available');
  return r as Extract<SlotsResult, { status: 'available' }>;
}

function expectBooked(r: BookResult): Extract<BookResult, { status: 'booked' }> {
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'booked' });
  return r as Extract<BookResult, { status: 'booked' }>;
}

async function bookings() {
  return (await admin<{ bookings: Array<{ uid: string; status: string; start: string; attendees: Array<{ email: string }>; hosts: Array<{ name: string }> }> }>(sb, 'GET', '/bookings')).bookings;
}

describe('booking flow against the sandbox', () => {
  it('happy path: offers spoken times, books with the context email, texts once with the right text', async () => {
    const a = await action({ eventType: 101, location: 'cal-video', sms: { enabled: true, template: 'Booked: {date} at {time} ({duration}). Join: {link}' } });
    const f = flow(a, { dynamicContext: { cal_email: 'jo@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    expect(offer.slots.length).toBeGreaterThan(0);
    expect(offer.slots[0]!.time).toMatch(/^today at /);
    const r = expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Jo Caller' }));
    expect(r.link).toMatch(/^https:\/\/app\.cal\.com\/video\//);
    expect(r.sms).toEqual({ status: 'sent' });
    const stored = await bookings();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.attendees[0]!.email).toBe('jo@example.com');
    const texts = sink.messages();
    expect(texts).toHaveLength(1);
    expect(texts[0]!.to).toBe(CALLER);
    expect(r.time).toBe('today at 10 AM');
    expect(texts[0]!.body).toBe(`Booked: Tuesday, November 24 at 10:00 AM Central European Standard Time (30 min). Join: ${r.link}`);
    expect(f.requestCount).toBeLessThanOrEqual(4);
  });

  it('round robin: the confirmation names the assigned host', async () => {
    const a = await action({ eventType: { slug: 'sales-demo', team: 'sales-team' }, location: 'google-meet', timeZone: 'America/New_York' });
    const f = flow(a, { dynamicContext: { cal_email: 'buyer@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    const r = expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Buyer' }));
    expect(['Sam Rivera', 'Oliver Grant', 'Priya Nair']).toContain(r.host);
    expect(r.say).toContain(`with ${r.host}`);
    const stored = await bookings();
    expect(stored[0]!.hosts.map((h) => h.name)).toContain('Helen Carter');
  });

  it('two callers race for one slot: one books, the other gets the nearest alternatives and books one', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const first = flow(a, { dynamicContext: { cal_email: 'a@example.com' } });
    const second = flow(a, { dynamicContext: { cal_email: 'b@example.com' } });
    const o1 = expectAvailable(await first.getAvailableSlots());
    const o2 = expectAvailable(await second.getAvailableSlots());
    expect(o2.slots[0]!.time).toBe(o1.slots[0]!.time);
    expectBooked(await first.book({ slotId: o1.slots[0]!.id, name: 'A' }));
    const lost = await second.book({ slotId: o2.slots[0]!.id, name: 'B' });
    expect(lost.status).toBe('slot_taken');
    const alts = (lost as Extract<BookResult, { status: 'slot_taken' }>).alternatives;
    expect(alts.length).toBeGreaterThan(0);
    expect(alts.map((x) => x.time)).not.toContain(o1.slots[0]!.time);
    expect((await second.book({ slotId: o2.slots[0]!.id, name: 'B' })).status).toBe('invalid_slot');
    expectBooked(await second.book({ slotId: alts[0]!.id, name: 'B' }));
    expect(await bookings()).toHaveLength(2);
  });

  it('commit-then-drop: exactly one booking, and the caller is told it is booked', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a, { dynamicContext: { cal_email: 'drop@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    const r = expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Drop' }));
    expect(await bookings()).toHaveLength(1);
    expect((await bookings())[0]!.uid).toBe(r.bookingUid);
    expect(sink.messages()).toHaveLength(1);
  });

  it('5xx on the booking POST: looked up, not found, tried once more, booked once', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a, { dynamicContext: { cal_email: 'five@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    await admin(sb, 'POST', '/faults', { failNext: 1, errorStatus: 503, paths: ['/v2/bookings'] });
    expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Five' }));
    expect(await bookings()).toHaveLength(1);
  });

  it('unknown outcome (timeout, then the lookup fails): unconfirmed, no second booking, no SMS', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    // The lookup (GET /v2/bookings) fails too, every time.
    const lossy = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, timeoutMs: 300, bookingTimeoutMs: 300, maxRetries: 0 });
    const g = new BookingFlow({ ...FAST, calendar: { ...bind(lossy), listBookings: async () => { throw Object.assign(new Error('down'), { name: 'CalComServerError' }); } } as never, action: a, call: { callId: 'c-lost', dynamicContext: { cal_email: 'lost@example.com' }, callerPhone: CALLER }, now: () => NOW, sms: sinkSender(sink) });
    const o = expectAvailable(await g.getAvailableSlots());
    const r = await g.book({ slotId: o.slots[0]!.id, name: 'Lost' });
    expect(r.status).toBe('unconfirmed');
    expect(await bookings()).toHaveLength(1);
    expect(sink.messages()).toHaveLength(0);
    expect((await g.book({ slotId: o.slots[0]!.id, name: 'Lost' })).status).toBe('unconfirmed');
    expect(await bookings()).toHaveLength(1);
  });

  it('refuses a slot id that was never offered and lists the valid ones', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a, { dynamicContext: { cal_email: 'x@example.com' } });
    expect((await f.book({ slotId: 't1', name: 'X' })).status).toBe('invalid_slot');
    const offer = expectAvailable(await f.getAvailableSlots());
    const r = await f.book({ slotId: 'tomorrow at 3', name: 'X' });
    expect(r).toMatchObject({ status: 'invalid_slot', validSlots: offer.slots });
    expect(await bookings()).toHaveLength(0);
  });

  it('SMS disabled: booked, nothing texted', async () => {
    const a = await action({ eventType: 101, location: 'cal-video', sms: { enabled: false, template: '{date}' } });
    const f = flow(a, { dynamicContext: { cal_email: 'quiet@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    const r = expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Quiet' }));
    expect(r.sms).toEqual({ status: 'disabled' });
    expect(sink.messages()).toHaveLength(0);
  });

  it('collects an email: holds the slot, reads it back, books against the hold after the yes', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a);
    const offer = expectAvailable(await f.getAvailableSlots());
    const id = offer.slots[1]!.id;
    expect(await f.book({ slotId: id, name: 'Sam' })).toMatchObject({ status: 'need_email', held: true });
    const { reservations } = await admin<{ reservations: unknown[] }>(sb, 'GET', '/reservations');
    expect(reservations).toHaveLength(1);
    expect(await f.book({ slotId: id, name: 'Sam', email: 'sam at' })).toMatchObject({ status: 'invalid_email', held: true });
    const confirm = await f.book({ slotId: id, name: 'Sam', email: 's a m dot lee at gmail dot com', emailConfirmed: true });
    expect(confirm).toMatchObject({ status: 'confirm_email', email: 'sam.lee@gmail.com' });
    expectBooked(await f.book({ slotId: id, name: 'Sam', email: 'sam.lee@gmail.com', emailConfirmed: true }));
    expect((await admin<{ reservations: unknown[] }>(sb, 'GET', '/reservations')).reservations).toHaveLength(0);
  });

  it('a held slot is released when the caller changes their mind', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a);
    const offer = expectAvailable(await f.getAvailableSlots());
    await f.book({ slotId: offer.slots[0]!.id, name: 'Kim' });
    await f.book({ slotId: offer.slots[1]!.id, name: 'Kim' });
    const { reservations } = await admin<{ reservations: Array<{ slotStart: string }> }>(sb, 'GET', '/reservations');
    expect(reservations).toHaveLength(1);
    await f.releaseHold();
    expect((await admin<{ reservations: unknown[] }>(sb, 'GET', '/reservations')).reservations).toHaveLength(0);
  });

  it('a repeated book (barge-in, concurrent or later) returns the same booking', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a, { dynamicContext: { cal_email: 'twice@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots());
    const input = { slotId: offer.slots[0]!.id, name: 'Twice' };
    const [x, y] = await Promise.all([f.book(input), f.book(input)]);
    const z = await f.book(input);
    expect(expectBooked(x).bookingUid).toBe(expectBooked(y).bookingUid);
    expect(expectBooked(z).bookingUid).toBe(expectBooked(x).bookingUid);
    expect(await bookings()).toHaveLength(1);
    expect(sink.messages()).toHaveLength(1);
  });

  it("in person: the confirmation says the address; the caller's preference words are resolved in code", async () => {
    const a = await action({ eventType: 102, location: 'in-person', address: 'Friedrichstraße 123, 10117 Berlin, Germany', daysAhead: 3 });
    const f = flow(a, { dynamicContext: { cal_email: 'visit@example.com' } });
    const offer = expectAvailable(await f.getAvailableSlots({ preference: 'Thursday afternoon' }));
    expect(offer.slots.every((s) => s.time.startsWith('Thursday, November 26 at '))).toBe(true);
    const r = expectBooked(await f.book({ slotId: offer.slots[0]!.id, name: 'Visitor' }));
    expect(r.address).toBe('Friedrichstraße 123, 10117 Berlin, Germany');
    expect(r.say).toContain('The address is Friedrichstraße 123');
  });

  it('Cal.com down while fetching slots: a clear next step, no throw', async () => {
    const a = await action({ eventType: 101, location: 'cal-video' });
    const f = flow(a);
    await admin(sb, 'POST', '/faults', { errorRate: 1 });
    expect((await f.getAvailableSlots()).status).toBe('calendar_unavailable');
  });
});

function bind(c: CalComClient) {
  return {
    getSlots: c.getSlots.bind(c),
    reserveSlot: c.reserveSlot.bind(c),
    deleteReservation: c.deleteReservation.bind(c),
    createBooking: c.createBooking.bind(c),
    listBookings: c.listBookings.bind(c),
  };
}
