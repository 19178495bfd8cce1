// The sandbox under hostile input, one test per measured case of issue 9: a deeply nested booking body (with and
// without a data file), oversized bodies, the admin API from a web page (cross-site or DNS rebinding), API keys
// in /_sandbox/world, the admin token, bad UTF-8, oversized and slow headers, and a state that cannot be saved.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateFile } from '../../src/sandbox/persistence.js';
import { startSandboxServer, type RunningSandbox, type SandboxServerOptions } from '../../src/sandbox/server.js';
import { emptyState } from '../../src/sandbox/sandbox.js';
import { rawRequest, requestText } from '../http/raw.js';
import { API_KEY, personal, user, weekly, world } from './worlds.js';

const W = world({ users: [user(1, 'UTC', weekly([{ start: '00:00', end: '24:00' }]))], eventTypes: [personal(1, 1)] });
const running: RunningSandbox[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Not the recording helper: these answers are deliberately off the happy path and have no place in the contract check.
async function sandbox(o: SandboxServerOptions = {}): Promise<RunningSandbox> {
  const s = await startSandboxServer({ world: W, rateLimit: 0, ...o });
  running.push(s);
  return s;
}
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-hostile-'));
  dirs.push(d);
  return d;
};

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const bookingWithDeepFields = (depth: number) =>
  `{"start":"2026-05-04T10:00:00Z","eventTypeId":1,"attendee":{"name":"Jo","email":"jo@x.example","timeZone":"UTC"},"bookingFieldsResponses":{"x":${nested(depth)}}}`;

const post = (s: RunningSandbox, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'cal-api-version': '2024-08-13', ...headers }, body });

function expectEnvelope(json: any, status: number, code?: string) {
  expect(json).toMatchObject({ status: 'error', path: expect.any(String), timestamp: expect.any(String), error: { code: expect.any(String), message: expect.any(String) } });
  if (code) expect(json.error.code).toBe(code);
  expect(status).toBeGreaterThanOrEqual(400);
}

describe('bodies', () => {
  it.each([
    ['memory only', false],
    ['with a data file', true],
  ])('a booking body nested 6,000 deep is a 400 that names the limit, and the sandbox (%s) lives on', async (_, withData) => {
    const s = await sandbox(withData ? { dataFile: join(tempDir(), 'state.json') } : {});
    const r = await post(s, '/v2/bookings', bookingWithDeepFields(6_000));
    expect(r.status).toBe(400);
    const json: any = await r.json();
    expectEnvelope(json, r.status, 'BadRequestException');
    expect(json.error.message).toMatch(/more than 32 levels deep/);
    expect((await fetch(`${s.url}/_sandbox/health`)).status).toBe(200);
    // 30 levels inside the body's own two is still read: the limit is on real nesting, not a guess.
    const within: any = await (await post(s, "/v2/bookings", bookingWithDeepFields(30))).json();
    expect(within.error.message).not.toMatch(/levels deep/);
  });

  it('a body past Cal.com\'s 100 kB limit is a 413 in the envelope, whether declared or streamed', async () => {
    const s = await sandbox();
    const big = JSON.stringify({ start: 'x', pad: 'a'.repeat(101 * 1024) });
    const declared = await post(s, '/v2/bookings', big);
    expect(declared.status).toBe(413);
    expectEnvelope(await declared.json(), 413, 'PayloadTooLargeException');
    // Chunked, with no Content-Length to refuse up front: reading stops at the limit.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('a'.repeat(10_000)));
        c.close();
      },
    });
    const streamed = await fetch(`${s.url}/v2/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', 'cal-api-version': '2024-08-13' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as any).error.message).toMatch(/larger than 102400 bytes/);
    // Exactly at the limit is still read (and refused only for what it says).
    const edge = JSON.stringify({ pad: 'a'.repeat(100 * 1024 - 10) });
    expect((await post(s, '/v2/bookings', edge)).status).toBe(400);
  });

  it('bad UTF-8 and a non-JSON content type get their own 400 and 415', async () => {
    const s = await sandbox();
    const bad = await rawRequest(s.port, requestText(s.port, 'POST', '/v2/bookings', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { 'content-type': 'application/json', 'cal-api-version': '2024-08-13' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe('The request body is not valid UTF-8');
    const text = await post(s, '/v2/bookings', '{}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expectEnvelope(await text.json(), 415, 'UnsupportedMediaTypeException');
  });
});

describe('headers and slow clients', () => {
  it('headers past 16 KiB get a 431 in the envelope; a client too slow with its headers gets a 408', async () => {
    const s = await sandbox({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const huge = await rawRequest(s.port, requestText(s.port, 'GET', '/v2/me', '', { 'x-pad': 'a'.repeat(20_000) }));
    expect(huge.status).toBe(431);
    expectEnvelope(JSON.parse(huge.body), 431, 'RequestHeaderFieldsTooLargeException');
    const slow = await rawRequest(s.port, requestText(s.port, 'GET', '/_sandbox/health', '', { 'x-pad': 'a'.repeat(200) }), { pieceBytes: 5, pauseMs: 50, timeoutMs: 5_000 });
    expect(slow.status).toBe(408);
    expectEnvelope(JSON.parse(slow.body), 408, 'RequestTimeoutException');
    const garbage = await rawRequest(s.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect((await fetch(`${s.url}/_sandbox/health`)).status).toBe(200);
  });
});

describe('the admin API against web pages', () => {
  it('refuses a text/plain or form POST (what a cross-site page can send without a preflight), even with no body', async () => {
    const s = await sandbox();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await fetch(`${s.url}/_sandbox/reset`, { method: 'POST', headers: { 'content-type': type } });
      expect(r.status).toBe(415);
      expectEnvelope(await r.json(), 415, 'UnsupportedMediaTypeException');
    }
    const r = await fetch(`${s.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"errorRate":1}' });
    expect(r.status).toBe(415);
    expect(s.faults.current).not.toHaveProperty('errorRate', 1);
  });

  it('refuses a Host that is not its loopback name or address (DNS rebinding), on every route', async () => {
    const s = await sandbox();
    for (const host of ['evil.example', `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`, '']) {
      const r = await rawRequest(s.port, requestText(s.port, 'GET', '/_sandbox/world', '', { host }));
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(/not this server's loopback address/);
      const v2 = await rawRequest(s.port, requestText(s.port, 'GET', '/v2/me', '', { host, authorization: `Bearer ${API_KEY}` }));
      expect(v2.status).toBe(403);
    }
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `LOCALHOST:${s.port}`])
      expect((await rawRequest(s.port, requestText(s.port, 'GET', '/_sandbox/health', '', { host }))).status, host).toBe(200);
  });

  it('never returns an API key, the one given with --api-key included', async () => {
    const given = 'cal_live_0123456789abcdef0123456789abcdef';
    const s = await sandbox({ apiKey: given });
    const text = await (await fetch(`${s.url}/_sandbox/world`)).text();
    expect(text).not.toContain(given);
    expect(text).not.toContain(API_KEY);
    expect(JSON.parse(text).apiKeys).toEqual([{ userId: 1, key: '(hidden)' }]);
    // The key still works where it belongs.
    expect((await fetch(`${s.url}/v2/me`, { headers: { authorization: `Bearer ${given}` } })).status).toBe(200);
  });

  it('with an admin token, admin routes need it as a bearer token; /v2 is unaffected', async () => {
    const s = await sandbox({ adminToken: 'sesame-0123' });
    const without = await fetch(`${s.url}/_sandbox/bookings`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as any).error.message).toMatch(/Authorization: Bearer <admin token>/);
    expect((await fetch(`${s.url}/_sandbox/bookings`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${s.url}/_sandbox/bookings`, { headers: { authorization: 'Bearer sesame-0123' } })).status).toBe(200);
    expect((await fetch(`${s.url}/v2/me`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
  });
});

describe('resources', () => {
  it('a state that cannot be serialised fails its save without an unhandled rejection, and the next save works', async () => {
    const file = new StateFile(join(tempDir(), 'state.json'));
    const bad = { ...emptyState(), pinnedNow: 10n as unknown as string };
    await expect(file.save(bad)).rejects.toThrow(/BigInt/);
    await expect(file.save(emptyState())).resolves.toBeUndefined();
  });

  it('temporary files a killed sandbox left beside its data file are removed at start; other files stay', async () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    for (const name of ['state.json.123456789', 'state.json.42', 'state.json.bak', 'other.json.123']) writeFileSync(join(dir, name), '{}');
    await sandbox({ dataFile });
    // state.json itself is written at start: an unwritable path must fail there, not at the first booking.
    expect(readdirSync(dir).sort()).toEqual(['other.json.123', 'state.json', 'state.json.bak']);
  });
});

describe('rate-limit counters', () => {
  it('idle trackers are pruned once their window has passed; blocked ones stay until the block ends', async () => {
    const { RateLimiter } = await import('../../src/sandbox/rate-limit.js');
    let now = 1_000_000;
    const limiter = new RateLimiter(2, () => now);
    for (let i = 0; i < 1_000; i++) limiter.check(`key:made-up-${i}`);
    now += 30_000;
    for (let i = 0; i < 3; i++) limiter.check('key:greedy'); // blocked for 60 s from here
    expect(limiter.size).toBe(1_001);
    now += 30_000;
    limiter.check('key:fresh');
    expect(limiter.size).toBe(2); // the 1,000 idle ones are gone; greedy is remembered while blocked
    expect(limiter.check('key:greedy').allowed).toBe(false);
    now += 30_000;
    expect(limiter.check('key:greedy').allowed).toBe(true);
  });
});
