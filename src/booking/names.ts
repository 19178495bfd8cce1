// Names for a booking action, from its Cal.com event type title: the display name that agent instructions refer
// to ("Book 30-Minute Consultation"), and the function name the LLM calls, which OpenAI restricts to
// /^[a-zA-Z0-9_-]{1,64}$/.
//
// Tool name rules, in order:
// - The title is trimmed, its whitespace collapsed, and lower-cased; "book_" goes in front unless its first word
//   already is "book" (the display name likewise avoids "Book Book a Demo").
// - German letters are transliterated the German way (ä→ae, ö→oe, ü→ue, ß→ss), a few letters with no
//   decomposition by their usual spelling (æ→ae, ø→o, ł→l, …), and other accents dropped via NFKD (é→e).
// - Apostrophes vanish ("Doctor's" → "doctors"); every other run of characters outside a-z and 0-9 (spaces,
//   punctuation, emoji, symbols, scripts with no transliteration) becomes one "_", trimmed at both ends.
// - Nothing left (an empty, emoji-only or e.g. Japanese title) gives "book_appointment_" plus a 6-hex hash of the
//   title, so different such titles still get different, stable names.
// - Longer than 64 characters with the prefix: cut at the last word boundary that keeps at least half of the
//   room (else mid-word), then "_" and the title's hash, so two long titles sharing a beginning stay apart.
// - `uniqueToolNames`: the first title with a given name keeps it; later ones get "_2", "_3", … (shortened to stay
//   within 64), never a name another title has in its own right.
// - A prefix ("sales_") goes in front as given; it must be at most 32 of a-z, A-Z, 0-9, "_" and "-", leaving the
//   title room, or an Error names it.
// Names depend on the title alone (and the prefix), so they stay the same across restarts and machines.
import { createHash } from 'node:crypto';

const MAX_LENGTH = 64;
const MAX_PREFIX_LENGTH = 32;
const HASH_LENGTH = 6;
const PREFIX = new RegExp(`^[a-zA-Z0-9_-]{0,${MAX_PREFIX_LENGTH}}$`);

/** The action's human name, e.g. "Book 30-Minute Consultation". */
export function displayName(eventTitle: string): string {
  const title = tidy(eventTitle);
  if (!title) return 'Book appointment';
  return /^book\b/i.test(title) ? title : `Book ${title}`;
}

/** The action's function name, e.g. "book_30_minute_consultation" (`prefix` in front, counted in the 64). */
export function toolName(eventTitle: string, prefix = ''): string {
  assertPrefix(prefix);
  const title = tidy(eventTitle);
  const words = slug(title);
  const body = words ? (/^book(_|$)/.test(words) ? words : `book_${words}`) : `book_appointment_${hash(title)}`;
  return prefix + shorten(body, MAX_LENGTH - prefix.length, title);
}

/** `toolName` for each title, in order, made unique among them. */
export function uniqueToolNames(titles: readonly string[], prefix = ''): string[] {
  const names = titles.map((title) => toolName(title, prefix));
  const taken = new Set(names);
  const kept = new Set<string>();
  return names.map((name) => {
    if (!kept.has(name)) {
      kept.add(name);
      return name;
    }
    for (let n = 2; ; n++) {
      const candidate = withSuffix(name, `_${n}`);
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  });
}

function assertPrefix(prefix: string): void {
  if (!PREFIX.test(prefix))
    throw new Error(
      `Invalid tool name prefix ${JSON.stringify(prefix)}: use at most ${MAX_PREFIX_LENGTH} of a-z, A-Z, 0-9, "_" and "-"`,
    );
}

function tidy(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

// German spells its umlauts and ß out; the others have no NFKD decomposition and would otherwise vanish.
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPELLED_OUT_LETTERS = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'gu');

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(SPELLED_OUT_LETTERS, (c) => SPELLED_OUT[c] ?? c)
      .normalize('NFKD')
      // Marks (accents, emoji variation selectors, keycaps), format characters (zero-width joiners) and apostrophes
      // sit inside a word, so they go without splitting it.
      .replace(/[\p{M}\p{Cf}'’ʼ]/gu, '')
      // Compatibility forms such as ℌ decompose to capitals.
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
  );
}

function hash(title: string): string {
  return createHash('sha256').update(title).digest('hex').slice(0, HASH_LENGTH);
}

function shorten(body: string, limit: number, title: string): string {
  if (body.length <= limit) return body;
  const room = limit - HASH_LENGTH - 1;
  // One character past the room, so a word ending exactly at the limit counts as a boundary.
  const boundary = body.slice(0, room + 1).lastIndexOf('_');
  const head = boundary >= room / 2 ? body.slice(0, boundary) : body.slice(0, room);
  return `${head.replace(/_+$/, '')}_${hash(title)}`;
}

function withSuffix(name: string, suffix: string): string {
  const head = name.length + suffix.length <= MAX_LENGTH ? name : name.slice(0, MAX_LENGTH - suffix.length);
  return head.replace(/_+$/, '') + suffix;
}
