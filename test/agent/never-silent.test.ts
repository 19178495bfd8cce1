// Never silent: a filler line while Cal.com is slow, and a spoken fallback at the deadline instead of a long wait.
import { initializeLogger, voice } from '@livekit/agents';
import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createBookingToolset } from '../../src/agent/index.js';
import { fillerLine } from '../../src/agent/never-silent.js';
import { parseBookingConfig } from '../../src/booking/config.js';
import { resolveActions, type ResolvedAction } from '../../src/booking/resolve.js';
import { CalComClient } from '../../src/calcom/index.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

initializeLogger({ pretty: false, level: 'error' });
const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z');
const SLOTS = 'book_30_minute_consultation_slots';
let sb: RunningSandbox;
let cal: CalComClient;
let actions: ResolvedAction[];
const sessions: voice.AgentSession[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({ world: defaultWorld(new Date(NOW.epochMilliseconds)) });
  await admin(sb, 'POST', '/clock', { now: NOW.toString() });
  cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, maxRetries: 0 });
  actions = await resolveActions(parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video' }] }, 't.yaml'), cal, 't.yaml');
});
afterEach(async () => {
  await admin(sb, 'DELETE', '/faults');
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function ask(deadlines: { fillerAfterMs: number; slotsDeadlineMs: number; fillerEveryMs?: number }) {
  const toolset = createBookingToolset({ actions, calendar: cal, now: () => NOW, ...deadlines });
  const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM([{ input: 'what is free?', toolCalls: [{ name: SLOTS, args: {} }] }]) });
  sessions.push(session);
  await session.start({ agent: new voice.Agent({ instructions: 'Book.', tools: [toolset] }) });
  const said: string[] = [];
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
    if (ev.item.type === 'message' && ev.item.role === 'assistant') said.push(ev.item.textContent ?? '');
  });
  const t0 = performance.now();
  const r = await session.run({ userInput: 'what is free?' }).wait();
  return { events: r.events, ms: performance.now() - t0, said };
}

it('answers "calendar unavailable" at the deadline instead of waiting for a slow Cal.com', async () => {
  await admin(sb, 'POST', '/faults', { latencyMs: 3_000, paths: ['/v2/slots'] });
  const { events } = await ask({ fillerAfterMs: 100, slotsDeadlineMs: 500 });
  const output = events.find((e) => e.type === 'function_call_output');
  expect(output?.type === 'function_call_output' && JSON.parse(output.item.output)).toMatchObject({ status: 'calendar_unavailable', next: expect.stringContaining('text you a booking link') });
});

it('a fast Cal.com gets no filler and the real answer', async () => {
  const { events } = await ask({ fillerAfterMs: 600, slotsDeadlineMs: 8_000 });
  const output = events.find((e) => e.type === 'function_call_output');
  expect(output?.type === 'function_call_output' && JSON.parse(output.item.output)).toMatchObject({ status: 'available' });
  expect(JSON.stringify(events)).not.toContain(fillerLine('en-US', 0));
});

it('keeps talking while Cal.com is slow: a different line each time, never the same twice in a row', async () => {
  await admin(sb, 'POST', '/faults', { latencyMs: 2_500, paths: ['/v2/slots'] });
  const { events, said } = await ask({ fillerAfterMs: 100, fillerEveryMs: 400, slotsDeadlineMs: 8_000 });
  const output = events.find((e) => e.type === 'function_call_output');
  expect(output?.type === 'function_call_output' && JSON.parse(output.item.output)).toMatchObject({ status: 'available' });
  const fillers = said.filter((t) => [0, 1, 2, 3, 4].some((n) => t === fillerLine('en-US', n)));
  expect(fillers[0]).toBe(fillerLine('en-US', 0));
  expect(fillers.length).toBeGreaterThanOrEqual(3);
  fillers.slice(1).forEach((line, i) => expect(line).not.toBe(fillers[i]));
});

it('filler lines per locale: a first line, then a cycle in which no line follows itself', () => {
  expect(fillerLine('en-US', 0)).toBe('One moment, let me check the calendar.');
  expect(fillerLine('en-US', 1)).toMatch(/^Still checking/);
  expect(fillerLine('de-DE', 0)).toBe('Einen Moment, ich schaue im Kalender nach.');
  for (const locale of ['en-US', 'en-GB', 'de-DE'] as const)
    for (let step = 0; step < 20; step++) expect(fillerLine(locale, step + 1)).not.toBe(fillerLine(locale, step));
});
