// Wall-clock dates and times of many instants in one zone for the cost of one zone lookup per offset change:
// Temporal gives the offset at an instant and the zone's next transition, and the offset holds until then.
import { Temporal } from 'temporal-polyfill';

const DAY_MS = 86_400_000;

export interface LocalTime {
  /** The local date as whole days since 1970-01-01 (see {@link dayToIsoDate}). */
  day: number;
  /** Minutes since local midnight on the wall clock, with fractions for seconds. */
  minutes: number;
}

/** 'YYYY-MM-DD' of a day number from {@link localClock}. */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a calendar date, comparable with {@link LocalTime.day}. */
export function isoDateToDay(date: { year: number; month: number; day: number }): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function localClock(zone: string): (epochMs: number) => LocalTime {
  let from = Infinity;
  let until = -Infinity;
  let offsetMs = 0;
  return (ms) => {
    if (ms < from || ms >= until) {
      const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
      offsetMs = z.offsetNanoseconds / 1_000_000;
      from = ms;
      until = z.getTimeZoneTransition('next')?.epochMilliseconds ?? Infinity;
    }
    const wall = ms + offsetMs;
    const day = Math.floor(wall / DAY_MS);
    return { day, minutes: (wall - day * DAY_MS) / 60_000 };
  };
}
