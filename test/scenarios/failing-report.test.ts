// A scenario whose expectation does not hold fails with a report that says what was expected and what happened.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { formatReport, runScenarios } from '../../src/scenarios/index.js';

const SCENARIO = `
name: Expects the wrong time
action: book_30_minute_consultation
now: 2026-11-24T08:00:00Z
caller: { cal_email: jo@example.com }
turns:
  - user: Hi, I would like an appointment
    llm:
      - reply: { call: book_30_minute_consultation_slots }
      - when: { toolResult: available }
        reply: { say: "I have {{lastTool.slots.0.time}}." }
    expect:
      - toolResult: { status: available }
      - reply: { contains: "tomorrow at 3 PM" }
      - noBooking: true
`;

it('prints a readable ✗ with the expectation, the tool calls, the result and the reply', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
  const file = join(dir, 'wrong-time.yaml');
  writeFileSync(file, SCENARIO);
  const lines: string[] = [];
  const r = await runScenarios([file], { out: (l) => lines.push(l) });
  expect(r).toMatchObject({ passed: 0, failed: 1 });
  const report = formatReport(r.results);
  expect(report).toBe(lines.join('\n'));
  expect(report).toMatch(/^✗ Expects the wrong time \(.*wrong-time\.yaml\)$/m);
  expect(report).toContain('✗ reply {"contains":"tomorrow at 3 PM"}');
  expect(report).toContain('expected the reply to contain "tomorrow at 3 PM"');
  expect(report).toContain('tool calls seen: book_30_minute_consultation_slots({})');
  expect(report).toMatch(/book_30_minute_consultation_slots returned: \{"status":"available"/);
  expect(report).toContain('reply: "I have today at 10 AM."');
  expect(report).not.toContain('✗ noBooking');
  expect(report.split('\n').at(-1)).toBe('0 passed, 1 failed');
});
