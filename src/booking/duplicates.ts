// Two actions on event types with the same title (or one event type twice, e.g. video and phone) both get the
// name "Book <title>": tool names are numbered apart, but instructions and callers cannot tell the actions apart.
import type { ResolvedAction } from './resolve.js';

/** One warning per "Book <title>" shared by several actions, saying how to tell them apart. */
export function duplicateNameWarnings(actions: readonly Pick<ResolvedAction, 'displayName' | 'toolName' | 'config' | 'eventType'>[]): string[] {
  const byName = new Map<string, number[]>();
  actions.forEach((a, i) => byName.set(a.displayName, [...(byName.get(a.displayName) ?? []), i]));
  return [...byName].flatMap(([name, at]) => {
    if (at.length < 2) return [];
    const which = at.map((i) => `${i + 1} (tool ${actions[i]!.toolName}, event type ${actions[i]!.eventType.id}, ${actions[i]!.config.location})`);
    return [
      `"${name}" names actions ${which.join(' and ')}: the model and the caller cannot tell them apart by name. ` +
        'Give each event type its own title in Cal.com (e.g. "30-Minute Consultation (Phone)"), or say in your instructions which tool is for what.',
    ];
  });
}
