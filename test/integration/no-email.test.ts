// A caller with no email, against the sandbox over HTTP: booked with their phone where the event type's booking
// fields allow it (Phone Support, 302), told the configured fallbacks where they do not (the 30-Minute Consultation,
// 101), never asked for an email again, and with the booking guarantees of issue 8 under a lost answer and
// concurrent calls. Each test reads the sandbox afterwards.
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { ActionConfig } from '../../src/booking/config.js';
import { BookingFlow, type BookInput, type BookResult, type SlotsResult } from '../../src/booking/flow.js';
import { existingBookingGuard } from '../../src/booking/caller-bookings.js';
import { ManageFlow } from '../../src/booking/manage.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import type { CalComClient } from '../../src/calcom/index.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin } from '../helpers/sandbox.js';
import { resolveAction, fastFlow, sinkSender, useBookingSandbox, type SmsSink } from '../helpers/booking-env.js';

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z'); // Tuesday
const CALLER = '+14155550123';
const PLACEHOLDER = '14155550123@sms.cal.com';
const FAST = fastFlow(2_000, 4_000);

let sb: RunningSandbox;
let sink: SmsSink;
let cal: CalComClient;
useBookingSandbox({
  now: NOW,
  client: { timeoutMs: 300, bookingTimeoutMs: 300 },
  sandbox: { dropHoldMs: 3_000 },
  ready: (e) => ({ sb, sink, cal } = e),
});

const action = (config: Partial<ActionConfig> & Pick<ActionConfig, 'eventType' | 'location'>) => resolveAction(cal, config);
const phoneSupport = () => action({ eventType: 302, location: 'phone', timeZone: 'America/New_York' });
const consultation = (extra: Partial<ActionConfig> = {}) => action({ eventType: 101, location: 'cal-video', ...extra });

function flow(a: ResolvedAction, callerPhone: string | null = CALLER, extra: { sms?: boolean } = {}): BookingFlow {
  return new BookingFlow({
    ...FAST,
    calendar: cal,
    action: a,
    call: { callId: `call-${Math.random().toString(36).slice(2)}`, ...(callerPhone ? { callerPhone } : {}) },
    ...(extra.sms === false ? {} : { sms: sinkSender(sink) }),
    now: () => NOW,
    existingBooking: existingBookingGuard(cal, a, () => NOW),
  });
}

type Stored = { uid: string; status: string; attendees: Array<{ email: string; phoneNumber?: string }>; metadata: Record<string, string> };
const active = async () => (await admin<{ bookings: Stored[] }>(sb, 'GET', '/bookings')).bookings.filter((b) => b.status === 'accepted');
const liveHolds = async () => (await admin<{ reservations: Array<{ releaseAt: string }> }>(sb, 'GET', '/reservations')).reservations.filter((r) => Date.parse(r.releaseAt) > NOW.epochMilliseconds);
const slotsOf = (r: SlotsResult) => (r.status === 'available' ? r.slots : []);
const booked = (r: BookResult) => r as Extract<BookResult, { status: 'booked' }>;

describe('the event type takes a phone-only attendee', () => {
  it('resolves Phone Support as phone-only with the phone required, and the consultation as needing an email', async () => {
    expect((await phoneSupport()).eventType.contact).toEqual({ emailRequired: false, phoneRequired: true, phoneOnly: true, emailHidden: false });
    expect((await consultation()).eventType.contact).toEqual({ emailRequired: true, phoneRequired: false, phoneOnly: false, emailHidden: false });
  });

  it('asks for the email once; after "no email" books with the SIP caller number, texts it, and says nothing of an email', async () => {
    const a = await phoneSupport();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect(await f.book({ slotId: t.id, name: 'Jo Caller' })).toMatchObject({ status: 'need_email', next: expect.stringContaining('noEmail: true') });
    const r = booked(await f.book({ slotId: t.id, name: 'Jo Caller', noEmail: true }));
    expect(r.status).toBe('booked');
    expect(r.say).not.toMatch(/email/i);
    expect(r.sms).toEqual({ status: 'sent' });
    await f.idle();
    const list = await active();
    expect(list).toHaveLength(1);
    expect(list[0]!.attendees[0]).toMatchObject({ email: PLACEHOLDER, phoneNumber: CALLER });
    expect(sink.messages().map((m) => m.to)).toEqual([CALLER]);
    expect(await liveHolds()).toHaveLength(0);
  });

  it('without a SIP number: asks for a phone, normalises the one said, and books with it; no email confirmation promised', async () => {
    const a = await phoneSupport();
    const f = flow(a, null, { sms: false });
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect(await f.book({ slotId: t.id, name: 'Jo', noEmail: true })).toMatchObject({ status: 'need_phone', held: true });
    expect(await f.book({ slotId: t.id, name: 'Jo', phone: 'banana' })).toMatchObject({ status: 'need_phone', problem: expect.any(String) });
    // A said number is read back before it becomes the booking's identity and the text's destination.
    expect(await f.book({ slotId: t.id, name: 'Jo', phone: '(415) 555-0124' })).toMatchObject({ status: 'confirm_phone', readBack: '4 1 5, 5 5 5, 0 1 2 4', held: true });
    // Misheard: the caller corrects it, and the corrected number is read back in turn; a stale confirmation books nothing.
    expect(await f.book({ slotId: t.id, name: 'Jo', phone: '(415) 555-0142' })).toMatchObject({ status: 'confirm_phone', readBack: '4 1 5, 5 5 5, 0 1 4 2' });
    expect(await f.book({ slotId: t.id, name: 'Jo', phone: '(415) 555-0124', phoneConfirmed: true })).toMatchObject({ status: 'confirm_phone' });
    expect(await active()).toHaveLength(0);
    expect(await f.book({ slotId: t.id, name: 'Jo', phone: '(415) 555-0142' })).toMatchObject({ status: 'confirm_phone' });
    const r = booked(await f.book({ slotId: t.id, name: 'Jo', phone: '(415) 555-0142', phoneConfirmed: true }));
    expect(r.status).toBe('booked');
    expect(r.say).toContain('make a note of the time');
    expect(r.next).toContain('no text or email confirmation');
    await f.idle();
    expect((await active())[0]!.attendees[0]).toMatchObject({ email: '14155550142@sms.cal.com', phoneNumber: '+14155550142' });
    expect(await liveHolds()).toHaveLength(0);
  });

  it('is found again by the caller-number lookup, and a second booking of it is caught as a "move"', async () => {
    const a = await phoneSupport();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: t.id, name: 'Jo', noEmail: true })).status).toBe('booked');
    await f.idle();
    const later = flow(a);
    const m = new ManageFlow({ ...FAST, calendar: cal, action: a, call: { callId: 'later', callerPhone: CALLER }, booking: later, now: () => NOW });
    expect(await m.find()).toMatchObject({ status: 'found', bookings: [expect.objectContaining({ id: 'b1' })] });
    // The existing-booking guard looks under the placeholder email Cal.com filed the booking under.
    const u = slotsOf(await later.getAvailableSlots()).find((s) => s.id !== t.id)!;
    expect(await later.book({ slotId: u.id, name: 'Jo', noEmail: true })).toMatchObject({ status: 'has_upcoming_booking' });
    expect(await active()).toHaveLength(1);
  });

  it('two book calls at once with the first answer lost: one booking, found by its placeholder email; no ghost, nothing lost or leaked', async () => {
    const a = await phoneSupport();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    // A first call that holds the slot, then the POST whose answer is lost, with a barge-in repeat beside it.
    expect((await f.book({ slotId: t.id, name: 'Jo' })).status).toBe('need_email');
    expect(await liveHolds()).toHaveLength(1);
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    const input: BookInput = { slotId: t.id, name: 'Jo', noEmail: true };
    const [r1, r2] = await Promise.all([f.book(input), f.book(input)]);
    // Each is told "booked" or "unconfirmed" (then the update): never taken or failed about its own booking.
    for (const r of [r1, r2]) expect(['booked', 'unconfirmed']).toContain(r.status);
    await f.idle();
    const list = await active();
    expect(list, 'duplicates').toHaveLength(1);
    const keys = new Set(list.map((b) => b.metadata.idempotencyKey));
    expect(keys.size).toBe(1);
    for (const r of [r1, r2]) if (r.status === 'booked') expect(booked(r).bookingUid, 'lost').toBe(list[0]!.uid);
    expect(f.attemptStates()).toEqual([expect.objectContaining({ state: 'booked', posts: 1 })]);
    expect(await liveHolds(), 'leaked holds').toHaveLength(0);
    expect(sink.messages(), 'one text').toHaveLength(1);
    // A later tool result brings whichever caller heard "unconfirmed" the news.
    const after = await f.getAvailableSlots();
    if (r1.status === 'unconfirmed' && r2.status === 'unconfirmed') expect(after.update?.status).toBe('booked_after_all');
  });

  it('a hidden email field beside a shown phone: booked with the phone even when an email is known, once under a lost answer', async () => {
    const base = await phoneSupport();
    // Cal.com drops a given email on such an event type and files the booking under the phone's placeholder.
    const a: ResolvedAction = { ...base, config: { ...base.config, fallbackEmail: 'desk@becker.example' }, eventType: { ...base.eventType, contact: { ...base.eventType.contact!, emailHidden: true } } };
    const f = new BookingFlow({ ...FAST, calendar: cal, action: a, call: { callId: 'hidden-1', callerPhone: CALLER, dynamicContext: { cal_email: 'jo@example.com' } }, sms: sinkSender(sink), now: () => NOW });
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    const r = booked(await f.book({ slotId: t.id, name: 'Jo Caller' }));
    expect(r.status).toBe('booked');
    expect(r.say).not.toMatch(/email/i);
    await f.idle();
    const list = await active();
    expect(list).toHaveLength(1);
    expect(list[0]!.attendees[0]).toMatchObject({ email: PLACEHOLDER, phoneNumber: CALLER });
    expect(f.attemptStates()).toEqual([expect.objectContaining({ state: 'booked', posts: 1 })]);
  });

  it('a repeated book call for a pick already sent answers its outcome, whatever new number it carries', async () => {
    const a = await phoneSupport();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: t.id, name: 'Jo', noEmail: true })).status).toBe('booked');
    expect((await f.book({ slotId: t.id, name: 'Jo', noEmail: true, phone: '(415) 555-0199' })).status).toBe('booked');
    await f.idle();
    expect((await active()).map((b) => b.attendees[0]!.phoneNumber)).toEqual([CALLER]);
  });

  it('a number the caller gives that cannot be read is asked for again, never swapped for the caller ID; twice at most', async () => {
    const a = await phoneSupport();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect(await f.book({ slotId: t.id, name: 'Jo', noEmail: true, phone: 'five five five' })).toMatchObject({ status: 'need_phone', problem: expect.any(String) });
    expect(await f.book({ slotId: t.id, name: 'Jo', noEmail: true, phone: 'nine' })).toMatchObject({ status: 'need_phone' });
    // A third unreadable number: booking by voice cannot go on, and the caller hears the configured ways on.
    expect(await f.book({ slotId: t.id, name: 'Jo', noEmail: true, phone: 'uh' })).toMatchObject({ status: 'no_email', next: expect.stringContaining('Do NOT ask for a number again') });
    await f.idle();
    expect(await active()).toHaveLength(0);
    expect(await liveHolds()).toHaveLength(0);
  });

  it('round robin dedupe: another call of the same phone-only caller at the same start gets Cal.com\'s one booking', async () => {
    const a = await phoneSupport();
    // 2 PM in New York: all three hosts are free, so the slot stays open after the first booking.
    const f1 = flow(a);
    const t1 = slotsOf(await f1.getAvailableSlots({ preference: 'tomorrow at 2 PM' }))[0]!;
    const r1 = booked(await f1.book({ slotId: t1.id, name: 'Jo', noEmail: true }));
    // Without the existing-booking guard (a library user who left it out), Cal.com itself returns the first booking.
    const bare = new BookingFlow({ ...FAST, calendar: cal, action: a, call: { callId: 'other-call', callerPhone: CALLER }, now: () => NOW });
    const t2 = slotsOf(await bare.getAvailableSlots({ preference: 'tomorrow at 2 PM' }))[0]!;
    expect(t2.time).toBe(t1.time);
    const r2 = booked(await bare.book({ slotId: t2.id, name: 'Jo', noEmail: true }));
    expect(r2.bookingUid).toBe(r1.bookingUid);
    await Promise.all([f1.idle(), bare.idle()]);
    expect(await active()).toHaveLength(1);
  });
});

describe('the event type needs an email', () => {
  it('no fallbackEmail: after one "no email", the configured fallbacks are offered and the question never comes back', async () => {
    const a = await consultation({ callback: { smsTo: '+14155550100' } });
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    // A scripted model as measured before: it asks for the email whenever the tool says need_email. Here the caller
    // says they have none; the model passes noEmail once, then stubbornly calls again without it.
    const answers: BookResult[] = [];
    let asked = 0;
    let input: BookInput = { slotId: t.id, name: 'Jo' };
    for (let turn = 0; turn < 10; turn++) {
      const r = await f.book(input);
      answers.push(r);
      if (r.status === 'need_email') {
        asked++;
        input = { slotId: t.id, name: 'Jo', noEmail: true }; // the caller: "I don't have an email"
      } else if (r.status === 'no_email') {
        if (answers.filter((x) => x.status === 'no_email').length >= 3) break; // the model gives up asking: the loop ended
        input = { slotId: t.id, name: 'Jo' }; // the stubborn model tries once more, without noEmail
      } else break;
    }
    expect(asked, 'times the caller was asked for an email').toBe(1);
    expect(answers.map((r) => r.status)).toEqual(['need_email', 'no_email', 'no_email', 'no_email']);
    const last = answers.at(-1) as Extract<BookResult, { status: 'no_email' }>;
    expect(last.offers).toEqual({ bookingLink: true, callback: true });
    expect(last.next).toMatch(/Do NOT ask for an email again/);
    expect(last.next).toContain('booking-link tool');
    expect(last.next).toContain('callback tool');
    await f.idle();
    expect(await active()).toHaveLength(0);
    expect(await liveHolds(), 'the hold goes with the pick').toHaveLength(0);
  });

  it('a model that never passes noEmail and keeps calling without an email: asked twice at most, then the loop ends', async () => {
    const a = await consultation();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    const statuses: string[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await f.book({ slotId: t.id, name: 'Jo' })).status);
    expect(statuses).toEqual(['need_email', 'need_email', 'no_email', 'no_email', 'no_email', 'no_email']);
    await f.idle();
    expect(await liveHolds()).toHaveLength(0);
    // On an event type that takes the phone, the same model ends up booked with the caller's number.
    const p = flow(await phoneSupport());
    const u = slotsOf(await p.getAvailableSlots())[0]!;
    const more: string[] = [];
    for (let i = 0; i < 3; i++) more.push((await p.book({ slotId: u.id, name: 'Jo' })).status);
    expect(more).toEqual(['need_email', 'need_email', 'booked']);
    await p.idle();
  });

  it('offers only what is configured: no SMS sender and no callback means neither', async () => {
    const a = await consultation({ bookingLink: true });
    const f = flow(a, CALLER, { sms: false });
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    const r = await f.book({ slotId: t.id, name: 'Jo', noEmail: true });
    expect(r).toMatchObject({ status: 'no_email', offers: { bookingLink: false, callback: false } });
    expect((r as { next: string }).next).not.toMatch(/link|callback/);
  });

  it('a caller who then finds an email is booked with it (read back first)', async () => {
    const a = await consultation();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: t.id, name: 'Jo', noEmail: true })).status).toBe('no_email');
    const u = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: u.id, name: 'Jo', email: 'jo at example dot com' })).status).toBe('confirm_email');
    expect((await f.book({ slotId: u.id, name: 'Jo', email: 'jo@example.com', emailConfirmed: true })).status).toBe('booked');
    await f.idle();
    expect((await active())[0]!.attendees[0]!.email).toBe('jo@example.com');
  });

  it('fallbackEmail set: used as today, before asking, so a caller with no email is booked under it', async () => {
    const a = await consultation({ fallbackEmail: 'desk@becker.example' });
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: t.id, name: 'Jo', noEmail: true })).status).toBe('booked');
    await f.idle();
    expect((await active())[0]!.attendees[0]!.email).toBe('desk@becker.example');
  });

  it("fallbackEmail is the business's address: never spoken as the caller's, never taken for their earlier booking", async () => {
    const a = await consultation({ fallbackEmail: 'desk@becker.example' });
    const first = flow(a, null, { sms: false });
    const slots = slotsOf(await first.getAvailableSlots());
    const r = booked(await first.book({ slotId: slots[0]!.id, name: 'Alice' }));
    expect(r.status).toBe('booked');
    expect(r.say).not.toContain('desk@becker.example');
    expect(r.next).toContain('no text or email confirmation will reach the caller');
    await first.idle();
    // Another caller under the same address: the guard against a "move" by booking anew must not see Alice's booking.
    const second = flow(a, null, { sms: false });
    const t = slotsOf(await second.getAvailableSlots())[0]!;
    expect((await second.book({ slotId: t.id, name: 'Bob' })).status).toBe('booked');
    await second.idle();
    expect(await active()).toHaveLength(2);
  });

  it("round robin under fallbackEmail: a second caller at the same time is never told Cal.com's answer for the first is theirs", async () => {
    const a = await action({ eventType: 301, location: 'cal-video', fallbackEmail: 'desk@becker.example' });
    const alice = flow(a, null, { sms: false });
    const bob = flow(a, null, { sms: false });
    const t = slotsOf(await alice.getAvailableSlots())[0]!;
    const u = slotsOf(await bob.getAvailableSlots()).find((s) => s.time === t.time)!;
    expect((await alice.book({ slotId: t.id, name: 'Alice' })).status).toBe('booked');
    // Cal.com answers Bob's POST with Alice's booking (same attendee email at that start): nothing was made for Bob.
    const r = await bob.book({ slotId: u.id, name: 'Bob' });
    expect(r.status).not.toBe('booked');
    await Promise.all([alice.idle(), bob.idle()]);
    const list = await active();
    expect(list).toHaveLength(1);
    expect(await liveHolds()).toHaveLength(0);
  });

  it('a slow commit for a phone-only caller with texts off promises no text, and the late news says to note the time', async () => {
    const a = await phoneSupport();
    const f = new BookingFlow({ ...FAST, patienceMs: 200, calendar: cal, action: a, call: { callId: 'quiet-1', callerPhone: CALLER }, now: () => NOW });
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    await admin(sb, 'POST', '/faults', { slowCommitNext: 1, slowCommitMs: 1_000 });
    const r = await f.book({ slotId: t.id, name: 'Jo', noEmail: true });
    expect(r).toMatchObject({ status: 'unconfirmed' });
    expect((r as { next: string }).next).toContain('stay on the line');
    expect((r as { next: string }).next).not.toContain('text');
    await f.idle();
    const later = await f.getAvailableSlots();
    expect(later.update).toMatchObject({ status: 'booked_after_all', say: expect.stringContaining('make a note of the time') });
    expect(await active()).toHaveLength(1);
  });

  it('"no email" said once holds for the whole call: a second kind of appointment does not ask again', async () => {
    const [consult, support] = [await consultation(), await phoneSupport()];
    const callerSaid = { noEmail: false };
    const call = { callId: 'two-actions', callerPhone: CALLER };
    const first = new BookingFlow({ ...FAST, calendar: cal, action: consult, call, callerSaid, sms: sinkSender(sink), now: () => NOW });
    const second = new BookingFlow({ ...FAST, calendar: cal, action: support, call, callerSaid, sms: sinkSender(sink), now: () => NOW });
    const t = slotsOf(await first.getAvailableSlots())[0]!;
    expect((await first.book({ slotId: t.id, name: 'Jo', noEmail: true })).status).toBe('no_email');
    const u = slotsOf(await second.getAvailableSlots())[0]!;
    // Phone Support takes a phone-only attendee: booked with the caller's number, no email question.
    expect((await second.book({ slotId: u.id, name: 'Jo' })).status).toBe('booked');
    await Promise.all([first.idle(), second.idle()]);
    expect(await active()).toHaveLength(1);
  });

  it('concurrent "no email" calls leave no hold behind', async () => {
    const a = await consultation();
    const f = flow(a);
    const t = slotsOf(await f.getAvailableSlots())[0]!;
    expect((await f.book({ slotId: t.id, name: 'Jo' })).status).toBe('need_email');
    const rs = await Promise.all([f.book({ slotId: t.id, name: 'Jo', noEmail: true }), f.book({ slotId: t.id, name: 'Jo', noEmail: true })]);
    expect(rs.map((r) => r.status)).toEqual(['no_email', 'no_email']);
    await f.idle();
    expect(await liveHolds()).toHaveLength(0);
    expect(await active()).toHaveLength(0);
  });
});
