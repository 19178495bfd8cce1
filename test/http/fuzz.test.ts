// HTTP fuzzing of the three local servers (sandbox, SMS sink, LLM stand-in): random and structured requests on
// every route and method (deep nesting, huge and empty bodies, bad UTF-8, wrong content types, oversized and slow
// headers, broken request lines). Each server must stay up, never hit an unexpected error, and answer every
// request with a documented status in its own error shape (Cal.com's envelope for the sandbox).
// FUZZ_SCALE=10 runs 10,000 sandbox requests (and 3,000 per other server); see test/http/scale.ts.
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX_STATUSES } from '../../src/sandbox/api-error.js';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/server.js';
import { startSmsSink, type SmsSink } from '../../src/sms/sink.js';
import { startLlmStandin, type RunningLlmStandin } from '../../src/llm-standin/server.js';
import { rawRequest, requestText, type RawAnswer } from './raw.js';
import { FUZZ_SCALE, FUZZ_SEED, scaled } from './scale.js';

const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'] as const;
const SANDBOX_PATHS = [
  '/v2/me', '/v2/event-types', '/v2/event-types/1', '/v2/event-types/x', '/v2/teams', '/v2/teams/1/event-types',
  '/v2/slots?eventTypeId=1&start=2026-05-04T00:00:00Z&end=2026-05-05T00:00:00Z', '/v2/slots', '/v2/slots/reservations',
  '/v2/slots/reservations/abc', '/v2/bookings', '/v2/bookings/abc', '/v2/bookings/abc/cancel', '/v2/bookings/abc/reschedule',
  '/_sandbox/health', '/_sandbox/world', '/_sandbox/bookings', '/_sandbox/reservations', '/_sandbox/clock', '/_sandbox/busy',
  '/_sandbox/reset', '/_sandbox/faults', '/', '/v2', '/v2/bookings/%zz', '/v2/../_sandbox/world', '/v2/bookings?take=-1&skip=x',
  '/v2/slots?start=%ff&end=nope&timeZone=Mars/Base', `/v2/bookings/${'a'.repeat(300)}`,
];
/** Real routes with their methods, so most requests reach a handler rather than the 404. */
const SANDBOX_ROUTES: Array<[string, string]> = [
  ['GET', '/v2/me'], ['GET', '/v2/event-types?username=user-1'], ['GET', '/v2/event-types/101'], ['GET', '/v2/teams'], ['GET', '/v2/teams/10/event-types'],
  ['GET', '/v2/slots?eventTypeId=101&start=2026-05-04T00:00:00Z&end=2026-05-06T00:00:00Z&format=range'], ['POST', '/v2/slots/reservations'],
  ['GET', '/v2/slots/reservations/abc'], ['DELETE', '/v2/slots/reservations/abc'], ['POST', '/v2/bookings'], ['GET', '/v2/bookings?take=5&status=upcoming'],
  ['GET', '/v2/bookings/abc'], ['POST', '/v2/bookings/abc/cancel'], ['POST', '/v2/bookings/abc/reschedule'], ['GET', '/_sandbox/health'],
  ['GET', '/_sandbox/world'], ['GET', '/_sandbox/bookings'], ['POST', '/_sandbox/clock'], ['POST', '/_sandbox/busy'], ['POST', '/_sandbox/reset'],
  ['POST', '/_sandbox/faults'], ['DELETE', '/_sandbox/faults'],
];
const SINK_ROUTES: Array<[string, string]> = [['POST', '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json'], ['GET', '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json'], ['GET', '/_sink/messages'], ['DELETE', '/_sink/messages']];
const STANDIN_ROUTES: Array<[string, string]> = [['POST', '/v1/chat/completions'], ['GET', '/v1/models']];
const SINK_PATHS = ['/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json', '/2010-04-01/Accounts/%zz/Messages.json', '/_sink/messages', '/', '/2010-04-01/Accounts/x/Messages.json?PageSize=-5&Page=abc'];
const STANDIN_PATHS = ['/v1/chat/completions', '/v1/models', '/v1', '/', '/v1/chat/completions?x=%zz'];

type Body = { kind: string; bytes: Buffer | undefined };
const HUGE = Buffer.from(JSON.stringify({ pad: 'x'.repeat(400 * 1024) }));

/** Bodies built to hurt: deep nesting, huge, empty, bad UTF-8, random JSON and structured near-misses. */
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  fc.constant({ kind: 'none', bytes: undefined }),
  fc.constant({ kind: 'empty', bytes: Buffer.alloc(0) }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })),
  fc.integer({ min: 1, max: 20_000 }).map((d) => ({ kind: 'deep', bytes: Buffer.from(`{"a":${'['.repeat(d)}${']'.repeat(d)}}`) })),
  fc.integer({ min: 1, max: 3_000 }).map((d) => ({ kind: 'deep-objects', bytes: Buffer.from(`${'{"a":'.repeat(d)}1${'}'.repeat(d)}`) })),
  // Slices of one buffer: building a fresh 400 kB string per sample costs more than sending it.
  fc.integer({ min: 90 * 1024, max: HUGE.length }).map((n) => ({ kind: 'huge', bytes: HUGE.subarray(0, n) })),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((a) => ({ kind: 'bytes', bytes: Buffer.from(a) })),
  fc.constant({ kind: 'bad-utf8', bytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]) }),
  fc.record({
    start: fc.oneof(fc.constant('2026-05-04T10:00:00Z'), fc.string(), fc.integer()),
    eventTypeId: fc.oneof(fc.constant(1), fc.integer(), fc.string(), fc.constant(null)),
    attendee: fc.oneof(fc.record({ name: fc.string(), email: fc.string(), timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Nowhere/X', '') }), fc.jsonValue({ maxDepth: 2 })),
    metadata: fc.dictionary(fc.string({ maxLength: 60 }), fc.string({ maxLength: 600 }), { maxKeys: 60 }),
    bookingFieldsResponses: fc.jsonValue({ maxDepth: 6 }),
    reservedSlotUid: fc.string(),
  }, { requiredKeys: [] }).map((v) => ({ kind: 'booking-ish', bytes: Buffer.from(JSON.stringify(v)) })),
  fc.record({ now: fc.oneof(fc.string(), fc.constant(null), fc.constant('2026-05-04T00:00:00Z')), userId: fc.integer(), start: fc.string(), end: fc.string(), world: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] })
    .map((v) => ({ kind: 'admin-ish', bytes: Buffer.from(JSON.stringify(v)) })),
);

const contentTypeArb = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'application/jsonx', '');

interface Spec {
  method: string;
  path: string;
  body: Body;
  contentType: string | undefined;
  headers: Record<string, string>;
  /** Sent over a raw socket, with one of these twists. */
  raw?: 'plain' | 'huge-header' | 'slow-header' | 'bad-request-line' | 'weird-method' | 'bad-host' | 'no-host' | 'binary-path';
  binaryPath: string;
}

// Not fc.webPath(): it takes seconds to build on first use, most of the default run's budget. Raw bytes in paths
// go over the raw socket ('binary-path'): undici is not meant to send them.
const randomPath = fc.array(fc.string({ maxLength: 12 }).map(encodeURIComponent), { maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
const binaryPath = fc.array(fc.string({ maxLength: 12, unit: 'binary' }), { maxLength: 6 }).map((parts) => `/${parts.join('/')}`);

function specArb(paths: string[], routes: Array<[string, string]>): fc.Arbitrary<Spec> {
  const free = fc.record({
    method: fc.constantFrom(...METHODS),
    path: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...paths) }, { weight: 1, arbitrary: randomPath }, { weight: 1, arbitrary: fc.constantFrom(...paths).chain((p) => fc.webQueryParameters().map((q) => `${p}${p.includes('?') ? '&' : '?'}${q}`)) }),
    body: bodyArb,
    contentType: contentTypeArb,
    headers: fc.record({
      'cal-api-version': fc.constantFrom('2024-08-13', '2024-09-04', '2024-06-14', 'nope', ''),
      authorization: fc.constantFrom('Bearer cal_sandbox_default_key_do_not_use_in_production', 'Bearer wrong', 'Basic QUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA6c2luay1hdXRoLXRva2Vu', 'Bearer', '', 'x'.repeat(300)),
    }, { requiredKeys: [] }),
    raw: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: fc.constantFrom('plain', 'bad-request-line', 'weird-method', 'bad-host', 'no-host', 'huge-header', 'binary-path') }, { weight: 1, arbitrary: fc.constant('slow-header') }),
    binaryPath,
  }, { requiredKeys: ['method', 'path', 'body', 'contentType', 'headers', 'binaryPath'] }) as fc.Arbitrary<Spec>;
  return fc.oneof(free, fc.tuple(free, fc.constantFrom(...routes)).map(([spec, [method, path]]) => ({ ...spec, method, path })));
}

interface Answer {
  status: number;
  text: string;
}

async function viaPool(pool: Pool, port: number, s: Spec): Promise<Answer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...s.headers };
  if (s.contentType !== undefined) headers['content-type'] = s.contentType;
  const body = s.method === 'GET' || s.method === 'HEAD' ? undefined : s.body.bytes;
  const r = await pool.request({ method: s.method as 'GET', path: s.path, headers, body });
  const text = await r.body.text();
  return { status: r.statusCode, text };
}

function viaSocket(port: number, s: Spec): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...s.headers, ...(s.contentType ? { 'content-type': s.contentType } : {}) };
  const body = s.body.bytes ?? '';
  switch (s.raw) {
    case 'huge-header':
      return rawRequest(port, requestText(port, s.method, s.path, body, { ...headers, 'x-pad': 'p'.repeat(20_000) }));
    case 'slow-header':
      return rawRequest(port, requestText(port, s.method, s.path, '', headers), { pieceBytes: 3, pauseMs: 40, timeoutMs: 5_000 });
    case 'bad-request-line':
      return rawRequest(port, `${s.method} ${s.path} HTTP/9.9 extra\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    case 'weird-method':
      return rawRequest(port, requestText(port, 'BREW', s.path, body, headers));
    case 'bad-host':
      return rawRequest(port, requestText(port, s.method, s.path, body, { ...headers, host: 'rebind.attacker.example' }));
    case 'binary-path':
      return rawRequest(port, Buffer.concat([Buffer.from(`${s.method} `), Buffer.from(s.binaryPath, 'utf8'), requestText(port, s.method, '', body, headers).subarray(s.method.length + 1)]));
    case 'no-host':
      return rawRequest(port, Buffer.from(`${s.method} ${s.path} HTTP/1.0\r\n\r\n`, 'latin1'));
    default:
      return rawRequest(port, requestText(port, s.method, s.path, body, headers));
  }
}

interface Target {
  name: string;
  port: number;
  paths: string[];
  routes: Array<[string, string]>;
  count: number;
  statuses: readonly number[];
  /** What a failing answer must look like. */
  errorShape: (json: any) => boolean;
  alive: () => Promise<boolean>;
}

const figures: string[] = [];

async function fuzz(t: Target): Promise<void> {
  // Timeouts turn a server that stops answering into a reported problem instead of a hung suite.
  const pool = new Pool(`http://127.0.0.1:${t.port}`, { connections: 8, pipelining: 1, headersTimeout: 5_000, bodyTimeout: 5_000 });
  const specs = fc.sample(specArb(t.paths, t.routes), { numRuns: t.count, seed: FUZZ_SEED });
  const problems: string[] = [];
  const seen = new Map<number, number>();
  const started = Date.now();
  const check = (s: Spec, a: Answer) => {
    seen.set(a.status, (seen.get(a.status) ?? 0) + 1);
    const where = `${s.raw ?? 'pool'} ${s.method} ${s.path.slice(0, 80)} [${s.body.kind}, ${s.contentType ?? 'no type'}]`;
    if (!t.statuses.includes(a.status)) return void problems.push(`${where}: status ${a.status} is not documented`);
    if (a.status < 400 || s.method === 'HEAD' || a.text === '') {
      if (a.status >= 400 && s.method !== 'HEAD') problems.push(`${where}: ${a.status} with an empty body`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(a.text);
    } catch {
      return void problems.push(`${where}: ${a.status} body is not JSON: ${a.text.slice(0, 120)}`);
    }
    if (!t.errorShape(json)) problems.push(`${where}: ${a.status} body is not in the error shape: ${a.text.slice(0, 160)}`);
  };
  const queue = [...specs];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      try {
        const a = s.raw ? await viaSocket(t.port, s).then((r) => ({ status: r.status, text: r.body })) : await viaPool(pool, t.port, s);
        check(s, a);
      } catch (e) {
        // undici refuses to send some requests itself (e.g. a body on GET); those never reach the server.
        if ((e as { code?: string }).code?.startsWith('UND_ERR_INVALID_ARG')) continue;
        problems.push(`${s.raw ?? 'pool'} ${s.method} ${s.path}: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await pool.close();
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  figures.push(`${t.name}: ${total} requests in ${Date.now() - started} ms, statuses ${[...seen].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`).join(' ')}`);
  expect(problems.slice(0, 20), `seed ${FUZZ_SEED}`).toEqual([]);
  expect(total).toBeGreaterThanOrEqual(t.count * 0.9);
  expect(await t.alive()).toBe(true);
}

const limits = { headersTimeoutMs: 200, requestTimeoutMs: 1_000 };
let sandbox: RunningSandbox;
let sink: SmsSink;
let standin: RunningLlmStandin;
const unexpected = vi.spyOn(console, 'error');

beforeAll(async () => {
  sandbox = await startSandboxServer({ rateLimit: 0, limits, dropHoldMs: 50 });
  sandbox.sandbox.setClock('2026-05-04T06:00:00Z');
  sink = await startSmsSink({ accountSid: 'AC00000000000000000000000000000000', authToken: 'sink-auth-token', limits });
  standin = await startLlmStandin({ limits, script: [{ reply: { say: 'hello' } }] });
});
afterAll(async () => {
  await Promise.all([sandbox?.close(), sink?.close(), standin?.close()]);
  console.log(`HTTP fuzz (FUZZ_SCALE=${FUZZ_SCALE}, FUZZ_SEED=${FUZZ_SEED}):\n  ${figures.join('\n  ')}`);
});

describe('HTTP fuzz', () => {
  it(`sandbox: ${scaled(1_000)} requests, every answer documented and in Cal.com's envelope`, async () => {
    // Faults the fuzzer sets must not shape the answers it then checks: keep them on a path nobody calls.
    const set = sandbox.faults.set.bind(sandbox.faults);
    sandbox.faults.set = (patch: unknown) => set(patch !== null && typeof patch === 'object' && !Array.isArray(patch) ? { ...patch, paths: ['/nowhere'] } : patch);
    await fuzz({
      name: 'sandbox',
      port: sandbox.port,
      paths: SANDBOX_PATHS,
      routes: SANDBOX_ROUTES,
      count: scaled(1_000),
      statuses: SANDBOX_STATUSES,
      errorShape: (j) => j?.status === 'error' && typeof j.timestamp === 'string' && typeof j.path === 'string' && typeof j.error?.code === 'string' && typeof j.error?.message === 'string',
      alive: async () => (await fetch(`${sandbox.url}/_sandbox/health`)).status === 200,
    });
    expect(unexpected.mock.calls.filter((c) => String(c[0]).startsWith('sandbox: unexpected'))).toEqual([]);
  }, 120_000 * FUZZ_SCALE);

  it(`SMS sink: ${scaled(300)} requests, every answer documented and in Twilio's error shape`, async () => {
    await fuzz({
      name: 'sms sink',
      port: Number(new URL(sink.url).port),
      paths: SINK_PATHS,
      routes: SINK_ROUTES,
      count: scaled(300),
      statuses: [200, 201, 204, 400, 401, 403, 404, 405, 408, 413, 431],
      errorShape: (j) => typeof j?.code === 'number' && typeof j.message === 'string' && typeof j.status === 'number',
      alive: async () => (await fetch(`${sink.url}/_sink/messages`)).status === 200,
    });
  }, 60_000 * FUZZ_SCALE);

  it(`LLM stand-in: ${scaled(300)} requests, every answer documented and in OpenAI's error shape`, async () => {
    await fuzz({
      name: 'llm stand-in',
      port: standin.port,
      paths: STANDIN_PATHS,
      routes: STANDIN_ROUTES,
      count: scaled(300),
      statuses: [200, 400, 404, 408, 413, 431],
      errorShape: (j) => typeof j?.error?.message === 'string' && typeof j.error.type === 'string',
      alive: async () => (await fetch(`${standin.url}/models`)).status === 200,
    });
  }, 60_000 * FUZZ_SCALE);
});
