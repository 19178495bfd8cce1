// The shapes a caller's words are read into (parts of the day, clock times, day spans, the words themselves) and
// what the day and time readers give back; every other file here builds on them.
import type { Temporal } from 'temporal-polyfill';

export type Period = keyof typeof PERIODS;
export type Side = 'from' | 'to';
export type Meridiem = 'am' | 'pm';

/** Minutes since local midnight; 1440 is the end of the day. */
export const END_OF_DAY = 24 * 60;
const h = (hours: number) => hours * 60;

/**
 * Parts of the day, plain and vague. `meridiem` places a bare hour said with them ("late afternoon at 4" is 16:00);
 * the vague ones are what a front desk would take them to mean on a working day.
 */
export const PERIODS = {
  morning: { from: h(6), to: h(12), meridiem: 'am' },
  earlyMorning: { from: h(6), to: h(9), meridiem: 'am' },
  midMorning: { from: h(9), to: h(11), meridiem: 'am' },
  lateMorning: { from: h(10), to: h(12), meridiem: 'am' },
  /** "before lunch", "vor dem Mittagessen": the working morning. */
  beforeLunch: { from: h(8), to: h(12), meridiem: 'am' },
  lunch: { from: h(12), to: h(14), meridiem: 'pm' },
  afterLunch: { from: h(13), to: h(17), meridiem: 'pm' },
  afternoon: { from: h(12), to: h(17), meridiem: 'pm' },
  earlyAfternoon: { from: h(12), to: h(14), meridiem: 'pm' },
  midAfternoon: { from: h(14), to: h(16), meridiem: 'pm' },
  lateAfternoon: { from: h(15), to: h(17), meridiem: 'pm' },
  /** "end of the day", "late in the day": the last working hours. */
  lateInTheDay: { from: h(15), to: h(18), meridiem: 'pm' },
  evening: { from: h(17), to: h(21), meridiem: 'pm' },
  earlyEvening: { from: h(17), to: h(19), meridiem: 'pm' },
  afterWork: { from: h(17), to: h(21), meridiem: 'pm' },
  night: { from: h(17), to: END_OF_DAY, meridiem: 'pm' },
} as const satisfies Record<string, { from: number; to: number; meridiem: Meridiem }>;

/** A wall-clock time as said: `bare` hours (1–12, no am/pm) are placed by context later. */
export type Clock =
  | { kind: 'fixed'; minutes: number; meridiem?: Meridiem }
  | { kind: 'bare'; hour: number; minute: number }
  | { kind: 'midnight' };

export type Word = { said: string } & (
  | ({ kind: 'days' } & Span)
  | { kind: 'weekday'; weekday: number; nextWeek: boolean }
  /** "not Monday", "any day but tomorrow": never offered. */
  | { kind: 'notWeekday'; weekday: number }
  | ({ kind: 'notDays' } & Span)
  | { kind: 'period'; period: Period }
  | { kind: 'after' | 'before' | 'around' | 'at'; clock: Clock }
  | { kind: 'between'; start: Clock; end: Clock }
  | { kind: 'earliest' }
  | { kind: 'anything' }
  /** "or", "and", "either": two days said with it are alternatives, not a contradiction. */
  | { kind: 'or' }
);

export interface Problem {
  problem: string;
}

export interface Span {
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
}

export interface Days {
  span?: Span;
  /** Alternatives: only these dates (sorted, within `span`). */
  dates?: Temporal.PlainDate[];
  exceptDates?: Temporal.PlainDate[];
  exceptWeekdays?: number[];
}

/** Start times of day allowed, minutes since local midnight, the end exclusive. */
export interface Window {
  from?: number;
  to?: number;
}

export function quoteAll(said: Array<{ said: string }>): string {
  return said.map((s) => `"${s.said}"`).join(' and ');
}
