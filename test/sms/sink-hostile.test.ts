// The SMS sink and the LLM stand-in under hostile input: a DNS-rebinding Host, the admin token on /_sink,
// oversized and deeply nested bodies, each answered in the server's own error shape.
import { afterAll, describe, expect, it } from 'vitest';
import { startLlmStandin, type RunningLlmStandin } from '../../src/llm-standin/server.js';
import { startSmsSink, type SmsSink } from '../../src/sms/sink.js';
import { rawRequest, requestText } from '../http/raw.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((c) => c())));
async function sink(o: Parameters<typeof startSmsSink>[0] = {}): Promise<SmsSink> {
  const s = await startSmsSink({ accountSid: 'AC00000000000000000000000000000000', authToken: 'sink-auth-token', ...o });
  closers.push(() => s.close());
  return s;
}
async function standin(): Promise<RunningLlmStandin> {
  const s = await startLlmStandin({ script: [{ reply: { say: 'hi' } }] });
  closers.push(() => s.close());
  return s;
}

describe('SMS sink', () => {
  it('refuses a Host that is not its loopback address, with the documented default credentials in hand', async () => {
    const s = await sink();
    const auth = `Basic ${Buffer.from('AC00000000000000000000000000000000:sink-auth-token').toString('base64')}`;
    for (const path of ['/_sink/messages', '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json']) {
      const r = await rawRequest(s.port, requestText(s.port, 'GET', path, '', { host: 'rebind.attacker.example', authorization: auth }));
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ code: 20403, status: 403, message: expect.stringMatching(/not this server's loopback address/) });
    }
    expect((await fetch(`${s.url}/_sink/messages`)).status).toBe(200);
  });

  it('with an admin token, /_sink/messages needs it; the Twilio API keeps its Basic auth', async () => {
    const s = await sink({ adminToken: 'sesame' });
    expect((await fetch(`${s.url}/_sink/messages`)).status).toBe(401);
    expect((await fetch(`${s.url}/_sink/messages`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${s.url}/_sink/messages`, { headers: { authorization: 'Bearer sesame' } })).status).toBe(200);
  });

  it('a body past 100 kB is a 413 in Twilio\'s error shape, and the sink lives on', async () => {
    const s = await sink();
    const r = await fetch(`${s.url}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Body=${'a'.repeat(200_000)}`,
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ code: 20413, status: 413 });
    expect((await fetch(`${s.url}/_sink/messages`)).status).toBe(200);
  });
});

describe('LLM stand-in', () => {
  it('a body nested 6,000 deep is a 400 in OpenAI\'s error shape; a body past 4 MB is a 413; it lives on', async () => {
    const s = await standin();
    const deep = await fetch(`${s.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"messages":${'['.repeat(6_000)}${']'.repeat(6_000)}}` });
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ error: { message: expect.stringMatching(/more than 64 levels deep/), type: 'invalid_request_error' } });
    const big = await fetch(`${s.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect((await fetch(`${s.url}/models`)).status).toBe(200);
  });
});
