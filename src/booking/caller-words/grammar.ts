// The rule builders both languages' grammars are made of, and `hear`, which reads a sentence into words with them.
import type { Temporal } from 'temporal-polyfill';
import { nextDayOfMonth, nextMonthDay, oneDay } from './days.js';
import type { Clock, Meridiem, Period, Problem, Span, Word } from './words.js';


export interface Rule {
  pattern: RegExp;
  read: (m: RegExpExecArray, today: Temporal.PlainDate) => Word[] | Problem;
}

export interface Language {
  normalize: (text: string) => string;
  /** Where a caller corrects themselves ("no wait", "actually", "make it"): what follows replaces what came before. */
  corrections: RegExp;
  rules: Rule[];
  fillers: ReadonlySet<string>;
  /** Appended to every problem: what the caller could say instead. */
  examples: string;
}

/** Applies each rule in order, cutting what it matched out of the text; what is left must be filler. */
export function hear(normalized: string, said: string, language: Language, today: Temporal.PlainDate): { words: Word[] } | Problem {
  let rest = normalized;
  const words: Word[] = [];
  for (const rule of language.rules) {
    for (const m of rest.matchAll(rule.pattern)) {
      const read = rule.read(m as RegExpExecArray, today);
      if ('problem' in read) return read;
      words.push(...read);
    }
    rest = rest.replace(rule.pattern, ' | ');
  }
  const unknown = rest.split(/[\s|]+/).filter((w) => w !== '' && !language.fillers.has(w));
  if (unknown.length > 0) {
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
    return { problem: `Could not understand ${unknown.slice(0, 5).map((w) => `"${excerpt(w, 30)}"`).join(', ')}${more} in "${excerpt(said)}".` };
  }
  return { words };
}

// ---------------------------------------------------------------------------------------------------------------
// Rule builders

/** Longest first, so that "thirty first" wins over "thirty". */
export function alternatives(words: Iterable<string>): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

export function numbered(words: string, first = 1): Map<string, number> {
  return new Map(words.split(',').map((w, n) => [w, n + first]));
}

/** A rule's pattern only matches whole words of the normalized text (or of what earlier rules left). */
export function rule(pattern: string, read: Rule['read']): Rule {
  return { pattern: new RegExp(String.raw`(?<=^|[\s|])(?:${pattern})(?=$|[\s|])`, 'gu'), read };
}

/** The capture groups a match filled, in order: alternatives in one pattern may fill different groups. */
function captures(m: RegExpExecArray): string[] {
  return m.slice(1).filter((c): c is string => c !== undefined);
}

export function daysRule(pattern: string, span: (today: Temporal.PlainDate) => Span): Rule {
  return rule(pattern, (m, today) => [{ kind: 'days', said: m[0], ...span(today) }]);
}

/** Words refused with a reason of their own, e.g. a day already past. */
export function refuseRule(pattern: string, why: string): Rule {
  return rule(pattern, (m) => ({ problem: `"${m[0]}": ${why}` }));
}

export function periodRule(pattern: string, period: Period, today?: (t: Temporal.PlainDate) => Temporal.PlainDate): Rule {
  return rule(pattern, (m, t) => [
    ...(today ? [{ kind: 'days' as const, said: m[0], ...oneDay(today(t)) }] : []),
    { kind: 'period', period, said: m[0] },
  ]);
}

/** "first thing (tomorrow)": the earliest slot of a morning, optionally of a named day. */
export function firstThingRule(pattern: string, today?: (t: Temporal.PlainDate) => Temporal.PlainDate): Rule {
  return rule(pattern, (m, t) => [
    ...(today ? [{ kind: 'days' as const, said: m[0], ...oneDay(today(t)) }] : []),
    { kind: 'period', period: 'morning', said: m[0] },
    { kind: 'earliest', said: m[0] },
  ]);
}

export function weekdayRule(pattern: string, weekdays: Map<string, number>, isNext: (prefix: string | undefined) => boolean): Rule {
  return rule(pattern, (m) => {
    const [said, prefix, day] = m;
    return [{ kind: 'weekday', weekday: weekdays.get(day ?? '') ?? 0, nextWeek: isNext(prefix), said }];
  });
}

/** Weekdays ("monday", "mondays or fridays") or a day phrase read by `days`, whichever group the pattern filled, ruled out. */
export function notDayRule(pattern: string, weekdays: Map<string, number>, days: Record<string, (t: Temporal.PlainDate) => Span>): Rule {
  return rule(pattern, (m, today) => {
    const said = captures(m)[0] ?? '';
    const day = days[said];
    if (day) return [{ kind: 'notDays', said: m[0], ...day(today) }];
    return said
      .split(/,| or | and | nor | oder | und | noch /)
      .map((w) => w.trim())
      .filter(Boolean)
      .map((w) => ({ kind: 'notWeekday' as const, weekday: weekdays.get(w) ?? weekdays.get(w.replace(/s$/, '')) ?? 0, said: m[0] }));
  });
}

/** Groups: day (digits or ordinal word) and month word in `order`, then an optional year. */
export function monthDayRule(pattern: string, order: 'day-month' | 'month-day', months: Map<string, number>, ordinals: Map<string, number>): Rule {
  return rule(pattern, (m, today) => {
    const [dayText, monthText] = order === 'day-month' ? [m[1], m[2]] : [m[2], m[1]];
    const date = nextMonthDay(today, months.get(monthText ?? '') ?? 0, dayNumber(dayText ?? '', ordinals), m[3] === undefined ? undefined : Number(m[3]));
    return 'problem' in date ? { problem: `"${m[0]}": ${date.problem}` } : [{ kind: 'days', said: m[0], ...oneDay(date) }];
  });
}

export function dayOfMonthRule(pattern: string, ordinals: Map<string, number>): Rule {
  return rule(pattern, (m, today) => {
    const date = nextDayOfMonth(today, dayNumber(captures(m)[0] ?? '', ordinals));
    return 'problem' in date ? { problem: `"${m[0]}": ${date.problem}` } : [{ kind: 'days', said: m[0], ...oneDay(date) }];
  });
}

/** "4th", "4.", "4", "fourth", "vierten" → 4. */
function dayNumber(said: string, ordinals: Map<string, number>): number {
  return ordinals.get(said) ?? Number.parseInt(said, 10);
}

export function clockRule(pattern: string, kind: 'after' | 'before' | 'around' | 'at', clock: (said: string) => Clock | Problem): Rule {
  return rule(pattern, (m) => {
    const c = clock(captures(m)[0] ?? '');
    return 'problem' in c ? c : [{ kind, clock: c, said: m[0] }];
  });
}

export function betweenRule(pattern: string, clock: (said: string) => Clock | Problem): Rule {
  return rule(pattern, (m) => {
    const [startText, endText] = captures(m);
    const start = clock(startText ?? '');
    const end = clock(endText ?? '');
    if ('problem' in start) return start;
    if ('problem' in end) return end;
    return [{ kind: 'between', start, end, said: m[0] }];
  });
}

export function constantRule(pattern: string, kind: 'earliest' | 'anything' | 'or'): Rule {
  return rule(pattern, (m) => [{ kind, said: m[0] }]);
}

/** Validates an hour and minute as said and classifies it: with am/pm, 24-hour, or bare (placed by context). */
export function clockFrom(said: string, hour: number, minute: number, meridiem: Meridiem | undefined, leadingZero: boolean): Clock | Problem {
  const invalid = { problem: `"${said}" is not a time of day.` };
  if (minute > 59) return invalid;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return invalid;
    if (meridiem === 'am' && hour === 12) return minute === 0 ? { kind: 'midnight' } : { kind: 'fixed', minutes: minute, meridiem };
    return { kind: 'fixed', minutes: ((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute, meridiem };
  }
  if (hour > 23) return invalid;
  if (hour === 0 || hour > 12 || leadingZero) return { kind: 'fixed', minutes: hour * 60 + minute };
  return { kind: 'bare', hour, minute };
}

/** The caller's words as a problem may quote them: a problem goes to the model, so it stays short. */
export function excerpt(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
