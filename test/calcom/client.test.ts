// Every endpoint: method, path, headers, query and body on the wire, and the parsed result.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalComClient, CalComConfigError, CalComValidationError } from '../../src/calcom/index.js';
import * as fx from './fixtures.js';
import { ok, type Stub, startStub } from './stub-server.js';

const KEY = 'cal_test_0123456789abcdef';
let stub: Stub;
let client: CalComClient;

beforeEach(async () => {
  stub = await startStub();
  client = new CalComClient({ apiKey: KEY, baseUrl: stub.url, timeoutMs: 2_000 });
});
afterEach(async () => {
  await stub.close();
});

function only() {
  expect(stub.requests).toHaveLength(1);
  return stub.requests[0]!;
}

describe('configuration', () => {
  it('accepts a base URL with or without a trailing slash', async () => {
    stub.on('GET /me', ok(fx.me));
    const slashed = new CalComClient({ apiKey: KEY, baseUrl: `${stub.url}/` });
    expect(slashed.baseUrl).toBe(stub.url);
    await slashed.me();
    expect(only().path).toBe('/me');
  });

  it('defaults to CALCOM_API_URL, then api.cal.com/v2', () => {
    const saved = process.env.CALCOM_API_URL;
    try {
      process.env.CALCOM_API_URL = 'https://api.cal.eu/v2/';
      expect(new CalComClient({ apiKey: KEY }).baseUrl).toBe('https://api.cal.eu/v2');
      delete process.env.CALCOM_API_URL;
      expect(new CalComClient({ apiKey: KEY }).baseUrl).toBe('https://api.cal.com/v2');
    } finally {
      if (saved === undefined) delete process.env.CALCOM_API_URL;
      else process.env.CALCOM_API_URL = saved;
    }
  });

  it('reads the key from CALCOM_API_KEY and explains how to get one when it is missing', () => {
    const saved = process.env.CALCOM_API_KEY;
    try {
      delete process.env.CALCOM_API_KEY;
      const error = (() => {
        try {
          new CalComClient();
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CalComConfigError);
      expect((error as Error).message).toContain('CALCOM_API_KEY');
      expect((error as Error).message).toContain('Settings → Developer → API Keys');
      process.env.CALCOM_API_KEY = KEY;
      expect(() => new CalComClient()).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.CALCOM_API_KEY;
      else process.env.CALCOM_API_KEY = saved;
    }
  });

  it('rejects a malformed base URL without echoing it', () => {
    expect(() => new CalComClient({ apiKey: KEY, baseUrl: 'cal_live_oops' })).toThrow(CalComConfigError);
    try {
      new CalComClient({ apiKey: KEY, baseUrl: 'cal_live_oops' });
    } catch (e) {
      expect((e as Error).message).not.toContain('cal_live_oops');
    }
  });

  it('rejects nonsensical numeric options', () => {
    expect(() => new CalComClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(CalComConfigError);
    expect(() => new CalComClient({ apiKey: KEY, maxRetries: -1 })).toThrow(CalComConfigError);
    expect(() => new CalComClient({ apiKey: KEY, maxRetries: 1.5 })).toThrow(CalComConfigError);
  });

  it('keeps the key out of the client object', () => {
    expect(JSON.stringify(client)).not.toContain(KEY);
    expect(Object.values(client).join(' ')).not.toContain(KEY);
  });
});

describe('headers', () => {
  it('sends Bearer auth and JSON accept on every call, and no version for /me and /teams', async () => {
    stub.on('GET /me', ok(fx.me));
    stub.on('GET /teams', ok([fx.team]));
    await client.me();
    await client.listTeams();
    for (const req of stub.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(req.headers.accept).toBe('application/json');
      expect(req.headers['cal-api-version']).toBeUndefined();
      expect(req.headers['content-type']).toBeUndefined();
    }
  });

  it('sends the cal-api-version of each endpoint group', async () => {
    stub.on('GET /event-types', ok([fx.eventType]));
    stub.on('GET /event-types/101', ok(fx.eventType));
    stub.on('GET /slots', ok({}));
    stub.on('POST /slots/reservations', ok(fx.reservation, 201));
    stub.on('DELETE /slots/reservations/rsv_1', { body: { status: 'success' } });
    stub.on('POST /bookings', ok(fx.booking, 201));
    stub.on('GET /bookings', ok([fx.booking]));
    stub.on('GET /bookings/bk_abc123', ok(fx.booking));
    stub.on('POST /bookings/bk_abc123/cancel', ok({ ...fx.booking, status: 'cancelled' }));
    stub.on('POST /bookings/bk_abc123/reschedule', ok({ ...fx.booking, uid: 'bk_new' }, 201));

    await client.listEventTypes();
    await client.getEventType(101);
    await client.getSlots({ eventTypeId: 101, start: '2026-11-25', end: '2026-11-26', timeZone: 'Europe/Rome' });
    await client.reserveSlot({ eventTypeId: 101, slotStart: '2026-11-25T09:00:00Z' });
    await client.deleteReservation('rsv_1');
    await client.createBooking({
      eventTypeId: 101,
      start: '2026-11-25T09:00:00Z',
      attendee: { name: 'Ada', timeZone: 'Europe/Rome', email: 'ada@example.com' },
    });
    await client.listBookings();
    await client.getBooking('bk_abc123');
    await client.cancelBooking('bk_abc123');
    await client.rescheduleBooking('bk_abc123', { start: '2026-11-26T09:00:00Z' });

    const versions = Object.fromEntries(stub.requests.map((r) => [`${r.method} ${r.path}`, r.headers['cal-api-version']]));
    expect(versions).toEqual({
      'GET /event-types': '2024-06-14',
      'GET /event-types/101': '2024-06-14',
      'GET /slots': '2024-09-04',
      'POST /slots/reservations': '2024-09-04',
      'DELETE /slots/reservations/rsv_1': '2024-09-04',
      'POST /bookings': '2024-08-13',
      'GET /bookings': '2024-08-13',
      'GET /bookings/bk_abc123': '2024-08-13',
      'POST /bookings/bk_abc123/cancel': '2024-08-13',
      'POST /bookings/bk_abc123/reschedule': '2024-08-13',
    });
    for (const req of stub.requests.filter((r) => r.method === 'POST')) {
      expect(req.headers['content-type']).toBe('application/json');
    }
  });
});

describe('endpoints', () => {
  it('me', async () => {
    stub.on('GET /me', ok(fx.me));
    const me = await client.me();
    expect(me).toMatchObject({ id: 7, username: 'dr-rossi', timeZone: 'Europe/Rome', bio: null });
    expect(only()).toMatchObject({ method: 'GET', path: '/me', body: '' });
  });

  it('listEventTypes passes username and eventSlug, and parses every location kind', async () => {
    stub.on('GET /event-types', ok([fx.eventType]));
    const [et] = await client.listEventTypes({ username: 'dr-rossi', eventSlug: 'consultation' });
    const req = only();
    expect(req.query.get('username')).toBe('dr-rossi');
    expect(req.query.get('eventSlug')).toBe('consultation');
    expect(et?.locations.map((l) => l.type)).toEqual(['address', 'integration', 'attendeePhone', 'somethingNew']);
    expect(et?.locations[0]).toMatchObject({ address: 'Via Roma 1, Milano' });
    expect(et?.bookingFields.filter((f) => f.required).map((f) => f.slug)).toEqual(['name', 'email']);
    expect(et).toHaveProperty('users');
  });

  it('listEventTypes sends no query when none is given, and wraps a single answer in a list', async () => {
    stub.on('GET /event-types', ok(fx.eventType));
    expect(await client.listEventTypes()).toHaveLength(1);
    expect([...only().query.keys()]).toEqual([]);
  });

  it('getEventType', async () => {
    stub.on('GET /event-types/101', ok(fx.eventType));
    expect((await client.getEventType(101)).slug).toBe('consultation');
    expect(only().path).toBe('/event-types/101');
  });

  it('listTeams and listTeamEventTypes, with host objects and camelCase scheduling types', async () => {
    stub.on('GET /teams', ok([fx.team]));
    stub.on('GET /teams/9/event-types', ok([fx.teamEventType, { ...fx.teamEventType, id: 203, schedulingType: 'COLLECTIVE' }]));
    expect(await client.listTeams()).toEqual([fx.team]);
    const ets = await client.listTeamEventTypes(9, { eventSlug: 'team-intro' });
    expect(stub.requests[1]?.query.get('eventSlug')).toBe('team-intro');
    expect(ets.map((e) => e.schedulingType)).toEqual(['roundRobin', 'collective']);
    expect(ets[0]?.hosts.map((h) => [h.userId, h.mandatory])).toEqual([
      [7, true],
      [8, undefined],
    ]);
    expect(ets[0]?.team?.slug).toBe('clinic');
  });

  it('getSlots sends every filter plus format=range and flattens the days', async () => {
    stub.on(
      'GET /slots',
      ok({
        '2026-11-26': [{ start: '2026-11-26T09:00:00.000+01:00', end: '2026-11-26T09:30:00.000+01:00' }],
        '2026-11-25': [
          { start: '2026-11-25T10:00:00.000+01:00', end: '2026-11-25T10:30:00.000+01:00' },
          { start: '2026-11-25T09:00:00.000+01:00', end: '2026-11-25T09:30:00.000+01:00' },
        ],
      }),
    );
    const slots = await client.getSlots({
      eventTypeSlug: 'team-intro',
      teamSlug: 'clinic',
      username: 'dr-rossi',
      start: '2026-11-25T00:00:00Z',
      end: '2026-11-27T00:00:00Z',
      timeZone: 'Europe/Rome',
      duration: 60,
    });
    expect(Object.fromEntries(only().query)).toEqual({
      eventTypeSlug: 'team-intro',
      teamSlug: 'clinic',
      username: 'dr-rossi',
      start: '2026-11-25T00:00:00Z',
      end: '2026-11-27T00:00:00Z',
      timeZone: 'Europe/Rome',
      duration: '60',
      format: 'range',
    });
    expect(slots).toEqual([
      { start: '2026-11-25T09:00:00.000+01:00', end: '2026-11-25T09:30:00.000+01:00', date: '2026-11-25' },
      { start: '2026-11-25T10:00:00.000+01:00', end: '2026-11-25T10:30:00.000+01:00', date: '2026-11-25' },
      { start: '2026-11-26T09:00:00.000+01:00', end: '2026-11-26T09:30:00.000+01:00', date: '2026-11-26' },
    ]);
  });

  it('getSlots refuses a query with no way to identify the event type, without sending it', async () => {
    await expect(
      client.getSlots({ eventTypeSlug: 'x', start: '2026-11-25', end: '2026-11-26', timeZone: 'UTC' }),
    ).rejects.toBeInstanceOf(CalComValidationError);
    expect(stub.requests).toHaveLength(0);
  });

  it('reserveSlot converts slotStart to UTC', async () => {
    stub.on('POST /slots/reservations', ok(fx.reservation, 201));
    const r = await client.reserveSlot({ eventTypeId: 101, slotStart: '2026-11-25T10:00:00.000+01:00', reservationDuration: 5 });
    expect(r.reservationUid).toBe('rsv_1');
    expect(JSON.parse(only().body)).toEqual({ eventTypeId: 101, slotStart: '2026-11-25T09:00:00Z', reservationDuration: 5 });
  });

  it('deleteReservation accepts {status:"success"} and an empty 204', async () => {
    stub.on('DELETE /slots/reservations/rsv_1', { body: { status: 'success' } }, { status: 204 });
    await expect(client.deleteReservation('rsv_1')).resolves.toBeUndefined();
    await expect(client.deleteReservation('rsv_1')).resolves.toBeUndefined();
    expect(stub.requests.map((r) => r.body)).toEqual(['', '']);
  });

  it('createBooking sends start as UTC Z and passes the rest through', async () => {
    stub.on('POST /bookings', ok(fx.booking, 201));
    const booking = await client.createBooking({
      eventTypeId: 101,
      start: '2026-11-25T10:00:00.000+01:00',
      attendee: { name: 'Ada', email: 'ada@example.com', timeZone: 'Europe/Rome', phoneNumber: '+390211111111' },
      location: { type: 'attendeePhone', phone: '+390211111111' },
      bookingFieldsResponses: { notes: 'first visit' },
      metadata: { callId: 'call-1' },
      lengthInMinutes: 30,
    });
    expect(booking).toMatchObject({ uid: 'bk_abc123', status: 'accepted', hosts: [{ id: 7 }] });
    const req = only();
    expect(req).toMatchObject({ method: 'POST', path: '/bookings' });
    expect(JSON.parse(req.body)).toEqual({
      eventTypeId: 101,
      start: '2026-11-25T09:00:00Z',
      attendee: { name: 'Ada', email: 'ada@example.com', timeZone: 'Europe/Rome', phoneNumber: '+390211111111' },
      location: { type: 'attendeePhone', phone: '+390211111111' },
      bookingFieldsResponses: { notes: 'first visit' },
      metadata: { callId: 'call-1' },
      lengthInMinutes: 30,
    });
  });

  it('createBooking refuses a start without an offset rather than guess the zone', async () => {
    const error = await client
      .createBooking({ eventTypeId: 101, start: '2026-11-25T10:00:00', attendee: { name: 'Ada', timeZone: 'Europe/Rome' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComValidationError);
    expect((error as CalComValidationError).message).toContain('start');
    expect((error as CalComValidationError).status).toBeUndefined();
    expect(stub.requests).toHaveLength(0);
  });

  it('createBooking returns the first occurrence of a recurring booking', async () => {
    stub.on('POST /bookings', ok([{ ...fx.booking, recurringBookingUid: 'rec_1' }, { ...fx.booking, uid: 'bk_2' }], 201));
    const booking = await client.createBooking({
      eventTypeSlug: 'consultation',
      username: 'dr-rossi',
      start: '2026-11-25T09:00:00Z',
      attendee: { name: 'Ada', timeZone: 'Europe/Rome' },
    });
    expect(booking).toMatchObject({ uid: 'bk_abc123', recurringBookingUid: 'rec_1' });
  });

  it('getBooking encodes the uid', async () => {
    stub.on('GET /bookings/a%2Fb', ok(fx.booking));
    await client.getBooking('a/b');
    expect(only().path).toBe('/bookings/a%2Fb');
  });

  it('listBookings sends its filters, status comma-joined and times as UTC', async () => {
    stub.on('GET /bookings', { body: { status: 'success', data: [fx.booking], pagination: { totalItems: 1 } } });
    const bookings = await client.listBookings({
      attendeeEmail: 'ada@example.com',
      afterStart: '2026-11-25T10:00:00+01:00',
      beforeEnd: '2026-11-25T09:30:00Z',
      status: ['upcoming', 'unconfirmed'],
      eventTypeId: 101,
      take: 5,
      skip: 10,
    });
    expect(bookings).toHaveLength(1);
    expect(Object.fromEntries(only().query)).toEqual({
      attendeeEmail: 'ada@example.com',
      afterStart: '2026-11-25T09:00:00Z',
      beforeEnd: '2026-11-25T09:30:00Z',
      status: 'upcoming,unconfirmed',
      eventTypeId: '101',
      take: '5',
      skip: '10',
    });
  });

  it('cancelBooking always sends a body, {} when there is no reason', async () => {
    stub.on('POST /bookings/bk_abc123/cancel', ok({ ...fx.booking, status: 'cancelled', cancellationReason: 'ill' }));
    await client.cancelBooking('bk_abc123');
    const cancelled = await client.cancelBooking('bk_abc123', { cancellationReason: 'ill' });
    expect(cancelled.status).toBe('cancelled');
    expect(stub.requests.map((r) => r.body)).toEqual(['{}', '{"cancellationReason":"ill"}']);
  });

  it('rescheduleBooking sends start as UTC and returns the new booking', async () => {
    stub.on('POST /bookings/bk_abc123/reschedule', ok({ ...fx.booking, uid: 'bk_new', rescheduledFromUid: 'bk_abc123' }, 201));
    const moved = await client.rescheduleBooking('bk_abc123', {
      start: '2026-11-26T15:00:00+01:00',
      reschedulingReason: 'conflict',
      rescheduledBy: 'ada@example.com',
    });
    expect(moved).toMatchObject({ uid: 'bk_new', rescheduledFromUid: 'bk_abc123' });
    expect(JSON.parse(only().body)).toEqual({
      start: '2026-11-26T14:00:00Z',
      reschedulingReason: 'conflict',
      rescheduledBy: 'ada@example.com',
    });
  });

  it('refuses bad ids and uids without sending anything', async () => {
    await expect(client.getEventType(0)).rejects.toBeInstanceOf(CalComValidationError);
    await expect(client.listTeamEventTypes(Number.NaN)).rejects.toBeInstanceOf(CalComValidationError);
    await expect(client.getBooking('')).rejects.toBeInstanceOf(CalComValidationError);
    expect(stub.requests).toHaveLength(0);
  });
});
