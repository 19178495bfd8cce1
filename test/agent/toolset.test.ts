// The booking tools inside a real AgentSession (text only, no room) with a scripted LLM, against the sandbox.
import { initializeLogger, llm, voice } from '@livekit/agents';
import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBookingToolset, prefetchAll, type BookingToolsetOptions } from '../../src/agent/index.js';
import { parseBookingConfig } from '../../src/booking/config.js';
import type { CalendarApi } from '../../src/booking/flow.js';
import { resolveActions, type ResolvedAction } from '../../src/booking/resolve.js';
import { CalComClient } from '../../src/calcom/index.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

initializeLogger({ pretty: false, level: 'error' });

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z'); // Tuesday 09:00 in Berlin
const SLOTS = 'book_30_minute_consultation_slots';
const BOOK = 'book_30_minute_consultation';

let sb: RunningSandbox;
let cal: CalComClient;
let actions: ResolvedAction[];
const sessions: voice.AgentSession[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({ world: defaultWorld(new Date(NOW.epochMilliseconds)) });
  cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, timeoutMs: 2_000 });
  await admin(sb, 'POST', '/clock', { now: NOW.toString() });
  actions = await resolveActions(parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video' }] }, 'test.yaml'), cal, 'test.yaml');
});
beforeEach(async () => {
  await admin(sb, 'POST', '/reset');
  await admin(sb, 'POST', '/clock', { now: NOW.toString() });
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function toolset(o: Partial<BookingToolsetOptions> = {}) {
  return createBookingToolset({
    actions,
    calendar: cal,
    now: () => NOW,
    callContext: () => ({ callId: 'call-1', dynamicContext: { cal_email: 'jo@example.com' } }),
    ...o,
  });
}

async function start(tools: llm.Toolset[], script: voice.testing.FakeLLMResponse[]) {
  const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM(script) });
  sessions.push(session);
  await session.start({ agent: new voice.Agent({ instructions: 'Book appointments.', tools }) });
  return session;
}

async function say(session: voice.AgentSession, userInput: string) {
  const r = await session.run({ userInput }).wait();
  return r.events.flatMap((e) => (e.type === 'function_call_output' ? [e.item] : []));
}

const json = (output: string) => JSON.parse(output) as Record<string, unknown>;

async function bookings() {
  return (await admin<{ bookings: Array<{ start: string; attendees: Array<{ email: string }> }> }>(sb, 'GET', '/bookings')).bookings;
}

describe('booking toolset in an AgentSession', () => {
  it('offers slots, then books an offered id: one booking in Cal.com', async () => {
    const session = await start(
      [toolset()],
      [
        { input: 'what is free?', toolCalls: [{ name: SLOTS, args: {} }] },
        { input: 'the first one, I am Jo', toolCalls: [{ name: BOOK, args: { slotId: 't1', name: 'Jo Caller' } }] },
      ],
    );
    const [offer] = await say(session, 'what is free?');
    expect(offer).toMatchObject({ name: SLOTS, isError: false });
    expect(json(offer!.output)).toMatchObject({ status: 'available', slots: expect.arrayContaining([expect.objectContaining({ id: 't1' })]) });

    const [booked] = await say(session, 'the first one, I am Jo');
    expect(booked!.isError).toBe(false);
    expect(json(booked!.output)).toMatchObject({ status: 'booked', say: expect.stringMatching(/^You're booked for /) });
    const stored = await bookings();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.attendees[0]!.email).toBe('jo@example.com');
  });

  it('answers an invented slot id with the valid ids, not a framework error', async () => {
    const session = await start(
      [toolset()],
      [
        { input: 'slots', toolCalls: [{ name: SLOTS, args: { preference: 'tomorrow morning' } }] },
        { input: 'book 3pm', toolCalls: [{ name: BOOK, args: { slotId: '2026-11-25T15:00', name: 'Jo' } }] },
      ],
    );
    const [offer] = await say(session, 'slots');
    const offered = (json(offer!.output).slots as Array<{ id: string }>).map((s) => s.id);
    const [out] = await say(session, 'book 3pm');
    expect(out!.isError).toBe(false);
    const r = json(out!.output);
    expect(r.status).toBe('invalid_slot');
    expect((r.validSlots as Array<{ id: string }>).map((s) => s.id)).toEqual(offered);
    expect(await bookings()).toHaveLength(0);
  });

  it('turns an unexpected failure into a ToolError the model can act on', async () => {
    // Cal.com answering something unreadable makes the core throw past its own error handling.
    const broken: CalendarApi = { ...bind(cal), getSlots: async () => null as never };
    const session = await start([toolset({ calendar: broken })], [{ input: 'slots', toolCalls: [{ name: SLOTS, args: {} }] }]);
    const [out] = await say(session, 'slots');
    expect(out!.isError).toBe(true);
    expect(out!.output).toMatch(/^The booking tool failed unexpectedly \(TypeError\)\. .*callback/);
    expect(out!.output).not.toContain('internal error');
  });

  it('refuses a second book call while the first is still running', async () => {
    const session = await start(
      [toolset()],
      [
        { input: 'slots', toolCalls: [{ name: SLOTS, args: {} }] },
        {
          input: 'book both',
          toolCalls: [
            { name: BOOK, args: { slotId: 't1', name: 'Jo' } },
            { name: BOOK, args: { slotId: 't2', name: 'Jo' } },
          ],
        },
      ],
    );
    await say(session, 'slots');
    const outs = await say(session, 'book both');
    expect(outs).toHaveLength(2);
    expect(outs.filter((o) => o.output.includes(`Same tool \`${BOOK}\` is already running`))).toHaveLength(1);
    expect(outs.filter((o) => json(o.output).status === 'booked')).toHaveLength(1);
    expect(await bookings()).toHaveLength(1);
  });

  it('keeps two toolsets apart with namePrefix; without it agents-js throws', async () => {
    const sales = toolset({ namePrefix: 'sales_' });
    const support = toolset({ namePrefix: 'support_' });
    // The managing tools share the prefix (no link or callback tool: no SMS sender, no callback configured).
    expect(sales.toolNames).toEqual([
      { slots: `sales_${SLOTS}`, book: `sales_${BOOK}`, find: `sales_${BOOK}_find_bookings`, cancel: `sales_${BOOK}_cancel`, reschedule: `sales_${BOOK}_reschedule` },
    ]);
    expect(sales.id).not.toBe(support.id);
    const session = await start(
      [sales, support],
      [{ input: 'both', toolCalls: [{ name: `sales_${SLOTS}`, args: {} }, { name: `support_${SLOTS}`, args: {} }] }],
    );
    const outs = await say(session, 'both');
    expect(outs.map((o) => [o.name, json(o.output).status])).toEqual([
      [`sales_${SLOTS}`, 'available'],
      [`support_${SLOTS}`, 'available'],
    ]);
    expect(() => new voice.Agent({ instructions: '', tools: [toolset(), toolset()] })).toThrow(/duplicate function name/);
  });

  it('keeps one flow per session and prefetches it', async () => {
    const set = toolset();
    const a = await start([set], []);
    const b = await start([set], []);
    await prefetchAll(set, a);
    const [flowA] = set.flowsFor(a);
    expect(flowA!.requestCount).toBe(1);
    expect(set.flowsFor(a)[0]).toBe(flowA);
    expect(set.flowsFor(b)[0]).not.toBe(flowA);
  });
});

/** The client's methods as plain functions, so a test can replace one. */
function bind(c: CalComClient): CalendarApi {
  return {
    getSlots: c.getSlots.bind(c),
    reserveSlot: c.reserveSlot.bind(c),
    deleteReservation: c.deleteReservation.bind(c),
    createBooking: c.createBooking.bind(c),
    listBookings: c.listBookings.bind(c),
  };
}
