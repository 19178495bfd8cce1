// Retries, timeouts, caller aborts and connection reuse, counted at the server.
import { setImmediate } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CalComAbortError,
  CalComClient,
  type CalComClientOptions,
  CalComNetworkError,
  CalComRateLimitError,
  CalComServerError,
  CalComTimeoutError,
} from '../../src/calcom/index.js';
import * as fx from './fixtures.js';
import { calError, ok, type Stub, startStub } from './stub-server.js';

const KEY = 'cal_test_retry';
const bookingInput = {
  eventTypeId: 101,
  start: '2026-11-25T09:00:00Z',
  attendee: { name: 'Ada', email: 'ada@example.com', timeZone: 'Europe/Rome' },
};
const unavailable = calError(503, 'ServiceUnavailable', 'down');
const throttled = (resetSeconds: number) => ({
  ...calError(429, 'ThrottlerException', 'Too many requests. Please try again later.'),
  headers: {
    'X-RateLimit-Limit-Default': '120',
    'X-RateLimit-Remaining-Default': '0',
    'X-RateLimit-Reset-Default': String(resetSeconds),
  },
});

let stub: Stub;
const make = (opts: CalComClientOptions = {}) =>
  new CalComClient({ apiKey: KEY, baseUrl: stub.url, timeoutMs: 1_000, bookingTimeoutMs: 1_000, ...opts });

beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

describe('reads', () => {
  it('a GET is retried on 503 and then succeeds', async () => {
    stub.on('GET /me', unavailable, ok(fx.me));
    await expect(make().me()).resolves.toMatchObject({ id: 7 });
    expect(stub.requests).toHaveLength(2);
  });

  it('a GET gives up after maxRetries', async () => {
    stub.on('GET /me', unavailable);
    await expect(make({ maxRetries: 2 }).me()).rejects.toBeInstanceOf(CalComServerError);
    expect(stub.requests).toHaveLength(3);
  });

  it('a GET is retried on 408 and on a timeout', async () => {
    stub.on('GET /teams', { status: 408, body: '' }, { ...ok([]), delayMs: 600 }, ok([fx.team]));
    await expect(make({ timeoutMs: 200 }).listTeams()).resolves.toHaveLength(1);
    expect(stub.requests).toHaveLength(3);
  });

  it('a GET is retried after the connection drops', async () => {
    stub.on('GET /me', { destroy: true }, ok(fx.me));
    await expect(make().me()).resolves.toMatchObject({ id: 7 });
    expect(stub.requests).toHaveLength(2);
  });

  it('a DELETE is retried on 502', async () => {
    stub.on('DELETE /slots/reservations/rsv_1', { status: 502, body: 'bad gateway' }, { body: { status: 'success' } });
    await expect(make().deleteReservation('rsv_1')).resolves.toBeUndefined();
    expect(stub.requests).toHaveLength(2);
  });

  it('a 4xx other than 408/429 is not retried', async () => {
    stub.on('GET /event-types/5', calError(404, 'NotFoundException', 'nope'));
    await expect(make().getEventType(5)).rejects.toThrow();
    expect(stub.requests).toHaveLength(1);
  });

  it('a timeout with no retries left is a CalComTimeoutError', async () => {
    stub.on('GET /me', { ...ok(fx.me), delayMs: 600 });
    const started = Date.now();
    const error = await make({ maxRetries: 0 }).me({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComTimeoutError);
    expect((error as CalComTimeoutError).message).toContain('within 200 ms');
    expect(Date.now() - started).toBeLessThan(550);
  });
});

describe('booking POSTs', () => {
  it('are not retried on 503: exactly one request reached the server', async () => {
    stub.on('POST /bookings', unavailable, ok(fx.booking, 201));
    const error = await make().createBooking(bookingInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComServerError);
    expect((error as Error).message).toContain('may or may not have been made');
    expect(stub.requests).toHaveLength(1);
  });

  it('are not retried on a timeout: exactly one request reached the server', async () => {
    stub.on('POST /bookings', { ...ok(fx.booking, 201), delayMs: 600 });
    const error = await make({ bookingTimeoutMs: 200 }).createBooking(bookingInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComTimeoutError);
    expect((error as CalComTimeoutError).retryable).toBe(false);
    expect((error as Error).message).toContain('The booking may or may not have been made');
    await new Promise((r) => setTimeout(r, 700));
    expect(stub.requests).toHaveLength(1);
  });

  it('are not retried when the connection drops', async () => {
    stub.on('POST /bookings/bk_1/cancel', { destroy: true }, ok(fx.booking));
    const error = await make().cancelBooking('bk_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComNetworkError);
    expect((error as Error).message).toContain('cancellation may or may not have happened');
    expect(stub.requests).toHaveLength(1);
  });

  it('use bookingTimeoutMs, reads use timeoutMs', async () => {
    stub.on('POST /bookings', { ...ok(fx.booking, 201), delayMs: 400 });
    stub.on('GET /me', { ...ok(fx.me), delayMs: 400 });
    const client = make({ timeoutMs: 200, bookingTimeoutMs: 2_000, maxRetries: 0 });
    await expect(client.createBooking(bookingInput)).resolves.toMatchObject({ uid: 'bk_abc123' });
    await expect(client.me()).rejects.toBeInstanceOf(CalComTimeoutError);
  });

  it('are retried on 429 after the reset (1 s)', async () => {
    stub.on('POST /bookings', throttled(1), ok(fx.booking, 201));
    const started = Date.now();
    await expect(make().createBooking(bookingInput)).resolves.toMatchObject({ uid: 'bk_abc123' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(stub.requests).toHaveLength(2);
  });

  it('fail at once on 429 when the reset (60 s) is beyond maxRateLimitWaitMs', async () => {
    stub.on('POST /bookings', throttled(60), ok(fx.booking, 201));
    const started = Date.now();
    const error = await make().createBooking(bookingInput).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(CalComRateLimitError);
    expect((error as CalComRateLimitError).retryable).toBe(false);
    expect((error as CalComRateLimitError).resetAt!.getTime()).toBeGreaterThan(Date.now() + 55_000);
    expect(stub.requests).toHaveLength(1);
  });
});

describe('rate limits on reads', () => {
  it('honour Retry-After and a short reset, but give up on a long one', async () => {
    stub.on('GET /teams', { ...calError(429, 'x', 'slow down'), headers: { 'Retry-After': '0' } }, ok([]));
    await expect(make().listTeams()).resolves.toEqual([]);
    stub.on('GET /me', throttled(10));
    await expect(make({ maxRateLimitWaitMs: 5_000 }).me()).rejects.toBeInstanceOf(CalComRateLimitError);
    expect(stub.requests.filter((r) => r.path === '/me')).toHaveLength(1);
  });
});

describe('caller aborts', () => {
  it('end an in-flight call at once and are never retried', async () => {
    stub.on('GET /me', { ...ok(fx.me), delayMs: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await make().me({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComAbortError);
    expect(Date.now() - started).toBeLessThan(600);
    await new Promise((r) => setTimeout(r, 400));
    expect(stub.requests).toHaveLength(1);
  });

  it('during the backoff stop further attempts', async () => {
    stub.on('GET /me', unavailable, ok(fx.me));
    const controller = new AbortController();
    const call = make().me({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toBeInstanceOf(CalComAbortError);
    await new Promise((r) => setTimeout(r, 600));
    expect(stub.requests).toHaveLength(1);
  });

  it('during a rate-limit wait stop further attempts', async () => {
    stub.on('GET /me', throttled(2), ok(fx.me));
    const controller = new AbortController();
    const call = make().me({ signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(call).rejects.toBeInstanceOf(CalComAbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stub.requests).toHaveLength(1);
  });

  it('before the call sends nothing', async () => {
    stub.on('GET /me', ok(fx.me));
    await expect(make().me({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CalComAbortError);
    expect(stub.requests).toHaveLength(0);
  });

  it('on a booking say the booking may have been made', async () => {
    stub.on('POST /bookings', { ...ok(fx.booking, 201), delayMs: 1_000 });
    const error = await make()
      .createBooking(bookingInput, { signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalComAbortError);
    expect((error as Error).message).toContain('may or may not have been made');
  });
});

describe('keep-alive', () => {
  // undici waits one event-loop turn after a response before reusing its socket (servers that promise keep-alive
  // sometimes close anyway), so calls are spaced by a turn, as any real caller's are.
  it('sequential calls, including failed ones and POSTs, reuse one connection', async () => {
    stub.on('GET /me', ok(fx.me));
    stub.on('GET /event-types/5', calError(404, 'NotFoundException', 'nope'));
    stub.on('POST /bookings', ok(fx.booking, 201));
    const client = make();
    const calls = [
      () => client.me(),
      () => client.getEventType(5).catch(() => undefined),
      () => client.createBooking(bookingInput),
      () => client.me(),
      () => make().me(),
    ];
    for (const call of calls) {
      await call();
      await setImmediate();
    }
    expect(stub.requests).toHaveLength(5);
    expect(stub.connections()).toBe(1);
  });

  it('back-to-back calls in the same turn still do not open a connection per request', async () => {
    stub.on('GET /me', ok(fx.me));
    const client = make();
    for (let i = 0; i < 10; i++) await client.me();
    expect(stub.connections()).toBeLessThanOrEqual(2);
  });
});
