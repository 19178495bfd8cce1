// Writes a booking config as YAML for `setup` and `init`. Editing an existing file keeps its comments, key order
// and untouched values: each action's node is reused and only the fields whose meaning changed are rewritten.
// New actions are written in full, so the file shows every setting a person can change.
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { ActionConfigSchema } from '../booking/config.js';

/** One action as the page and `init` hold it: the YAML shape, every field filled in. */
export interface DraftAction {
  eventType: number;
  location: string;
  address?: string | undefined;
  timeZone: string;
  daysAhead: number;
  slotsPerDay: number;
  minSpacingMinutes: number;
  earliestDate: string;
  locale: string;
  fallbackEmail: string;
  sms: { enabled: boolean; template: string };
  useSchedulingScript: boolean;
}

export interface DraftEntry {
  action: DraftAction;
  /** Its index in the file being edited; absent for a new action. */
  origin?: number | undefined;
}

export interface WriteYamlInput {
  entries: DraftEntry[];
  /** The file's current text, when editing one. */
  existing?: string | undefined;
  /** The event type id each existing action resolved to, by origin, so a `{slug, team}` reference is kept. */
  existingIds?: ReadonlyArray<number | undefined>;
  /** For the comment beside each new `eventType`. */
  titles: ReadonlyMap<number, string>;
  /** Where editors find the JSON Schema, relative to the file. */
  schemaRef: string;
}

const FIELDS = ['eventType', 'location', 'address', 'timeZone', 'daysAhead', 'slotsPerDay', 'minSpacingMinutes', 'earliestDate', 'locale', 'fallbackEmail', 'sms', 'useSchedulingScript'] as const;
const BLANK_MEANS: Partial<Record<(typeof FIELDS)[number], string>> = {
  earliestDate: 'blank: from now on',
  fallbackEmail: 'blank: the agent always collects an email',
};
const SCHEMA_LINE = /^ ?yaml-language-server: \$schema=.*$/m;

/** The action without fields that do not apply (an address only for in-person) or are left to the default (a blank zone). */
function clean(a: DraftAction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (f === 'address' && a.location !== 'in-person') continue;
    if (f === 'timeZone' && !a.timeZone.trim()) continue; // blank: the account's zone
    if (a[f] !== undefined) out[f] = a[f];
  }
  return out;
}

function eventTypeNode(doc: Document, id: number, titles: ReadonlyMap<number, string>): Scalar {
  const node = doc.createNode(id) as Scalar;
  const title = titles.get(id);
  if (title) node.comment = ` ${title}`;
  return node;
}

function newActionNode(doc: Document, a: DraftAction, titles: ReadonlyMap<number, string>): YAMLMap {
  const map = new YAMLMap();
  for (const [k, v] of Object.entries(clean(a))) {
    const value = k === 'eventType' ? eventTypeNode(doc, v as number, titles) : doc.createNode(v);
    const note = BLANK_MEANS[k as keyof typeof BLANK_MEANS];
    if (note && v === '' && value instanceof Scalar) value.comment = ` ${note}`;
    map.set(k, value);
  }
  return map;
}

/** Rewrites only what changed in meaning; defaults the file left out stay out. */
function updateActionNode(doc: Document, node: YAMLMap, before: unknown, beforeId: number | undefined, a: DraftAction, titles: ReadonlyMap<number, string>): void {
  const wanted = clean(a);
  const was = ActionConfigSchema.safeParse(before);
  const now = ActionConfigSchema.safeParse(wanted);
  const same = (k: string) => was.success && now.success && isDeepStrictEqual((was.data as Record<string, unknown>)[k], (now.data as Record<string, unknown>)[k]);
  for (const k of FIELDS) {
    const v = wanted[k];
    if (k === 'eventType') {
      if (beforeId !== a.eventType) node.set(k, eventTypeNode(doc, a.eventType, titles));
      continue;
    }
    if (v === undefined) {
      node.delete(k);
      continue;
    }
    if (same(k)) continue;
    const current = node.get(k, true);
    if (k === 'sms' && isMap(current)) {
      for (const [sk, sv] of Object.entries(v as object)) current.set(sk, sv);
      continue;
    }
    if (current instanceof Scalar) current.value = v;
    else node.set(k, doc.createNode(v));
  }
}

export function writeConfigYaml(input: WriteYamlInput): string {
  const doc = input.existing ? parseDocument(input.existing) : new Document({ actions: [] });
  if (doc.errors.length) throw new Error(`The existing file is not valid YAML: ${doc.errors[0]!.message}`);
  const schemaLine = ` yaml-language-server: $schema=${input.schemaRef}`;
  const head = doc.commentBefore ?? '';
  const fresh = ` Booking actions for cal-booking-action (written by setup or init). Secrets never go here: CALCOM_API_KEY and TWILIO_* come from the environment or .env.`;
  doc.commentBefore = SCHEMA_LINE.test(head) ? head.replace(SCHEMA_LINE, schemaLine) : head ? `${schemaLine}\n${head}` : input.existing ? schemaLine : `${schemaLine}\n${fresh}`;
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ actions: [] }) as never;
  const oldSeq = doc.get('actions', true);
  const oldItems = isSeq(oldSeq) ? oldSeq.items : [];
  const oldRaw = (doc.toJS() as { actions?: unknown[] } | null)?.actions ?? [];
  const seq = isSeq(oldSeq) ? oldSeq : new YAMLSeq();
  seq.items = input.entries.map(({ action, origin }) => {
    const old = origin === undefined ? undefined : oldItems[origin];
    if (!isMap(old)) return newActionNode(doc, action, input.titles);
    updateActionNode(doc, old, oldRaw[origin!], input.existingIds?.[origin!], action, input.titles);
    return old;
  });
  // A blank line between actions, as in the shipped example; none right under `actions:`.
  seq.items.forEach((item, i) => {
    (item as YAMLMap).spaceBefore = i > 0;
  });
  doc.set('actions', seq);
  return doc.toString({ lineWidth: 0 });
}
