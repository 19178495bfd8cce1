// End to end with no key: the real OpenAI plugin talks to the local LLM stand-in, a real AgentSession runs our
// toolset and instructions, the booking lands in the sandbox and the confirmation text in the SMS sink.
import { initializeLogger, voice } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildInstructions, createBookingToolset } from '../../src/agent/index.js';
import { loadBookingConfig } from '../../src/booking/config.js';
import { resolveActions } from '../../src/booking/resolve.js';
import { CalComClient } from '../../src/calcom/index.js';
import { parseStandinScript, startLlmStandin } from '../../src/llm-standin/index.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import { startSmsSink } from '../../src/sms/sink.js';
import { TwilioSmsSender } from '../../src/sms/twilio.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

initializeLogger({ pretty: false, level: 'error' });

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z');
let cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

let standinUrl: string;
beforeAll(async () => {
  const standin = await startLlmStandin({ script: parseStandinScript(parseYaml(readFileSync('examples/standin-script.yaml', 'utf8'))) });
  cleanup.push(() => standin.close());
  standinUrl = standin.url;
});

it('the example script books the first offered time and texts the caller', async () => {
  const sb = await startTestSandbox({ world: defaultWorld(new Date(NOW.epochMilliseconds)) });
  await admin(sb, 'POST', '/clock', { now: NOW.toString() });
  const sink = await startSmsSink({});
  cleanup.push(() => sink.close());
  const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2` });
  const actions = await resolveActions(loadBookingConfig('examples/booking.yaml'), cal, 'examples/booking.yaml');
  const toolset = createBookingToolset({
    actions: actions.slice(0, 1),
    calendar: cal,
    now: () => NOW,
    sms: new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' }),
    callContext: () => ({ callId: 'e2e-1', dynamicContext: { cal_email: 'jo@example.com' }, callerPhone: 'sip:+14155550123@pbx.example' }),
  });
  const instructions = buildInstructions({ userInstructions: 'You are the front desk of Becker Consulting.', actions: actions.slice(0, 1), now: NOW, toolNames: toolset.toolNames });
  const session = new voice.AgentSession({ llm: new openai.LLM({ model: 'gpt-4.1-mini', baseURL: standinUrl, apiKey: 'standin' }) });
  cleanup.push(() => session.close());
  await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }) });

  const offer = await session.run({ userInput: 'Hi, I would like an appointment' }).wait();
  offer.expect.nextEvent().isFunctionCall({ name: 'book_30_minute_consultation_slots' });
  offer.expect.nextEvent().isFunctionCallOutput({ isError: false });
  offer.expect.nextEvent().isMessage({ role: 'assistant' });
  const spoken = offer.events.at(-1)!;
  expect(JSON.stringify(spoken.item)).toContain('I have today at 10 AM or today at 1 PM');

  const booked = await session.run({ userInput: 'The first one please' }).wait();
  booked.expect.nextEvent().isFunctionCall({ name: 'book_30_minute_consultation', args: { slotId: 't1', name: 'Jo Caller' } });
  booked.expect.nextEvent().isFunctionCallOutput({ isError: false });
  booked.expect.nextEvent().isMessage({ role: 'assistant' });
  expect(JSON.stringify(booked.events.at(-1)!.item)).toContain("You're booked for today at 10 AM");

  const { bookings } = await admin<{ bookings: Array<{ start: string; attendees: Array<{ email: string }> }> }>(sb, 'GET', '/bookings');
  expect(bookings.map((b) => [b.start, b.attendees[0]!.email])).toEqual([['2026-11-24T09:00:00.000Z', 'jo@example.com']]);
  expect(sink.messages().map((m) => m.to)).toEqual(['+14155550123']);
});
