// The Check Confirmations expectations fail with what Cal.com actually sent and wrote.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runScenarios } from '../../src/scenarios/index.js';

const SCENARIO = `
name: Confirmation to the wrong inbox
action: book_30_minute_consultation
now: 2026-11-24T08:00:00Z
caller: { cal_email: jo@example.com }
turns:
  - user: Hi, I would like an appointment, the first time you have
    llm:
      - reply: { call: book_30_minute_consultation_slots }
      - when: { toolResult: available }
        reply: { call: book_30_minute_consultation, args: { slotId: "{{lastTool.slots.0.id}}", name: Jo Caller } }
      - when: { toolResult: booked }
        reply: { say: "{{lastTool.say}}" }
    expect:
      - email: { to: joe@example.com }
      - calendar: { host: Helen Carter }
      - meetingLink: true
`;

it('names the address and the calendars Cal.com used', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'scenarios-')), 'wrong-inbox.yaml');
  writeFileSync(file, SCENARIO);
  const lines: string[] = [];
  const r = await runScenarios([file], { out: (l) => lines.push(l) });
  const text = lines.join('\n');
  expect(r.failed).toBe(1);
  expect(text).toMatch(/expected at least 1 confirmation email\(s\) to joe@example\.com, found 0; Cal\.com sent: jo@example\.com: "Confirmed: 30-Minute Consultation with Anna Becker on 10:00am/);
  expect(text).toContain("expected at least 1 busy event(s) on Helen Carter's calendar, found 0: Anna Becker on anna@becker-consulting.example");
  expect(text).not.toContain('meeting link');
});
