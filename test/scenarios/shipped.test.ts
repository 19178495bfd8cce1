// Every scenario shipped in scenarios/ passes in scripted mode against the default world.
import { expect, it } from 'vitest';
import { runScenarios } from '../../src/scenarios/index.js';

it('every shipped scenario passes with the stand-in', async () => {
  const lines: string[] = [];
  const { passed, failed, results } = await runScenarios(['scenarios'], { out: (l) => lines.push(l) });
  expect(failed, lines.join('\n')).toBe(0);
  expect(passed).toBe(11);
  expect(results.map((r) => r.status)).toEqual(Array(11).fill('passed'));
  expect(lines.at(-1)).toBe('11 passed, 0 failed');
}, 60_000);
