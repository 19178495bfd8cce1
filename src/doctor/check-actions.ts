// Each configured action resolves to an event type that offers its location. resolveActions reports every
// problem at once; its lines are split per action so each action gets its own verdict and the right fix.
import type { BookingConfig } from '../booking/config.js';
import { indistinctActions } from '../booking/distinct.js';
import { resolveActions, type ResolvedAction } from '../booking/resolve.js';
import type { CalComClient } from '../calcom/client.js';
import type { Report } from './report.js';
import { ADDRESS_MISMATCH, CALENDAR_UNREACHABLE, EVENT_TYPE_MISSING, PLATFORM_DISABLED } from './troubleshooting.js';

/** The actions that resolved; a broken one is reported and left out so the later checks still run for the rest. */
export async function checkActions(config: BookingConfig, source: string, client: CalComClient, report: Report): Promise<ResolvedAction[]> {
  let problems: string[] = [];
  try {
    const actions = await resolveActions(config, client, source);
    actions.forEach((a) => report.pass(resolvedTitle(a)));
    warnIndistinct(actions, source, report);
    return actions;
  } catch (err) {
    problems = (err instanceof Error ? err.message : String(err)).split('\n');
  }
  const broken = new Set<number>();
  config.actions.forEach((action, i) => {
    const mine = problems.filter((p) => p.includes(`actions[${i}].`));
    if (!mine.length) return;
    broken.add(i);
    const title = `Action ${i + 1} (event type ${JSON.stringify(action.eventType)}, ${action.location})`;
    const missing = mine.some((p) => p.includes(`actions[${i}].eventType:`));
    const platform = mine.some((p) => p.includes('(Meeting Platform Disabled)'));
    const remedy = missing ? EVENT_TYPE_MISSING : platform ? PLATFORM_DISABLED : ADDRESS_MISMATCH;
    report.fail(title, remedy, mine);
  });
  if (!broken.size) {
    report.fail('Actions resolve', CALENDAR_UNREACHABLE, problems);
    return [];
  }
  const good = config.actions.filter((_, i) => !broken.has(i));
  if (!good.length) return [];
  // Tool names are numbered across the actions that remain, which is what an agent built from them would see.
  const actions = await resolveActions({ actions: good }, client, source);
  actions.forEach((a) => report.pass(resolvedTitle(a)));
  warnIndistinct(actions, source, report);
  return actions;
}

/** Actions a model cannot tell apart: a warning, since each still works when the caller names it unambiguously. */
function warnIndistinct(actions: readonly ResolvedAction[], source: string, report: Report): void {
  for (const w of indistinctActions(actions, source)) report.warn('Actions the model cannot tell apart', [w]);
}

function resolvedTitle(a: ResolvedAction): string {
  return `${a.displayName} (event type ${a.eventType.id}, ${a.config.location} offered, tool ${a.toolName}, times in ${a.timeZone})`;
}
