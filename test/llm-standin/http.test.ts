// The wire format a plain OpenAI client sees, checked over raw HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { startLlmStandin, type RunningLlmStandin, type StandinScriptStep } from '../../src/llm-standin/index.js';

let standin: RunningLlmStandin | undefined;

afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function start(script: StandinScriptStep[] = []) {
  standin = await startLlmStandin({ script, model: 'standin-model' });
  return standin;
}

function post(s: RunningLlmStandin, body: unknown, headers: Record<string, string> = { authorization: 'Bearer x' }) {
  return fetch(`${s.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Chunk {
  object: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: { total_tokens: number };
}

// Splits the raw stream by the SSE framing rules so a framing mistake fails here rather than inside a client.
function sseData(raw: string): string[] {
  expect(raw.endsWith('\n\n')).toBe(true);
  return raw
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return event.slice('data: '.length);
    });
}

async function streamed(res: Response): Promise<Chunk[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const data = sseData(await res.text());
  expect(data.at(-1)).toBe('[DONE]');
  return data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
}

const userSays = (text: string) => ({ messages: [{ role: 'user', content: text }] });

describe('llm-standin over HTTP', () => {
  it('lists the configured model', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      object: 'list',
      data: [{ id: 'standin-model', object: 'model', created: expect.any(Number), owned_by: 'llm-standin' }],
    });
  });

  it('streams text as role delta, content deltas, a stop chunk, a usage chunk and [DONE]', async () => {
    const s = await start([{ reply: { say: 'Your appointment is at three in the afternoon.' } }]);
    const chunks = await streamed(
      await post(s, { model: 'gpt-4.1-mini', ...userSays('hi'), stream: true, stream_options: { include_usage: true } }),
    );

    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant' });
    const contentChunks = chunks.filter((c) => typeof c.choices[0]?.delta.content === 'string' && c.choices[0].delta.content);
    expect(contentChunks.length).toBeGreaterThan(1);
    expect(contentChunks.map((c) => c.choices[0]?.delta.content).join('')).toBe(
      'Your appointment is at three in the afternoon.',
    );
    const finish = chunks.at(-2);
    expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.slice(0, -2).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
    const usage = chunks.at(-1);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams a tool call as an opening delta, argument fragments and a tool_calls finish', async () => {
    const s = await start([{ reply: { call: 'book', args: { slotId: 'ST_abc', note: 'window seat' } } }]);
    const chunks = await streamed(await post(s, { ...userSays('book it'), stream: true }));

    expect(chunks.some((c) => c.choices.length === 0)).toBe(false);
    const toolDeltas = chunks.flatMap((c) => (c.choices[0]?.delta.tool_calls as unknown[] | undefined) ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_1', type: 'function', function: { name: 'book', arguments: '' } });
    const fragments = toolDeltas.slice(1) as Array<{ index: number; id?: string; function: { arguments: string } }>;
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.every((f) => f.index === 0 && f.id === undefined)).toBe(true);
    expect(JSON.parse(fragments.map((f) => f.function.arguments).join(''))).toEqual({ slotId: 'ST_abc', note: 'window seat' });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers stream: false with a chat.completion object', async () => {
    const s = await start([{ reply: { say: 'One moment.', calls: [{ name: 'a', args: { x: 1 } }, { name: 'b' }] } }]);
    const res = await post(s, userSays('go'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      object: 'chat.completion',
      model: 'standin-model',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'One moment.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
              { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } },
            ],
          },
        },
      ],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it('says the script ran out instead of hanging', async () => {
    const s = await start();
    const body = (await (await post(s, userSays('anything left?'))).json()) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
    };
    expect(body.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: '[llm-standin] no scripted reply for: user: "anything left?"' },
    });
  });

  it('rejects a body without messages, or not JSON, with OpenAI error shapes', async () => {
    const s = await start();
    const missing = await post(s, { model: 'm' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: { message: expect.stringContaining('messages'), type: 'invalid_request_error', param: 'messages', code: null },
    });
    const garbled = await post(s, '{not json');
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers unknown paths with 404 in the OpenAI error shape', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/embeddings)', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('records each request with its messages, tools, tool_choice and whether a key was sent', async () => {
    const s = await start([{ reply: { say: 'ok' } }]);
    await fetch(`${s.url}/models`, { headers: { authorization: 'Bearer dummy' } });
    await post(
      s,
      {
        ...userSays('hi'),
        tools: [{ type: 'function', function: { name: 'book', description: 'Book', parameters: { type: 'object' } } }],
        tool_choice: 'auto',
      },
      {},
    );

    const [models, chat] = s.requests();
    expect(models).toEqual({ method: 'GET', path: '/v1/models', hasAuthorization: true });
    expect(chat).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      hasAuthorization: false,
      chat: {
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ name: 'book', description: 'Book', parameters: { type: 'object' } }],
        toolChoice: 'auto',
        stream: false,
        answeredBy: 0,
        reply: { content: 'ok', toolCalls: [] },
      },
    });
  });

  it('restarts from a new script after setScript', async () => {
    const s = await start([{ reply: { say: 'first' } }]);
    s.setScript([{ reply: { say: 'second' } }, { reply: { say: 'third' } }]);
    const body = (await (await post(s, userSays('hi'))).json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe('second');
    expect(s.unusedSteps()).toEqual([1]);
    expect(() => s.setScript([{ reply: { bogus: true } }] as never)).toThrow();
  });

  it('spaces streamed chunks by chunkDelayMs', async () => {
    standin = await startLlmStandin({ script: [{ reply: { say: 'a b c d' } }], chunkDelayMs: 30 });
    const started = Date.now();
    const chunks = await streamed(await post(standin, { ...userSays('hi'), stream: true }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 * (chunks.length - 1));
  });
});
