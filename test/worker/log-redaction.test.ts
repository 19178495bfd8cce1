// No email or phone number in the worker's log lines, LiveKit's own included: scenario calls run with the logger
// the worker configures (agents-js's, at debug level, with our redaction installed) while its output is scanned.
// agents-js logs every tool call's arguments under `lk.pii.arguments` at info level, so these lines must exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../src/scenarios/runner.js';

const PERSONAL = ['jo@example.com', 'jo.smith@gmail.com', 'j o dot s m i t h', 'g mail dot com', '+14155550123', '4155550123', 'Jo Smith', 'Jo Caller'];

let written = '';
const original = process.stdout.write.bind(process.stdout);
beforeAll(() => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return (original as (...a: unknown[]) => boolean)(chunk.length > 0 ? '' : chunk, ...rest);
  }) as typeof process.stdout.write;
});
afterAll(() => {
  process.stdout.write = original;
});

describe("the worker's logs during scenario calls", () => {
  it('carry the tool calls but no email, spoken email, phone number or caller name', async () => {
    const result = await runScenarios(['scenarios/happy-path.yaml', 'scenarios/spelled-email.yaml'], { logLevel: 'debug', out: () => {} });
    expect(result.failed).toBe(0);
    const lines = written.split('\n').filter((l) => l.startsWith('{'));
    const toolCalls = lines.filter((l) => l.includes('Executing LLM tool call'));
    expect(toolCalls.length).toBeGreaterThanOrEqual(4);
    expect(toolCalls.join('\n')).toContain('"email":"[redacted]"');
    for (const p of PERSONAL) expect(lines.filter((l) => l.includes(p)), p).toEqual([]);
  }, 60_000);
});
