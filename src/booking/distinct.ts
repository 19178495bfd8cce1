// What tells one booking action from another, in the words a model reads in tool descriptions and the script:
// length, where it happens, who the caller meets, and the event type's own description from Cal.com. Two actions
// with the same title ("Beratung für Ärzte" for two practices) otherwise differ only by a "_2" in a tool name.
import type { LocationKind } from './config.js';
import type { ResolvedAction } from './resolve.js';

const WHERE: Record<LocationKind, string> = {
  'cal-video': 'Cal Video call',
  zoom: 'Zoom call',
  'google-meet': 'Google Meet call',
  'ms-teams': 'Microsoft Teams call',
  phone: 'phone call',
  'in-person': 'in person',
};
const MAX_DESCRIPTION = 160;

/** "30 min, Cal Video call, with Anna Becker: A short video consultation with Anna." */
export function describeAction(a: ResolvedAction): string {
  const where = a.config.location === 'in-person' && a.config.address ? `in person at ${a.config.address}` : WHERE[a.config.location];
  const parts = [`${a.eventType.lengthInMinutes} min`, where, a.eventType.host && `with ${a.eventType.host}`].filter(Boolean).join(', ');
  const about = a.eventType.description && clip(a.eventType.description.replace(/\s+/g, ' '));
  return about ? `${parts}: ${about}` : parts;
}

/**
 * One warning per group of actions a model could not tell apart: the same name and the same description. Each
 * says which actions and what to change, so `doctor` and the worker's start-up log can show it as it is.
 */
export function indistinctActions(actions: readonly ResolvedAction[], source: string): string[] {
  const groups = new Map<string, number[]>();
  actions.forEach((a, i) => {
    const key = `${a.displayName.toLowerCase()}|${describeAction(a).toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return [...groups.values()]
    .filter((ids) => ids.length > 1)
    .map((ids) => {
      const a = actions[ids[0]!]!;
      return (
        `${source}: ${ids.map((i) => `actions[${i}]`).join(' and ')} read the same to the model ("${a.displayName}", ${describeAction(a)}), so it cannot choose between them. ` +
        'Give each event type its own title or description in Cal.com (e.g. the practice or the host), or a different length or location.'
      );
    });
}

function clip(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.slice(0, MAX_DESCRIPTION);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_DESCRIPTION / 2)).replace(/[\s,;:.]+$/, '')}…`;
}
