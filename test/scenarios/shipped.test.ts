// Every scenario shipped in scenarios/ passes in scripted mode against the default world.
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runScenarios } from '../../src/scenarios/index.js';

it('every shipped scenario passes with the stand-in', async () => {
  const shipped = readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f)).length;
  expect(shipped).toBeGreaterThanOrEqual(18);
  const lines: string[] = [];
  const { passed, failed, results } = await runScenarios(['scenarios'], { out: (l) => lines.push(l) });
  expect(failed, lines.join('\n')).toBe(0);
  expect(passed).toBe(shipped);
  expect(results.map((r) => r.status)).toEqual(Array(shipped).fill('passed'));
  expect(lines.at(-1)).toBe(`${shipped} passed, 0 failed`);
}, 120_000);
