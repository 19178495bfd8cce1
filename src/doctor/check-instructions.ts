// "Agent Doesn't Use Action": the instructions the worker would send must name every action as "Book <title>"
// together with its tool names, and the model settings should be the ones that call functions reliably.
import type { Temporal } from 'temporal-polyfill';
import type { CalendarApi } from '../booking/flow.js';
import { duplicateNameWarnings } from '../booking/duplicates.js';
import type { ResolvedAction } from '../booking/resolve.js';
import { buildInstructions } from '../agent/instructions.js';
import { createBookingToolset } from '../agent/toolset.js';
import { workerSettings } from '../worker/settings.js';
import type { Report } from './report.js';
import { ACTION_UNUSED } from './troubleshooting.js';

const RELIABLE_MODELS = /^gpt-4\.1(-mini)?(-\d{4}-\d{2}-\d{2})?$/;
const MAX_STEADY_TEMPERATURE = 0.5;

export function checkInstructions(actions: readonly ResolvedAction[], calendar: CalendarApi, now: Temporal.Instant, report: Report): void {
  if (!actions.length) {
    report.skip('Actions named in the instructions', 'no action resolved');
    return;
  }
  let settings: ReturnType<typeof workerSettings>;
  try {
    settings = workerSettings();
  } catch (err) {
    report.fail('Model settings', ACTION_UNUSED, [(err as Error).message]);
    return;
  }
  for (const warning of duplicateNameWarnings(actions)) report.warn('Two actions share one name', [warning]);
  const toolset = createBookingToolset({ actions, calendar, sms: null });
  const instructions = buildInstructions({ userInstructions: settings.instructions, actions, now, toolNames: toolset.toolNames });
  actions.forEach((a, i) => {
    const names = toolset.toolNames[i]!;
    const missing = [`"${a.displayName}"`, names.slots, names.book].filter((n) => !instructions.includes(n));
    const how = a.config.useSchedulingScript ? 'in the scheduling script' : 'in the action list (useSchedulingScript is off)';
    if (missing.length) report.fail(`Instructions name ${a.displayName}`, ACTION_UNUSED, [`Missing: ${missing.join(', ')}`]);
    else report.pass(`Instructions name ${a.displayName} and its tools ${names.slots}, ${names.book} ${how}`);
  });
  const advice = [
    ...(RELIABLE_MODELS.test(settings.model) ? [] : [`OPENAI_MODEL is ${settings.model}; GPT-4.1 or GPT-4.1-mini call functions most reliably.`]),
    ...(settings.temperature > MAX_STEADY_TEMPERATURE ? [`OPENAI_TEMPERATURE is ${settings.temperature}; ${MAX_STEADY_TEMPERATURE} or lower gives more consistent tool use.`] : []),
  ];
  if (advice.length) report.warn('Model settings', advice);
  else report.pass(`Model settings: ${settings.model}, temperature ${settings.temperature}`);
}
