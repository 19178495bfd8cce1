// Property tests for the offered set: random slot lists (some unparseable, some duplicated in other offsets), zones
// with DST, half-hour and 45-minute offsets, clocks around DST changes, random rules and preferences. Each
// result is checked against the rules as stated at the top of src/booking/offers.ts.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  chooseOffer,
  offerWindow,
  slotsQueryRange,
  type CalSlot,
  type ChosenSlot,
  type OfferRules,
} from '../../src/booking/offers.js';
import type { Preference } from '../../src/booking/preference.js';

const ZONES = [
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
];

// Shortly before DST changes in 2026: US spring, EU spring, NZ/Chatham/Lord Howe autumn, NZ/Chatham spring,
// Lord Howe spring, EU autumn, US autumn; and an ordinary day.
const ANCHORS = [
  '2026-03-08T07:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-04-04T14:00:00Z',
  '2026-09-26T14:00:00Z',
  '2026-10-03T15:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-11-25T12:00:00Z',
].map((s) => Temporal.Instant.from(s));

const GARBAGE = ['', 'nope', '2026-11-25T09:00:00', '2026-02-30T09:00:00Z', '2026-11-25'];

const hhmm = fc.oneof(
  fc.constant('24:00'),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
);

const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  anchor: fc.constantFrom(...ANCHORS),
  /** Minutes from the anchor to now, and seconds, so now is rarely on a slot grid. */
  shift: fc.integer({ min: -3 * 1440, max: 1440 }),
  seconds: fc.integer({ min: 0, max: 59 }),
  lengthMinutes: fc.constantFrom(15, 30, 60),
  slots: fc.array(
    fc.record({
      minutes: fc.integer({ min: -1440, max: 5 * 1440 }),
      onGrid: fc.boolean(),
      render: fc.constantFrom('zone', 'utc', 'tokyo', 'garbage'),
      garbage: fc.constantFrom(...GARBAGE),
      withEnd: fc.boolean(),
    }),
    { maxLength: 50 },
  ),
  /** Half-hourly local business days, as a real calendar gives them. */
  businessDays: fc.boolean(),
  rules: fc.record({
    daysAhead: fc.integer({ min: 1, max: 3 }),
    slotsPerDay: fc.integer({ min: 1, max: 5 }),
    minSpacingMinutes: fc.integer({ min: 0, max: 240 }),
    minimumNoticeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })),
    earliestDays: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }),
  }),
  preference: fc.option(
    fc.record(
      {
        fromDays: fc.integer({ min: -2, max: 6 }),
        toDays: fc.integer({ min: -2, max: 6 }),
        timeFrom: hhmm,
        timeTo: hhmm,
        earliest: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  now: Temporal.Instant;
  rules: OfferRules;
  preference: Preference | undefined;
  slots: CalSlot[];
}

function render(i: Temporal.Instant, zone: string): string {
  return i.toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', fractionalSecondDigits: 3 });
}

function build(s: Scenario): Built {
  const now = s.anchor.add({ minutes: s.shift }).add({ seconds: s.seconds });
  const today = now.toZonedDateTimeISO(s.zone).toPlainDate();
  const dateIn = (days: number) => today.add({ days }).toString();
  const grid = now.round({ smallestUnit: 'minute', roundingIncrement: 15, roundingMode: 'floor' });
  const slots: CalSlot[] = s.slots.map((g) => {
    const start = (g.onGrid ? grid : now).add({ minutes: g.minutes });
    const end = start.add({ minutes: s.lengthMinutes });
    const text =
      g.render === 'garbage'
        ? g.garbage
        : render(start, g.render === 'zone' ? s.zone : g.render === 'tokyo' ? 'Asia/Tokyo' : 'UTC');
    return g.withEnd ? { start: text, end: render(end, s.zone) } : { start: text };
  });
  if (s.businessDays)
    for (let d = 0; d < 4; d++)
      for (
        let t = today.add({ days: d }).toPlainDateTime({ hour: 8 }).toZonedDateTime(s.zone);
        t.hour < 18;
        t = t.add({ minutes: 30 })
      )
        slots.push({ start: t.toString({ timeZoneName: 'never', fractionalSecondDigits: 3 }) });
  const { earliestDays, ...numbers } = s.rules;
  const rules: OfferRules = {
    timeZone: s.zone,
    ...numbers,
    ...(earliestDays === undefined ? {} : { earliestDate: dateIn(earliestDays) }),
  };
  const p = s.preference;
  const preference: Preference | undefined = p && {
    ...(p.fromDays === undefined ? {} : { dateFrom: dateIn(p.fromDays) }),
    ...(p.toDays === undefined ? {} : { dateTo: dateIn(p.toDays) }),
    ...(p.timeFrom === undefined ? {} : { timeFrom: p.timeFrom }),
    ...(p.timeTo === undefined ? {} : { timeTo: p.timeTo }),
    ...(p.earliest === undefined ? {} : { earliest: p.earliest }),
  };
  return { now, rules, preference, slots };
}

const maxDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b);
const minDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) <= 0 ? a : b);

/** The window as documented: daysAhead days from the first bookable day, moved by dateFrom and cut by dateTo. */
function expectedWindow({ now, rules, preference: p = {} }: Built) {
  let first = now.add({ minutes: rules.minimumNoticeMinutes }).toZonedDateTimeISO(rules.timeZone).toPlainDate();
  if (rules.earliestDate) first = maxDate(first, Temporal.PlainDate.from(rules.earliestDate));
  if (p.dateFrom) first = maxDate(first, Temporal.PlainDate.from(p.dateFrom));
  let last = first.add({ days: rules.daysAhead - 1 });
  if (p.dateTo) last = minDate(last, Temporal.PlainDate.from(p.dateTo));
  return Temporal.PlainDate.compare(first, last) <= 0 ? { first, last } : undefined;
}

const wallMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

interface Eligible {
  instant: Temporal.Instant;
  localDate: string;
}

/** Every input slot the rules allow, one per instant, sorted. */
function eligibleSlots(b: Built): Eligible[] {
  const window = expectedWindow(b);
  if (!window) return [];
  const p = b.preference ?? {};
  const notBefore = b.now.add({ minutes: b.rules.minimumNoticeMinutes });
  const byInstant = new Map<bigint, Eligible>();
  for (const slot of b.slots) {
    let instant: Temporal.Instant;
    try {
      instant = Temporal.Instant.from(slot.start);
    } catch {
      continue;
    }
    const z = instant.toZonedDateTimeISO(b.rules.timeZone);
    const date = z.toPlainDate();
    const minutes = z.hour * 60 + z.minute;
    if (
      Temporal.Instant.compare(instant, notBefore) >= 0 &&
      Temporal.PlainDate.compare(date, window.first) >= 0 &&
      Temporal.PlainDate.compare(date, window.last) <= 0 &&
      (p.timeFrom === undefined || minutes >= wallMinutes(p.timeFrom)) &&
      (p.timeTo === undefined || minutes < wallMinutes(p.timeTo))
    )
      byInstant.set(instant.epochNanoseconds, { instant, localDate: date.toString() });
  }
  return [...byInstant.values()].sort((x, y) => Temporal.Instant.compare(x.instant, y.instant));
}

function offer(b: Built): ChosenSlot[] {
  return chooseOffer(b.slots, b.now, b.rules, b.preference);
}

const ns = (iso: string) => Temporal.Instant.from(iso).epochNanoseconds;
const minutesBetween = (a: string, b: string) => Number(ns(b) - ns(a)) / 60e9;

function groupByDate<T extends { localDate: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.localDate, [...(out.get(item.localDate) ?? []), item]);
  return out;
}

const RUNS = { numRuns: 150 };

describe('chooseOffer properties', () => {
  it('offers only eligible slots Cal.com returned, once each, sorted, with the right local date', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = build(s);
        const chosen = offer(b);
        const eligible = new Set(eligibleSlots(b).map((e) => e.instant.epochNanoseconds));
        const returned = new Set(b.slots.flatMap((x) => (GARBAGE.includes(x.start) ? [] : [ns(x.start)])));
        for (const c of chosen) {
          expect(c.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(returned.has(ns(c.start))).toBe(true);
          expect(eligible.has(ns(c.start))).toBe(true);
          expect(c.localDate).toBe(
            Temporal.Instant.from(c.start).toZonedDateTimeISO(b.rules.timeZone).toPlainDate().toString(),
          );
          expect(Temporal.Instant.compare(Temporal.Instant.from(c.start), b.now)).toBeGreaterThanOrEqual(0);
          if (b.rules.earliestDate) expect(c.localDate >= b.rules.earliestDate).toBe(true);
        }
        for (let i = 1; i < chosen.length; i++) expect(ns(chosen[i]!.start) > ns(chosen[i - 1]!.start)).toBe(true);
      }),
      RUNS,
    );
  });

  it('stays inside the window: daysAhead local days from the first bookable day when no dates are preferred', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = build({ ...s, preference: undefined });
        const window = expectedWindow(b)!;
        const today = b.now.toZonedDateTimeISO(b.rules.timeZone).toPlainDate();
        expect(Temporal.PlainDate.compare(window.first, today)).toBeGreaterThanOrEqual(0);
        expect(window.first.until(window.last).days).toBe(b.rules.daysAhead - 1);
        expect(offerWindow(b.now, b.rules)).toEqual({ first: window.first.toString(), last: window.last.toString() });
        for (const c of offer(b)) {
          expect(c.localDate >= window.first.toString()).toBe(true);
          expect(c.localDate <= window.last.toString()).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('keeps to slotsPerDay and the spacing on every day; earliest offers at most slotsPerDay in all', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = build(s);
        const chosen = offer(b);
        for (const day of groupByDate(chosen).values()) {
          expect(day.length).toBeLessThanOrEqual(b.rules.slotsPerDay);
          for (let i = 1; i < day.length; i++)
            expect(minutesBetween(day[i - 1]!.start, day[i]!.start)).toBeGreaterThanOrEqual(b.rules.minSpacingMinutes);
        }
        if (b.preference?.earliest) expect(chosen.length).toBeLessThanOrEqual(b.rules.slotsPerDay);
      }),
      RUNS,
    );
  });

  it('wastes nothing: a slot left out is within the spacing of an offered one on its day, or its places are full', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = build(s);
        const chosen = offer(b);
        const eligible = eligibleSlots(b);
        expect(chosen.length > 0).toBe(eligible.length > 0);
        const offered = new Set(chosen.map((c) => ns(c.start)));
        const byDay = groupByDate(chosen);
        const earliest = b.preference?.earliest === true;
        if (earliest && eligible[0]) expect(ns(chosen[0]!.start)).toBe(eligible[0].instant.epochNanoseconds);
        for (const [date, day] of groupByDate(eligible)) {
          const picks = byDay.get(date) ?? [];
          // Spread always offers each day's first slot.
          if (!earliest) expect(offered.has(day[0]!.instant.epochNanoseconds)).toBe(true);
          const full = earliest ? chosen.length === b.rules.slotsPerDay : picks.length === b.rules.slotsPerDay;
          if (full) continue;
          for (const e of day) {
            if (offered.has(e.instant.epochNanoseconds)) continue;
            const near = picks.some(
              (p) => Math.abs(minutesBetween(p.start, e.instant.toString())) < b.rules.minSpacingMinutes,
            );
            expect(near).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('is deterministic and does not depend on the order of the slots', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const b = build(s);
        const first = offer(b);
        expect(offer(b)).toEqual(first);
        const shuffled = b.slots
          .map((slot, i) => ({ slot, key: Math.sin(seed + i) }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.slot);
        const starts = (cs: ChosenSlot[]) => cs.map((c) => [c.start, c.localDate]);
        expect(starts(offer({ ...b, slots: shuffled }))).toEqual(starts(first));
      }),
      { numRuns: 80 },
    );
  });
});

describe('slotsQueryRange properties', () => {
  it('covers exactly the instants from now on whose local date is in the window', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: -2 * 1440, max: 9 * 1440 }),
        fc.integer({ min: 0, max: 59_999 }),
        (s, minutes, ms) => {
          const b = build(s);
          const range = b.preference ? slotsQueryRange(b.now, b.rules, b.preference) : slotsQueryRange(b.now, b.rules);
          const window = expectedWindow(b);
          if (!window) {
            expect(range).toBeUndefined();
            return;
          }
          expect(range!.start).toMatch(/Z$/);
          expect(range!.end).toMatch(/\.999Z$/);
          const t = b.now.add({ minutes }).add({ milliseconds: ms });
          const date = t.toZonedDateTimeISO(b.rules.timeZone).toPlainDate();
          const inWindow =
            Temporal.Instant.compare(t, b.now) >= 0 &&
            Temporal.PlainDate.compare(date, window.first) >= 0 &&
            Temporal.PlainDate.compare(date, window.last) <= 0;
          const inRange =
            Temporal.Instant.compare(t, Temporal.Instant.from(range!.start)) >= 0 &&
            Temporal.Instant.compare(t, Temporal.Instant.from(range!.end)) <= 0;
          expect(inRange).toBe(inWindow);
        },
      ),
      { numRuns: 300 },
    );
  });
});
