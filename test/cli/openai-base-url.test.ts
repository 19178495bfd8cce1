// OPENAI_BASE_URL and OPENAI_MODEL point chat and test --real at any OpenAI-compatible server (a local model, a
// gateway): here the LLM stand-in plays that server, and its request log proves it was the model used.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cli } from '../helpers/cli.js';
import { parseStandinScript, startLlmStandin, type RunningLlmStandin } from '../../src/llm-standin/index.js';

let server: RunningLlmStandin;
beforeAll(async () => {
  const demo = parseYaml(readFileSync('examples/demo-call.yaml', 'utf8')) as { llm: unknown };
  server = await startLlmStandin({ script: parseStandinScript(demo.llm) });
});
afterAll(() => server.close());

const localModel = () => ({ OPENAI_API_KEY: 'sk-local', OPENAI_BASE_URL: server.url, OPENAI_MODEL: 'my-local-model' });

const modelsSeen = () => [...new Set(server.requests().flatMap((r) => (r.chat?.model ? [r.chat.model] : [])))];

// In order: both share one server, and test --real must not use up script steps the chat call needs.
describe('another OpenAI-compatible model', () => {
  it('chat with OPENAI_API_KEY talks to OPENAI_BASE_URL with OPENAI_MODEL, and books', async () => {
    const lines = ["Hi, I'd like to book a 30-minute consultation.", "The first one, please. I'm Jo Caller.", "It's j o dot caller at example dot com.", "Yes, that's right.", ''];
    const r = await cli(['chat', '--now', '2026-11-24T08:00:00Z'], { env: localModel(), stdin: lines.join('\n') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`LLM OpenAI my-local-model at ${server.url}`);
    expect(r.stdout).toContain("agent:  You're booked for today at 10 AM.");
    expect(modelsSeen()).toContain('my-local-model');
  });

  it('test --real sends the scenario to the same server and model', async () => {
    const before = server.requests().length;
    await cli(['test', 'scenarios/happy-path.yaml', '--real'], { env: localModel() });
    const mine = server.requests().slice(before).filter((r) => r.chat);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.chat!.model === 'my-local-model' && r.hasAuthorization)).toBe(true);
  });
});
