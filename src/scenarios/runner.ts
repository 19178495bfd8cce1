// Runs scenario files turn by turn against a fresh call each, and reports as it goes.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initializeLogger } from '@livekit/agents';
import { redactFrameworkLogs } from '../redaction/framework-logs.js';
import { startScenarioCall } from './call.js';
import { judgeExpectation } from './expectations.js';
import { observeTurn } from './observation.js';
import { formatScenario, summaryLine, type ScenarioResult, type TurnResult } from './report.js';
import { loadScenarioFile, type Scenario } from './schema.js';

export interface RunScenariosOptions {
  /** 'standin' (default) plays each turn's `llm` script; 'openai' runs gpt-4.1-mini unscripted and judges intents. */
  llm?: 'standin' | 'openai';
  out?: (line: string) => void;
  /** LiveKit's log level during the run; default 'error' keeps its chatter out of the report. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export interface RunScenariosResult {
  passed: number;
  failed: number;
  results: ScenarioResult[];
}

export function scenarioFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => /\.ya?ml$/i.test(f))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
}

async function playScenario(s: Scenario, file: string, llm: 'standin' | 'openai'): Promise<TurnResult[]> {
  const call = await startScenarioCall(s, file, llm);
  const turns: TurnResult[] = [];
  try {
    await call.applyChanges(s.sandbox);
    for (const [index, turn] of s.turns.entries()) {
      if (turn.before) await call.applyChanges(turn.before);
      call.standin?.setScript(turn.llm ?? []);
      const observation = observeTurn((await call.run(turn.user)).events);
      const outcomes = [];
      for (const e of turn.expect) outcomes.push(await judgeExpectation(e, observation, call.probe));
      const unused = call.standin?.unusedSteps() ?? [];
      // A step the conversation never reached means the scenario's story and the agent's parted ways.
      if (unused.length)
        outcomes.push({ label: 'llm script', status: 'failed' as const, detail: `step(s) ${unused.map((i) => i + 1).join(', ')} of this turn's llm were never used` });
      turns.push({ index, user: turn.user, outcomes, observation });
    }
  } finally {
    await call.close();
  }
  return turns;
}

async function runOne(file: string, llm: 'standin' | 'openai'): Promise<ScenarioResult> {
  const shown = relative(process.cwd(), file) || file;
  let scenario: Scenario;
  try {
    scenario = loadScenarioFile(file);
  } catch (err) {
    return { file: shown, name: shown, status: 'failed', turns: [], error: (err as Error).message };
  }
  const base = { file: shown, name: scenario.name };
  if (llm === 'openai' && !process.env.OPENAI_API_KEY)
    return { ...base, status: 'skipped', turns: [], error: 'OPENAI_API_KEY is not set; the real LLM needs it' };
  try {
    const turns = await playScenario(scenario, file, llm);
    const failed = turns.some((t) => t.outcomes.some((o) => o.status === 'failed'));
    return { ...base, status: failed ? 'failed' : 'passed', turns };
  } catch (err) {
    return { ...base, status: 'failed', turns: [], error: `could not run: ${(err as Error).message}` };
  }
}

export async function runScenarios(paths: string[], opts: RunScenariosOptions = {}): Promise<RunScenariosResult> {
  const llm = opts.llm ?? 'standin';
  const out = opts.out ?? ((line: string) => console.log(line));
  // LiveKit's log() throws until a logger exists; redacted as the worker's is.
  initializeLogger({ pretty: false, level: opts.logLevel ?? 'error' });
  redactFrameworkLogs();
  const results: ScenarioResult[] = [];
  for (const file of scenarioFiles(paths)) {
    const result = await runOne(file, llm);
    results.push(result);
    for (const line of formatScenario(result)) out(line);
  }
  out(summaryLine(results));
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    results,
  };
}
