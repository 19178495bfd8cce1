// A bad scenario file is reported with its file name and the field at fault.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadScenarioFile, parseScenario, runScenarios } from '../../src/scenarios/index.js';

const valid = { name: 'x', now: '2026-11-24T08:00:00Z', turns: [{ user: 'hi' }] };

it('names the file and the field path', () => {
  const bad = { ...valid, turns: [{ user: 'hi', expect: [{ toolCall: { args: {} } }] }] };
  expect(() => parseScenario(bad, 'bad.yaml')).toThrow(/^bad\.yaml is not a valid scenario:\n {2}turns\[0\]\.expect\[0\]\.toolCall\.name: /);
});

it('refuses an expectation with two kinds, a bad instant and an unknown key', () => {
  const bad = { ...valid, now: 'tuesday', extra: 1, turns: [{ user: 'hi', expect: [{ reply: { contains: 'a' }, noBooking: true }] }] };
  const message = (() => {
    try {
      parseScenario(bad, 's.yaml');
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  })();
  expect(message).toContain('now: expected an ISO instant');
  expect(message).toContain('turns[0].expect[0]: each expectation has exactly one of');
  expect(message).toMatch(/\(top level\): .*extra/);
});

it('a runnable default fills config, caller, instructions and sandbox', () => {
  expect(parseScenario(valid, 'ok.yaml')).toMatchObject({ caller: {}, instructions: '', sandbox: {}, turns: [{ expect: [] }] });
});

it('reports an invalid file as a failed scenario naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, 'name: broken\nnow: 2026-11-24T08:00:00Z\nturns: []\n');
  expect(() => loadScenarioFile(file)).toThrow(`${file} is not a valid scenario`);
  const lines: string[] = [];
  const r = await runScenarios([file], { out: (l) => lines.push(l) });
  expect(r).toMatchObject({ passed: 0, failed: 1 });
  expect(lines.join('\n')).toContain('turns: a scenario needs at least one turn');
  expect(lines.at(-1)).toBe('0 passed, 1 failed');
});
