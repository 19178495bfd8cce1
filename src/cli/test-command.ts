// `cal-booking-action test <dir or files>`: runs scripted conversation scenarios and exits non-zero on failure.
import { runScenarios } from '../scenarios/index.js';

export async function runTest(paths: string[], o: { real: boolean }): Promise<number> {
  const { failed } = await runScenarios(paths, { llm: o.real ? 'openai' : 'standin', out: (line) => console.log(line) });
  return failed === 0 ? 0 : 1;
}
