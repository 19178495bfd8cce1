// The few times the voice agent reads out, chosen from Cal.com's free slots. A caller can hold three or so times
// in their head, so which ones are offered matters more than how many exist. (One file past 300 lines: the window,
// the eligibility filter and both pickers share the candidate type and its fast local-clock path.)
//
// Window. "Days to Look Ahead" counts local calendar days in the presentation zone, starting with the first day
// anything can be booked: today, unless the minimum notice or the earliest date pushes it later. Counting from
// today regardless would mean an earliest date beyond the look-ahead (or a notice of days) never offers anything.
// So with daysAhead = 2, called on Tuesday 10:00, the window is Tuesday and Wednesday; called at 23:30 with two
// hours' notice, it is Wednesday and Thursday.
//
// Preferences. A caller who asks for a date gets it, even outside the window: `dateFrom` moves the window's
// first day (never before the first bookable day), and `dateTo` cuts its end. The window never grows beyond
// daysAhead days. Only slots given to `chooseOffer` can be offered, so fetch with
// `slotsQueryRange(now, rules, preference)`, which covers the moved window. Times compare the local wall clock,
// `timeFrom` inclusive and `timeTo` exclusive ('24:00' is the end of the day); a range that would wrap past
// midnight offers nothing.
//
// Spread. On each day, `slotsPerDay` targets are laid out evenly from the day's first to its last eligible start
// (one slot per day: the first). Each target takes the eligible slot nearest to it (the earlier on a tie) that is
// after the previous pick by at least the spacing. Any places still open are filled with the earliest slots at
// least the spacing away from every pick. A half-hourly 9:00–16:30 day with three places gives 9:00, 12:30 and
// 16:30 (a morning, a midday and a late time) instead of 9:00, 10:00 and 11:00.
//
// Alternatives and exclusions. With `dates` ("Thursday or Friday") the window runs from the first listed date (never
// before the first bookable day) to the last, whatever daysAhead says, and only the listed dates are offered.
// `exceptDates` and `exceptWeekdays` ("not Monday") are never offered, and do not count towards daysAhead: "any day
// but Monday" on a Sunday with daysAhead = 2 looks at Sunday and Tuesday.
//
// Nearest. When nothing fits the caller's times, `nearestOffers` gives the slots on their days whose start is
// nearest to what they asked for ("3:15 isn't free; I have 3 or 3:30"), at most two, the earlier on a tie.
//
// Earliest. With `earliest: true` the soonest eligible slots are taken in order, keeping the spacing within each
// day, up to `slotsPerDay` in total: "the earliest you have" wants one answer, not a tour of the week.
import { Temporal } from 'temporal-polyfill';
import { MS_PRECISION_ISO } from '../time/iso.js';
import { dayToIsoDate, isoDateToDay, localClock } from '../time/local-clock.js';
import type { Preference } from './preference.js';

export interface OfferRules {
  /** Presentation zone (IANA). Days, dates and times of day are all counted in it. */
  timeZone: string;
  /** How many local days the offer may cover, counting the first bookable day (see the top of this file). */
  daysAhead: number;
  /** Most times offered on one local day. */
  slotsPerDay: number;
  /** Offered starts on one local day are at least this far apart. */
  minSpacingMinutes: number;
  /** 'YYYY-MM-DD', local: nothing is offered before this date. */
  earliestDate?: string;
  /** The event type's minimum booking notice: nothing starting before now plus this is offered. */
  minimumNoticeMinutes: number;
}

/** A slot as Cal.com returns it: ISO with the requested zone's offset. */
export interface CalSlot {
  start: string;
  end?: string;
}

export interface ChosenSlot {
  /** The slot's start in UTC with `Z`, as Cal.com wants it for a booking. */
  start: string;
  /** The slot's end in UTC with `Z`, when Cal.com gave one that parses. */
  end?: string;
  /** 'YYYY-MM-DD' in the presentation zone. */
  localDate: string;
}

/** Cal.com's /v2/slots `start` and `end`, ISO UTC. Cal.com includes slots starting at `end`. */
export interface SlotsQueryRange {
  start: string;
  end: string;
}

interface Candidate {
  ms: number;
  /** ISO UTC, kept only for instants finer than a millisecond; others are written from `ms` when chosen. */
  fine?: string;
  end?: string;
  localDate: string;
}

interface DateWindow {
  first: Temporal.PlainDate;
  last: Temporal.PlainDate;
}

const MINUTE_MS = 60_000;

/** The times to offer, sorted; empty when nothing fits (the caller says there is no availability). */
export function chooseOffer(
  slots: readonly CalSlot[],
  now: Temporal.Instant,
  rules: OfferRules,
  preference: Preference = {},
): ChosenSlot[] {
  assertRules(rules);
  const window = dateWindow(now, rules, preference);
  if (!window) return [];
  const candidates = eligible(slots, now, rules, window, preference);
  const spacingMs = rules.minSpacingMinutes * MINUTE_MS;
  const chosen = preference.earliest
    ? soonest(candidates, rules.slotsPerDay, spacingMs)
    : [...byLocalDate(candidates).values()].flatMap((day) => spreadDay(day, rules.slotsPerDay, spacingMs));
  return chosen.sort(byTime).map(toChosen);
}

/**
 * When `chooseOffer` found nothing because of the caller's times: up to two slots on the preferred days whose
 * start is nearest to the times asked for (distance on the wall clock, the earlier on a tie), sorted. Empty when
 * the preference names no time, or the days have nothing free at all.
 */
export function nearestOffers(slots: readonly CalSlot[], now: Temporal.Instant, rules: OfferRules, preference: Preference): ChosenSlot[] {
  assertRules(rules);
  const { timeFrom, timeTo, ...days } = preference;
  if (timeFrom === undefined && timeTo === undefined) return [];
  const window = dateWindow(now, rules, days);
  if (!window) return [];
  const [from, to] = [timeFrom === undefined ? 0 : clockMinutes(timeFrom), timeTo === undefined ? Infinity : clockMinutes(timeTo)];
  const local = localClock(rules.timeZone);
  const distance = (c: Candidate) => {
    const { minutes } = local(c.ms);
    return minutes < from ? from - minutes : minutes >= to ? minutes - to + 1 : 0;
  };
  return eligible(slots, now, rules, window, days)
    .map((c) => ({ c, d: distance(c) }))
    .sort((a, b) => a.d - b.d || byTime(a.c, b.c))
    .slice(0, 2)
    .map(({ c }) => c)
    .sort(byTime)
    .map(toChosen);
}

/** What the agent is told when only the nearest times could be offered: say so first, then offer them. */
export function nearestNext(understood: string, slots: ReadonlyArray<{ time: string }>): string {
  const times = slots.map((s) => s.time).join(' or ');
  return `Nothing is free exactly ${understood}; these are the nearest times. Say so first, then offer them, e.g. "That time isn't free; I have ${times}." When the caller picks one, call the booking tool with its id.`;
}

/**
 * What to ask Cal.com's /v2/slots for so that every slot `chooseOffer` could pick is returned: from now (or the
 * start of the window's first day, if later) to the last millisecond of its last day. Undefined when the
 * preference leaves no day to offer, e.g. a `dateTo` already past.
 */
export function slotsQueryRange(now: Temporal.Instant, rules: OfferRules): SlotsQueryRange;
export function slotsQueryRange(
  now: Temporal.Instant,
  rules: OfferRules,
  preference: Preference,
): SlotsQueryRange | undefined;
export function slotsQueryRange(
  now: Temporal.Instant,
  rules: OfferRules,
  preference: Preference = {},
): SlotsQueryRange | undefined {
  assertRules(rules);
  const window = dateWindow(now, rules, preference);
  if (!window) return undefined;
  const firstStart = startOfDay(window.first, rules.timeZone);
  const start = Temporal.Instant.compare(now, firstStart) > 0 ? now : firstStart;
  const end = startOfDay(window.last.add({ days: 1 }), rules.timeZone).subtract({ milliseconds: 1 });
  return { start: utcIso(start), end: utcIso(end) };
}

/** The local dates an offer may cover, inclusive, or undefined when none. */
export function offerWindow(
  now: Temporal.Instant,
  rules: OfferRules,
  preference: Preference = {},
): { first: string; last: string } | undefined {
  assertRules(rules);
  const window = dateWindow(now, rules, preference);
  return window && { first: window.first.toString(), last: window.last.toString() };
}

const RULE_MINIMA = { daysAhead: 1, slotsPerDay: 1, minSpacingMinutes: 0, minimumNoticeMinutes: 0 } as const;

// Rules come from configuration; a nonsensical one would otherwise quietly offer nothing or everything.
function assertRules(rules: OfferRules): void {
  for (const [key, min] of Object.entries(RULE_MINIMA) as [keyof typeof RULE_MINIMA, number][]) {
    const value = rules[key];
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`OfferRules.${key} must be an integer of at least ${min}, got ${String(value)}`);
  }
}

function dateWindow(now: Temporal.Instant, rules: OfferRules, preference: Preference): DateWindow | undefined {
  const noticeDate = notBefore(now, rules).toZonedDateTimeISO(rules.timeZone).toPlainDate();
  const listed = preference.dates?.map((d) => Temporal.PlainDate.from(d)).sort(Temporal.PlainDate.compare);
  const first = [rules.earliestDate, listed?.[0]?.toString() ?? preference.dateFrom]
    .filter((d): d is string => d !== undefined)
    .map((d) => Temporal.PlainDate.from(d))
    .reduce((a, b) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b), noticeDate);
  const full = listed?.at(-1) ?? lastOfAllowedDays(first, rules.daysAhead, dayAllowed(preference));
  const wanted = preference.dateTo === undefined || listed ? full : Temporal.PlainDate.from(preference.dateTo);
  const last = Temporal.PlainDate.compare(wanted, full) < 0 ? wanted : full;
  return Temporal.PlainDate.compare(first, last) <= 0 ? { first, last } : undefined;
}

/** The day on which `count` allowed days starting at `first` are complete (excluded days are skipped, a week at most). */
function lastOfAllowedDays(first: Temporal.PlainDate, count: number, allowed: (day: number) => boolean): Temporal.PlainDate {
  let last = first.subtract({ days: 1 });
  for (let found = 0, looked = 0; found < count && looked < count + 7; looked++) {
    last = last.add({ days: 1 });
    if (allowed(isoDateToDay(last))) found++;
  }
  return last;
}

/** Whether a local day number may be offered under the preference's alternatives and exclusions. */
function dayAllowed({ dates, exceptDates, exceptWeekdays }: Preference): (day: number) => boolean {
  const only = dates && new Set(dates.map((d) => isoDateToDay(Temporal.PlainDate.from(d))));
  const never = new Set((exceptDates ?? []).map((d) => isoDateToDay(Temporal.PlainDate.from(d))));
  const weekdays = new Set(exceptWeekdays ?? []);
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
  return (day) => (!only || only.has(day)) && !never.has(day) && !weekdays.has((((day + 3) % 7) + 7) % 7 + 1);
}

function notBefore(now: Temporal.Instant, rules: OfferRules): Temporal.Instant {
  return now.add({ minutes: rules.minimumNoticeMinutes });
}

function startOfDay(date: Temporal.PlainDate, timeZone: string): Temporal.Instant {
  return date.toZonedDateTime(timeZone).toInstant();
}

/** Parseable, bookable, inside the window and the preferred times of day; one per instant, sorted. */
function eligible(
  slots: readonly CalSlot[],
  now: Temporal.Instant,
  rules: OfferRules,
  window: DateWindow,
  preference: Preference,
): Candidate[] {
  const earliestNs = notBefore(now, rules).epochNanoseconds;
  // For whole milliseconds, ms ≥ ceil(earliest in ms) is exactly ms·10⁶ ≥ earliest ns, with no BigInt per slot.
  const earliestMs = Number((earliestNs + 999_999n) / 1_000_000n);
  const inTimes = timeOfDayFilter(preference);
  const allowed = dayAllowed(preference);
  const local = localClock(rules.timeZone);
  const [first, last] = [isoDateToDay(window.first), isoDateToDay(window.last)];
  const seen = new Map<number | string, Candidate>();
  for (const slot of slots) {
    const parsed = parseSlotInstant(slot.start);
    if (!parsed) continue;
    const key = parsed.fine ?? parsed.ms;
    if ((parsed.ns === undefined ? parsed.ms < earliestMs : parsed.ns < earliestNs) || seen.has(key)) continue;
    const { day, minutes } = local(parsed.ms);
    if (day < first || day > last || !allowed(day) || !inTimes(minutes)) continue;
    const end = slot.end === undefined ? undefined : parseSlotInstant(slot.end);
    seen.set(key, {
      ms: parsed.ms,
      ...(parsed.fine ? { fine: parsed.fine } : {}),
      ...(end ? { end: end.fine ?? new Date(end.ms).toISOString() } : {}),
      localDate: dayToIsoDate(day),
    });
  }
  return [...seen.values()].sort(byTime);
}

function toChosen(c: Candidate): ChosenSlot {
  return { start: c.fine ?? new Date(c.ms).toISOString(), ...(c.end === undefined ? {} : { end: c.end }), localDate: c.localDate };
}

// Milliseconds decide the order; the exact strings break ties between instants closer than a millisecond.
function byTime(a: Candidate, b: Candidate): number {
  const [x, y] = [a.fine ?? '', b.fine ?? ''];
  return a.ms - b.ms || (x < y ? -1 : x > y ? 1 : 0);
}

/**
 * An instant as epoch milliseconds, plus, when finer than a millisecond, its exact nanoseconds and ISO UTC text.
 * Cal.com's millisecond strings take the fast path (Date.parse is exact for them); anything finer goes through
 * Temporal so no digit is altered.
 */
function parseSlotInstant(iso: string): { ms: number; ns?: bigint; fine?: string } | undefined {
  const ms = MS_PRECISION_ISO.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isNaN(ms)) return { ms };
  try {
    const instant = Temporal.Instant.from(iso);
    const fine = instant.epochNanoseconds % 1_000_000n !== 0n;
    const floorMs = Math.floor(Number(instant.epochNanoseconds / 1_000_000n));
    return fine ? { ms: floorMs, ns: instant.epochNanoseconds, fine: utcIso(instant) } : { ms: floorMs };
  } catch {
    return undefined;
  }
}


/** Starts at or after `timeFrom` and before `timeTo`, in minutes past local midnight on the wall clock. */
function timeOfDayFilter({ timeFrom, timeTo }: Preference): (minutes: number) => boolean {
  const from = timeFrom === undefined ? 0 : clockMinutes(timeFrom);
  const to = timeTo === undefined ? Infinity : clockMinutes(timeTo);
  return (minutes) => minutes >= from && minutes < to;
}

// Minutes past midnight rather than a PlainTime, because the preference's end of day, '24:00', is no PlainTime.
function clockMinutes(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return Temporal.Duration.from({ hours, minutes }).total('minutes');
}

// Keyed by date rather than by runs of equal dates: where a zone sets its clocks back from just after midnight to
// the previous evening, a later instant is on an earlier local date.
function byLocalDate(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const days = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const day = days.get(c.localDate);
    if (day) day.push(c);
    else days.set(c.localDate, [c]);
  }
  return days;
}

/** One day's picks (see "Spread" at the top); `day` is sorted and not empty. */
function spreadDay(day: readonly Candidate[], places: number, spacingMs: number): Candidate[] {
  const picks: Candidate[] = [];
  for (const target of targets(day[0]!.ms, day.at(-1)!.ms, places)) {
    const previous = picks.at(-1);
    const options = previous ? day.filter((c) => c.ms > previous.ms && c.ms - previous.ms >= spacingMs) : day;
    const pick = nearest(options, target);
    // Later targets only have later options, so they would find nothing either.
    if (!pick) break;
    picks.push(pick);
  }
  for (const c of day) {
    if (picks.length >= places) break;
    if (!picks.includes(c) && picks.every((p) => Math.abs(p.ms - c.ms) >= spacingMs)) picks.push(c);
  }
  return picks;
}

function targets(first: number, last: number, places: number): number[] {
  if (places === 1) return [first];
  return Array.from({ length: places }, (_, k) => first + ((last - first) * k) / (places - 1));
}

function nearest(options: readonly Candidate[], target: number): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of options) if (!best || Math.abs(c.ms - target) < Math.abs(best.ms - target)) best = c;
  return best;
}

/** The earliest picks across the window (see "Earliest" at the top); `candidates` is sorted. */
function soonest(candidates: readonly Candidate[], total: number, spacingMs: number): Candidate[] {
  const picks: Candidate[] = [];
  for (const c of candidates) {
    if (picks.length >= total) break;
    const previous = picks.findLast((p) => p.localDate === c.localDate);
    if (!previous || c.ms - previous.ms >= spacingMs) picks.push(c);
  }
  return picks;
}

// Milliseconds like Cal.com's own strings; finer digits only when an instant has them, so none is altered.
function utcIso(instant: Temporal.Instant): string {
  return instant.toString({ fractionalSecondDigits: instant.epochNanoseconds % 1_000_000n === 0n ? 3 : 9 });
}
