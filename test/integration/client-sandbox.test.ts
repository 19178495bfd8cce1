// The client against the sandbox over real HTTP: every endpoint and every error class, with a pinned clock.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CalComAuthError,
  CalComClient,
  CalComNetworkError,
  CalComNotFoundError,
  CalComRateLimitError,
  CalComResponseError,
  CalComServerError,
  CalComSlotUnavailableError,
  CalComTimeoutError,
  CalComValidationError,
} from '../../src/calcom/index.js';
import { TAKEN_USER } from '../../src/sandbox/sandbox.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

const NOW = '2026-11-24T08:00:00Z'; // a Tuesday; 09:00 in Berlin
const attendee = { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' };

let sb: RunningSandbox;
let cal: CalComClient;

beforeAll(async () => {
  sb = await startTestSandbox({ world: (await import('../../src/sandbox/default-world.js')).defaultWorld(new Date(NOW)) });
  cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, timeoutMs: 2_000, bookingTimeoutMs: 2_000 });
});

beforeEach(async () => {
  await admin(sb, 'POST', '/reset');
  await admin(sb, 'POST', '/clock', { now: NOW });
});

async function firstSlot(eventTypeId: number, timeZone = 'Europe/Berlin') {
  const slots = await cal.getSlots({ eventTypeId, start: '2026-11-25T00:00:00Z', end: '2026-11-26T23:59:59Z', timeZone });
  expect(slots.length).toBeGreaterThan(0);
  return slots;
}

describe('every endpoint', () => {
  it('me, event types, teams and team event types', async () => {
    const me = await cal.me();
    expect(me).toMatchObject({ username: 'anna-becker', timeZone: 'Europe/Berlin' });
    const personal = await cal.listEventTypes();
    expect(personal.map((e) => e.id)).toEqual([101, 102, 103, 104]);
    expect((await cal.listEventTypes({ username: 'anna-becker', eventSlug: 'phone-call' })).map((e) => e.id)).toEqual([103]);
    expect((await cal.getEventType(102)).locations[0]).toMatchObject({ type: 'address', address: expect.stringContaining('Berlin') });
    const teams = await cal.listTeams();
    expect(teams.map((t) => t.slug)).toEqual(['sales-team', 'support-team', 'care-team', 'customer-success']);
    const sales = await cal.listTeamEventTypes(10);
    const demo = sales.find((e) => e.slug === 'sales-demo')!;
    expect(demo.schedulingType).toBe('roundRobin');
    expect(demo.hosts?.find((h) => h.userId === 2)).toMatchObject({ mandatory: true });
    expect(sales.find((e) => e.slug === 'onboarding-session')!.schedulingType).toBe('collective');
  });

  it('slots by id, by slug + username and by slug + team, rendered in the asked zone', async () => {
    const byId = await firstSlot(101);
    expect(byId[0]!.start).toBe('2026-11-25T09:00:00.000+01:00');
    expect(byId[0]!.date).toBe('2026-11-25');
    const bySlug = await cal.getSlots({ eventTypeSlug: '30-minute-consultation', username: 'anna-becker', start: '2026-11-25T00:00:00Z', end: '2026-11-26T23:59:59Z', timeZone: 'Asia/Kathmandu' });
    expect(bySlug[0]!.start).toBe('2026-11-25T13:45:00.000+05:45');
    const team = await cal.getSlots({ eventTypeSlug: 'sales-demo', teamSlug: 'sales-team', start: '2026-11-25T00:00:00Z', end: '2026-11-25T23:59:59Z', timeZone: 'UTC' });
    expect(team.length).toBeGreaterThan(0);
  });

  it('reserve, read back through a booking, and release', async () => {
    const [slot] = await firstSlot(101);
    const hold = await cal.reserveSlot({ eventTypeId: 101, slotStart: slot!.start });
    expect(hold.reservationUid).toBeTruthy();
    // slots.service.ts reserveSlot: a held slot is a 422, which the client reads as "taken".
    await expect(cal.reserveSlot({ eventTypeId: 101, slotStart: slot!.start })).rejects.toMatchObject({
      constructor: CalComSlotUnavailableError,
      status: 422,
    });
    // createBookingWithReservedSlot.ts: another reservedSlotUid waits behind the live hold (409).
    await expect(cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee, reservedSlotUid: 'not-mine' })).rejects.toMatchObject({
      constructor: CalComSlotUnavailableError,
      status: 409,
      code: 'reserved_slot_not_first_in_line',
      secondsUntilRelease: 300,
    });
    await cal.deleteReservation(hold.reservationUid);
    // slots.service.ts deleteReservedSlot deletes with deleteMany: a second release succeeds too.
    await expect(cal.deleteReservation(hold.reservationUid)).resolves.toBeUndefined();
    const booked = await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee, reservedSlotUid: hold.reservationUid });
    expect(booked.status).toBe('accepted');
  });

  it('books against its own hold in one step', async () => {
    const [slot] = await firstSlot(101);
    const hold = await cal.reserveSlot({ eventTypeId: 101, slotStart: slot!.start, reservationDuration: 10 });
    const booked = await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee, reservedSlotUid: hold.reservationUid });
    expect(booked.start).toBe('2026-11-25T08:00:00.000Z');
    const { reservations } = await admin<{ reservations: unknown[] }>(sb, 'GET', '/reservations');
    expect(reservations).toEqual([]);
  });

  it('create, get, list by attendee and range, reschedule and cancel', async () => {
    const slots = await firstSlot(201, 'America/New_York');
    const created = await cal.createBooking({
      eventTypeId: 201,
      start: slots[0]!.start,
      attendee: { ...attendee, phoneNumber: '+14155550123' },
      location: { type: 'integration', integration: 'google-meet' },
      metadata: { callId: 'call-1', idempotencyKey: 'k1' },
    });
    expect(created.hosts.map((h) => h.id)).toContain(2);
    expect(created.metadata).toEqual({ callId: 'call-1', idempotencyKey: 'k1' });
    expect(created.location).toMatch(/^https:\/\/meet\.google\.com\//);
    expect((await cal.getBooking(created.uid)).uid).toBe(created.uid);
    const found = await cal.listBookings({ attendeeEmail: 'jo@example.com', afterStart: created.start, beforeEnd: created.end, status: ['upcoming'] });
    expect(found.map((b) => b.uid)).toEqual([created.uid]);
    // An exact match, as Cal.com's bookings get.handler filters: another spelling finds nothing.
    expect(await cal.listBookings({ attendeeEmail: 'JO@example.com', afterStart: created.start, beforeEnd: created.end, status: ['upcoming'] })).toEqual([]);
    expect(await cal.listBookings({ attendeeEmail: 'someone@else.example' })).toEqual([]);

    const moved = await cal.rescheduleBooking(created.uid, { start: slots[2]!.start, reschedulingReason: 'caller asked' });
    expect(moved.uid).not.toBe(created.uid);
    expect(moved.rescheduledFromUid).toBe(created.uid);
    const old = await cal.getBooking(created.uid);
    expect(old).toMatchObject({ status: 'cancelled', rescheduledToUid: moved.uid });

    const cancelled = await cal.cancelBooking(moved.uid, { cancellationReason: 'changed mind' });
    expect(cancelled.status).toBe('cancelled');
    const again = await cal.createBooking({ eventTypeId: 201, start: slots[2]!.start, attendee });
    expect(again.status).toBe('accepted');
  });
});

describe('every error class', () => {
  it('401 for a wrong key', async () => {
    const bad = new CalComClient({ apiKey: 'cal_wrong_key', baseUrl: `${sb.url}/v2` });
    const err = await bad.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalComAuthError);
    expect(String((err as Error).message)).toMatch(/Settings → Developer → API Keys/);
  });

  it('404 for an unknown event type and booking', async () => {
    await expect(cal.getEventType(999)).rejects.toBeInstanceOf(CalComNotFoundError);
    await expect(cal.getBooking('nope')).rejects.toBeInstanceOf(CalComNotFoundError);
  });

  it('slot unavailable when the slot was taken by another caller (400 with the taken text)', async () => {
    // apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts handleBookingError.
    const [slot] = await firstSlot(101);
    await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee });
    await expect(cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee: { ...attendee, email: 'b@example.com' } })).rejects.toMatchObject({
      constructor: CalComSlotUnavailableError,
      status: 400,
      code: 'BadRequestException',
      serverMessage: TAKEN_USER,
    });
  });

  it('slot unavailable when a slow booking is overtaken: 409 booking_conflict_error', async () => {
    // RegularBookingService: a second insert of the same host and time hits the idempotencyKey (P2002) -> 409.
    const [slot] = await firstSlot(101);
    await admin(sb, 'POST', '/faults', { slowCommitNext: 1, slowCommitMs: 400 });
    const slow = cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee }).catch((e: unknown) => e);
    while ((await admin<{ slowCommitNext: number }>(sb, 'GET', '/faults')).slowCommitNext > 0) await new Promise((r) => setTimeout(r, 5));
    await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee: { ...attendee, email: 'b@example.com' } });
    expect(await slow).toMatchObject({ constructor: CalComSlotUnavailableError, status: 409, code: 'booking_conflict_error' });
    expect((await admin<{ bookings: unknown[] }>(sb, 'GET', '/bookings')).bookings).toHaveLength(1);
  });

  it('400 with Cal.com-style messages for a bad location and a time in the past; an off-grid time books', async () => {
    const [slot] = await firstSlot(101);
    await expect(cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee, location: { type: 'integration', integration: 'zoom' } })).rejects.toMatchObject({
      constructor: CalComValidationError,
      status: 400,
      message: expect.stringContaining('not one of the event type'),
    });
    // errors.service.ts handleBookingError: BookingDateInPastError's text.
    await expect(cal.createBooking({ eventTypeId: 101, start: '2026-11-23T09:00:00Z', attendee })).rejects.toMatchObject({
      constructor: CalComValidationError,
      status: 400,
      serverMessage: 'Attempting to book a meeting in the past.',
    });
    // Cal.com's booking path checks no slot grid (ensureAvailableUsers), so an off-grid start inside the hours books.
    expect((await cal.createBooking({ eventTypeId: 101, start: '2026-11-25T08:07:00Z', attendee })).start).toBe('2026-11-25T08:07:00.000Z');
  });

  it('429 when the key is rate limited, with the reset', async () => {
    await admin(sb, 'POST', '/faults', { rateLimitNext: 5, rateLimitResetSeconds: 60 });
    const err = await cal.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalComRateLimitError);
    expect((err as CalComRateLimitError).resetAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('5xx: a read is retried and succeeds; a booking POST is not retried and says to look it up', async () => {
    await admin(sb, 'POST', '/faults', { failNext: 1, errorStatus: 503 });
    expect((await cal.me()).username).toBe('anna-becker');
    const [slot] = await firstSlot(101);
    await admin(sb, 'POST', '/faults', { failNext: 1, errorStatus: 502 });
    const err = await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalComServerError);
    expect((err as Error).message).toMatch(/may or may not/);
    const { bookings } = await admin<{ bookings: unknown[] }>(sb, 'GET', '/bookings');
    expect(bookings).toHaveLength(0);
  });

  it('timeout: commit-then-drop leaves one booking, which the lookup finds', async () => {
    const [slot] = await firstSlot(101);
    await admin(sb, 'POST', '/faults', { dropAfterCommitNext: 1 });
    const err = await cal.createBooking({ eventTypeId: 101, start: slot!.start, attendee }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalComTimeoutError);
    const found = await cal.listBookings({ attendeeEmail: attendee.email, afterStart: slot!.start });
    expect(found).toHaveLength(1);
  });

  it('malformed JSON is a response error', async () => {
    await admin(sb, 'POST', '/faults', { malformedNext: 1 });
    await expect(cal.listTeams({})).rejects.toBeInstanceOf(CalComResponseError);
  });

  it('network: nothing listening', async () => {
    const dead = new CalComClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v2', maxRetries: 0 });
    await expect(dead.me()).rejects.toBeInstanceOf(CalComNetworkError);
  });
});
