// `cal-booking-action slots`: prints what the agent would offer right now for one action — the "verify the agent
// presents available times" step. Without CALCOM_API_KEY it runs against a built-in sandbox, so it needs no setup.
import { Temporal } from 'temporal-polyfill';
import { calTarget } from '../cal-target.js';
import { loadBookingConfig } from '../booking/config.js';
import { locateBookingConfig } from '../booking-config-file.js';
import { previewOffer } from '../booking/offer-preview.js';
import { resolveActions, type ResolvedAction } from '../booking/resolve.js';


export interface SlotsCommandOptions {
  /** Default ./booking.yaml, else the example on the built-in sandbox only. */
  config?: string | undefined;
  action?: string;
  now?: string;
  json: boolean;
  preference?: string;
}

/** Finds an action by tool name, "Book …" name, event title or position (1-based). */
export function pickAction(actions: ResolvedAction[], wanted: string | undefined): ResolvedAction {
  if (wanted === undefined) {
    if (actions.length === 1) return actions[0]!;
    throw new Error(`The config has ${actions.length} actions; pick one with --action:\n${actions.map((a, i) => `  ${i + 1}. ${a.toolName}  (${a.displayName})`).join('\n')}`);
  }
  const w = wanted.trim().toLowerCase();
  const found =
    actions.find((a) => [a.toolName, a.displayName, a.eventType.title].some((n) => n.toLowerCase() === w)) ??
    (/^\d+$/.test(w) ? actions[Number(w) - 1] : undefined);
  if (!found)
    throw new Error(`No action "${wanted}". Actions in this config:\n${actions.map((a, i) => `  ${i + 1}. ${a.toolName}  (${a.displayName})`).join('\n')}`);
  return found;
}

export async function runSlots(o: SlotsCommandOptions): Promise<number> {
  let now: Temporal.Instant;
  try {
    now = o.now ? Temporal.Instant.from(o.now) : Temporal.Now.instant();
  } catch {
    console.error(`--now must be an ISO instant with an offset, e.g. 2026-11-24T09:00:00+01:00 (got ${o.now})`);
    return 2;
  }
  const apiKey = process.env.CALCOM_API_KEY;
  const located = locateBookingConfig({ explicit: o.config, sandbox: !apiKey });
  if (located.note) console.error(`(${located.note})`);
  const config = loadBookingConfig(located.path);
  const target = await calTarget({ now, ...(apiKey ? { apiKey } : {}) });
  if (target.sandbox) console.error('(no CALCOM_API_KEY: using the built-in sandbox Cal.com and its default world)');
  const { client } = target;
  try {
    const action = pickAction(await resolveActions(config, client, located.path), o.action);
    const { result, offer } = await previewOffer(client, action, now, o.preference);
    if (o.json) {
      console.log(JSON.stringify({ action: action.displayName, toolName: action.toolName, status: result.status, slots: offer }, null, 2));
      return result.status === 'available' || result.status === 'no_availability' ? 0 : 1;
    }
    console.log(`${action.displayName}  (tool ${action.toolName}, event type ${action.eventType.id}, ${action.eventType.lengthInMinutes} min)`);
    console.log(`now ${now.toZonedDateTimeISO(action.timeZone).toString({ smallestUnit: 'minute', timeZoneName: 'never' })} in ${action.timeZone}\n`);
    if (result.status !== 'available') {
      console.log(`${result.status}: ${'problem' in result ? `${result.problem} ` : ''}${result.next}`);
      return result.status === 'no_availability' ? 0 : 1;
    }
    for (const s of offer) console.log(`  ${s.id.padEnd(4)} ${s.local}  ${s.timeZone}  "${s.time}"`);
    return 0;
  } finally {
    await target.close();
  }
}
