// The sandbox over real HTTP: Cal.com's envelope, auth, versions, validation, conflicts, concurrency,
// reservations, cancel, reschedule, listing, metadata and rate limits. Every server has a pinned clock.
import { describe, expect, it } from 'vitest';
import { admin, offContract, startTestSandbox } from '../helpers/sandbox.js';
import { OUT_OF_BOUNDS, TAKEN_TEAM, TAKEN_USER } from '../../src/sandbox/sandbox.js';
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


const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
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

  it('404 for unknown routes, event types and bookings', async () => {
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
  });

  it('an unknown reservation uid is no error: GET answers data null, DELETE succeeds', async () => {
    // apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts getReservedSlot returns null for a
    // uid it cannot find, and deleteReservedSlot deletes with deleteMany, which succeeds on no rows.
    const s = await fresh();
    const got = await call(s, 'GET', '/v2/slots/reservations/nope');
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ status: 'success', data: null });
    const del = await call(s, 'DELETE', '/v2/slots/reservations/nope');
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ status: 'success' });
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
      // Outside hours and in the past, as apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts
      // handleBookingError words the booking engine's no_available_users_found_error and BookingDateInPastError.
      await expect400(book(s, 1, at('18:00')), exactly(TAKEN_USER));
      await expect400(book(s, 1, at('09:00', '2026-05-01')), exactly('Attempting to book a meeting in the past.'));
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

  // apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts handleBookingError: the booking engine's
  // no_available_users_found_error (ensureAvailableUsers) is a 400 with the one-user or the team text.
  it('400 "User either already has booking…" when a personal slot is taken; the team text for a team event type', async () => {
    const s = await fresh();
    expect((await book(s, 1, at('10:00'))).status).toBe(201);
    const again = await book(s, 1, at('10:00'), { attendee: attendee('other@callers.example') });
    expect(again.status).toBe(400);
    expect(again.json.error).toEqual({ code: 'BadRequestException', message: TAKEN_USER });
    // Overlapping without starting at the same time is taken too.
    expect((await book(s, 1, at('10:15'), { attendee: attendee('other@callers.example') })).json.error.message).toBe(TAKEN_USER);
    for (const email of ['a@callers.example', 'b@callers.example']) expect((await book(s, 2, at('10:00'), { attendee: attendee(email) })).status).toBe(201);
    const team = await book(s, 2, at('10:00'), { attendee: attendee('c@callers.example') });
    expect(team.status).toBe(400);
    expect(team.json.error).toEqual({ code: 'BadRequestException', message: TAKEN_TEAM });
    expect(await sandboxBookings(s)).toHaveLength(3);
  });

  it('400 with the long out-of-bounds text inside the minimum notice or beyond the booking window', async () => {
    // handleBookingError maps booking_time_out_of_bounds_error (validateBookingTimeIsNotOutOfBounds) to this text.
    const s = await pinnedSandbox(
      world({ users: [user(1, 'UTC', nineToFive)], eventTypes: [personal(1, 1, { minimumBookingNotice: 240, futureBookingLimitDays: 2 })] }),
      NOW,
    );
    for (const start of [at('09:30'), at('10:00', '2026-05-07')]) {
      const r = await book(s, 1, start);
      expect(r.status).toBe(400);
      expect(r.json.error).toEqual({ code: 'BadRequestException', message: OUT_OF_BOUNDS });
    }
    expect((await book(s, 1, at('10:00'))).status).toBe(201);
    expect((await book(s, 1, at('10:00', '2026-05-06'))).status).toBe(201);
  });

  it('an off-grid start that fits the hours and clashes with nothing is booked (201)', async () => {
    // Cal.com's booking path (handleNewBooking -> ensureAvailableUsers) checks only that the meeting fits inside a
    // host's hours and clashes with nothing; it never checks the slot grid that GET /v2/slots offers.
    const s = await fresh();
    const r = await book(s, 1, at('09:10'));
    expect(r.status, r.text).toBe(201);
    expect(r.json.data).toMatchObject({ start: at('09:10'), end: at('09:40') });
    const slots = await slotList(s, 1, ...DAY);
    expect(slots).not.toContain(at('09:00'));
    expect(slots).not.toContain(at('09:30'));
    expect(slots).toContain(at('10:00'));
    // Off the grid and past the end of the hours (16:50-17:20): no host is available.
    expect((await book(s, 1, at('16:50'), { attendee: attendee('late@callers.example') })).json.error.message).toBe(TAKEN_USER);
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
  it('100 concurrent POSTs for one slot: exactly one 201 and 99 400s with the taken text', async () => {
    const s = await fresh();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book(s, 1, at('11:00'), { attendee: attendee(`caller${i}@callers.example`) })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    // errors.service.ts handleBookingError: no_available_users_found_error -> 400 with the one-user text.
    expect(statuses.filter((x) => x === 400)).toHaveLength(99);
    expect(new Set(results.filter((r) => r.status === 400).map((r) => r.json.error.message))).toEqual(new Set([TAKEN_USER]));
    const stored = await sandboxBookings(s);
    expect(stored).toHaveLength(1);
    expect(stored[0].uid).toBe(results.find((r) => r.status === 201)!.json.data.uid);
  });

  it('50 concurrent POSTs for a round-robin slot with two hosts: exactly two 201s, one per host', async () => {
    const s = await fresh();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => book(s, 2, at('11:00'), { attendee: attendee(`c${i}@callers.example`) })));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(2);
    // errors.service.ts handleBookingError: the team text for a team event type.
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(48);
    expect(new Set(refused.map((r) => r.json.error.message))).toEqual(new Set([TAKEN_TEAM]));
    expect(created.map((r) => r.json.data.hosts[0].id).sort()).toEqual([2, 3]);
  });
});

describe('round robin: the same attendee again', () => {
  it('a second POST for the same round-robin event, start and attendee returns the existing booking (201, same uid)', async () => {
    // packages/features/bookings/lib/service/RegularBookingService.ts getValidBookingFromEventTypeForAttendee.
    const s = await fresh();
    const first = await book(s, 2, at('11:00'));
    expect(first.status).toBe(201);
    const again = await book(s, 2, at('11:00'));
    expect(again.status, again.text).toBe(201);
    expect(again.json.data.uid).toBe(first.json.data.uid);
    expect(again.json.data.hosts[0].id).toBe(first.json.data.hosts[0].id);
    expect(await sandboxBookings(s)).toHaveLength(1);
    // A personal event type has no such rule: the same attendee again finds the slot taken.
    expect((await book(s, 1, at('11:00'))).status).toBe(201);
    expect((await book(s, 1, at('11:00'))).json.error.message).toBe(TAKEN_USER);
  });
});

describe('reservations', () => {
  const reserve = (s: Awaited<ReturnType<typeof fresh>>, slotStart: string, eventTypeId = 1, auth?: string | null) =>
    call(s, 'POST', '/v2/slots/reservations', { body: { eventTypeId, slotStart }, ...(auth === undefined ? {} : { auth }) });

  it('a hold hides the slot; a second hold is 422; the holder books with its uid, which frees the hold', async () => {
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

    // apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts reserveSlot: a slot whose holds
    // fill it is a 422.
    const second = await reserve(s, at('10:00'));
    expect(second.status).toBe(422);
    expect(second.json.error).toEqual({
      code: 'UnprocessableEntityException',
      message: 'This time slot is already reserved by another user. Please choose a different time.',
    });

    const mine = await book(s, 1, at('10:00'), { reservedSlotUid: uid });
    expect(mine.status, mine.text).toBe(201);
    expect((await admin<{ reservations: unknown[] }>(s, 'GET', '/reservations')).reservations).toEqual([]);
    expect((await call(s, 'GET', `/v2/slots/reservations/${uid}`)).json).toEqual({ status: 'success', data: null });
    // The uid again: the slot is booked now (errors.service.ts handleBookingError, one-user text).
    const twice = await book(s, 1, at('10:00'), { reservedSlotUid: uid, attendee: attendee('other@callers.example') });
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toBe(TAKEN_USER);
    // slots.service.ts reserveSlot: holding a booked slot is a 422 too.
    const onBooked = await reserve(s, at('10:00'));
    expect(onBooked.status).toBe(422);
    expect(onBooked.json.error).toEqual({ code: 'UnprocessableEntityException', message: "Can't reserve a slot if the event is already booked." });
  });

  it('a booking without reservedSlotUid ignores holds, its own and other people\'s', async () => {
    // Cal.com's booking path never reads SelectedSlots unless a reservedSlotUid is sent
    // (packages/features/bookings/lib/handleNewBooking/createBookingWithReservedSlot.ts is only used then): holds
    // only hide slots from GET /v2/slots.
    const s = await fresh();
    expect((await reserve(s, at('10:00'))).status).toBe(201);
    const own = await book(s, 1, at('10:00'));
    expect(own.status, own.text).toBe(201);
    expect((await reserve(s, at('11:00'), 1, null)).status).toBe(201);
    const stranger = await book(s, 1, at('11:00'), { attendee: attendee('other@callers.example') });
    expect(stranger.status, stranger.text).toBe(201);
    expect(await sandboxBookings(s)).toHaveLength(2);
  });

  it("someone else's earlier live hold refuses my reservedSlotUid with 409 and the seconds until it is released", async () => {
    // packages/features/bookings/lib/handleNewBooking/createBookingWithReservedSlot.ts: the earliest live hold on
    // the slot must be this uid, else HttpError 409 reserved_slot_not_first_in_line with secondsUntilRelease.
    const s = await fresh();
    expect((await reserve(s, at('10:00'), 1, null)).status).toBe(201);
    const mine = (await reserve(s, at('10:30'))).json.data.reservationUid as string;
    const refused = await book(s, 1, at('10:00'), { reservedSlotUid: mine });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({
      code: 'reserved_slot_not_first_in_line',
      message: 'Someone else reserved this booking time slot before you. This time slot will be freed up in 300 seconds.',
      details: { secondsUntilRelease: 300 },
    });
    await setClock(s, '2026-05-04T06:01:40Z');
    const later = await book(s, 1, at('10:00'), { reservedSlotUid: 'no-such-uid' });
    expect(later.status).toBe(409);
    expect(later.json.error.details).toEqual({ secondsUntilRelease: 200 });
    expect(later.json.error.message).toContain('200 seconds');
    expect(await sandboxBookings(s)).toHaveLength(0);
    // Once the other hold lapses, the same uid books.
    await setClock(s, '2026-05-04T06:05:01Z');
    expect((await book(s, 1, at('10:00'), { reservedSlotUid: mine })).status).toBe(201);
  });

  it('an expired or unknown reservedSlotUid with no live hold ahead books normally (201)', async () => {
    // createBookingWithReservedSlot.ts only refuses when another live hold is first; Cal.com's
    // reserved-slot-bookings.e2e-spec books with an expired reservedSlotUid and gets 201.
    const s = await fresh();
    const uid = (await reserve(s, at('12:00'))).json.data.reservationUid as string;
    await setClock(s, '2026-05-04T06:05:01Z');
    expect((await call(s, 'GET', `/v2/slots/reservations/${uid}`)).json.data).toMatchObject({ reservationUid: uid });
    const expired = await book(s, 1, at('12:00'), { reservedSlotUid: uid });
    expect(expired.status, expired.text).toBe(201);
    const unknown = await book(s, 1, at('13:00'), { reservedSlotUid: 'never-reserved' });
    expect(unknown.status, unknown.text).toBe(201);
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
    expect(await slotList(s, 1, ...DAY)).not.toContain(at('12:00'));
    expect((await reserve(s, at('12:00'))).status).toBe(422);
    await setClock(s, '2026-05-04T06:05:01Z');
    expect(await slotList(s, 1, ...DAY)).toContain(at('12:00'));
    expect((await reserve(s, at('12:00'))).status).toBe(201);
  });

  it('reservationDuration is for authenticated callers only', async () => {
    const s = await fresh();
    const anon = await call(s, 'POST', '/v2/slots/reservations', { auth: null, body: { eventTypeId: 1, slotStart: at('14:00'), reservationDuration: 10 } });
    expect(anon.status).toBe(401);
    const authed = await call(s, 'POST', '/v2/slots/reservations', { body: { eventTypeId: 1, slotStart: at('14:00'), reservationDuration: 10 } });
    expect(authed.status).toBe(201);
    expect(authed.json.data.reservationUntil).toBe('2026-05-04T06:10:00.000Z');
  });

  it('round robin: a later reservedSlotUid waits for the live hold; the holder books, then the slot is free to others', async () => {
    const s = await fresh();
    const first = (await reserve(s, at('15:00'), 2)).json.data.reservationUid as string;
    await setClock(s, '2026-05-04T06:00:10Z');
    // packages/features/bookings/lib/handleNewBooking/createBookingWithReservedSlot.ts: another uid is not first in
    // line while the first hold lives.
    const early = await book(s, 2, at('15:00'), { reservedSlotUid: 'someone-else', attendee: attendee('early@callers.example') });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('reserved_slot_not_first_in_line');
    expect(early.json.error.details).toEqual({ secondsUntilRelease: 290 });
    const ok = await book(s, 2, at('15:00'), { reservedSlotUid: first });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.data.hosts[0].id).toBe(2);
    // The hold went with its booking, so the same uid now books the other host.
    const next = await book(s, 2, at('15:00'), { reservedSlotUid: 'someone-else', attendee: attendee('early@callers.example') });
    expect(next.status, next.text).toBe(201);
    expect(next.json.data.hosts[0].id).toBe(3);
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

  // packages/features/bookings/lib/handleCancelBooking.ts: "Cancellation reason is required when you are the host"
  // when the booking's organiser cancels with their own key (the usual set-up: the key is the host's), and "Cannot
  // cancel a booking that has already ended".
  it("refuses the organiser's cancel without a reason, and any cancel of a booking that has ended", async () => {
    const s = await fresh();
    const uid = (await book(s, 1, at('09:30'))).json.data.uid as string;
    for (const body of [{}, { cancellationReason: '  ' }]) {
      const r = await call(s, 'POST', `/v2/bookings/${uid}/cancel`, { body });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe('Cancellation reason is required when you are the host');
    }
    const ended = (await book(s, 1, at('10:30'))).json.data.uid as string;
    await setClock(s, '2026-05-04T12:00:00Z');
    const late = await call(s, 'POST', `/v2/bookings/${ended}/cancel`, { body: { cancellationReason: 'too late' } });
    expect(late.status).toBe(400);
    expect(late.json.error.message).toBe('Cannot cancel a booking that has already ended');
    expect((await call(s, 'POST', `/v2/bookings/${uid}/cancel`, { body: { cancellationReason: 'ok' } })).status).toBe(400);
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

  it('reschedule onto a taken time is a 400 and leaves the booking as it was; onto its own time shifted is fine', async () => {
    const s = await fresh();
    const a = (await book(s, 1, at('10:00'))).json.data;
    await book(s, 1, at('11:00'), { attendee: attendee('b@callers.example') });
    const clash = await call(s, 'POST', `/v2/bookings/${a.uid}/reschedule`, { body: { start: '2026-05-04T11:00:00Z' } });
    // errors.service.ts handleBookingError: a reschedule always gets the one-user text.
    expect(clash.status).toBe(400);
    expect(clash.json.error).toEqual({ code: 'BadRequestException', message: TAKEN_USER });
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
    await call(s, 'POST', `/v2/bookings/${a13}/cancel`, { body: { cancellationReason: 'test' } });

    const list = async (q: string) => {
      const r = await call(s, 'GET', `/v2/bookings?${q}`);
      expect(r.status, r.text).toBe(200);
      return r.json as { data: Array<{ uid: string }>; pagination: { totalItems: number } };
    };
    const window = 'afterStart=2026-05-04T00:00:00Z&beforeEnd=2026-05-04T23:59:59Z';
    const upcoming = await list(`attendeeEmail=a@callers.example&${window}&status=upcoming`);
    expect(upcoming.data.map((b) => b.uid)).toEqual([a9, a11]);
    expect(upcoming.pagination.totalItems).toBe(2);
    // packages/trpc/server/routers/viewer/bookings/get.handler.ts, "Filter by Attendee Email": an exact match of the
    // trimmed value on any attendee, so another spelling of the same address finds nothing.
    expect((await list(`attendeeEmail=A@Callers.Example&${window}&status=upcoming`)).data).toHaveLength(0);
    expect((await list(`attendeeEmail=%20a@callers.example%20&${window}&status=upcoming`)).data).toHaveLength(2);
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
