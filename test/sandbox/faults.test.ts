// The admin API: injected faults (latency, 5xx, 429 bursts, malformed bodies, dropped responses after commit,
// path filters), the clock, busy events and reset.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Faults } from '../../src/sandbox/faults.js';
import { TAKEN_USER } from '../../src/sandbox/sandbox.js';
import { admin } from '../helpers/sandbox.js';
import { book, call, pinnedSandbox, sandboxBookings, setClock, slotList } from './http.js';
import { personal, user, weekly, WEEKDAYS_ONLY, world } from './worlds.js';

const NOW = '2026-05-04T06:00:00Z';
const DAY = ['2026-05-04T00:00:00Z', '2026-05-04T23:59:59Z'] as const;
const W = world({
  users: [user(1, 'UTC', weekly([{ start: '09:00', end: '17:00' }], WEEKDAYS_ONLY))],
  eventTypes: [personal(1, 1)],
});
const fresh = () => pinnedSandbox(W, NOW);
const at = (hhmm: string) => `2026-05-04T${hhmm}:00.000Z`;
type S = Awaited<ReturnType<typeof fresh>>;
const setFaults = (s: S, f: Partial<Faults>) => admin<Faults>(s, 'POST', '/faults', f);

describe('injected faults', () => {
  it('latencyMs: every /v2 answer takes at least that long', async () => {
    const s = await fresh();
    await setFaults(s, { latencyMs: 250 });
    for (const run of [() => call(s, 'GET', '/v2/me'), () => book(s, 1, at('09:00'))]) {
      const t0 = performance.now();
      const r = await run();
      expect(r.status).toBeLessThan(300);
      // No upper bound (machines are noisy). Node timers have 1 ms granularity and can fire up to 1 ms early.
      expect(performance.now() - t0).toBeGreaterThanOrEqual(250 - 1);
    }
  });

  it('failNext: the next N requests get a bare 5xx and are not processed', async () => {
    const s = await fresh();
    await setFaults(s, { failNext: 2, errorStatus: 503 });
    for (let i = 0; i < 2; i++) {
      const r = await book(s, 1, at('09:00'));
      expect(r.status).toBe(503);
      // Nest's bare crash body: neither `status` nor `error`.
      expect(r.json).toEqual({ statusCode: 503, message: 'Internal server error' });
    }
    expect(await sandboxBookings(s)).toHaveLength(0);
    expect((await admin<Faults>(s, 'GET', '/faults')).failNext).toBe(0);
    expect((await book(s, 1, at('09:00'))).status).toBe(201);
    expect(await sandboxBookings(s)).toHaveLength(1);
  });

  it('errorRate 1: every request fails and nothing is booked', async () => {
    const s = await fresh();
    await setFaults(s, { errorRate: 1 });
    expect((await call(s, 'GET', '/v2/me')).status).toBe(500);
    for (const t of ['09:00', '09:30', '10:00']) expect((await book(s, 1, at(t))).status).toBe(500);
    expect(await sandboxBookings(s)).toHaveLength(0);
  });

  it('rateLimitNext: a burst of 429s with the reset in the headers, then normal service', async () => {
    const s = await fresh();
    await setFaults(s, { rateLimitNext: 3, rateLimitResetSeconds: 7 });
    for (let i = 0; i < 3; i++) {
      const r = await book(s, 1, at('09:00'));
      expect(r.status).toBe(429);
      expect(r.json).toMatchObject({ status: 'error', error: { code: 'ThrottlerException' } });
      expect(r.headers.get('x-ratelimit-remaining-default')).toBe('0');
      expect(r.headers.get('x-ratelimit-reset-default')).toBe('7');
    }
    expect(await sandboxBookings(s)).toHaveLength(0);
    expect((await book(s, 1, at('09:00'))).status).toBe(201);
  });

  it('malformedNext: the body is cut short (not JSON), but the request was processed', async () => {
    const s = await fresh();
    await setFaults(s, { malformedNext: 1 });
    const r = await book(s, 1, at('09:00'));
    expect(r.status).toBe(201);
    expect(r.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.text)).toThrow();
    const stored = await sandboxBookings(s);
    expect(stored).toHaveLength(1);
    expect(stored[0].start).toBe(at('09:00'));
    // Only one: the next answer is whole again.
    expect((await call(s, 'GET', '/v2/me')).json.status).toBe('success');
  });

  it('dropAfterCommitNext: the booking is committed but the client times out; GETs are not affected', async () => {
    const s = await fresh();
    await setFaults(s, { dropAfterCommitNext: 1 });
    // Reads do not consume the fault.
    expect((await call(s, 'GET', '/v2/me')).status).toBe(200);
    expect((await admin<Faults>(s, 'GET', '/faults')).dropAfterCommitNext).toBe(1);
    const attempt = book(s, 1, at('09:00'), {}, { signal: AbortSignal.timeout(300) });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    const stored = await sandboxBookings(s);
    expect(stored).toHaveLength(1);
    expect(stored[0].start).toBe(at('09:00'));
    // A blind retry now finds the slot taken (errors.service.ts handleBookingError, one-user text); the lookup the
    // notes recommend finds the booking.
    const retry = await book(s, 1, at('09:00'));
    expect(retry.status).toBe(400);
    expect(retry.json.error.message).toBe(TAKEN_USER);
    const found = await call(s, 'GET', `/v2/bookings?attendeeEmail=jo@callers.example&afterStart=${at('09:00')}&beforeEnd=${at('09:30')}`);
    expect(found.json.data.map((b: { uid: string }) => b.uid)).toEqual([stored[0].uid]);
  });

  /** Waits until the sandbox has taken the slow-commit fault, i.e. has checked the booking and is waiting to commit. */
  async function untilPrepared(s: S): Promise<void> {
    while ((await admin<Faults>(s, 'GET', '/faults')).slowCommitNext > 0) await new Promise((r) => setTimeout(r, 5));
  }

  it('slowCommitNext: a lookup during the slow commit finds nothing; afterwards the booking exists', async () => {
    const s = await fresh();
    await setFaults(s, { slowCommitNext: 1, slowCommitMs: 400 });
    const pending = book(s, 1, at('09:00'));
    await untilPrepared(s);
    const lookup = `/v2/bookings?attendeeEmail=jo@callers.example&afterStart=${at('09:00')}&beforeEnd=${at('09:30')}`;
    expect((await call(s, 'GET', lookup)).json.data).toEqual([]);
    expect(await sandboxBookings(s)).toEqual([]);
    const created = await pending;
    expect(created.status, created.text).toBe(201);
    expect((await call(s, 'GET', lookup)).json.data.map((b: { uid: string }) => b.uid)).toEqual([created.json.data.uid]);
    // Only the next booking was slow.
    expect((await admin<Faults>(s, 'GET', '/faults')).slowCommitNext).toBe(0);
  });

  it('a slow commit overtaken by another booking of the same host and time: 409 booking_conflict_error, one booking', async () => {
    // packages/features/bookings/lib/service/RegularBookingService.ts: the second insert of the same host and time
    // hits the unique idempotencyKey (Prisma P2002), which it answers with HttpError 409 booking_conflict_error.
    const s = await fresh();
    await setFaults(s, { slowCommitNext: 1, slowCommitMs: 400 });
    const slow = book(s, 1, at('09:00'), { attendee: { name: 'Slow', email: 'slow@callers.example', timeZone: 'UTC' } });
    await untilPrepared(s);
    const fast = await book(s, 1, at('09:00'), { attendee: { name: 'Fast', email: 'fast@callers.example', timeZone: 'UTC' } });
    expect(fast.status, fast.text).toBe(201);
    const lost = await slow;
    expect(lost.status).toBe(409);
    expect(lost.json.error.code).toBe('booking_conflict_error');
    const stored = await sandboxBookings(s);
    expect(stored.map((b) => [b.uid, b.attendees[0].email])).toEqual([[fast.json.data.uid, 'fast@callers.example']]);
  });

  it('paths: only matching paths get faults', async () => {
    const s = await fresh();
    await setFaults(s, { failNext: 5, paths: ['/v2/bookings'] });
    expect((await call(s, 'GET', '/v2/me')).status).toBe(200);
    expect((await slotList(s, 1, ...DAY)).length).toBeGreaterThan(0);
    expect((await book(s, 1, at('09:00'))).status).toBe(500);
    expect((await admin<Faults>(s, 'GET', '/faults')).failNext).toBe(4);
    // Paths must be under /v2.
    await expect(setFaults(s, { paths: ['/_sandbox'] })).rejects.toThrow(/400/);
  });

  it('DELETE /_sandbox/faults clears everything', async () => {
    const s = await fresh();
    await setFaults(s, { failNext: 3, latencyMs: 5000, errorRate: 1, malformedNext: 2 });
    const cleared = await admin<Faults>(s, 'DELETE', '/faults');
    expect(cleared).toMatchObject({ failNext: 0, latencyMs: 0, errorRate: 0, malformedNext: 0, rateLimitNext: 0, dropAfterCommitNext: 0, paths: ['/v2'] });
    const r = await book(s, 1, at('09:00'));
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('success');
  });

  it('refuses unknown fault settings', async () => {
    const s = await fresh();
    await expect(setFaults(s, { failNxt: 1 } as Partial<Faults>)).rejects.toThrow(/400/);
    await expect(setFaults(s, { errorRate: 2 })).rejects.toThrow(/400/);
  });
});

describe('clock, busy events and reset', () => {
  it('pins and unpins the clock; slots follow the pinned time', async () => {
    const s = await fresh();
    expect(await admin(s, 'GET', '/clock')).toEqual({ now: '2026-05-04T06:00:00.000Z', pinned: true });
    expect((await slotList(s, 1, ...DAY))[0]).toBe(at('09:00'));
    expect(await admin(s, 'POST', '/clock', { now: '2026-05-04T10:10:00+02:00' })).toEqual({ now: '2026-05-04T08:10:00.000Z', pinned: true });
    await setClock(s, '2026-05-04T12:10:00Z');
    expect((await slotList(s, 1, ...DAY))[0]).toBe(at('12:30'));
    const unpinned = await admin<{ now: string; pinned: boolean }>(s, 'POST', '/clock', { now: null });
    expect(unpinned.pinned).toBe(false);
    expect(Math.abs(Date.parse(unpinned.now) - Date.now())).toBeLessThan(60_000);
    await expect(admin(s, 'POST', '/clock', { now: 'tomorrow' })).rejects.toThrow(/400/);
  });

  it('busy events added through the admin API block slots and bookings', async () => {
    const s = await fresh();
    const added = await admin(s, 'POST', '/busy', { userId: 1, start: at('10:00'), end: at('11:00'), title: 'Dentist' });
    expect(added).toEqual({ ok: true });
    const slots = await slotList(s, 1, ...DAY);
    expect(slots).not.toContain(at('10:00'));
    expect(slots).not.toContain(at('10:30'));
    expect(slots).toContain(at('11:00'));
    // apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts handleBookingError: a busy host is the
    // booking engine's no_available_users_found_error, answered 400 with the one-user text.
    const r = await book(s, 1, at('10:30'));
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: 'BadRequestException', message: TAKEN_USER });
    await expect(admin(s, 'POST', '/busy', { userId: 1, start: at('12:00'), end: at('11:00') })).rejects.toThrow(/400/);
    await expect(admin(s, 'POST', '/busy', { userId: 99, start: at('12:00'), end: at('13:00') })).rejects.toThrow(/404/);
  });

  it('reset clears bookings, reservations, busy events and faults', async () => {
    const s = await fresh();
    await book(s, 1, at('09:00'));
    await call(s, 'POST', '/v2/slots/reservations', { body: { eventTypeId: 1, slotStart: at('09:30') } });
    await admin(s, 'POST', '/busy', { userId: 1, start: at('10:00'), end: at('11:00') });
    await setFaults(s, { latencyMs: 10 });
    expect(await admin(s, 'POST', '/reset')).toEqual({ ok: true });
    expect(await sandboxBookings(s)).toEqual([]);
    expect((await admin<{ reservations: unknown[] }>(s, 'GET', '/reservations')).reservations).toEqual([]);
    expect((await admin<Faults>(s, 'GET', '/faults')).latencyMs).toBe(0);
    await setClock(s, NOW);
    const slots = await slotList(s, 1, ...DAY);
    for (const t of ['09:00', '09:30', '10:00', '10:30']) expect(slots).toContain(at(t));
    // A reset can also load a new world.
    const other = world({ users: [user(1, 'UTC', weekly([{ start: '13:00', end: '14:00' }]))], eventTypes: [personal(1, 1)] });
    await admin(s, 'POST', '/reset', { world: other });
    await setClock(s, NOW);
    expect(await slotList(s, 1, ...DAY)).toEqual([at('13:00'), at('13:30')]);
  });
});
