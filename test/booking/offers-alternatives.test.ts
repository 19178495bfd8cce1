// Alternatives ("Thursday or Monday"), exclusions ("not Thursday") and the nearest times when nothing fits exactly.
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { chooseOffer, nearestOffers, offerWindow, slotsQueryRange, type CalSlot, type ChosenSlot, type OfferRules } from '../../src/booking/offers.js';

const BERLIN = 'Europe/Berlin';
const rules = (o: Partial<OfferRules> = {}): OfferRules => ({ timeZone: BERLIN, daysAhead: 2, slotsPerDay: 3, minSpacingMinutes: 60, minimumNoticeMinutes: 0, ...o });
// Wednesday 2026-11-25, 07:00 in Berlin.
const WED = Temporal.Instant.from('2026-11-25T06:00:00Z');

function day(date: string, from = '09:00', to = '17:00', step = 30): CalSlot[] {
  const out: CalSlot[] = [];
  for (let t = Temporal.PlainTime.from(from); Temporal.PlainTime.compare(t, Temporal.PlainTime.from(to)) < 0 && t.hour >= Temporal.PlainTime.from(from).hour; t = t.add({ minutes: step }))
    out.push({ start: Temporal.PlainDate.from(date).toPlainDateTime(t).toZonedDateTime(BERLIN).toString({ timeZoneName: 'never', fractionalSecondDigits: 3 }) });
  return out;
}
const week = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'].flatMap((d) => day(d));
const wall = (chosen: readonly ChosenSlot[]) =>
  chosen.map((c) => Temporal.Instant.from(c.start).toZonedDateTimeISO(BERLIN).toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' '));

describe('alternatives', () => {
  it('offers only the listed dates, even when they are further apart than daysAhead', () => {
    const p = { dateFrom: '2026-11-26', dateTo: '2026-11-30', dates: ['2026-11-26', '2026-11-30'] };
    expect(offerWindow(WED, rules(), p)).toEqual({ first: '2026-11-26', last: '2026-11-30' });
    expect(new Set(chooseOffer(week, WED, rules(), p).map((c) => c.localDate))).toEqual(new Set(['2026-11-26', '2026-11-30']));
    expect(slotsQueryRange(WED, rules(), p)?.end).toBe('2026-11-30T22:59:59.999Z');
  });
});

describe('exclusions', () => {
  it('never offers an excluded weekday or date, and looks one day further for each', () => {
    const notThursday = chooseOffer(week, WED, rules(), { exceptWeekdays: [4] });
    expect(new Set(notThursday.map((c) => c.localDate))).toEqual(new Set(['2026-11-25', '2026-11-27']));
    const notToday = chooseOffer(week, WED, rules(), { exceptDates: ['2026-11-25'] });
    expect(new Set(notToday.map((c) => c.localDate))).toEqual(new Set(['2026-11-26', '2026-11-27']));
  });

  it('excluding every weekday offers nothing rather than looping', () => {
    expect(chooseOffer(week, WED, rules(), { exceptWeekdays: [1, 2, 3, 4, 5, 6, 7] })).toEqual([]);
  });
});

describe('nearest times', () => {
  it('3:15 taken-or-never-a-slot: 3 PM and 3:30 PM on that day', () => {
    const p = { dateFrom: '2026-11-26', dateTo: '2026-11-26', timeFrom: '15:15', timeTo: '15:16' };
    expect(chooseOffer(week, WED, rules(), p)).toEqual([]);
    expect(wall(nearestOffers(week, WED, rules(), p))).toEqual(['2026-11-26 15:00', '2026-11-26 15:30']);
  });

  it('a window with nothing free gives the nearest starts either side, never another day', () => {
    const busyAfternoon = [...day('2026-11-26', '09:00', '12:00'), ...day('2026-11-26', '16:30', '17:00')];
    const p = { dateFrom: '2026-11-26', dateTo: '2026-11-26', timeFrom: '13:00', timeTo: '16:00' };
    expect(wall(nearestOffers(busyAfternoon, WED, rules(), p))).toEqual(['2026-11-26 11:30', '2026-11-26 16:30']);
  });

  it('nothing without a time asked for, or without any free slot on the day', () => {
    expect(nearestOffers(week, WED, rules(), { dateFrom: '2026-11-26', dateTo: '2026-11-26' })).toEqual([]);
    expect(nearestOffers(day('2026-11-25'), WED, rules(), { dateFrom: '2026-11-26', dateTo: '2026-11-26', timeFrom: '15:15', timeTo: '15:16' })).toEqual([]);
  });
});
