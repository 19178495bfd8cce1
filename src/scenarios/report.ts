// The human-readable report: one ✓/✗ line per scenario and, under a failed turn, each failed expectation with what the
// turn actually did, so the author can fix the scenario or the agent without rerunning anything.
import type { ExpectationOutcome } from './expectations.js';
import type { TurnObservation } from './observation.js';

export interface TurnResult {
  index: number;
  user: string;
  outcomes: ExpectationOutcome[];
  observation: TurnObservation;
}

export interface ScenarioResult {
  file: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  turns: TurnResult[];
  /** Why the scenario could not run at all, or was skipped. */
  error?: string;
}

const EXCERPT_CHARS = 240;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function turnLines(t: TurnResult): string[] {
  const failed = t.outcomes.filter((o) => o.status === 'failed');
  const skipped = t.outcomes.filter((o) => o.status === 'skipped');
  if (!failed.length && !skipped.length) return [];
  const lines = [`    turn ${t.index + 1} (user: ${JSON.stringify(t.user)}):`];
  for (const o of failed) lines.push(`      ✗ ${o.label}`, `        ${o.detail ?? ''}`);
  for (const o of skipped) lines.push(`      - ${o.label}: skipped, ${o.detail ?? ''}`);
  if (failed.length) {
    const { calls, results, reply } = t.observation;
    lines.push(`        tool calls seen: ${calls.length ? calls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(', ') : 'none'}`);
    for (const r of results) lines.push(`        ${r.name} returned${r.isError ? ' an error' : ''}: ${excerpt(r.output)}`);
    lines.push(`        reply: ${reply ? JSON.stringify(excerpt(reply)) : '(none)'}`);
  }
  return lines;
}

export function formatScenario(r: ScenarioResult): string[] {
  const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '-';
  const lines = [`${mark} ${r.name} (${r.file})${r.status === 'skipped' ? ': skipped' : ''}`];
  if (r.error) lines.push(`    ${r.error.replace(/\n/g, '\n    ')}`);
  return [...lines, ...r.turns.flatMap(turnLines)];
}

export function summaryLine(results: readonly ScenarioResult[]): string {
  const count = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  return `${count('passed')} passed, ${count('failed')} failed`;
}

export function formatReport(results: readonly ScenarioResult[]): string {
  return [...results.flatMap(formatScenario), summaryLine(results)].join('\n');
}
