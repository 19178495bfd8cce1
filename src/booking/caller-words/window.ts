// Which times of day a caller's words allow: parts of the day, clock times and ranges, combined into one window
// of start times (minutes since local midnight, the end exclusive).
import { Temporal } from 'temporal-polyfill';
import { END_OF_DAY, PERIODS, quoteAll, type Clock, type Meridiem, type Problem, type Side, type Window, type Word } from './words.js';


/** A window from one phrase, with the clock times said in it. */
interface Bound extends Window {
  said: string;
  points: number[];
}

export function resolveWindow(words: Word[]): Window | Problem {
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

/** "09:00", or "24:00" for the end of the day. */
export function hhmm(minutes: number): string {
  if (minutes === END_OF_DAY) return '24:00';
  return Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toString({ smallestUnit: 'minute' });
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
      return pointBound(w.said, w.clock, 'from', meridiem, (m) => ({ from: Math.max(0, m - 60), to: Math.min(END_OF_DAY, m + 60) }));
    case 'between': {
      const range = betweenBounds(w.start, w.end, meridiem);
      return 'problem' in range ? range : { said: w.said, points: [range.from, range.to], ...range };
    }
    default:
      return undefined;
  }
}

function pointBound(said: string, clock: Clock, side: Side, meridiem: Meridiem | undefined, make: (m: number) => Window): Bound | Problem {
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
        : { problem: 'Midnight could mean the start or the end of a day; please say e.g. "after 11 PM" or "before 1 AM".' };
  }
}

/** Business-hours reading of an hour said without am/pm (1–7 PM, 8–11 AM), unless a part of the day decides. */
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
