// Properties of resolveCallerWords over random instants and zones. "Today" is computed with Intl, independently of
// the module; the rest is checked against its definition.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { resolveCallerWords } from '../../src/booking/caller-words.js';
import { PreferenceSchema } from '../../src/booking/preference.js';
import { SPOKEN_LOCALES } from '../../src/booking/spoken.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const clock = fc.record({
  nowMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
  zone: fc.constantFrom(...ZONES),
});

function localToday(nowMs: number, zone: string): Temporal.PlainDate {
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(nowMs);
  return Temporal.PlainDate.from(iso);
}

function dateOf(text: string, nowMs: number, zone: string): Temporal.PlainDate {
  const r = resolveCallerWords(text, { now: Temporal.Instant.fromEpochMilliseconds(nowMs), timeZone: zone });
  if (!r.ok) throw new Error(r.problem);
  expect(r.preference.dateFrom).toBe(r.preference.dateTo);
  return Temporal.PlainDate.from(r.preference.dateFrom ?? '');
}

describe('resolveCallerWords properties', () => {
  it('"today" and "tomorrow" are the local date in the presentation zone and the next one', () => {
    fc.assert(
      fc.property(clock, ({ nowMs, zone }) => {
        const today = localToday(nowMs, zone);
        expect(dateOf('today', nowMs, zone).equals(today)).toBe(true);
        expect(dateOf('tomorrow', nowMs, zone).equals(today.add({ days: 1 }))).toBe(true);
        expect(dateOf('the day after tomorrow', nowMs, zone).equals(today.add({ days: 2 }))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('"Tuesday" is the next one on or after today; "next Tuesday" is in the following Monday-week', () => {
    fc.assert(
      fc.property(clock, fc.integer({ min: 1, max: 7 }), ({ nowMs, zone }, weekday) => {
        const today = localToday(nowMs, zone);
        const name = WEEKDAYS[weekday - 1] as string;
        const plain = dateOf(name, nowMs, zone);
        expect(plain.dayOfWeek).toBe(weekday);
        expect(today.until(plain).days).toBeGreaterThanOrEqual(0);
        expect(today.until(plain).days).toBeLessThan(7);
        const next = dateOf(`next ${name}`, nowMs, zone);
        const nextMonday = today.subtract({ days: today.dayOfWeek - 1 }).add({ weeks: 1 });
        expect(next.dayOfWeek).toBe(weekday);
        expect(nextMonday.until(next).days).toBe(weekday - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('"the Nth" is the first date on or after today with that day of the month', () => {
    fc.assert(
      fc.property(clock, fc.integer({ min: 1, max: 31 }), ({ nowMs, zone }, n) => {
        const today = localToday(nowMs, zone);
        const suffix =
          n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
        const date = dateOf(`the ${n}${suffix}`, nowMs, zone);
        expect(date.day).toBe(n);
        const between = today.until(date).days;
        expect(between).toBeGreaterThanOrEqual(0);
        for (let d = 0; d < between; d++) expect(today.add({ days: d }).day).not.toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random word salad, and every accepted result is a valid, non-empty-window Preference', () => {
    const vocabulary = [
      'today',
      'tomorrow',
      'next',
      'this',
      'tuesday',
      'friday',
      'week',
      'weekend',
      'the',
      '4th',
      'december',
      'of',
      'morning',
      'afternoon',
      'evening',
      'night',
      'tonight',
      'after',
      'before',
      'between',
      'and',
      'around',
      'at',
      'to',
      '3',
      '10',
      '12',
      '15:30',
      '7',
      'pm',
      'am',
      'noon',
      'midnight',
      'earliest',
      'anything',
      'not',
      'or',
      'please',
      'morgen',
      'heute',
      'nach',
      'vor',
      'uhr',
      'halb',
      'drei',
      'am',
      'dienstag',
      'nächsten',
      'woche',
      '4.',
      'zwischen',
      'und',
      'gegen',
      'früh',
      'abend',
      '-',
      ':',
      '.',
      "o'clock",
      'a.m.',
      'twenty',
      'first',
      'asap',
    ];
    fc.assert(
      fc.property(
        clock,
        fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }),
        fc.constantFrom(...SPOKEN_LOCALES),
        ({ nowMs, zone }, words, locale) => {
          const r = resolveCallerWords(words.join(' '), {
            now: Temporal.Instant.fromEpochMilliseconds(nowMs),
            timeZone: zone,
            locale,
          });
          if (!r.ok) {
            expect(r.problem.length).toBeGreaterThan(0);
            return;
          }
          const p = PreferenceSchema.parse(r.preference);
          if (p.dateFrom !== undefined && p.dateTo !== undefined) {
            expect(Temporal.PlainDate.compare(p.dateFrom, p.dateTo)).toBeLessThanOrEqual(0);
            expect(Temporal.PlainDate.compare(p.dateFrom, localToday(nowMs, zone))).toBeGreaterThanOrEqual(0);
          }
          if (p.timeFrom !== undefined && p.timeTo !== undefined) expect(p.timeFrom < p.timeTo).toBe(true);
          expect(r.understood).not.toMatch(/\d{4}-\d{2}-\d{2}|UTC|GMT|undefined|NaN/);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
