// A caller's words about when they want an appointment, resolved in code so that "next Tuesday" means the same
// date on every call instead of whatever a language model guesses. Anything not understood is refused with an
// example of what works; nothing is guessed.
//
// Reading rules (all relative to the local date and time in the presentation zone at `now`; weeks start Monday):
// - "today", "tomorrow", "the day after tomorrow"; "this morning|afternoon|evening", "tonight" = today + that part.
// - "Tuesday", "on Tuesday", "this Tuesday", "this coming Tuesday": the next Tuesday on or after today (today if
//   today is a Tuesday).
// - "next Tuesday": the Tuesday of next week, whatever today is. On Monday Nov 23 2026 it is Dec 1 (not Nov 24);
//   on Sunday Nov 29 it is still Dec 1, because Sunday belongs to the week that began on Nov 23.
// - "this week": today to Sunday. "next week": next Monday to Sunday. "the weekend" / "this weekend": the coming
//   Saturday and Sunday (just today on a Sunday). "next weekend": Saturday and Sunday of next week.
// - "the 4th": the next 4th on or after today, skipping months without that day ("the 31st" in February is
//   March 31). "December 4" / "4th of December": the next December 4 on or after today (a February 29 is the next
//   one that exists). A weekday said with a date must match it ("Thursday the 4th" when the 4th is a Friday is
//   refused). Several day phrases narrow each other ("Tuesday next week"); if they leave no day, it is refused.
// - Parts of the day: morning 06:00–12:00, afternoon 12:00–17:00, evening 17:00–21:00, night / tonight
//   17:00–24:00 (so "10 at night" fits).
// - Hours without am/pm: 1–7 are PM, 8–11 AM, 12 noon; "07:30" (leading zero) and 13–23 are 24-hour times. When a
//   part of the day is said, it decides instead ("at 7 in the morning" is 07:00, "evening after 8" is 20:00).
// - "after 3" = from 15:00; "before 11" / "by 11" = until 11:00; "between 2 and 4" / "from 2 to 4" = 14:00–16:00
//   (an am/pm said once applies to both ends when that keeps them in order; "between 7 and 9" is refused as
//   unclear); "around 10" = 09:00–11:00 (one hour either side, kept within the day); "at 3" / "3 PM" = exactly
//   15:00. Times bound the start of the appointment; the end bound is exclusive.
// - With a part of the day, every time said must lie within it ("morning after 1 PM" is refused). An explicit bound
//   replaces that side of the part; the part's other side stays only if it leaves a window: "afternoon after 3" =
//   15:00–17:00, "evening after 9" = from 21:00.
// - "before midnight" = until 24:00; any other midnight is refused, since it could be the start or the end of a day.
// - "the earliest you have", "as soon as possible", "first available", "asap" set `earliest`; they combine with the
//   rest ("the earliest you have on Friday").
// - Nothing said, "anything", "whenever", "any time" = no constraint. Filler words ("please", "I'd like", "and")
//   are ignored; any other word not understood ("not", "or", "early", "May") refuses the whole request, and so do
//   two different days, parts of the day, start times or end times.
// German is read when the locale is de-DE, with the same rules ("nächsten Dienstag" = Dienstag nächster Woche,
// "halb drei" = 2:30, so 14:30 by the hours rule). Problems are written for the agent, in English, and end with
// examples in the caller's language.
import { Temporal } from 'temporal-polyfill';
import type { Preference } from './preference.js';
import { speakCalendarDate, speakDate, speakTimeOfDay, type SpokenLocale } from './spoken.js';

export type CallerWordsResult =
  { ok: true; preference: Preference; understood: string } | { ok: false; problem: string };

export interface CallerWordsOptions {
  now: Temporal.Instant;
  /** Presentation zone (IANA): "today" and every wall-clock time are in it. */
  timeZone: string;
  /** Language of the caller's words and of `understood`; en-US when omitted. */
  locale?: SpokenLocale;
}


/** The caller's words as a problem may quote them: a problem goes to the model, so it stays short. */
function excerpt(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
export function resolveCallerWords(text: string, o: CallerWordsOptions): CallerWordsResult {
  const locale = o.locale ?? 'en-US';
  const language = locale === 'de-DE' ? GERMAN : ENGLISH;
  const today = o.now.toZonedDateTimeISO(o.timeZone).toPlainDate();
  const refuse = (p: Problem): CallerWordsResult => ({ ok: false, problem: `${p.problem} ${language.examples}` });
  const heard = hear(text, language, today);
  if ('problem' in heard) return refuse(heard);
  const days = resolveDays(heard.words, today, locale);
  if ('problem' in days) return refuse(days);
  const window = resolveWindow(heard.words);
  if ('problem' in window) return refuse(window);
  const earliest = heard.words.some((w) => w.kind === 'earliest');
  const preference: Preference = {
    ...(days.span && { dateFrom: days.span.from.toString(), dateTo: days.span.to.toString() }),
    ...(window.from !== undefined && { timeFrom: hhmm(window.from) }),
    ...(window.to !== undefined && { timeTo: hhmm(window.to) }),
    ...(earliest && { earliest: true }),
  };
  return { ok: true, preference, understood: restate(days.span, window, earliest, today, locale) };
}

// ---------------------------------------------------------------------------------------------------------------
// What was heard

type Period = 'morning' | 'afternoon' | 'evening' | 'night';
type Side = 'from' | 'to';
type Meridiem = 'am' | 'pm';

/** A wall-clock time as said: `bare` hours (1–12, no am/pm) are placed by context later. */
type Clock =
  | { kind: 'fixed'; minutes: number; meridiem?: Meridiem }
  | { kind: 'bare'; hour: number; minute: number }
  | { kind: 'midnight' };

interface Span {
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
}

type Word = { said: string } & (
  | ({ kind: 'days' } & Span)
  | { kind: 'weekday'; weekday: number; nextWeek: boolean }
  | { kind: 'period'; period: Period }
  | { kind: 'after' | 'before' | 'around' | 'at'; clock: Clock }
  | { kind: 'between'; start: Clock; end: Clock }
  | { kind: 'earliest' }
  | { kind: 'anything' }
);

interface Problem {
  problem: string;
}

interface Rule {
  pattern: RegExp;
  read: (m: RegExpExecArray, today: Temporal.PlainDate) => Word[] | Problem;
}

interface Language {
  normalize: (text: string) => string;
  rules: Rule[];
  fillers: ReadonlySet<string>;
  /** Appended to every problem: what the caller could say instead. */
  examples: string;
}

/** Applies each rule in order, cutting what it matched out of the text; what is left must be filler. */
function hear(text: string, language: Language, today: Temporal.PlainDate): { words: Word[] } | Problem {
  let rest = language.normalize(text);
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
    return { problem: `Could not understand ${unknown.slice(0, 5).map((w) => `"${excerpt(w, 30)}"`).join(', ')}${more} in "${excerpt(text.trim())}".` };
  }
  if (words.length === 0 && text.trim() !== '') {
    return { problem: `No day or time found in "${excerpt(text.trim())}".` };
  }
  return { words };
}

// ---------------------------------------------------------------------------------------------------------------
// Days

function resolveDays(words: Word[], today: Temporal.PlainDate, locale: SpokenLocale): { span?: Span } | Problem {
  const spans: Array<Span & { said: string }> = [];
  const weekdays: Array<{ weekday: number; said: string }> = [];
  for (const w of words) {
    if (w.kind === 'days') spans.push(w);
    if (w.kind === 'weekday' && w.nextWeek)
      spans.push({ ...oneDay(weekdayOfNextWeek(today, w.weekday)), said: w.said });
    if (w.kind === 'weekday' && !w.nextWeek) weekdays.push(w);
  }
  const distinctWeekdays = new Set(weekdays.map((w) => w.weekday));
  if (distinctWeekdays.size > 1) return { problem: `${quoteAll(weekdays)} are different days; please say one day.` };
  const span = intersect(spans);
  if (span === null) return { problem: `${describeSpans(spans, today, locale)} do not overlap; please say one day.` };
  const weekday = weekdays[0];
  if (weekday === undefined) return span === undefined ? {} : { span };
  if (span === undefined) return { span: oneDay(onOrAfter(today, weekday.weekday)) };
  const match = daysOf(span).find((d) => d.dayOfWeek === weekday.weekday);
  if (match === undefined) {
    return {
      problem: `"${weekday.said}" does not fall on ${describeSpans(spans, today, locale)}; please say one day.`,
    };
  }
  return { span: oneDay(match) };
}

/** The overlap of all spans: undefined when there are none, null when they do not overlap. */
function intersect(spans: Span[]): Span | undefined | null {
  if (spans.length === 0) return undefined;
  const from = spans.map((s) => s.from).reduce((a, b) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b));
  const to = spans.map((s) => s.to).reduce((a, b) => (Temporal.PlainDate.compare(a, b) <= 0 ? a : b));
  return Temporal.PlainDate.compare(from, to) <= 0 ? { from, to } : null;
}

function daysOf(span: Span): Temporal.PlainDate[] {
  const length = span.from.until(span.to).days;
  return Array.from({ length: length + 1 }, (_, n) => span.from.add({ days: n }));
}

function describeSpans(spans: Array<Span & { said: string }>, today: Temporal.PlainDate, locale: SpokenLocale): string {
  return spans.map((s) => `"${s.said}" (${restateSpan(s, today, locale)})`).join(' and ');
}

function quoteAll(said: Array<{ said: string }>): string {
  return said.map((s) => `"${s.said}"`).join(' and ');
}

function oneDay(date: Temporal.PlainDate): Span {
  return { from: date, to: date };
}

function onOrAfter(today: Temporal.PlainDate, weekday: number): Temporal.PlainDate {
  return today.add({ days: (weekday - today.dayOfWeek + 7) % 7 });
}

function mondayOf(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.subtract({ days: date.dayOfWeek - 1 });
}

function weekdayOfNextWeek(today: Temporal.PlainDate, weekday: number): Temporal.PlainDate {
  return mondayOf(today).add({ weeks: 1, days: weekday - 1 });
}

function thisWeek(today: Temporal.PlainDate): Span {
  return { from: today, to: mondayOf(today).add({ days: 6 }) };
}

function nextWeek(today: Temporal.PlainDate): Span {
  const monday = mondayOf(today).add({ weeks: 1 });
  return { from: monday, to: monday.add({ days: 6 }) };
}

function thisWeekend(today: Temporal.PlainDate): Span {
  const sunday = mondayOf(today).add({ days: 6 });
  const saturday = sunday.subtract({ days: 1 });
  return { from: Temporal.PlainDate.compare(today, saturday) > 0 ? today : saturday, to: sunday };
}

function nextWeekend(today: Temporal.PlainDate): Span {
  const sunday = mondayOf(today).add({ weeks: 1, days: 6 });
  return { from: sunday.subtract({ days: 1 }), to: sunday };
}

function dateIfValid(year: number, month: number, day: number): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

/** The next `day` of a month on or after today, skipping months too short for it. */
function nextDayOfMonth(today: Temporal.PlainDate, day: number): Temporal.PlainDate | Problem {
  const month = today.toPlainYearMonth();
  for (let n = 0; n < 12; n++) {
    const ym = month.add({ months: n });
    const date = dateIfValid(ym.year, ym.month, day);
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return date;
  }
  return { problem: 'no month has that day.' };
}

/** The next `month`/`day` on or after today (within the next eight years, for February 29), or that of `year`. */
function nextMonthDay(
  today: Temporal.PlainDate,
  month: number,
  day: number,
  year?: number,
): Temporal.PlainDate | Problem {
  const years = year === undefined ? Array.from({ length: 9 }, (_, n) => today.year + n) : [year];
  for (const y of years) {
    const date = dateIfValid(y, month, day);
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return date;
  }
  const never = years.every((y) => dateIfValid(y, month, day) === undefined);
  return { problem: never ? 'that date does not exist.' : 'that date has already passed.' };
}

// ---------------------------------------------------------------------------------------------------------------
// Times of day (minutes since local midnight; 1440 is the end of the day)

const PERIODS: Record<Period, { from: number; to: number; meridiem: Meridiem }> = {
  morning: { from: 6 * 60, to: 12 * 60, meridiem: 'am' },
  afternoon: { from: 12 * 60, to: 17 * 60, meridiem: 'pm' },
  evening: { from: 17 * 60, to: 21 * 60, meridiem: 'pm' },
  night: { from: 17 * 60, to: 24 * 60, meridiem: 'pm' },
};
const END_OF_DAY = 24 * 60;

interface Window {
  from?: number;
  to?: number;
}

/** A window from one phrase, with the clock times said in it. */
interface Bound extends Window {
  said: string;
  points: number[];
}

function resolveWindow(words: Word[]): Window | Problem {
  const periods = words.filter((w) => w.kind === 'period');
  if (new Set(periods.map((p) => p.period)).size > 1) {
    return { problem: `${quoteAll(periods)} are different parts of the day; please say one.` };
  }
  const period = periods[0] && { said: periods[0].said, ...PERIODS[periods[0].period] };
  const bounds: Bound[] = [];
  for (const w of words) {
    const b = boundOf(w, period?.meridiem);
    if (b === undefined) continue;
    if ('problem' in b) return b;
    if (period && b.points.some((p) => p < period.from || p > period.to)) {
      return { problem: `"${b.said}" is not in "${period.said}"; please say one or the other.` };
    }
    bounds.push(b);
  }
  const explicit = mergeBounds(bounds);
  if ('problem' in explicit) return explicit;
  const window = period === undefined ? explicit : withPeriod(explicit, period);
  if (window.from !== undefined && window.to !== undefined && window.from >= window.to) {
    return { problem: `${quoteAll(bounds)} leave no time of day; please say one time range.` };
  }
  return window;
}

function boundOf(w: Word, meridiem: Meridiem | undefined): Bound | Problem | undefined {
  switch (w.kind) {
    case 'after':
      return pointBound(w.said, w.clock, 'from', meridiem, (m) => ({ from: m }));
    case 'before':
      return pointBound(w.said, w.clock, 'to', meridiem, (m) => ({ to: m }));
    case 'at':
      return pointBound(w.said, w.clock, 'from', meridiem, (m) => ({ from: m, to: m + 1 }));
    case 'around':
      return pointBound(w.said, w.clock, 'from', meridiem, (m) => ({
        from: Math.max(0, m - 60),
        to: Math.min(END_OF_DAY, m + 60),
      }));
    case 'between': {
      const range = betweenBounds(w.start, w.end, meridiem);
      return 'problem' in range ? range : { said: w.said, points: [range.from, range.to], ...range };
    }
    default:
      return undefined;
  }
}

function pointBound(
  said: string,
  clock: Clock,
  side: Side,
  meridiem: Meridiem | undefined,
  make: (m: number) => Window,
): Bound | Problem {
  const m = minutesOf(clock, side, meridiem);
  return typeof m === 'number' ? { said, points: [m], ...make(m) } : m;
}

function minutesOf(clock: Clock, side: Side, meridiem: Meridiem | undefined): number | Problem {
  switch (clock.kind) {
    case 'fixed':
      return clock.minutes;
    case 'bare':
      return bareMinutes(clock, meridiem);
    case 'midnight':
      return side === 'to'
        ? END_OF_DAY
        : {
            problem:
              'Midnight could mean the start or the end of a day; please say e.g. "after 11 PM" or "before 1 AM".',
          };
  }
}

/** Business-hours reading of an hour said without am/pm, unless a part of the day decides. */
function bareMinutes(clock: { hour: number; minute: number }, meridiem: Meridiem | undefined): number {
  if (clock.hour === 12) return 12 * 60 + clock.minute;
  const pm = (meridiem ?? (clock.hour <= 7 ? 'pm' : 'am')) === 'pm';
  return (clock.hour + (pm ? 12 : 0)) * 60 + clock.minute;
}

/**
 * An am/pm said at one end carries to a bare other end when that keeps the range in order ("between 2 and 4 PM",
 * "between 10 and 2 PM"); otherwise both ends are read on their own, and a range still out of order is refused.
 */
function betweenBounds(start: Clock, end: Clock, context: Meridiem | undefined): Required<Window> | Problem {
  const readings: Array<[Meridiem | undefined, Meridiem | undefined]> = [
    [meridiemOf(end) ?? context, context],
    [context, meridiemOf(start) ?? context],
  ];
  for (const [startMeridiem, endMeridiem] of readings) {
    const from = minutesOf(start, 'from', startMeridiem);
    const to = minutesOf(end, 'to', endMeridiem);
    if (typeof from !== 'number') return from;
    if (typeof to !== 'number') return to;
    if (from < to) return { from, to };
  }
  return { problem: 'That time range is unclear; please add AM or PM, e.g. "between 7 and 9 PM".' };
}

function meridiemOf(clock: Clock): Meridiem | undefined {
  return clock.kind === 'fixed' ? clock.meridiem : undefined;
}

function mergeBounds(bounds: Bound[]): Window | Problem {
  const from = bounds.filter((b) => b.from !== undefined);
  const to = bounds.filter((b) => b.to !== undefined);
  if (from.length > 1) return { problem: `${quoteAll(from)} are different start times; please say one.` };
  if (to.length > 1) return { problem: `${quoteAll(to)} are different end times; please say one.` };
  return { from: from[0]?.from, to: to[0]?.to };
}

/** Explicit bounds win; the part of the day fills a missing side only where that leaves a window. */
function withPeriod(explicit: Window, period: { from: number; to: number }): Window {
  const from = explicit.from ?? (explicit.to === undefined || period.from < explicit.to ? period.from : undefined);
  const to = explicit.to ?? (from === undefined || period.to > from ? period.to : undefined);
  return { from, to };
}

function hhmm(minutes: number): string {
  if (minutes === END_OF_DAY) return '24:00';
  return Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toString({
    smallestUnit: 'minute',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Restating what was understood

interface RestateWords {
  to: string;
  after: string;
  before: string;
  between: string;
  and: string;
  at: string;
  endOfDay: string;
  earliest: string;
  anything: string;
}

const RESTATE_EN: RestateWords = {
  to: 'to',
  after: 'after',
  before: 'before',
  between: 'between',
  and: 'and',
  at: 'at',
  endOfDay: 'midnight',
  earliest: 'the earliest available',
  anything: 'any time',
};

const RESTATE: Record<SpokenLocale, RestateWords> = {
  'en-US': RESTATE_EN,
  'en-GB': RESTATE_EN,
  'de-DE': {
    to: 'bis',
    after: 'nach',
    before: 'vor',
    between: 'zwischen',
    and: 'und',
    at: 'um',
    endOfDay: '24 Uhr',
    earliest: 'frühestmöglich',
    anything: 'jederzeit',
  },
};

function restate(
  span: Span | undefined,
  window: Window,
  earliest: boolean,
  today: Temporal.PlainDate,
  locale: SpokenLocale,
): string {
  const parts = [
    span && restateSpan(span, today, locale),
    restateWindow(window, locale),
    earliest ? RESTATE[locale].earliest : undefined,
  ];
  const said = parts.filter((p): p is string => p !== undefined);
  return said.length === 0 ? RESTATE[locale].anything : said.join(', ');
}

function restateSpan(span: Span, today: Temporal.PlainDate, locale: SpokenLocale): string {
  if (!span.from.equals(span.to)) {
    return `${speakCalendarDate(span.from, today, locale)} ${RESTATE[locale].to} ${speakCalendarDate(span.to, today, locale)}`;
  }
  const relative = speakDate(span.from, today, locale);
  const calendar = speakCalendarDate(span.from, today, locale);
  return relative === calendar ? calendar : `${relative}, ${calendar}`;
}

function restateWindow(window: Window, locale: SpokenLocale): string | undefined {
  const w = RESTATE[locale];
  const { from, to } = window;
  if (from !== undefined && to === from + 1) return `${w.at} ${clockWords(from, locale)}`;
  if (from !== undefined && to !== undefined)
    return `${w.between} ${clockWords(from, locale)} ${w.and} ${clockWords(to, locale)}`;
  if (from !== undefined) return `${w.after} ${clockWords(from, locale)}`;
  if (to !== undefined) return `${w.before} ${clockWords(to, locale)}`;
  return undefined;
}

function clockWords(minutes: number, locale: SpokenLocale): string {
  if (minutes === END_OF_DAY) return RESTATE[locale].endOfDay;
  return speakTimeOfDay(Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }), locale);
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks shared by both languages

/** Longest first, so that "thirty first" wins over "thirty". */
function alternatives(words: Iterable<string>): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

function numbered(words: string, first = 1): Map<string, number> {
  return new Map(words.split(',').map((w, n) => [w, n + first]));
}

/** A rule's pattern only matches whole words of the normalized text (or of what earlier rules left). */
function rule(pattern: string, read: Rule['read']): Rule {
  return { pattern: new RegExp(String.raw`(?<=^|[\s|])(?:${pattern})(?=$|[\s|])`, 'gu'), read };
}

/** The capture groups a match filled, in order: alternatives in one pattern may fill different groups. */
function captures(m: RegExpExecArray): string[] {
  return m.slice(1).filter((c): c is string => c !== undefined);
}

function daysRule(pattern: string, span: (today: Temporal.PlainDate) => Span): Rule {
  return rule(pattern, (m, today) => [{ kind: 'days', said: m[0], ...span(today) }]);
}

function periodRule(pattern: string, period: Period, today?: (t: Temporal.PlainDate) => Temporal.PlainDate): Rule {
  return rule(pattern, (m, t) => [
    ...(today ? [{ kind: 'days' as const, said: m[0], ...oneDay(today(t)) }] : []),
    { kind: 'period', period, said: m[0] },
  ]);
}

function weekdayRule(
  pattern: string,
  weekdays: Map<string, number>,
  isNext: (prefix: string | undefined) => boolean,
): Rule {
  return rule(pattern, (m) => {
    const [said, prefix, day] = m;
    return [{ kind: 'weekday', weekday: weekdays.get(day ?? '') ?? 0, nextWeek: isNext(prefix), said }];
  });
}

/** Groups: day (digits or ordinal word) and month word in `order`, then an optional year. */
function monthDayRule(
  pattern: string,
  order: 'day-month' | 'month-day',
  months: Map<string, number>,
  ordinals: Map<string, number>,
): Rule {
  return rule(pattern, (m, today) => {
    const [dayText, monthText] = order === 'day-month' ? [m[1], m[2]] : [m[2], m[1]];
    const date = nextMonthDay(
      today,
      months.get(monthText ?? '') ?? 0,
      dayNumber(dayText ?? '', ordinals),
      m[3] === undefined ? undefined : Number(m[3]),
    );
    return 'problem' in date
      ? { problem: `"${m[0]}": ${date.problem}` }
      : [{ kind: 'days', said: m[0], ...oneDay(date) }];
  });
}

function dayOfMonthRule(pattern: string, ordinals: Map<string, number>): Rule {
  return rule(pattern, (m, today) => {
    const date = nextDayOfMonth(today, dayNumber(captures(m)[0] ?? '', ordinals));
    return 'problem' in date
      ? { problem: `"${m[0]}": ${date.problem}` }
      : [{ kind: 'days', said: m[0], ...oneDay(date) }];
  });
}

/** "4th", "4.", "4", "fourth", "vierten" → 4. */
function dayNumber(said: string, ordinals: Map<string, number>): number {
  return ordinals.get(said) ?? Number.parseInt(said, 10);
}

function clockRule(
  pattern: string,
  kind: 'after' | 'before' | 'around' | 'at',
  clock: (said: string) => Clock | Problem,
): Rule {
  return rule(pattern, (m) => {
    const c = clock(captures(m)[0] ?? '');
    return 'problem' in c ? c : [{ kind, clock: c, said: m[0] }];
  });
}

function betweenRule(pattern: string, clock: (said: string) => Clock | Problem): Rule {
  return rule(pattern, (m) => {
    const [startText, endText] = captures(m);
    const start = clock(startText ?? '');
    const end = clock(endText ?? '');
    if ('problem' in start) return start;
    if ('problem' in end) return end;
    return [{ kind: 'between', start, end, said: m[0] }];
  });
}

function constantRule(pattern: string, kind: 'earliest' | 'anything'): Rule {
  return rule(pattern, (m) => [{ kind, said: m[0] }]);
}

/** Validates an hour and minute as said and classifies it: with am/pm, 24-hour, or bare (placed by context). */
function clockFrom(
  said: string,
  hour: number,
  minute: number,
  meridiem: Meridiem | undefined,
  leadingZero: boolean,
): Clock | Problem {
  const invalid = { problem: `"${said}" is not a time of day.` };
  if (minute > 59) return invalid;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return invalid;
    if (meridiem === 'am' && hour === 12)
      return minute === 0 ? { kind: 'midnight' } : { kind: 'fixed', minutes: minute, meridiem };
    return { kind: 'fixed', minutes: ((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute, meridiem };
  }
  if (hour > 23) return invalid;
  if (hour === 0 || hour > 12 || leadingZero) return { kind: 'fixed', minutes: hour * 60 + minute };
  return { kind: 'bare', hour, minute };
}

// ---------------------------------------------------------------------------------------------------------------
// English

const EN_WEEKDAYS = numbered('monday,tuesday,wednesday,thursday,friday,saturday,sunday');
const EN_MONTHS = new Map([
  ...numbered('january,february,march,april,may,june,july,august,september,october,november,december'),
  ...numbered('jan,feb,mar,apr'),
  ...numbered('jun,jul,aug,sep,oct,nov,dec', 6),
  ['sept', 9],
]);
const EN_HOURS = numbered('one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve');
const EN_MINUTES = new Map([
  ['oh five', 5],
  ['ten', 10],
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['forty five', 45],
]);
const EN_ORDINALS = numbered(
  'first,second,third,fourth,fifth,sixth,seventh,eighth,ninth,tenth,eleventh,twelfth,thirteenth,fourteenth,' +
    'fifteenth,sixteenth,seventeenth,eighteenth,nineteenth,twentieth,twenty first,twenty second,twenty third,' +
    'twenty fourth,twenty fifth,twenty sixth,twenty seventh,twenty eighth,twenty ninth,thirtieth,thirty first',
);

const EN_CLOCK = String.raw`(?:(?:12|twelve) (?:noon|midnight)|noon|midday|midnight|(?:\d{1,2}(?:[:.]\d{2})?|(?:${alternatives(EN_HOURS.keys())})(?: (?:${alternatives(EN_MINUTES.keys())}))?)(?: [ap]m)?)`;
/** A time said without "at": it needs am/pm, minutes or "noon", so that a bare number is never taken for one. */
const EN_CLOCK_ALONE = String.raw`(?:\d{1,2}(?:[:.]\d{2})? [ap]m|\d{1,2}[:.]\d{2}|(?:12 |twelve )?(?:noon|midday))`;
const EN_ORDINAL = String.raw`(?:\d{1,2}(?:st|nd|rd|th)|${alternatives(EN_ORDINALS.keys())})`;
const EN_DAY = String.raw`(?:\d{1,2}(?:st|nd|rd|th)?|${alternatives(EN_ORDINALS.keys())})`;
const EN_MONTH = `(?:${alternatives(EN_MONTHS.keys())})`;

function englishClock(said: string): Clock | Problem {
  if (/^(?:(?:12|twelve) )?(?:noon|midday)$/.test(said)) return { kind: 'fixed', minutes: 12 * 60 };
  if (/^(?:(?:12|twelve) )?midnight$/.test(said)) return { kind: 'midnight' };
  const m = /^(?:(\d{1,2})(?:[:.](\d{2}))?|([a-z]+)(?: ([a-z ]+?))?)(?: ([ap]m))?$/.exec(said);
  const [, digits, minuteDigits, hourWord, minuteWord, meridiem] = m ?? [];
  const hour = digits !== undefined ? Number(digits) : EN_HOURS.get(hourWord ?? '');
  const minute =
    minuteDigits !== undefined ? Number(minuteDigits) : minuteWord !== undefined ? EN_MINUTES.get(minuteWord) : 0;
  if (hour === undefined || minute === undefined) return { problem: `"${said}" is not a time of day.` };
  return clockFrom(said, hour, minute, meridiem as Meridiem | undefined, digits?.startsWith('0') ?? false);
}

const ENGLISH: Language = {
  normalize: (text) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      .replace(/\bi'?m\b|\bi am\b/g, 'i')
      .replace(/(\d)(?=[ap]\.? ?m\b)/g, '$1 ')
      .replace(/\b([ap])\.? ?m\b\.?/g, ' $1m ')
      .replace(/\bo' ?clock\b/g, ' ')
      .replace(/(\d) ?[-–] ?(\d)/g, '$1 to $2')
      .replace(/[^a-z0-9:.']+/g, ' ')
      .replace(/(?<!\d)[:.]|[:.](?!\d)|(?<![a-z])'|'(?![a-z])/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  rules: [
    constantRule(
      String.raw`(?:the )?(?:earliest|soonest|(?:first|next) (?:available|free|opening))(?: (?:available|possible|free|slot|time|appointment|one|opening))?|as (?:soon|early) as (?:possible|you can)|asap|a s a p`,
      'earliest',
    ),
    constantRule(
      String.raw`anything|anytime|any time|whenever|whatever works|any day|(?:it )?(?:doesn'?t|does not|don'?t) matter|(?:i )?(?:don'?t|do not) mind|no preference|(?:i )?flexible|up to you`,
      'anything',
    ),
    daysRule('(?:the )?day after tomorrow', (t) => oneDay(t.add({ days: 2 }))),
    periodRule('tonight', 'night', (t) => t),
    periodRule('this morning', 'morning', (t) => t),
    periodRule('this afternoon', 'afternoon', (t) => t),
    periodRule('this evening', 'evening', (t) => t),
    daysRule('today', oneDay),
    daysRule('tomorrow', (t) => oneDay(t.add({ days: 1 }))),
    daysRule('this week|(?:the )?rest of (?:the|this) week', thisWeek),
    daysRule('next week', nextWeek),
    daysRule('next weekend', nextWeekend),
    daysRule('(?:this |the )?weekend', thisWeekend),
    monthDayRule(
      String.raw`(?:the )?(${EN_DAY})(?: of)? (${EN_MONTH})(?: (20\d\d))?`,
      'day-month',
      EN_MONTHS,
      EN_ORDINALS,
    ),
    monthDayRule(String.raw`(${EN_MONTH}) (?:the )?(${EN_DAY})(?: (20\d\d))?`, 'month-day', EN_MONTHS, EN_ORDINALS),
    dayOfMonthRule(String.raw`the (${EN_ORDINAL})|(\d{1,2}(?:st|nd|rd|th))`, EN_ORDINALS),
    weekdayRule(
      `(?:(this coming|this|coming|next) )?(${alternatives(EN_WEEKDAYS.keys())})`,
      EN_WEEKDAYS,
      (p) => p === 'next',
    ),
    periodRule('(?:in the |during the )?mornings?', 'morning'),
    periodRule('(?:in the |during the )?afternoons?', 'afternoon'),
    periodRule('(?:in the |during the )?evenings?', 'evening'),
    periodRule('(?:at |during the )?nights?', 'night'),
    betweenRule(
      String.raw`between (${EN_CLOCK}) (?:and|to) (${EN_CLOCK})|(?:from )?(${EN_CLOCK}) (?:to|till|until|through) (${EN_CLOCK})`,
      englishClock,
    ),
    clockRule(
      String.raw`(?:(?<!not )after|from|no earlier than|not earlier than|not before|starting(?: at| from)?) (${EN_CLOCK})`,
      'after',
      englishClock,
    ),
    clockRule(
      String.raw`(?:before|by|until|till|no later than|not later than|not after) (${EN_CLOCK})`,
      'before',
      englishClock,
    ),
    clockRule(
      String.raw`(?:at )?(?:around|about|approximately|roughly|round about) (${EN_CLOCK})|(${EN_CLOCK}) ?ish`,
      'around',
      englishClock,
    ),
    clockRule(String.raw`at (${EN_CLOCK})|(${EN_CLOCK_ALONE})`, 'at', englishClock),
  ],
  fillers: new Set(
    (
      'the on at in a an of for please um uh er erm hmm well so ok okay oh yes yeah yep sure maybe perhaps ideally ' +
      'preferably probably sometime some time day slot slots appointment appointments meeting booking visit i me my we ' +
      "and us you your you've it it's that there would like want need prefer could can do does have has got get is are be " +
      "works work good great fine best free possible available open suit suits let's lets say go with book schedule " +
      "just really think guess i'd id i'll something how about what if then also"
    ).split(' '),
  ),
  examples:
    'Try e.g. "tomorrow afternoon", "next Tuesday after 3", "December 4 in the morning" or "the earliest you have".',
};

// ---------------------------------------------------------------------------------------------------------------
// German

const DE_WEEKDAYS = new Map([
  ...numbered('montag,dienstag,mittwoch,donnerstag,freitag,samstag,sonntag'),
  ['sonnabend', 6],
]);
const DE_MONTHS = new Map([
  ...numbered('januar,februar,märz,april,mai,juni,juli,august,september,oktober,november,dezember'),
  ...numbered('jan,feb,mär,apr'),
  ...numbered('jun,jul,aug,sep,okt,nov,dez', 6),
  ['jänner', 1],
  ['sept', 9],
]);
const DE_HOURS = new Map([
  ...numbered('eins,zwei,drei,vier,fünf,sechs,sieben,acht,neun,zehn,elf,zwölf'),
  ...numbered(
    'dreizehn,vierzehn,fünfzehn,sechzehn,siebzehn,achtzehn,neunzehn,zwanzig,einundzwanzig,zweiundzwanzig,dreiundzwanzig',
    13,
  ),
  ['ein', 1],
  ['null', 0],
]);
const DE_MINUTES = new Map([
  ['fünf', 5],
  ['zehn', 10],
  ['fünfzehn', 15],
  ['zwanzig', 20],
  ['dreißig', 30],
  ['fünfundvierzig', 45],
]);
const DE_ORDINAL_STEMS = numbered(
  'erste,zweite,dritte,vierte,fünfte,sechste,siebte,achte,neunte,zehnte,elfte,zwölfte,dreizehnte,vierzehnte,' +
    'fünfzehnte,sechzehnte,siebzehnte,achtzehnte,neunzehnte,zwanzigste,einundzwanzigste,zweiundzwanzigste,' +
    'dreiundzwanzigste,vierundzwanzigste,fünfundzwanzigste,sechsundzwanzigste,siebenundzwanzigste,' +
    'achtundzwanzigste,neunundzwanzigste,dreißigste,einunddreißigste',
);
/** "am vierten", "der vierte", "den vierten": the declined forms share a stem. */
const DE_ORDINALS = new Map(
  [...DE_ORDINAL_STEMS].flatMap(
    ([w, n]) =>
      [
        [w, n],
        [`${w}n`, n],
        [`${w}r`, n],
      ] as Array<[string, number]>,
  ),
);

const DE_HOUR = String.raw`(?:\d{1,2}|${alternatives(DE_HOURS.keys())})`;
const DE_CLOCK = String.raw`(?:mittag|mitternacht|(?:halb|viertel nach|viertel vor) ${DE_HOUR}|\d{1,2}[:.]\d{2}(?: uhr)?|${DE_HOUR}(?: uhr(?: (?:${alternatives(DE_MINUTES.keys())}))?)?)`;
/** A time said without "um": it needs "Uhr", minutes or "Mittag", so that a bare number is never taken for one. */
const DE_CLOCK_ALONE = String.raw`(?:\d{1,2}[:.]\d{2}(?: uhr)?|${DE_HOUR} uhr(?: (?:${alternatives(DE_MINUTES.keys())}))?|(?:halb|viertel nach|viertel vor) ${DE_HOUR}|mittag)`;
const DE_ORDINAL = String.raw`(?:\d{1,2}\.|${alternatives(DE_ORDINALS.keys())})`;
const DE_DAY = String.raw`(?:\d{1,2}\.?|${alternatives(DE_ORDINALS.keys())})`;
const DE_MONTH = `(?:${alternatives(DE_MONTHS.keys())})`;

function germanClock(said: string): Clock | Problem {
  if (said === 'mittag') return { kind: 'fixed', minutes: 12 * 60 };
  if (said === 'mitternacht') return { kind: 'midnight' };
  const m =
    /^(?:(halb|viertel nach|viertel vor) )?(?:(\d{1,2})(?:[:.](\d{2}))?|(\p{L}+))(?: uhr(?: (\p{L}+))?)?$/u.exec(said);
  const [, relative, digits, minuteDigits, hourWord, minuteWord] = m ?? [];
  const hour = digits !== undefined ? Number(digits) : DE_HOURS.get(hourWord ?? '');
  const minute =
    minuteDigits !== undefined ? Number(minuteDigits) : minuteWord !== undefined ? DE_MINUTES.get(minuteWord) : 0;
  if (hour === undefined || minute === undefined) return { problem: `"${said}" is not a time of day.` };
  const leadingZero = digits?.startsWith('0') ?? false;
  // "halb drei" is 2:30 and "viertel vor drei" 2:45: the hour named is the one being approached.
  const approached = relative === 'halb' || relative === 'viertel vor';
  const shown = !approached ? hour : hour === 1 ? 12 : (hour + 23) % 24;
  const shownMinute = relative === 'halb' ? 30 : relative === 'viertel vor' ? 45 : relative ? 15 : minute;
  return clockFrom(said, shown, shownMinute, undefined, leadingZero);
}

const GERMAN: Language = {
  normalize: (text) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      .replace(/(\d{1,2}) ?uhr (\d{2})(?!\d)/g, '$1:$2 uhr')
      .replace(/(\d) ?[-–] ?(\d)/g, '$1 bis $2')
      .replace(/[^\p{L}\d:.]+/gu, ' ')
      .replace(/(?<!\d)[:.]|:(?!\d)|\.(?!\d|\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  rules: [
    constantRule(
      String.raw`(?:so (?:früh|bald|schnell) wie möglich|frühestmöglich\p{L}*|schnellstmöglich|baldmöglichst|am frühesten|(?:den |der |einen )?(?:nächsten?|ersten?|frühesten?) (?:freien?|möglichen?) termin)`,
      'earliest',
    ),
    constantRule(
      String.raw`(?:ist (?:mir )?)?egal|jederzeit|wann immer|beliebig|(?:ich bin )?flexibel|keine präferenz|ganz gleich`,
      'anything',
    ),
    daysRule('übermorgen', (t) => oneDay(t.add({ days: 2 }))),
    periodRule('heute (?:morgen|früh)', 'morning', (t) => t),
    periodRule('morgen früh', 'morning', (t) => t.add({ days: 1 })),
    periodRule('(?:am |in der )morgen|(?:am |in der )?früh|morgens', 'morning'),
    periodRule('(?:am )?vormittags?', 'morning'),
    periodRule('(?:am )?nachmittags?', 'afternoon'),
    periodRule('(?:am )?abends?', 'evening'),
    periodRule('heute nacht', 'night', (t) => t),
    daysRule('heute', oneDay),
    daysRule('morgen', (t) => oneDay(t.add({ days: 1 }))),
    daysRule('(?:noch |in )?diese(?:r)? woche', thisWeek),
    daysRule('(?:in der )?(?:nächsten?|nächster|kommenden?) woche', nextWeek),
    daysRule('(?:am |an dem )?(?:nächsten?|nächstes|kommenden?|kommendes) wochenende', nextWeekend),
    daysRule('(?:am |dieses |an diesem )?wochenende', thisWeekend),
    monthDayRule(
      String.raw`(?:am |den |der )?(${DE_DAY}) (${DE_MONTH})(?: (20\d\d))?`,
      'day-month',
      DE_MONTHS,
      DE_ORDINALS,
    ),
    dayOfMonthRule(String.raw`(?:am|den|der) (${DE_ORDINAL})`, DE_ORDINALS),
    weekdayRule(
      `(?:am )?(?:(diesen kommenden|diesen|kommenden|nächsten|nächster) )?(${alternatives(DE_WEEKDAYS.keys())})`,
      DE_WEEKDAYS,
      (p) => p === 'nächsten' || p === 'nächster',
    ),
    betweenRule(
      String.raw`zwischen (${DE_CLOCK}) und (${DE_CLOCK})|(?:von )?(${DE_CLOCK}) bis (${DE_CLOCK})`,
      germanClock,
    ),
    clockRule(
      String.raw`(?<!viertel |nicht )(?:nach|ab|frühestens(?: um| ab)?|nicht vor) (${DE_CLOCK})`,
      'after',
      germanClock,
    ),
    clockRule(
      String.raw`(?<!viertel )(?:vor|bis|spätestens(?: um| bis)?|nicht nach) (${DE_CLOCK})`,
      'before',
      germanClock,
    ),
    clockRule(
      String.raw`(?:so )?(?:gegen|ungefähr um|etwa um|circa um|ca um|zirka um|ungefähr|etwa|circa|ca) (${DE_CLOCK})|um (${DE_CLOCK}) herum`,
      'around',
      germanClock,
    ),
    clockRule(String.raw`um (${DE_CLOCK})|(${DE_CLOCK_ALONE})`, 'at', germanClock),
  ],
  fillers: new Set(
    (
      'und am um im in an der die das den dem des ein eine einen einem einer termin terminen bitte gern gerne ich wir mir ' +
      'uns sie es ist wäre hätte hätten möchte möchten würde würden könnte könnten kann können geht gehen gut passt ' +
      'passen besten lieber vielleicht ja also äh ähm hm na so dann da noch etwas frei freie freien zeit für zu mit ' +
      'wie irgendwann irgendwie haben habe hab ihnen mal auch'
    ).split(' '),
  ),
  examples:
    'Zum Beispiel "morgen Nachmittag", "nächsten Dienstag nach 15 Uhr", "am 4. Dezember vormittags" oder "so früh wie möglich".',
};
