// The confirmation text: an operator's template with {placeholders}, filled in after a booking.

export const SMS_PLACEHOLDERS = ['date', 'time', 'timezone', 'caller_time', 'host', 'link', 'location', 'duration'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];
/** A missing value renders like an empty one. */
export type SmsTemplateValues = Partial<Record<SmsPlaceholder, string>>;

/**
 * Two GSM-7 segments at most for typical values ("Tuesday, March 3", "10:30 AM", "Eastern Standard Time", "30
 * min", a Cal Video link). The caller's own time, the link and the address sit on their own lines so each
 * disappears on its own: most callers share the host's zone, video meetings have no address and in-person ones no
 * link. Nothing follows the link, so no punctuation can be mistaken for part of it.
 */
export const DEFAULT_SMS_TEMPLATE = 'Confirmed: {date} at {time} {timezone} ({duration}).\nYour time: {caller_time}\nJoin: {link}\nWhere: {location}';

const PLACEHOLDER = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is SmsPlaceholder {
  return (SMS_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Names in braces that are not placeholders, as written and without repeats, so configuration can reject `{foo}`. */
export function findUnknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => !isPlaceholder(name)))];
}

/**
 * Sentences and lines, each keeping what ends it. A split needs ". " (not just ".") so a URL or a time such as
 * "10.30" in the template stays whole.
 */
function pieces(template: string): string[] {
  return template.split(/(?<=[.!?])(?=[ \t])|(?<=\n)/);
}

/** The piece filled in, or null when it has placeholders and every one of them came out empty. */
function renderPiece(piece: string, values: SmsTemplateValues): string | null {
  let known = 0;
  let filled = 0;
  const text = piece.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name]?.trim() ?? '';
    known += 1;
    if (value !== '') filled += 1;
    return value;
  });
  return known > 0 && filled === 0 ? null : text;
}

/**
 * Cleans up what an empty value leaves inside a sentence that still has other content. Unicode spaces become
 * plain ones because they are not in GSM-7: the narrow no-break space that newer ICU puts in "10:30 AM" alone
 * would make the text UCS-2 and halve what fits in a segment.
 */
function tidyLine(line: string): string {
  return line
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ (?=[.,;:!?)\]])/g, '')
    .replace(/[,;:]+(?=[.!?]|$)/g, '')
    .replace(/^\s*[,;:]+/, '')
    .trim();
}

/**
 * Fills in the placeholders. Values are inserted as they are (a value that looks like `{date}` is not expanded
 * again); unknown placeholders are left in place, since configuration is where they are rejected.
 *
 * Empty values are tidied away by a few fixed rules, so write each optional value in its own sentence, line or
 * parentheses:
 * 1. A sentence (ended by ". ", "! " or "? ") or line whose placeholders all came out empty is dropped whole:
 *    "Join: {link}." disappears rather than leaving "Join: .".
 * 2. In what remains, empty "()" and "[]" vanish, runs of spaces (any Unicode space) become one plain space,
 *    no space is left before , . ; : ! ? ) or ], and a , ; or : left dangling at the start of a line or before
 *    . ! ? or the line's end goes.
 * 3. Lines and the whole text are trimmed.
 * An empty value in the middle of a sentence ("Call {link} now") cannot be repaired by rules and reads oddly.
 */
export function renderSmsTemplate(template: string, values: SmsTemplateValues): string {
  const kept = pieces(template)
    .map((piece) => renderPiece(piece, values))
    .filter((piece) => piece !== null);
  return kept.join('').split('\n').map(tidyLine).join('\n').trim();
}
