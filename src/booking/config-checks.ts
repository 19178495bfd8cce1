// The booking config loader's defences and wording: nesting and alias guards that run before validation, values
// quoted only as short excerpts with anything shaped like a key or token redacted, and unknown keys answered with
// a did-you-mean and the keys allowed there, both taken from the schema itself.
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod/v4';

/** A booking config nests 4 levels (actions[0].sms.template); anything far deeper is a mistake or an attack. */
export const MAX_CONFIG_DEPTH = 16;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || '(top level)';
}

/**
 * Why a parsed document cannot be a config, found without recursion: a YAML alias that contains itself (the parser
 * returns a circular structure) or nesting past {@link MAX_CONFIG_DEPTH}. Undefined when the shape is sound.
 */
export function structureProblem(root: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[]; ancestors: Set<object> }> = [{ value: root, path: [], ancestors: new Set() }];
  while (stack.length) {
    const { value, path, ancestors } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (ancestors.has(value))
      return `${formatPath(path)}: contains itself through a YAML alias (*name pointing at its own &name); write the values out instead`;
    if (path.length > MAX_CONFIG_DEPTH)
      return `${formatPath(path.slice(0, 6))}…: nests more than ${MAX_CONFIG_DEPTH} levels deep; a booking config needs 4 (actions[0].sms.template)`;
    const inner = new Set(ancestors).add(value);
    for (const [k, child] of Object.entries(value)) stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(k) : k], ancestors: inner });
  }
  return undefined;
}

const SECRET_SHAPES = [
  /\bcal_(?:live|test)_[A-Za-z0-9]+/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:AC|SK)[0-9a-fA-F]{32}\b/g,
  /\b(?:Bearer|Basic)\s+\S+/gi,
  // Long runs mixing letters and digits read as keys or tokens even without a known prefix.
  /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g,
];

export function redactSecrets(text: string): string {
  return SECRET_SHAPES.reduce((t, re) => t.replace(re, '[redacted]'), text);
}

/** A value as an error may quote it: JSON, secrets redacted, at most `max` characters. */
export function describeValue(v: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Array.isArray(v) ? '[…]' : '{…}';
  }
  if (v !== null && typeof v === 'object') text = Array.isArray(v) ? `a list of ${v.length}` : `an object with keys ${Object.keys(v).slice(0, 5).join(', ')}`;
  text = redactSecrets(text);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The object schema that validates the value at `path`, looking through defaults, optionals, arrays and pipes. */
function objectSchemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodObject | undefined {
  let s: z.ZodType | undefined = schema;
  const unwrap = (t: z.ZodType): z.ZodType => {
    if (t instanceof z.ZodDefault || t instanceof z.ZodOptional || t instanceof z.ZodNullable) return unwrap(t.unwrap() as z.ZodType);
    if (t instanceof z.ZodPipe) return unwrap(t.in as z.ZodType);
    return t;
  };
  for (const key of path) {
    s = s ? unwrap(s) : undefined;
    if (s instanceof z.ZodArray && typeof key === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodObject && typeof key === 'string') s = s.shape[key] as z.ZodType | undefined;
    else return undefined;
  }
  s = s ? unwrap(s) : undefined;
  return s instanceof z.ZodObject ? s : undefined;
}

/** The keys allowed where `path` points, from the schema, so a field added to it is suggested with no edit here. */
export function allowedKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  return Object.keys(objectSchemaAt(schema, path)?.shape ?? {});
}

/** "did you mean …" for an unknown key: case slips and small typos, never a wild guess. */
export function keySuggestion(key: string, allowed: readonly string[]): string | undefined {
  if (!allowed.length) return undefined;
  const byCase = allowed.find((a) => a.toLowerCase() === key.toLowerCase().replace(/[-_\s]/g, ''));
  if (byCase) return byCase;
  const best = closest(key.toLowerCase(), allowed.map((a) => a.toLowerCase()));
  const match = allowed.find((a) => a.toLowerCase() === best)!;
  return distance(key.toLowerCase(), best) <= Math.max(2, Math.floor(match.length / 3)) ? match : undefined;
}
