// Each Cal.com failure becomes the error class that says what to do, with the fields a caller needs.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CalComAuthError,
  CalComClient,
  CalComError,
  CalComNetworkError,
  CalComNotFoundError,
  CalComRateLimitError,
  CalComResponseError,
  CalComServerError,
  CalComSlotUnavailableError,
  CalComValidationError,
  isCalComError,
} from '../../src/calcom/index.js';
import * as fx from './fixtures.js';
import { calError, ok, type Stub, startStub } from './stub-server.js';

const KEY = 'cal_test_errors';
const bookingInput = {
  eventTypeId: 101,
  start: '2026-11-25T09:00:00Z',
  attendee: { name: 'Ada', email: 'ada@example.com', timeZone: 'Europe/Rome' },
};
let stub: Stub;
let client: CalComClient;

beforeEach(async () => {
  stub = await startStub();
  client = new CalComClient({ apiKey: KEY, baseUrl: stub.url, maxRetries: 0, timeoutMs: 2_000 });
});
afterEach(async () => {
  await stub.close();
});

async function failure(promise: Promise<unknown>): Promise<CalComError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(isCalComError(error)).toBe(true);
  return error as CalComError;
}

describe('auth', () => {
  it('401: the key is wrong or revoked, and where to make a new one', async () => {
    stub.on('GET /me', { ...calError(401, 'UnauthorizedException', 'Invalid API Key'), headers: { 'x-request-id': 'req-1' } });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(CalComAuthError);
    expect(error).toMatchObject({ status: 401, code: 'UnauthorizedException', endpoint: 'GET /me', requestId: 'req-1', retryable: false });
    expect(error.message).toMatch(/wrong or revoked/);
    expect(error.message).toContain('Settings → Developer → API Keys');
    expect(error.message).toContain('CALCOM_API_KEY');
  });

  it('403: the key lacks access to this resource', async () => {
    stub.on('GET /event-types/5', calError(403, 'ForbiddenException', 'Not the owner'));
    const error = await failure(client.getEventType(5));
    expect(error).toBeInstanceOf(CalComAuthError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('lacks access');
  });
});

describe('not found', () => {
  it.each([
    ['an event type', () => client.getEventType(5), 'GET /event-types/5', 'event type'],
    ['a booking', () => client.getBooking('nope'), 'GET /bookings/nope', 'booking'],
    ['a reservation', () => client.deleteReservation('gone'), 'DELETE /slots/reservations/gone', 'reservation'],
    ['a team', () => client.listTeamEventTypes(77), 'GET /teams/77/event-types', 'event type'],
  ])('404 on %s names what was missing', async (_label, call, endpoint, subject) => {
    const [method, path] = endpoint.split(' ') as [string, string];
    stub.on(`${method} ${path}`, calError(404, 'NotFoundException', 'not found'));
    const error = await failure(call());
    expect(error).toBeInstanceOf(CalComNotFoundError);
    expect(error).toMatchObject({ endpoint, subject, status: 404 });
    expect(error.message).toContain(`no such ${subject}`);
    expect(error.message).toContain('id');
  });

  it('points at the connect command for event types', async () => {
    stub.on('GET /event-types/5', calError(404, 'NotFoundException', 'Event type with id 5 not found'));
    const error = await failure(client.getEventType(5));
    expect(error.message).toContain('cal-booking-action connect');
  });
});

describe('slot unavailable', () => {
  it.each([
    ['409 booking_conflict_error', calError(409, 'booking_conflict_error', 'conflict')],
    ['409 with a Prisma unique-constraint body', calError(409, 'CONFLICT', 'Invalid Input: Trying to create a record that already exists.')],
    ['400 no_available_users_found_error code', calError(400, 'no_available_users_found_error', 'No available users found')],
    ['400 fixed_hosts_unavailable_for_booking', calError(400, 'fixed_hosts_unavailable_for_booking', 'x')],
    ['400 round_robin_host_unavailable_for_booking', calError(400, 'round_robin_host_unavailable_for_booking', 'x')],
    ['400 booking_seats_full_error', calError(400, 'booking_seats_full_error', 'x')],
    ['400 already_signed_up_for_this_booking_error', calError(400, 'already_signed_up_for_this_booking_error', 'x')],
    ['400 with the code as the message', calError(400, 'HttpException', 'reserved_slot_not_first_in_line')],
    [
      '400 with 2024-08-13 rewritten text',
      calError(400, 'BadRequestException', 'User either already has booking at this time or is not available'),
    ],
    ['400 P2002 on the idempotency key', calError(400, 'BAD_REQUEST', 'Unique constraint failed on the fields: (`Booking_idempotencyKey_key`)')],
  ])('%s', async (_label, reply) => {
    stub.on('POST /bookings', reply);
    const error = await failure(client.createBooking(bookingInput));
    expect(error).toBeInstanceOf(CalComSlotUnavailableError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('no longer available');
    expect(error.message).toContain('Fetch fresh slots and offer the caller another time');
  });

  // apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts reserveSlot: a held or booked slot
  // is a 422 whose text is all that tells it from a validation failure.
  it.each([
    ['held', 'This time slot is already reserved by another user. Please choose a different time.'],
    ['booked', "Can't reserve a slot if the event is already booked."],
  ])('422 from POST /slots/reservations for a %s slot', async (_label, text) => {
    stub.on('POST /slots/reservations', calError(422, 'UnprocessableEntityException', text));
    const error = await failure(client.reserveSlot({ eventTypeId: 101, slotStart: '2026-11-25T09:00:00Z' }));
    expect(error).toBeInstanceOf(CalComSlotUnavailableError);
    expect(error).toMatchObject({ status: 422, code: 'UnprocessableEntityException', retryable: false });
    expect(error.message).toContain('no longer available');
  });

  it('reads secondsUntilRelease from details', async () => {
    stub.on('POST /bookings', calError(409, 'HttpException', 'reserved_slot_not_first_in_line', { secondsUntilRelease: 42 }));
    const error = (await failure(client.createBooking(bookingInput))) as CalComSlotUnavailableError;
    expect(error.secondsUntilRelease).toBe(42);
    expect(error.message).toContain('42 seconds');
  });

  it('reads secondsUntilRelease from the message', async () => {
    stub.on('POST /slots/reservations', calError(409, 'ConflictException', 'This slot is reserved; it will be freed up in 17 seconds'));
    const error = (await failure(client.reserveSlot({ eventTypeId: 101, slotStart: '2026-11-25T09:00:00Z' }))) as CalComSlotUnavailableError;
    expect(error).toBeInstanceOf(CalComSlotUnavailableError);
    expect(error.secondsUntilRelease).toBe(17);
  });
});

describe('validation', () => {
  it('400 carries Cal.com message verbatim', async () => {
    stub.on('POST /bookings/bk_1/reschedule', calError(400, 'BadRequestException', 'responses - {notes}error_required_field'));
    const error = await failure(client.rescheduleBooking('bk_1', { start: '2026-11-26T09:00:00Z' }));
    expect(error).toBeInstanceOf(CalComValidationError);
    expect(error).toMatchObject({ status: 400, serverMessage: 'responses - {notes}error_required_field' });
    expect(error.message).toContain('"responses - {notes}error_required_field"');
    expect(error.message).toContain('Fix the request');
  });

  it("422 and Nest's bare body with a message list", async () => {
    stub.on('POST /bookings', { status: 422, body: { statusCode: 422, message: ['start must be a date', 'attendee.name is empty'], error: 'Unprocessable Entity' } });
    const error = await failure(client.createBooking(bookingInput));
    expect(error).toBeInstanceOf(CalComValidationError);
    expect(error.message).toContain('start must be a date; attendee.name is empty');
  });

  it('a plain-text 400 still yields its text', async () => {
    stub.on('GET /slots', { status: 400, body: 'eventTypeId must be a number' });
    const error = await failure(client.getSlots({ eventTypeId: 1, start: '2026-01-01', end: '2026-01-02', timeZone: 'UTC' }));
    expect(error).toBeInstanceOf(CalComValidationError);
    expect(error.message).toContain('eventTypeId must be a number');
  });
});

describe('rate limit', () => {
  it('429 carries resetAt and says the per-key limit', async () => {
    stub.on('GET /me', { ...calError(429, 'ThrottlerException', 'Too many requests. Please try again later.'), headers: { 'X-RateLimit-Reset-Default': '30' } });
    const before = Date.now();
    const error = (await failure(client.me())) as CalComRateLimitError;
    expect(error).toBeInstanceOf(CalComRateLimitError);
    expect(error.resetAt!.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(error.resetAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(error.message).toContain('120 requests/min');
    expect(error.message).toMatch(/resets in 3\d s/);
  });
});

describe('server errors', () => {
  it('5xx on a read: Cal.com is having problems, retry later', async () => {
    stub.on('GET /me', { status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(CalComServerError);
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(error.message).toContain('Try again later');
  });

  it('5xx on a booking: the booking may or may not have been made', async () => {
    stub.on('POST /bookings', calError(500, 'internal_server_error', 'boom'));
    const error = await failure(client.createBooking(bookingInput));
    expect(error).toBeInstanceOf(CalComServerError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('The booking may or may not have been made: look it up');
  });

  it('an HTML error page stays out of the message', async () => {
    stub.on('GET /me', { status: 502, body: '<html><body>Bad gateway</body></html>' });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(CalComServerError);
    expect(error.message).not.toContain('<html>');
  });

  it('an unexpected status still becomes a CalComError', async () => {
    stub.on('POST /bookings', calError(402, 'payment_required', 'Payment required'));
    const error = await failure(client.createBooking(bookingInput));
    expect(error.constructor).toBe(CalComError);
    expect(error).toMatchObject({ status: 402, code: 'payment_required', retryable: false });
  });
});

describe('unexpected 2xx answers', () => {
  it('a body that is not JSON', async () => {
    stub.on('GET /me', { status: 200, body: 'hello' });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(CalComResponseError);
    expect(error.message).toContain('Cal.com answered GET /me with something unexpected');
    expect(error.message).toContain('not JSON');
  });

  it('a body that fails its schema names the field', async () => {
    stub.on('GET /bookings/bk_1', ok({ ...fx.booking, start: 12 }));
    const error = await failure(client.getBooking('bk_1'));
    expect(error).toBeInstanceOf(CalComResponseError);
    expect(error.endpoint).toBe('GET /bookings/bk_1');
    expect(error.message).toContain('start');
  });

  it('an error envelope with a 2xx status', async () => {
    stub.on('GET /teams', { status: 200, body: { status: 'error', error: { code: 'x', message: 'y' } } });
    expect(await failure(client.listTeams())).toBeInstanceOf(CalComResponseError);
  });

  it('after a booking POST it warns that the booking may exist', async () => {
    stub.on('POST /bookings', ok({ unexpected: true }, 201));
    const error = await failure(client.createBooking(bookingInput));
    expect(error).toBeInstanceOf(CalComResponseError);
    expect(error.message).toContain('may or may not have been made');
  });
});

describe('network', () => {
  it('a refused connection names the host and CALCOM_API_URL', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const offline = new CalComClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v2`, maxRetries: 0 });
    const error = await failure(offline.me());
    expect(error).toBeInstanceOf(CalComNetworkError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('CALCOM_API_URL');
    expect(error.retryable).toBe(true);
  });
});

describe('guard', () => {
  it('isCalComError is false for other errors and values', () => {
    expect(isCalComError(new Error('x'))).toBe(false);
    expect(isCalComError(null)).toBe(false);
    expect(isCalComError({ retryable: true })).toBe(false);
  });
});
