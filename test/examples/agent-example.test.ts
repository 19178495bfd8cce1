// The README's first sample is examples/agent.ts, and this runs it as agents-js would: prewarm once, then a job
// whose dispatch metadata carries cal_email and whose SIP caller has a number. Everything it reads comes from the
// environment, pointed at the sandbox Cal.com, the SMS sink and the LLM stand-in, so the sample cannot drift.
import { readFileSync } from 'node:fs';
import { initializeLogger, voice } from '@livekit/agents';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { parseStandinScript, startLlmStandin, type RunningLlmStandin } from '../../src/llm-standin/index.js';
import { startSmsSink, type SmsSink } from '../../src/sms/sink.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

initializeLogger({ pretty: false, level: 'error' });

const SCRIPT = [
  { when: { user: 'open' }, reply: { call: 'openingHours', args: {} } },
  { when: { toolResult: 'Monday' }, reply: { say: 'We are open Monday to Friday, 9 to 5. Shall I book you in?' } },
  // The real clock runs here (the sample pins nothing), so the caller asks for next week, which always has times.
  { when: { user: 'appointment' }, reply: { call: 'book_30_minute_consultation_slots', args: { preference: 'next week' } } },
  { when: { toolResult: '"status":"available"' }, reply: { say: 'I have {{lastTool.slots.0.time}} or {{lastTool.slots.1.time}}.' } },
  { when: { user: 'first' }, reply: { call: 'book_30_minute_consultation', args: { slotId: '{{tool.book_30_minute_consultation_slots.slots.0.id}}', name: 'Jo Caller' } } },
  { when: { toolResult: '"status":"booked"' }, reply: { say: '{{lastTool.say}}' } },
];

let sb: RunningSandbox;
let sink: SmsSink;
let standin: RunningLlmStandin;
const saved = { ...process.env };

beforeAll(async () => {
  sb = await startTestSandbox();
  sink = await startSmsSink({});
  standin = await startLlmStandin({ script: parseStandinScript(SCRIPT) });
  Object.assign(process.env, {
    CALCOM_API_KEY: sb.apiKey,
    CALCOM_API_URL: `${sb.url}/v2`,
    CAL_BOOKING_CONFIG: 'examples/booking.yaml',
    OPENAI_API_KEY: 'standin',
    OPENAI_BASE_URL: standin.url,
    TWILIO_ACCOUNT_SID: sink.accountSid,
    TWILIO_AUTH_TOKEN: sink.authToken,
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_API_URL: sink.url,
  });
});

afterAll(async () => {
  process.env = saved;
  await Promise.all([sink.close(), standin.close()]);
});

it('the README opens with examples/agent.ts, verbatim', () => {
  const readme = readFileSync('README.md', 'utf8');
  const first = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(first).toBe(readFileSync('examples/agent.ts', 'utf8'));
});

it('examples/agent.ts: prewarm resolves once, the job books with the caller context and texts the SIP number', async () => {
  // The session runs in text mode here: there is no LiveKit server (no room) and no OpenAI speech in the suite, so
  // start() gets no room and the session no STT/TTS; the model is the stand-in, reached through OPENAI_BASE_URL.
  let session: voice.AgentSession | undefined;
  const start = voice.AgentSession.prototype.start;
  vi.spyOn(voice.AgentSession.prototype, 'start').mockImplementation(function (this: voice.AgentSession, opts) {
    session = this;
    this.stt = undefined;
    this.tts = undefined;
    const { room: _room, ...textOnly } = opts;
    return start.call(this, textOnly);
  });
  const { default: agent } = await import('../../examples/agent.js');
  const proc = { userData: {} as Record<string, unknown> };
  await agent.prewarm!(proc as never);
  const job = {
    proc,
    job: { id: 'AJ_example', metadata: JSON.stringify({ cal_email: 'jo@example.com', name: 'Jo Caller' }) },
    room: { name: 'call-room' },
    connect: async () => {},
    waitForParticipant: async () => ({ identity: 'sip_caller', attributes: { 'sip.phoneNumber': '+14155550123' } }),
  };
  await agent.entry(job as never);
  expect(session).toBeDefined();
  try {
    const hours = await session!.run({ userInput: 'When are you open?' }).wait();
    hours.expect.containsFunctionCall({ name: 'openingHours' });
    await session!.run({ userInput: 'I would like an appointment next week' }).wait();
    const booked = await session!.run({ userInput: 'The first one, please' }).wait();
    expect(JSON.stringify(booked.events.at(-1)!.item)).toContain("You're booked for");
  } finally {
    await session!.close();
    vi.restoreAllMocks();
  }
  const { bookings } = await admin<{ bookings: Array<{ attendees: Array<{ email: string; name: string }>; metadata: Record<string, string> }> }>(sb, 'GET', '/bookings');
  expect(bookings.map((b) => b.attendees[0])).toMatchObject([{ email: 'jo@example.com', name: 'Jo Caller' }]);
  expect(sink.messages().map((m) => m.to)).toEqual(['+14155550123']);
});
