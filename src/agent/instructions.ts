// The agent's instructions: the user's own, then the prebuilt scheduling script filled in for the actions that use
// it. Actions without the script still get a line naming "Book <title>" and its tools, because a model that never
// hears an action's name doesn't use it ("Agent Doesn't Use Action").
import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describeAction } from '../booking/distinct.js';
import type { ResolvedAction } from '../booking/resolve.js';
import { SCHEDULING_SCRIPT } from '../paths.js';
import type { ManageToolNames } from './manage-tools.js';
import type { ActionToolNames } from './tool-names.js';


const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

export interface InstructionsInput {
  userInstructions: string;
  actions: readonly ResolvedAction[];
  /** When the call happens (today's date goes into the script). Default: now. */
  now?: Temporal.Instant;
  /** Each action's tool names, in action order (a BookingToolset's `toolNames`, with the managing tools it has). */
  toolNames: ReadonlyArray<ActionToolNames & Partial<ManageToolNames>>;
}

export function buildInstructions({ userInstructions, actions, now = Temporal.Now.instant(), toolNames }: InstructionsInput): string {
  if (toolNames.length !== actions.length) throw new Error(`buildInstructions: ${actions.length} action(s) but ${toolNames.length} set(s) of tool names`);
  const lines = actions.map((a, i) => actionLine(a, toolNames[i]!));
  const scripted = actions.flatMap((a, i) => (a.config.useSchedulingScript ? [{ a, line: lines[i]! }] : []));
  const plain = lines.filter((_, i) => !actions[i]!.config.useSchedulingScript);
  const parts = [userInstructions.trim()];
  const first = scripted[0]?.a;
  if (first)
    parts.push(
      fillTemplate(readFileSync(SCHEDULING_SCRIPT, 'utf8'), {
        actions: scripted.map((s) => s.line).join('\n'),
        timeZone: [...new Set(scripted.map((s) => s.a.timeZone))].join(', '),
        today: today(now, first),
        daysAhead: String(Math.max(...scripted.map((s) => s.a.config.daysAhead))),
        slotsPerDay: String(Math.max(...scripted.map((s) => s.a.config.slotsPerDay))),
      }).trim(),
    );
  if (plain.length) parts.push(`${first ? 'Also available' : 'Booking actions'} (first find times, then book an offered id):\n${plain.join('\n')}`);
  return parts.filter(Boolean).join('\n\n');
}

/** Replaces every `{{name}}`; a placeholder with no value throws, so a typo never reaches the model. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !Object.hasOwn(values, name));
  if (unknown.length)
    throw new Error(`Unknown placeholder(s) ${[...new Set(unknown)].map((u) => `{{${u}}}`).join(', ')} in the scheduling script; known: ${Object.keys(values).map((k) => `{{${k}}}`).join(' ')}`);
  return template.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

function actionLine(a: ResolvedAction, n: ActionToolNames & Partial<ManageToolNames>): string {
  const manage = [
    n.find && `find their existing ones with \`${n.find}\``,
    n.cancel && `cancel with \`${n.cancel}\``,
    n.reschedule && `move with \`${n.reschedule}\``,
  ].filter(Boolean);
  const fallbacks = [n.link && `text a booking link with \`${n.link}\``, n.callback && `request a callback with \`${n.callback}\``].filter(Boolean);
  return (
    `- "${a.displayName}" (${describeAction(a)}): find times with \`${n.slots}\`, book with \`${n.book}\`` +
    (manage.length ? `; ${manage.join(', ')}` : '') +
    (fallbacks.length ? `; when booking by voice can't go on: ${fallbacks.join(', ')}` : '') +
    '.'
  );
}

/** "Tuesday, November 24, 2026" in the action's zone and language: the date the model may otherwise guess. */
function today(now: Temporal.Instant, a: ResolvedAction): string {
  return new Intl.DateTimeFormat(a.config.locale, { timeZone: a.timeZone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(
    new Date(now.epochMilliseconds),
  );
}
