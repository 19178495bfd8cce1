// The sandbox over real HTTP: Cal.com's envelope, auth, versions, validation, conflicts, concurrency,
// reservations, cancel, reschedule, listing, metadata and rate limits. Every server has a pinned clock.
import { describe, expect, it } from 'vitest';
import { admin, recordedExchanges, startTestSandbox } from '../helpers/sandbox.js';
import { attendee, book, call, pinnedSandbox, sandboxBookings, setClock, slotList, type CallResult } from './http.js';
import { API_KEY, OTHER_KEY, personal, teamEvent, user, weekly, WEEKDAYS_ONLY, world } from './worlds.js';

const NOW = '2026-05-04T06:00:00Z'; // a Monday, before working hours
const DAY = ['2026-05-04T00:00:00Z', '2026-05-04T23:59:59Z'] as const;
const nineToFive = weekly([{ start: '09:00', end: '17:00' }], WEEKDAYS_ONLY);

const W = world({
  users: [user(1, 'UTC', nineToFive), user(2, 'UTC', nineToFive), user(3, 'UTC', nineToFive)],
  apiKeys: [
    { key: API_KEY, userId: 1 },
    { key: OTHER_KEY, userId: 2 },
  ],
  teams: [{ id: 1, slug: 'team', name: 'Team', memberIds: [1, 2, 3] }],
  eventTypes: [
    personal(1, 1, { locations: [{ type: 'integration', integration: 'cal-video' }, { type: 'attendeePhone' }] }),
    teamEvent(2, 1, 'roundRobin', [{ userId: 2 }, { userId: 3 }]),
  ],
});

/**
 * Runs requests that are off-contract on purpose (they test the sandbox's 400s). They stay recorded, so the
 * suite-wide contract check still validates the sandbox's answers to them, but their request bodies are
 * dropped from the record: those are meant to break Cal.com's request schema.
 */
async function offContract<T>(fn: () => Promise<T>): Promise<T> {
  const from = recordedExchanges.length;
  try {
    return await fn();
  } finally {
    for (const e of recordedExchanges.slice(from)) e.requestBody = undefined;
  }
}

const fresh = (extra: Parameters<typeof startTestSandbox>[0] = {}) => pinnedSandbox(W, NOW, extra);
const at = (hhmm: string, date = '2026-05-04') => `${date}T${hhmm}:00.000Z`;

describe('envelope, auth and routing', () => {
  it('answers success as {status:"success", data}', async () => {
    const s = await fresh();
    const r = await call(s, 'GET', '/v2/me');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toMatchObject({ status: 'success', data: { id: 1, username: 'user-1', timeZone: 'UTC' } });
  });

  it('answers errors as {status:"error", timestamp, path, error:{code, message}}', async () => {
    const s = await fresh();
    const r = await call(s, 'GET', '/v2/bookings/no-such-uid');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      status: 'error',
      timestamp: expect.any(String),
      path: '/v2/bookings/no-such-uid',
      error: { code: 'booking_not_found_error', message: expect.stringContaining('no-such-uid') },
    });
    expect(Number.isNaN(Date.parse(r.json.timestamp))).toBe(false);
  });

  it('401 for a bad key, for a key without the "Bearer " prefix, and for no key where one is required', async () => {
    const s = await fresh();
    const bad = await call(s, 'GET', '/v2/me', { auth: 'Bearer cal_live_not_a_real_key' });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe('UnauthorizedException');
    const noPrefix = await call(s, 'GET', '/v2/me', { auth: API_KEY });
    expect(noPrefix.status).toBe(401);
    expect(noPrefix.json.error.message).toMatch(/Bearer/);
    expect((await call(s, 'GET', '/v2/me', { auth: `Basic ${API_KEY}` })).status).toBe(401);
    expect((await call(s, 'GET', '/v2/me', { auth: null })).status).toBe(401);
    expect((await call(s, 'GET', '/v2/bookings', { auth: null })).status).toBe(401);
    // A bad key on a route that works without one is still refused, and nothing is booked.
    const create = await book(s, 1, at('09:00'), {}, { auth: 'Bearer cal_live_not_a_real_key' });
    expect(create.status).toBe(401);
    expect(await sandboxBookings(s)).toHaveLength(0);
    // Booking needs no key at all, as in Cal.com.
    expect((await book(s, 1, at('09:00'), {}, { auth: null })).status).toBe(201);
    // The second key belongs to user 2.
    expect((await call(s, 'GET', '/v2/me', { auth: `Bearer ${OTHER_KEY}` })).json.data.id).toBe(2);
  });

  it('404 for unknown routes, event types, bookings and reservations', async () => {
    const s = await fresh();
    const route = await call(s, 'GET', '/v2/no-such-route');
    expect(route.status).toBe(404);
    expect(route.json).toMatchObject({ status: 'error', error: { code: 'NotFoundException' } });
    const et = await book(s, 999, at('09:00'));
    expect(et.status).toBe(404);
    expect(et.json.error.code).toBe('event_type_not_found_error');
    expect((await call(s, 'GET', '/v2/event-types/999')).status).toBe(404);
    expect((await call(s, 'GET', '/v2/slots?eventTypeId=999&start=2026-05-04&end=2026-05-04')).status).toBe(404);
    const cancel = await call(s, 'POST', '/v2/bookings/nope/cancel', { body: {} });
    expect(cancel.status).toBe(404);
    expect(cancel.json.error.code).toBe('booking_not_found_error');
    const res = await call(s, 'DELETE', '/v2/slots/reservations/nope');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('reserved_slot_not_found');
  });
});

describe('validation (400) and conflicts (409)', () => {
  it('refuses bad bodies with 400 and books nothing', async () => {
    const s = await fresh();
    const expect400 = async (r: Promise<CallResult>, message?: RegExp, code = 'BadRequestException') => {
      const res = await r;
      expect(res.status, res.text).toBe(400);
      expect(res.json.status).toBe('error');
      expect(res.json.error.code).toBe(code);
      if (message) expect(res.json.error.message).toMatch(message);
    };
    await offContract(async () => {
      await expect400(call(s, 'POST', '/v2/bookings', { rawBody: '{"start": "2026-05-04T09:00:00Z",' }), /not valid JSON/);
      await expect400(call(s, 'POST', '/v2/bookings', { body: { eventTypeId: 1, attendee: attendee() } }), /start/);
      await expect400(call(s, 'POST', '/v2/bookings', { body: { eventTypeId: 1, start: '2026-05-04T09:00:00Z' } }), /attendee/);
      const { timeZone: _tz, ...noZone } = attendee();
      await expect400(book(s, 1, at('09:00'), { attendee: noZone }), /attendee\.timeZone/);
      await expect400(book(s, 1, at('09:00'), { attendee: { ...attendee(), timeZone: 'Mars/Olympus_Mons' } }), /attendee\.timeZone/);
      await expect400(book(s, 1, at('09:00'), { attendee: { ...attendee(), email: 'not-an-email' } }), /attendee\.email/);
      await expect400(book(s, 1, at('09:00'), { attendee: { name: 'Jo', timeZone: 'UTC' } }), /email/);
      await expect400(book(s, 1, at('09:00'), { attendee: { ...attendee(), phoneNumber: '0171 1234567' } }), /E\.164/);
      await expect400(book(s, 1, at('09:00'), { guests: ['fine@example.com', 'nope'] }), /guests/);
      // A start without an offset is local wall time, which Cal.com misreads; the sandbox refuses it.
      await expect400(book(s, 1, '2026-05-04T09:00:00'), /UTC/);
      // Locations must be ones the event type offers.
      await expect400(book(s, 1, at('09:00'), { location: { type: 'integration', integration: 'zoom' } }), /zoom/);
      await expect400(book(s, 1, at('09:00'), { location: { type: 'address' } }), /address/);
      await expect400(book(s, 1, at('09:00'), { location: { type: 'attendeePhone', phone: '12345' } }), /E\.164/);
      // Off the slot grid, outside hours, in the past.
      await expect400(book(s, 1, at('09:10')), /not a bookable time/, 'booking_time_out_of_bounds_error');
      await expect400(book(s, 1, at('18:00')), undefined, 'booking_time_out_of_bounds_error');
      await expect400(book(s, 1, at('09:00', '2026-05-01')), undefined, 'booking_time_out_of_bounds_error');
      // Metadata limits: 50 keys, keys up to 40 characters, values up to 500.
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      await expect400(book(s, 1, at('09:00'), { metadata: many }), /50 keys/);
      await expect400(book(s, 1, at('09:00'), { metadata: { ['k'.repeat(41)]: 'v' } }), /40 characters/);
      await expect400(book(s, 1, at('09:00'), { metadata: { k: 'v'.repeat(501) } }), /500 characters/);
      await expect400(book(s, 1, at('09:00'), { metadata: { k: 42 } }), /metadata/);
    });
    expect(await sandboxBookings(s)).toHaveLength(0);
    // Right at the limits is fine.
    const limits = { ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])), ['k'.repeat(40)]: 'v'.repeat(500) };
    const ok = await book(s, 1, at('09:00'), { metadata: limits, location: { type: 'attendeePhone', phone: '+4917112345678' } });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.data.location).toBe('+4917112345678');
  });

  it('409 no_available_users_found_error when the slot is taken', async () => {
    const s = await fresh();
    expect((await book(s, 1, at('10:00'))).status).toBe(201);
    const again = await book(s, 1, at('10:00'), { attendee: attendee('other@callers.example') });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('no_available_users_found_error');
  });

  it('cal-api-version: bookings without it answer 500, with a wrong one 404; slots answer 400; /v2/me needs none', async () => {
    const s = await fresh();
    const missing = await book(s, 1, at('09:00'), {}, { version: null });
    expect(missing.status).toBe(500);
    expect(missing.json.error.message).toMatch(/cal-api-version: 2024-08-13/);
    const wrong = await book(s, 1, at('09:00'), {}, { version: '2024-09-04' });
    expect(wrong.status).toBe(404);
    expect((await call(s, 'GET', '/v2/bookings', { version: null })).status).toBe(500);
    expect(await sandboxBookings(s)).toHaveLength(0);
    const slotsMissing = await call(s, 'GET', '/v2/slots?eventTypeId=1&start=2026-05-04&end=2026-05-04', { version: null });
    expect(slotsMissing.status).toBe(400);
    expect(slotsMissing.json.error.message).toMatch(/2024-09-04/);
    expect((await call(s, 'GET', '/v2/slots?eventTypeId=1&start=2026-05-04&end=2026-05-04', { version: '2024-08-13' })).status).toBe(400);
    // Quoted values are wrong values (calcom/cal.diy#16913).
    expect((await book(s, 1, at('09:00'), {}, { version: '"2024-08-13"' })).status).toBe(404);
    expect((await call(s, 'GET', '/v2/me', { version: null })).status).toBe(200);
    expect((await book(s, 1, at('09:00'))).status).toBe(201);
  });
});

describe('concurrency', () => {
  it('100 concurrent POSTs for one slot: exactly one 201 and 99 409s', async () => {
    const s = await fresh();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book(s, 1, at('11:00'), { attendee: attendee(`caller${i}@callers.example`) })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(99);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.json.error.code))).toEqual(new Set(['no_available_users_found_error']));
    const stored = await sandboxBookings(s);
    expect(stored).toHaveLength(1);
    expect(stored[0].uid).toBe(results.find((r) => r.status === 201)!.json.data.uid);
  });

  it('50 concurrent POSTs for a round-robin slot with two hosts: exactly two 201s, one per host', async () => {
    const s = await fresh();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => book(s, 2, at('11:00'), { attendee: attendee(`c${i}@callers.example`) })));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(2);
    expect(results.filter((r) => r.status === 409)).toHaveLength(48);
    expect(created.map((r) => r.json.data.hosts[0].id).sort()).toEqual([2, 3]);
  });
});

describe('reservations', () => {
  const reserve = (s: Awaited<ReturnType<typeof fresh>>, slotStart: string, eventTypeId = 1, auth?: string | null) =>
    call(s, 'POST', '/v2/slots/reservations', { body: { eventTypeId, slotStart }, ...(auth === undefined ? {} : { auth }) });

  it('a hold hides the slot, makes others wait with 409 and the seconds left, and lets the holder book in one step', async () => {
    const s = await fresh();
    const held = await reserve(s, at('10:00'), 1, null);
    expect(held.status).toBe(201);
    expect(held.json.data).toMatchObject({
      eventTypeId: 1,
      slotStart: at('10:00'),
      slotEnd: at('10:30'),
      slotDuration: 30,
      reservationDuration: 5,
      reservationUntil: '2026-05-04T06:05:00.000Z',
    });
    const uid = held.json.data.reservationUid as string;
    expect(await slotList(s, 1, ...DAY)).not.toContain(at('10:00'));
    expect(await slotList(s, 1, ...DAY)).toContain(at('10:30'));

    const other = await book(s, 1, at('10:00'), { attendee: attendee('other@callers.example') });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('reserved_slot_not_first_in_line');
    expect(other.json.error.details).toEqual({ secondsUntilRelease: 300 });
    expect(other.json.error.message).toContain('300 seconds');
    await setClock(s, '2026-05-04T06:01:40Z');
    const later = await book(s, 1, at('10:00'), { attendee: attendee('other@callers.example') });
    expect(later.json.error.details.secondsUntilRelease).toBe(200);
    expect(later.json.error.message).toContain('200 seconds');
    expect((await reserve(s, at('10:00'))).json.error.code).toBe('reserved_slot_not_first_in_line');

    const mine = await book(s, 1, at('10:00'), { reservedSlotUid: uid });
    expect(mine.status, mine.text).toBe(201);
    expect((await admin<{ reservations: unknown[] }>(s, 'GET', '/reservations')).reservations).toEqual([]);
    expect((await call(s, 'GET', `/v2/slots/reservations/${uid}`)).status).toBe(404);
    expect((await book(s, 1, at('10:00'), { reservedSlotUid: uid })).status).toBe(409);
  });

  it('reservation details: GET shows it; a reservation for another time cannot book this one', async () => {
    const s = await fresh();
    const uid = (await reserve(s, at('13:00'))).json.data.reservationUid as string;
    const got = await call(s, 'GET', `/v2/slots/reservations/${uid}`);
    expect(got.status).toBe(200);
    expect(got.json.data.reservationUid).toBe(uid);
    const mismatch = await book(s, 1, at('13:30'), { reservedSlotUid: uid });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.code).toBe('reserved_slot_time_mismatch');
  });

  it('DELETE releases the hold', async () => {
    const s = await fresh();
    const uid = (await reserve(s, at('11:00'))).json.data.reservationUid as string;
    expect(await slotList(s, 1, ...DAY)).not.toContain(at('11:00'));
    const del = await call(s, 'DELETE', `/v2/slots/reservations/${uid}`);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ status: 'success' });
    expect(await slotList(s, 1, ...DAY)).toContain(at('11:00'));
    expect((await book(s, 1, at('11:00'))).status).toBe(201);
  });

  it('a hold expires after 5 minutes on the (pinned) clock', async () => {
    const s = await fresh();
    await reserve(s, at('12:00'));
    await setClock(s, '2026-05-04T06:04:59Z');
    expect((await book(s, 1, at('12:00'))).status).toBe(409);
    await setClock(s, '2026-05-04T06:05:01Z');
    expect(await slotList(s, 1, ...DAY)).toContain(at('12:00'));
    expect((await book(s, 1, at('12:00'))).status).toBe(201);
  });

  it('reservationDuration is for authenticated callers only', async () => {
    const s = await fresh();
    const anon = await call(s, 'POST', '/v2/slots/reservations', { auth: null, body: { eventTypeId: 1, slotStart: at('14:00'), reservationDuration: 10 } });
    expect(anon.status).toBe(401);
    const authed = await call(s, 'POST', '/v2/slots/reservations', { body: { eventTypeId: 1, slotStart: at('14:00'), reservationDuration: 10 } });
    expect(authed.status).toBe(201);
    expect(authed.json.data.reservationUntil).toBe('2026-05-04T06:10:00.000Z');
  });

  it('round robin: one hold per free host; holders book in order; a later holder waits when a host drops out', async () => {
    const s = await fresh();
    const first = (await reserve(s, at('15:00'), 2)).json.data.reservationUid as string;
    await setClock(s, '2026-05-04T06:00:10Z');
    const second = (await reserve(s, at('15:00'), 2)).json.data.reservationUid as string;
    const third = await reserve(s, at('15:00'), 2);
    expect(third.status).toBe(409);
    expect(third.json.error.code).toBe('reserved_slot_not_first_in_line');
    // Host 3 gets busy: one host left, so only the first holder may book.
    await admin(s, 'POST', '/busy', { userId: 3, start: at('15:00'), end: at('15:30') });
    const early = await book(s, 2, at('15:00'), { reservedSlotUid: second });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('reserved_slot_not_first_in_line');
    const ok = await book(s, 2, at('15:00'), { reservedSlotUid: first });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.data.hosts[0].id).toBe(2);
  });
});

describe('cancel, reschedule, listing and metadata', () => {
  it('cancel frees the slot, and the same time can be booked again', async () => {
    const s = await fresh();
    const uid = (await book(s, 1, at('09:30'))).json.data.uid as string;
    expect(await slotList(s, 1, ...DAY)).not.toContain(at('09:30'));
    expect((await call(s, 'POST', `/v2/bookings/${uid}/cancel`)).status).toBe(400); // the body is required
    const cancelled = await call(s, 'POST', `/v2/bookings/${uid}/cancel`, { body: { cancellationReason: 'caller changed plans' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.data).toMatchObject({ uid, status: 'cancelled', cancellationReason: 'caller changed plans' });
    expect(await slotList(s, 1, ...DAY)).toContain(at('09:30'));
    expect((await call(s, 'POST', `/v2/bookings/${uid}/cancel`, { body: {} })).status).toBe(400);
    expect((await book(s, 1, at('09:30'))).status).toBe(201);
  });

  it('reschedule makes a new booking; the old one is cancelled and the two point at each other', async () => {
    const s = await fresh();
    const old = (await book(s, 1, at('10:00'), { metadata: { callId: 'call-1' } })).json.data;
    const r = await call(s, 'POST', `/v2/bookings/${old.uid}/reschedule`, { body: { start: '2026-05-04T14:00:00Z', reschedulingReason: 'clash' } });
    expect(r.status, r.text).toBe(201);
    const fresh1 = r.json.data;
    expect(fresh1.uid).not.toBe(old.uid);
    expect(fresh1).toMatchObject({ status: 'accepted', start: at('14:00'), rescheduledFromUid: old.uid, metadata: { callId: 'call-1' } });
    const oldNow = (await call(s, 'GET', `/v2/bookings/${old.uid}`)).json.data;
    expect(oldNow).toMatchObject({ status: 'cancelled', rescheduledToUid: fresh1.uid });
    const slots = await slotList(s, 1, ...DAY);
    expect(slots).toContain(at('10:00'));
    expect(slots).not.toContain(at('14:00'));
    const again = await call(s, 'POST', `/v2/bookings/${old.uid}/reschedule`, { body: { start: '2026-05-04T15:00:00Z' } });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('cancelled_bookings_cannot_be_rescheduled');
  });

  it('reschedule onto a taken time is a 409 and leaves the booking as it was; onto its own time shifted is fine', async () => {
    const s = await fresh();
    const a = (await book(s, 1, at('10:00'))).json.data;
    await book(s, 1, at('11:00'), { attendee: attendee('b@callers.example') });
    const clash = await call(s, 'POST', `/v2/bookings/${a.uid}/reschedule`, { body: { start: '2026-05-04T11:00:00Z' } });
    expect(clash.status).toBe(409);
    expect((await call(s, 'GET', `/v2/bookings/${a.uid}`)).json.data.status).toBe('accepted');
    // The booking's own time counts as free while it is moved.
    const moved = await call(s, 'POST', `/v2/bookings/${a.uid}/reschedule`, { body: { start: '2026-05-04T10:30:00Z' } });
    expect(moved.status, moved.text).toBe(201);
  });

  it('lists bookings filtered by attendeeEmail, afterStart/beforeEnd and status', async () => {
    const s = await fresh();
    const mk = async (time: string, email: string, date = '2026-05-04') => (await book(s, 1, at(time, date), { attendee: attendee(email) })).json.data.uid as string;
    const a9 = await mk('09:00', 'a@callers.example');
    const a11 = await mk('11:00', 'a@callers.example');
    await mk('09:00', 'a@callers.example', '2026-05-05');
    await mk('10:00', 'b@callers.example');
    const a13 = await mk('13:00', 'a@callers.example');
    await call(s, 'POST', `/v2/bookings/${a13}/cancel`, { body: {} });

    const list = async (q: string) => {
      const r = await call(s, 'GET', `/v2/bookings?${q}`);
      expect(r.status, r.text).toBe(200);
      return r.json as { data: Array<{ uid: string }>; pagination: { totalItems: number } };
    };
    const window = 'afterStart=2026-05-04T00:00:00Z&beforeEnd=2026-05-04T23:59:59Z';
    const upcoming = await list(`attendeeEmail=a@callers.example&${window}&status=upcoming`);
    expect(upcoming.data.map((b) => b.uid)).toEqual([a9, a11]);
    expect(upcoming.pagination.totalItems).toBe(2);
    expect((await list(`attendeeEmail=A@Callers.Example&${window}&status=upcoming`)).data).toHaveLength(2);
    expect((await list(`attendeeEmail=a@callers.example&${window}&status=cancelled`)).data.map((b) => b.uid)).toEqual([a13]);
    expect((await list(`attendeeEmail=a@callers.example&${window}`)).data).toHaveLength(3);
    expect((await list(`attendeeEmail=a@callers.example&status=upcoming,cancelled`)).data).toHaveLength(4);
    // The retry check from the notes: one slot, exact bounds.
    expect((await list(`attendeeEmail=a@callers.example&afterStart=${at('11:00')}&beforeEnd=${at('11:30')}&status=upcoming,unconfirmed`)).data.map((b) => b.uid)).toEqual([a11]);
    // Past and upcoming follow the clock.
    await setClock(s, '2026-05-04T12:00:00Z');
    expect((await list(`attendeeEmail=a@callers.example&${window}&status=past`)).data.map((b) => b.uid)).toEqual([a9, a11]);
    expect((await list(`attendeeEmail=a@callers.example&${window}&status=upcoming`)).data).toEqual([]);
    expect((await call(s, 'GET', '/v2/bookings?status=nonsense')).status).toBe(400);
    // Other users see only their own and their teams' bookings: user 2 shares the team, so sees none of user 1's personal ones.
    const other = await call(s, 'GET', '/v2/bookings', { auth: `Bearer ${OTHER_KEY}` });
    expect(other.json.data).toEqual([]);
  });

  it('stores metadata and returns it on create, get and list', async () => {
    const s = await fresh();
    const metadata = { callId: 'lk-room-42', agent: 'voice' };
    const created = await book(s, 1, at('16:00'), { metadata });
    expect(created.json.data.metadata).toEqual(metadata);
    const got = await call(s, 'GET', `/v2/bookings/${created.json.data.uid}`);
    expect(got.json.data.metadata).toEqual(metadata);
    const listed = await call(s, 'GET', '/v2/bookings');
    expect(listed.json.data[0].metadata).toEqual(metadata);
  });
});

describe('rate limiting', () => {
  it('rateLimit 5: the 6th request in a minute is a 429 with the X-RateLimit-*-Default headers', async () => {
    const s = await fresh({ rateLimit: 5 });
    for (let i = 0; i < 5; i++) {
      const r = await call(s, 'GET', '/v2/me');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-limit-default')).toBe('5');
      expect(r.headers.get('x-ratelimit-remaining-default')).toBe(String(4 - i));
    }
    const sixth = await call(s, 'GET', '/v2/me');
    expect(sixth.status).toBe(429);
    expect(sixth.json).toMatchObject({ status: 'error', error: { code: 'ThrottlerException' } });
    expect(sixth.headers.get('x-ratelimit-limit-default')).toBe('5');
    expect(sixth.headers.get('x-ratelimit-remaining-default')).toBe('0');
    const reset = Number(sixth.headers.get('x-ratelimit-reset-default'));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
    // Blocked requests are not processed.
    expect((await book(s, 1, at('09:00'))).status).toBe(429);
    expect(await sandboxBookings(s)).toHaveLength(0);
    // Another key has its own budget.
    expect((await call(s, 'GET', '/v2/me', { auth: `Bearer ${OTHER_KEY}` })).status).toBe(200);
  });

  it('rateLimit 0 turns the limiter off', async () => {
    const s = await fresh({ rateLimit: 0 });
    const statuses = await Promise.all(Array.from({ length: 150 }, () => call(s, 'GET', '/v2/me').then((r) => r.status)));
    expect(statuses.every((x) => x === 200)).toBe(true);
    expect((await call(s, 'GET', '/v2/me')).headers.get('x-ratelimit-limit-default')).toBeNull();
  });
});
