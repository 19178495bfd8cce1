// Which local dates a caller's day words mean: the calendar arithmetic (weeks start Monday) and how several day
// phrases combine — narrowing each other, offered as alternatives ("Thursday or Friday"), or ruled out ("not Monday").
import { Temporal } from 'temporal-polyfill';
import type { SpokenLocale } from '../spoken.js';
import { restateSpan } from './restate.js';
import { quoteAll, type Days, type Problem, type Span, type Word } from './words.js';


export function resolveDays(words: Word[], today: Temporal.PlainDate, locale: SpokenLocale): Days | Problem {
  const ranges: Array<Span & { said: string }> = [];
  const points: Array<Span & { said: string }> = [];
  const weekdays: Array<{ weekday: number; said: string }> = [];
  for (const w of words) {
    if (w.kind === 'days') (w.from.equals(w.to) ? points : ranges).push(w);
    if (w.kind === 'weekday' && w.nextWeek) points.push({ ...oneDay(weekdayOfNextWeek(today, w.weekday)), said: w.said });
    if (w.kind === 'weekday' && !w.nextWeek) weekdays.push(w);
  }
  const exceptions = exclusions(words);
  const range = intersect(ranges);
  if (range === null) return { problem: `${describeSpans(ranges, today, locale)} do not overlap; please say one day.` };
  const distinctPoints = unique(points.map((p) => p.from));
  const distinctWeekdays = new Set(weekdays.map((w) => w.weekday));
  const either = words.some((w) => w.kind === 'or');
  // With "or", a weekday that names none of the dates said is one more choice ("tomorrow or Friday").
  const choices = distinctPoints.length + [...distinctWeekdays].filter((d) => !distinctPoints.some((p) => p.dayOfWeek === d)).length;
  if (!either && (distinctPoints.length > 1 || distinctWeekdays.size > 1)) {
    const said = [...points, ...weekdays];
    return { problem: `${quoteAll(said)} are different days; say one, or "${said[0]?.said} or ${said[1]?.said}" if either suits.` };
  }
  const separateRanges = either && ranges.length > 0 && choices + ranges.length > 1 && !fitsOneRange(points, weekdays, ranges);
  const days = separateRanges
    ? unionOfDays(points, weekdays, ranges, today)
    : either && choices > 1
      ? alternativeDays(points, weekdays, range, today, locale)
      : oneOrRange(points, weekdays, ranges, today, locale);
  if ('problem' in days) return days;
  return applyExceptions(days, exceptions, words);
}

/** One day, one range, or a weekday within a range (the rules before alternatives existed). */
function oneOrRange(
  points: Array<Span & { said: string }>,
  weekdays: Array<{ weekday: number; said: string }>,
  ranges: Array<Span & { said: string }>,
  today: Temporal.PlainDate,
  locale: SpokenLocale,
): Days | Problem {
  const spans = [...ranges, ...points];
  const span = intersect(spans);
  if (span === null) return { problem: `${describeSpans(spans, today, locale)} do not overlap; please say one day.` };
  const weekday = weekdays[0];
  if (weekday === undefined) return span === undefined ? {} : { span };
  if (span === undefined) return { span: oneDay(onOrAfter(today, weekday.weekday)) };
  if (daysOf(span).length > 7) return { problem: `"${weekday.said}" could be any of several days in ${quoteAll(spans)}; please say the date.` };
  const match = daysOf(span).find((d) => d.dayOfWeek === weekday.weekday);
  if (match === undefined) return { problem: `"${weekday.said}" does not fall on ${describeSpans(spans, today, locale)}; please say one day.` };
  return { span: oneDay(match) };
}

/** "Thursday or Friday", "tomorrow or Monday", "Tuesday or Wednesday next week": each said day, within any range. */
function alternativeDays(
  points: Array<Span & { said: string }>,
  weekdays: Array<{ weekday: number; said: string }>,
  range: Span | undefined,
  today: Temporal.PlainDate,
  locale: SpokenLocale,
): Days | Problem {
  const dates: Temporal.PlainDate[] = [];
  for (const p of points) {
    if (range && !within(p.from, range)) return { problem: `"${p.said}" is not in ${restateSpan(range, today, locale)}; please say which you mean.` };
    dates.push(p.from);
  }
  for (const w of weekdays) {
    // "Thursday the 26th or Friday the 27th": a weekday that names one of the dates said confirms it.
    if (points.some((p) => p.from.dayOfWeek === w.weekday)) continue;
    const date = range ? daysOf(range).find((d) => d.dayOfWeek === w.weekday) : onOrAfter(today, w.weekday);
    if (date === undefined) return { problem: `"${w.said}" does not fall on ${restateSpan(range!, today, locale)}; please say which day you mean.` };
    dates.push(date);
  }
  const sorted = unique(dates).sort(Temporal.PlainDate.compare);
  return sorted.length === 1 ? { span: oneDay(sorted[0]!) } : { span: { from: sorted[0]!, to: sorted.at(-1)! }, dates: sorted };
}

/** "Tuesday or Wednesday next week": one range that holds every day said narrows them all. */
function fitsOneRange(points: Span[], weekdays: Array<{ weekday: number }>, ranges: Span[]): boolean {
  if (ranges.length !== 1) return false;
  const range = ranges[0]!;
  const inRange = daysOf(range);
  return points.every((p) => within(p.from, range)) && weekdays.every((w) => inRange.some((d) => d.dayOfWeek === w.weekday));
}

/** "Friday or the weekend", "this week or early next week": every day of every choice. */
function unionOfDays(points: Span[], weekdays: Array<{ weekday: number }>, ranges: Span[], today: Temporal.PlainDate): Days {
  const all = [...points, ...ranges].flatMap(daysOf);
  for (const w of weekdays) all.push(onOrAfter(today, w.weekday));
  const dates = unique(all).sort(Temporal.PlainDate.compare);
  const span = { from: dates[0]!, to: dates.at(-1)! };
  return daysOf(span).length === dates.length ? { span } : { span, dates };
}

function exclusions(words: Word[]): { dates: Temporal.PlainDate[]; weekdays: number[]; said: string[] } {
  const dates: Temporal.PlainDate[] = [];
  const weekdays: number[] = [];
  const said: string[] = [];
  for (const w of words) {
    if (w.kind === 'notWeekday') weekdays.push(w.weekday);
    if (w.kind === 'notDays') dates.push(...daysOf(w));
    if (w.kind === 'notWeekday' || w.kind === 'notDays') said.push(w.said);
  }
  return { dates, weekdays, said };
}

/** Rules days out; a caller who leaves nothing ("Monday, not Monday") is asked again. */
function applyExceptions(days: Days, ex: ReturnType<typeof exclusions>, words: Word[]): Days | Problem {
  if (ex.said.length === 0) return days;
  const out = (d: Temporal.PlainDate) => ex.weekdays.includes(d.dayOfWeek) || ex.dates.some((x) => x.equals(d));
  const candidates = days.dates ?? (days.span ? daysOf(days.span) : undefined);
  const left = candidates?.filter((d) => !out(d));
  if (left?.length === 0) {
    const said = words.filter((w) => w.kind === 'days' || w.kind === 'weekday').map((w) => `"${w.said}"`);
    return { problem: `${ex.said.map((s) => `"${s}"`).join(' and ')} rules out ${said.join(' and ') || 'every day said'}; please say which day suits.` };
  }
  // "Thursday instead of Wednesday": an exclusion that rules out none of the days said changes nothing.
  if (candidates && left!.length === candidates.length) return days;
  if (days.dates) {
    const dates = left!;
    return dates.length === 1 ? { span: oneDay(dates[0]!) } : { span: { from: dates[0]!, to: dates.at(-1)! }, dates };
  }
  return {
    ...days,
    ...(ex.dates.length && { exceptDates: unique(ex.dates).sort(Temporal.PlainDate.compare) }),
    ...(ex.weekdays.length && { exceptWeekdays: [...new Set(ex.weekdays)].sort() }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic (weeks start Monday)

/** The overlap of all spans: undefined when there are none, null when they do not overlap. */
function intersect(spans: Span[]): Span | undefined | null {
  if (spans.length === 0) return undefined;
  const from = spans.map((s) => s.from).reduce((a, b) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b));
  const to = spans.map((s) => s.to).reduce((a, b) => (Temporal.PlainDate.compare(a, b) <= 0 ? a : b));
  return Temporal.PlainDate.compare(from, to) <= 0 ? { from, to } : null;
}

function within(d: Temporal.PlainDate, s: Span): boolean {
  return Temporal.PlainDate.compare(d, s.from) >= 0 && Temporal.PlainDate.compare(d, s.to) <= 0;
}

function unique(dates: Temporal.PlainDate[]): Temporal.PlainDate[] {
  return dates.filter((d, i) => dates.findIndex((e) => e.equals(d)) === i);
}

export function daysOf(span: Span): Temporal.PlainDate[] {
  const length = span.from.until(span.to).days;
  return Array.from({ length: length + 1 }, (_, n) => span.from.add({ days: n }));
}

function describeSpans(spans: Array<Span & { said: string }>, today: Temporal.PlainDate, locale: SpokenLocale): string {
  return spans.map((s) => `"${s.said}" (${restateSpan(s, today, locale)})`).join(' and ');
}

export function oneDay(date: Temporal.PlainDate): Span {
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

/** Weekdays `first`..`last` (1 = Monday) of this week (0) or a later one, never before today (just today when all of them are past). */
function weekPart(today: Temporal.PlainDate, weeks: number, first: number, last: number): Span {
  const monday = mondayOf(today).add({ weeks });
  const from = monday.add({ days: first - 1 });
  const to = monday.add({ days: last - 1 });
  const start = Temporal.PlainDate.compare(from, today) < 0 ? today : from;
  // "the end of this week" said on a Sunday is just today.
  return Temporal.PlainDate.compare(start, to) <= 0 ? { from: start, to } : oneDay(today);
}

export const thisWeek = (t: Temporal.PlainDate): Span => weekPart(t, 0, 1, 7);
export const nextWeek = (t: Temporal.PlainDate): Span => weekPart(t, 1, 1, 7);
/** "early next week": Monday and Tuesday. */
export const earlyWeek = (weeks: number) => (t: Temporal.PlainDate): Span => weekPart(t, weeks, 1, 2);
/** "the middle of next week": Tuesday to Thursday. */
export const midWeek = (weeks: number) => (t: Temporal.PlainDate): Span => weekPart(t, weeks, 2, 4);
/** "late next week", "the end of the week": Thursday and Friday. */
export const lateWeek = (weeks: number) => (t: Temporal.PlainDate): Span => weekPart(t, weeks, 4, 5);
/** "later this week": tomorrow to Friday (or today, if that is past). */
export const laterThisWeek = (t: Temporal.PlainDate): Span => weekPart(t.add({ days: 1 }), 0, 1, 5);

export function thisWeekend(today: Temporal.PlainDate): Span {
  const sunday = mondayOf(today).add({ days: 6 });
  const saturday = sunday.subtract({ days: 1 });
  return { from: Temporal.PlainDate.compare(today, saturday) > 0 ? today : saturday, to: sunday };
}

export function nextWeekend(today: Temporal.PlainDate): Span {
  const sunday = mondayOf(today).add({ weeks: 1, days: 6 });
  return { from: sunday.subtract({ days: 1 }), to: sunday };
}

/** The rest of this calendar month. */
export const thisMonth = (t: Temporal.PlainDate): Span => ({ from: t, to: t.with({ day: t.daysInMonth }) });
/** Next calendar month. */
export const nextMonth = (t: Temporal.PlainDate): Span => monthSpan(t, t.add({ months: 1 }).month);

/** "in May": the next May (the rest of it, if it is May now). */
export function monthSpan(today: Temporal.PlainDate, month: number): Span {
  if (month === today.month) return thisMonth(today);
  const year = month > today.month ? today.year : today.year + 1;
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  return { from: first, to: first.with({ day: first.daysInMonth }) };
}

/** "in 3 days", "in a week": that one day. */
export const inDays = (n: number) => (t: Temporal.PlainDate): Span => oneDay(t.add({ days: n }));

function dateIfValid(year: number, month: number, day: number): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

/** The next `day` of a month on or after today, skipping months too short for it. */
export function nextDayOfMonth(today: Temporal.PlainDate, day: number): Temporal.PlainDate | Problem {
  const month = today.toPlainYearMonth();
  for (let n = 0; n < 12; n++) {
    const ym = month.add({ months: n });
    const date = dateIfValid(ym.year, ym.month, day);
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return date;
  }
  return { problem: 'no month has that day.' };
}

/** The next `month`/`day` on or after today (within the next eight years, for February 29), or that of `year`. */
export function nextMonthDay(today: Temporal.PlainDate, month: number, day: number, year?: number): Temporal.PlainDate | Problem {
  const years = year === undefined ? Array.from({ length: 9 }, (_, n) => today.year + n) : [year];
  for (const y of years) {
    const date = dateIfValid(y, month, day);
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return date;
  }
  const never = years.every((y) => dateIfValid(y, month, day) === undefined);
  return { problem: never ? 'that date does not exist.' : 'that date has already passed.' };
}
