// The stand-in's purpose: LiveKit's real OpenAI plugin and a real AgentSession, end to end, with no key.
import { initializeLogger, llm, voice } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLlmStandin, type RunningLlmStandin, type StandinScriptStep } from '../../src/llm-standin/index.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
});

let standin: RunningLlmStandin | undefined;
let session: voice.AgentSession | undefined;

afterEach(async () => {
  await session?.close();
  await standin?.close();
  session = standin = undefined;
});

function bookingAgent(book: (slotId: string) => Promise<unknown>) {
  return new voice.Agent({
    instructions: 'You book appointments.',
    tools: {
      get_slots: llm.tool({
        description: 'List open slots',
        parameters: z.object({}),
        execute: async () => ({ slots: [{ id: 't1', time: 'today at 3 PM' }] }),
      }),
      book: llm.tool({
        description: 'Book a slot by id',
        parameters: z.object({ slotId: z.string() }),
        execute: async ({ slotId }) => book(slotId),
      }),
    },
  });
}

async function startSession(script: StandinScriptStep[], book: (slotId: string) => Promise<unknown>) {
  standin = await startLlmStandin({ script });
  const model = new openai.LLM({ model: 'gpt-4.1-mini', baseURL: standin.url, apiKey: 'standin' });
  session = new voice.AgentSession({ llm: model });
  await session.start({ agent: bookingAgent(book) });
  return session;
}

const chatRequests = () => (standin?.requests() ?? []).flatMap((r) => (r.chat ? [r.chat] : []));

describe('llm-standin with the OpenAI plugin and an AgentSession', () => {
  it('runs a slots-then-book conversation, feeding the returned slot id into the booking call', async () => {
    const s = await startSession(
      [
        { when: { user: 'what times' }, reply: { call: 'get_slots', args: {} } },
        { when: { toolResult: 'slots' }, reply: { call: 'book', args: { slotId: '{{lastTool.slots.0.id}}' } } },
        { when: { toolResult: 'booked' }, reply: { say: 'You are booked.' } },
      ],
      async (slotId) => ({ status: 'booked', slotId }),
    );

    const r = await s.run({ userInput: 'what times do you have?' }).wait();

    r.expect.nextEvent().isFunctionCall({ name: 'get_slots' });
    r.expect.nextEvent().isFunctionCallOutput({ isError: false });
    r.expect.nextEvent().isFunctionCall({ name: 'book', args: { slotId: 't1' } });
    r.expect.nextEvent().isFunctionCallOutput({ isError: false });
    r.expect.nextEvent().isMessage({ role: 'assistant' });
    r.expect.noMoreEvents();
    const last = r.events.at(-1);
    expect(last?.type === 'message' && last.item.textContent).toBe('You are booked.');

    const chats = chatRequests();
    expect(chats).toHaveLength(3);
    expect(chats.map((c) => c.answeredBy)).toEqual([0, 1, 2]);
    expect(chats[0]?.tools.map((t) => t.name).sort()).toEqual(['book', 'get_slots']);
    expect(chats[2]?.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('"booked"') });
    expect(standin?.requests().every((r) => r.hasAuthorization)).toBe(true);
    expect(standin?.unusedSteps()).toEqual([]);
  });

  it('sends a ToolError message back to the model as the tool output', async () => {
    const s = await startSession(
      [
        { when: { user: 'book t9' }, reply: { call: 'book', args: { slotId: 't9' } } },
        { when: { toolResult: 'not found' }, reply: { say: 'That slot is gone.' } },
      ],
      async (slotId) => {
        throw new llm.ToolError(`slot ${slotId} not found`);
      },
    );

    const r = await s.run({ userInput: 'book t9 please' }).wait();

    r.expect.nextEvent().isFunctionCall({ name: 'book', args: { slotId: 't9' } });
    r.expect.nextEvent().isFunctionCallOutput({ isError: true });
    r.expect.nextEvent().isMessage({ role: 'assistant' });
    expect(chatRequests()[1]?.messages.at(-1)).toMatchObject({ role: 'tool', content: 'slot t9 not found' });
  });

  it('answers with a readable "script ran out" message instead of hanging', async () => {
    const s = await startSession([], async () => ({}));

    const r = await s.run({ userInput: 'hello there' }).wait();

    r.expect.nextEvent().isMessage({ role: 'assistant' });
    r.expect.noMoreEvents();
    const event = r.events[0];
    expect(event?.type === 'message' && event.item.textContent).toBe(
      '[llm-standin] no scripted reply for: user: "hello there"',
    );
  });

  it('speaks text and calls a tool in the same turn, and runs parallel calls', async () => {
    const s = await startSession(
      [
        { when: { user: 'check' }, reply: { say: 'Let me check.', call: 'get_slots' } },
        {
          when: { toolResult: 'slots' },
          reply: {
            calls: [
              { name: 'book', args: { slotId: '{{tool.get_slots.slots.0.id}}' } },
              { name: 'book', args: { slotId: 'second' } },
            ],
          },
        },
        { when: { toolResult: 'second' }, reply: { say: 'Both booked.' } },
      ],
      async (slotId) => ({ status: 'booked', slotId }),
    );

    const r = await s.run({ userInput: 'check please' }).wait();

    r.expect.nextEvent().isMessage({ role: 'assistant' });
    r.expect.nextEvent().isFunctionCall({ name: 'get_slots' });
    r.expect.nextEvent().isFunctionCallOutput();
    r.expect.nextEvent().isFunctionCall({ name: 'book', args: { slotId: 't1' } });
    r.expect.nextEvent().isFunctionCallOutput();
    r.expect.nextEvent().isFunctionCall({ name: 'book', args: { slotId: 'second' } });
    r.expect.nextEvent().isFunctionCallOutput();
    r.expect.nextEvent().isMessage({ role: 'assistant' });
    r.expect.noMoreEvents();
    const first = r.events[0];
    expect(first?.type === 'message' && first.item.textContent).toBe('Let me check.');
    const ids = chatRequests().flatMap((c) => c.reply.toolCalls.map((t) => t.id));
    expect(ids).toEqual(['call_1', 'call_2', 'call_3']);
  });
});
