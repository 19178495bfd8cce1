// The API key, attendee emails and phone numbers never reach an error or a log line, on any path.
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalComClient, CalComConfigError, isCalComError } from '../../src/calcom/index.js';
import * as fx from './fixtures.js';
import { calError, ok, type Reply, type Stub, startStub } from './stub-server.js';

const KEY = 'cal_live_SECRET_do_not_leak_7f3a9c';
const EMAIL = 'ada.private@example.com';
const PHONE = '+390299998888';
const bookingInput = {
  eventTypeId: 101,
  start: '2026-11-25T10:00:00+01:00',
  attendee: { name: 'Ada', email: EMAIL, phoneNumber: PHONE, timeZone: 'Europe/Rome' },
  location: { type: 'attendeePhone' as const, phone: PHONE },
};

// A careless server that echoes the Authorization header back in its error text.
const echo = (status: number, headers?: Record<string, string>): Reply => ({
  ...calError(status, 'Echo', `bad header: Bearer ${KEY}`, { seen: KEY }),
  ...(headers ? { headers } : {}),
});

let stub: Stub;
let client: CalComClient;
const logLines: string[] = [];
const errors: unknown[] = [];

async function collect(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    errors.push(error);
    return;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  stub = await startStub();
  const logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
  client = new CalComClient({ apiKey: KEY, baseUrl: stub.url, logger, maxRetries: 1, timeoutMs: 200, bookingTimeoutMs: 200 });

  stub.on('GET /me', echo(401));
  stub.on('GET /event-types/1', echo(403));
  stub.on('GET /event-types/2', echo(404));
  stub.on('POST /bookings', echo(409), echo(400), echo(422), echo(500), echo(429, { 'X-RateLimit-Reset-Default': '60' }), {
    ...ok(fx.booking, 201),
    delayMs: 500,
  }, { status: 502, body: `upstream said ${KEY}` }, { status: 201, body: `not json ${KEY}` }, { destroy: true });
  stub.on('GET /teams', { status: 200, body: { status: 'success', data: [{ id: KEY }] } });
  stub.on('GET /bookings', echo(503));
  stub.on('GET /slots', { ...ok({}), delayMs: 1_000 });

  await collect(() => client.me());
  await collect(() => client.getEventType(1));
  await collect(() => client.getEventType(2));
  for (let i = 0; i < 9; i++) await collect(() => client.createBooking(bookingInput));
  await collect(() => client.listTeams());
  await collect(() => client.listBookings({ attendeeEmail: EMAIL, status: ['upcoming'] }));
  await collect(() =>
    client.getSlots(
      { eventTypeId: 1, start: '2026-11-25', end: '2026-11-26', timeZone: 'UTC' },
      { signal: AbortSignal.timeout(50) },
    ),
  );
  await collect(() => client.createBooking({ ...bookingInput, start: `${KEY} at ten` }));
  await collect(() => new CalComClient({ apiKey: KEY, baseUrl: `https://${KEY}@api.cal.com/v2`.replace('https://', 'ftp://') }).me());
  const offline = new CalComClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v2', maxRetries: 0, logger });
  await collect(() => offline.createBooking(bookingInput));
});

afterAll(async () => {
  await stub.close();
});

describe('secrets', () => {
  it('exercised every error class', () => {
    const names = new Set(errors.map((e) => (e as Error).name));
    expect([...names].sort()).toEqual(
      [
        'CalComAbortError',
        'CalComAuthError',
        'CalComConfigError',
        'CalComNetworkError',
        'CalComNotFoundError',
        'CalComRateLimitError',
        'CalComResponseError',
        'CalComServerError',
        'CalComSlotUnavailableError',
        'CalComTimeoutError',
        'CalComValidationError',
      ].sort(),
    );
    expect(errors.every((e) => isCalComError(e) || e instanceof CalComConfigError)).toBe(true);
  });

  it('no error shows the key in its message, JSON, string form, inspection or stack', () => {
    for (const error of errors) {
      const views = [(error as Error).message, JSON.stringify(error), String(error), inspect(error, { depth: 5 }), (error as Error).stack];
      for (const view of views) expect(view).not.toContain(KEY);
    }
  });

  it('server text that echoed the key arrives redacted', () => {
    const echoed = errors.filter((e) => String(e).includes('bad header'));
    expect(echoed.length).toBeGreaterThan(3);
    for (const e of echoed) expect(String(e)).toContain('[redacted]');
  });

  it('logs carry method, path, status and timing, but no key, email or phone', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const all = logLines.join('\n');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(PHONE);
    expect(all).not.toMatch(/authorization/i);
    const first = JSON.parse(logLines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ method: 'GET', path: '/me', status: 401, attempt: 1 });
    expect(first).toHaveProperty('durationMs');
  });

  it('errors do not carry attendee emails or phones either', () => {
    for (const error of errors) {
      const text = `${String(error)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(PHONE);
    }
  });
});
