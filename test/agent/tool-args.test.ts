// The booking tools' arguments, one test per measured case of issue 9 and a fuzz over both ways arguments arrive:
// the framework path (JSON text, then the tool's zod schema, as agents-js does before execute) and the raw path
// (a JavaScript caller handing execute anything). 0 crashes and 0 generic "failed unexpectedly" errors; no answer
// echoes more than a short excerpt of its input. FUZZ_SCALE=100 runs 100,000 calls on each path (each call runs the
// real flow, offers and phrasing included, so the default is small).
import { initializeLogger, llm } from '@livekit/agents';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingToolset } from '../../src/agent/index.js';
import { ARG_LIMITS } from '../../src/agent/tool-args.js';
import { parseBookingConfig } from '../../src/booking/config.js';
import type { CalendarApi } from '../../src/booking/flow.js';
import { resolveActions, type ResolvedAction } from '../../src/booking/resolve.js';
import { CalComClient, CalComServerError } from '../../src/calcom/index.js';
import type { Slot } from '../../src/calcom/schemas.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import { FUZZ_SCALE, FUZZ_SEED, scaled } from '../http/scale.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

initializeLogger({ pretty: false, level: 'fatal' });
const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z');

let actions: ResolvedAction[];
let slots: Slot[];
beforeAll(async () => {
  const sb = await startTestSandbox({ world: defaultWorld(new Date(NOW.epochMilliseconds)) });
  await admin(sb, 'POST', '/clock', { now: NOW.toString() });
  const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, timeoutMs: 2_000 });
  actions = await resolveActions(parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video' }] }, 'test.yaml'), cal, 'test.yaml');
  slots = await cal.getSlots({ eventTypeId: 101, start: '2026-11-24T00:00:00Z', end: '2026-11-28T00:00:00Z', timeZone: 'Europe/Berlin' });
});

/** Real slots, and a calendar that fails every write with a 5xx: the flow's own failure paths, at memory speed. */
function calendar(): CalendarApi {
  const down = (endpoint: string) => Promise.reject(new CalComServerError({ endpoint, status: 503, retryable: true }));
  return {
    getSlots: async () => slots,
    reserveSlot: () => down('POST /slots/reservations'),
    deleteReservation: () => down('DELETE /slots/reservations'),
    createBooking: () => down('POST /bookings'),
    listBookings: async () => [],
  } as unknown as CalendarApi;
}

function tools() {
  const toolset = createBookingToolset({ actions, calendar: calendar(), now: () => NOW, callContext: () => ({ callId: 'fuzz' }) });
  const byName = Object.fromEntries(toolset.tools.map((t) => [(t as { name: string }).name, t])) as Record<string, llm.FunctionTool<any, any, any>>;
  return { slots: byName['book_30_minute_consultation_slots']!, book: byName['book_30_minute_consultation']! };
}

/** What a session looks like to our tools: an identity for the per-call flows and a close event. */
const session = () => ({ once: () => undefined }) as never;
const run = (tool: llm.FunctionTool<any, any, any>, args: unknown, s = session()) =>
  tool.execute(args, { ctx: { session: s } as never, toolCallId: 'call_1', abortSignal: new AbortController().signal });

async function toolError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(llm.ToolError);
    return (e as Error).message;
  }
  throw new Error('expected a ToolError');
}

describe('measured cases', () => {
  it('null arguments to the slots tool mean "no preference", not a crash; to the book tool, a ToolError saying what to send', async () => {
    const t = tools();
    const s = session();
    expect(await run(t.slots, null, s)).toMatchObject({ status: 'available' });
    expect(await toolError(run(t.book, null, s))).toMatch(/must be a JSON object such as \{"slotId": "t1"/);
  });

  it('wrong types get specific ToolErrors, never "the calendar can\'t be reached"', async () => {
    const t = tools();
    const s = session();
    await run(t.slots, {}, s);
    const cases: Array<[unknown, RegExp]> = [
      [{ slotId: 3, name: 'Jo' }, /slotId must be the id of an offered time as text.*The ids offered now: t1, t2/],
      [{ slotId: 't1', name: 42 }, /name must be the caller's name as text/],
      [{ slotId: 't1', name: 'Jo', email: ['a'] }, /email must be the address as text/],
      [{ slotId: 't1', name: 'Jo', emailConfirmed: 'yes' }, /emailConfirmed must be true or false/],
      [{ slotId: 't1', name: 'Jo', phone: 4155550123 }, /phone must be the number as text/],
      [{ slotId: 't1', name: 'Jo', notes: { a: 1 } }, /notes must be text/],
      [{ slotId: 't1', name: 'Jo', noEmail: 'none' }, /noEmail must be true or false: true only when the caller said they have no email address/],
      [{ slotId: 't1', name: 'Jo', phone: '555', phoneConfirmed: 'yes' }, /phoneConfirmed must be true or false: true only after you read the number back/],
    ];
    for (const [args, message] of cases) {
      const m = await toolError(run(t.book, args, s));
      expect(m).toMatch(message);
      expect(m).not.toMatch(/can't be reached|failed unexpectedly/);
    }
    expect(await toolError(run(t.slots, { preference: 7 }))).toMatch(/preference must be the caller's own words as text/);
    // Well-formed but premature: the flow's own answer, not an argument error.
    expect(await run(t.book, { slotId: 't1' }, session())).toMatchObject({ status: 'invalid_slot', next: expect.stringMatching(/No times have been offered yet/) });
    expect(await toolError(run(t.book, { slotId: 7 }, session()))).toMatch(/No times have been offered yet in this call: call the slots tool first/);
  });

  it('noEmail reaches the flow: a caller with no email on an event type that needs one hears the fallbacks, not the question', async () => {
    const t = tools();
    const s = session();
    await run(t.slots, {}, s);
    expect(await run(t.book, { slotId: 't1', name: 'Jo' }, s)).toMatchObject({ status: 'need_email' });
    expect(await run(t.book, { slotId: 't1', name: 'Jo', noEmail: true }, s)).toMatchObject({ status: 'no_email' });
    expect(await run(t.book, { slotId: 't1', name: 'Jo', noEmail: null }, s)).toMatchObject({ status: 'no_email' });
  });

  it('a 1 MB preference is refused by length at once, echoing none of it', async () => {
    const t = tools();
    const huge = 'next tuesday '.repeat(80_000);
    const m = await toolError(run(t.slots, { preference: huge }));
    expect(m).toBe(`preference is ${huge.length} characters; the most accepted is 200. Pass only the caller's words about a day or time (e.g. "Thursday afternoon").`);
  });

  it.each(Object.entries(ARG_LIMITS).filter(([k]) => k !== 'preference' && k !== 'slotId'))('%s has a length cap of %i with a clear message', async (key, max) => {
    const t = tools();
    const s = session();
    await run(t.slots, {}, s);
    const m = await toolError(run(t.book, { slotId: 't1', name: 'Jo', [key]: 'a'.repeat(max + 1) }, s));
    expect(m).toMatch(new RegExp(`^${key} is ${max + 1} characters; the most accepted is ${max}\\. `));
  });

  it('the framework path (agents-js parses with the zod schema first) reports the same specific messages', () => {
    const t = tools();
    const r = (t.book.parameters as any).safeParse({ slotId: 5, name: null });
    expect(r.success).toBe(false);
    expect(r.error.message).toMatch(/slotId must be the id of an offered time as text/);
    expect(r.error.message).toMatch(/name must be the caller's name as text/);
    expect((t.slots.parameters as any).safeParse(null).error.message).toMatch(/must be a JSON object/);
  });
});

// ---- fuzz ----

const stringy = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('t1', 't2', 't3', 'T1 ', 't99', '', ' ', 'jo dot smith at gmail dot com', 'j o at x dot io', '+1 415 555 0123', 'Thursday afternoon', 'next tuesday after 3', 'the earliest you have', '2026-11-26T14:00:00Z'),
  fc.integer({ min: 150, max: 2_000 }).map((n) => 'a'.repeat(n)),
  fc.string({ maxLength: 30, unit: 'binary' }),
);
const anyValue = fc.oneof(stringy, fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, undefined, true, false, 0, -1, NaN, [], {}));
const bookObject = fc.record({ slotId: anyValue, name: anyValue, email: anyValue, emailConfirmed: anyValue, phone: anyValue, notes: anyValue, extra: anyValue }, { requiredKeys: [] });
const slotsObject = fc.record({ preference: anyValue, extra: anyValue }, { requiredKeys: [] });
const argsArb = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constant<'slots' | 'book'>('book'), bookObject) },
  { weight: 3, arbitrary: fc.tuple(fc.constant<'slots' | 'book'>('slots'), slotsObject) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<'slots' | 'book'>('slots', 'book'), anyValue) },
);

interface Tally {
  calls: number;
  results: number;
  toolErrors: number;
  schemaRefusals: number;
  longestAnswer: number;
}

async function fuzzPath(path: 'framework' | 'raw', count: number): Promise<Tally> {
  const t = tools();
  const tally: Tally = { calls: 0, results: 0, toolErrors: 0, schemaRefusals: 0, longestAnswer: 0 };
  const samples = fc.sample(argsArb, { numRuns: count, seed: FUZZ_SEED + (path === 'raw' ? 1 : 0) });
  // One session per 20 calls: offers and ids build up within a call as they would in a conversation.
  let s = session();
  for (const [i, [which, value]] of samples.entries()) {
    if (i % 20 === 0) s = session();
    const tool = t[which];
    tally.calls++;
    let args: unknown = value;
    if (path === 'framework') {
      // As agents-js does: the model's JSON text, parsed, then the tool's zod schema; a refusal is its own ToolError.
      const parsed = (tool.parameters as any).safeParse(JSON.parse(JSON.stringify(value ?? null)));
      if (!parsed.success) {
        tally.schemaRefusals++;
        expect(parsed.error.message).not.toMatch(/"message": "Invalid input"/);
        continue;
      }
      args = parsed.data;
    }
    try {
      const out = await run(tool, args, s);
      tally.results++;
      tally.longestAnswer = Math.max(tally.longestAnswer, JSON.stringify(out).length);
    } catch (e) {
      if (!(e instanceof llm.ToolError)) throw new Error(`crash on ${path} path with ${JSON.stringify(value)?.slice(0, 200)}: ${String(e)}`);
      expect(e.message, JSON.stringify(value)?.slice(0, 200)).not.toMatch(/failed unexpectedly/);
      tally.toolErrors++;
      tally.longestAnswer = Math.max(tally.longestAnswer, e.message.length);
    }
  }
  return tally;
}

const figures: string[] = [];
afterAll(() => console.log(`tool-argument fuzz (FUZZ_SCALE=${FUZZ_SCALE}, FUZZ_SEED=${FUZZ_SEED}):\n  ${figures.join('\n  ')}`));

describe('tool-argument fuzz', () => {
  it.each(['framework', 'raw'] as const)(`%s path: ${scaled(1_000)} calls, 0 crashes, 0 "failed unexpectedly", short answers`, async (path) => {
    const started = Date.now();
    const tally = await fuzzPath(path, scaled(1_000));
    figures.push(`${path}: ${tally.calls} calls in ${Date.now() - started} ms: ${tally.results} results, ${tally.toolErrors} ToolErrors, ${tally.schemaRefusals} refused by the schema; longest answer ${tally.longestAnswer} characters`);
    expect(tally.calls).toBe(scaled(1_000));
    // An answer may quote a 200-character preference and a few offered times, never a 2,000-character input.
    expect(tally.longestAnswer).toBeLessThan(1_500);
  }, 120_000 * FUZZ_SCALE);
});
