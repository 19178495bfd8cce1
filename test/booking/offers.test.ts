// The offered set with pinned clocks: the look-ahead window, notice and earliest date, the spread over a day,
// preferences, DST days and far-away zones, and the query range for Cal.com.
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

const BERLIN = 'Europe/Berlin';

function rules(overrides: Partial<OfferRules> = {}): OfferRules {
  return {
    timeZone: BERLIN,
    daysAhead: 2,
    slotsPerDay: 3,
    minSpacingMinutes: 60,
    minimumNoticeMinutes: 0,
    ...overrides,
  };
}

const at = (iso: string) => Temporal.Instant.from(iso);

/** A Cal.com-style start: local wall time in `zone` with that zone's offset, milliseconds included. */
function local(date: string, time: string, zone = BERLIN): string {
  return Temporal.PlainDate.from(date)
    .toPlainDateTime(Temporal.PlainTime.from(time))
    .toZonedDateTime(zone)
    .toString({ timeZoneName: 'never', fractionalSecondDigits: 3 });
}

/** Slots every `step` minutes from `from` while the start is before `to`, local in `zone`. */
function day(date: string, from: string, to: string, step = 30, zone = BERLIN): CalSlot[] {
  const out: CalSlot[] = [];
  const end = Temporal.PlainDate.from(date).toPlainDateTime(Temporal.PlainTime.from(to)).toZonedDateTime(zone);
  for (
    let t = Temporal.PlainDate.from(date).toPlainDateTime(Temporal.PlainTime.from(from)).toZonedDateTime(zone);
    Temporal.ZonedDateTime.compare(t, end) < 0;
    t = t.add({ minutes: step })
  )
    out.push({ start: t.toString({ timeZoneName: 'never', fractionalSecondDigits: 3 }) });
  return out;
}

/** Chosen starts as local "YYYY-MM-DD HH:MM" in `zone`, for readable expectations. */
function wall(chosen: readonly ChosenSlot[], zone = BERLIN): string[] {
  return chosen.map((c) => {
    const z = Temporal.Instant.from(c.start).toZonedDateTimeISO(zone);
    return `${z.toPlainDate().toString()} ${z.toPlainTime().toString({ smallestUnit: 'minute' })}`;
  });
}

// Wednesday 2026-11-25, 07:00 in Berlin (UTC+1).
const WED_MORNING = at('2026-11-25T06:00:00Z');
const threeDays = [
  ...day('2026-11-25', '09:00', '17:00'),
  ...day('2026-11-26', '09:00', '17:00'),
  ...day('2026-11-27', '09:00', '17:00'),
];

describe('the look-ahead window', () => {
  it('counts daysAhead local days starting today', () => {
    expect(offerWindow(WED_MORNING, rules({ daysAhead: 1 }))).toEqual({ first: '2026-11-25', last: '2026-11-25' });
    expect(offerWindow(WED_MORNING, rules({ daysAhead: 2 }))).toEqual({ first: '2026-11-25', last: '2026-11-26' });
    expect(offerWindow(WED_MORNING, rules({ daysAhead: 3 }))).toEqual({ first: '2026-11-25', last: '2026-11-27' });
    expect(new Set(chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 1 })).map((c) => c.localDate))).toEqual(
      new Set(['2026-11-25']),
    );
    expect(new Set(chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 2 })).map((c) => c.localDate))).toEqual(
      new Set(['2026-11-25', '2026-11-26']),
    );
  });

  it('counts days in the presentation zone, not in UTC', () => {
    // 23:30 UTC on the 25th is already the 26th in Berlin.
    expect(offerWindow(at('2026-11-25T23:30:00Z'), rules({ daysAhead: 1 }))).toEqual({
      first: '2026-11-26',
      last: '2026-11-26',
    });
    // 10:15 UTC on the 25th is midnight of the 26th in Chatham (UTC+13:45 in summer).
    expect(offerWindow(at('2026-11-25T10:14:00Z'), rules({ timeZone: 'Pacific/Chatham', daysAhead: 1 }))?.first).toBe(
      '2026-11-25',
    );
    expect(offerWindow(at('2026-11-25T10:15:00Z'), rules({ timeZone: 'Pacific/Chatham', daysAhead: 1 }))?.first).toBe(
      '2026-11-26',
    );
  });

  it('starts on the day the minimum notice reaches', () => {
    // 23:30 in Berlin with two hours' notice: nothing today can be booked, so the two days are Thu and Fri.
    const late = at('2026-11-25T22:30:00Z');
    expect(offerWindow(late, rules({ minimumNoticeMinutes: 120 }))).toEqual({
      first: '2026-11-26',
      last: '2026-11-27',
    });
    const offered = chooseOffer(threeDays, late, rules({ minimumNoticeMinutes: 120 }));
    expect(new Set(offered.map((c) => c.localDate))).toEqual(new Set(['2026-11-26', '2026-11-27']));
    // A notice of two days.
    expect(offerWindow(WED_MORNING, rules({ minimumNoticeMinutes: 2 * 24 * 60, daysAhead: 1 }))?.first).toBe(
      '2026-11-27',
    );
  });

  it('starts on the earliest date when that is later, and ignores one already past', () => {
    expect(offerWindow(WED_MORNING, rules({ earliestDate: '2026-12-07' }))).toEqual({
      first: '2026-12-07',
      last: '2026-12-08',
    });
    expect(offerWindow(WED_MORNING, rules({ earliestDate: '2026-11-01' }))).toEqual({
      first: '2026-11-25',
      last: '2026-11-26',
    });
    const offered = chooseOffer(threeDays, WED_MORNING, rules({ earliestDate: '2026-11-26', daysAhead: 3 }));
    expect(new Set(offered.map((c) => c.localDate))).toEqual(new Set(['2026-11-26', '2026-11-27']));
  });
});

describe('notice and the past', () => {
  it('never offers a past slot or one inside the notice; a slot exactly at now + notice is fine', () => {
    const now = at('2026-11-25T10:00:00Z'); // 11:00 Berlin
    const offered = chooseOffer(
      day('2026-11-25', '09:00', '17:00'),
      now,
      rules({ minimumNoticeMinutes: 90, slotsPerDay: 5 }),
    );
    expect(wall(offered)[0]).toBe('2026-11-25 12:30');
    expect(offered.every((c) => Temporal.Instant.compare(at(c.start), now.add({ minutes: 90 })) >= 0)).toBe(true);
  });

  it('offers the rest of today when today is partly gone', () => {
    const now = at('2026-11-25T13:10:00Z'); // 14:10 Berlin
    expect(wall(chooseOffer(day('2026-11-25', '09:00', '17:00'), now, rules({ daysAhead: 1 })))).toEqual([
      '2026-11-25 14:30',
      '2026-11-25 15:30',
      '2026-11-25 16:30',
    ]);
  });
});

describe('the slots themselves', () => {
  it('returns Cal.com instants in UTC with Z and milliseconds, with the local date and a UTC end', () => {
    const offered = chooseOffer(
      [{ start: '2026-11-25T09:00:00.000+01:00', end: '2026-11-25T09:30:00.000+01:00' }],
      WED_MORNING,
      rules(),
    );
    expect(offered).toEqual([
      { start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T08:30:00.000Z', localDate: '2026-11-25' },
    ]);
  });

  it('leaves out an end that does not parse', () => {
    expect(chooseOffer([{ start: '2026-11-25T09:00:00+01:00', end: 'soon' }], WED_MORNING, rules())).toEqual([
      { start: '2026-11-25T08:00:00.000Z', localDate: '2026-11-25' },
    ]);
  });

  it('ignores starts that do not parse or carry no offset', () => {
    const offered = chooseOffer(
      [
        { start: '' },
        { start: 'tomorrow at nine' },
        { start: '2026-11-25T09:00:00' },
        { start: '2026-11-25' },
        { start: '2026-13-45T09:00:00Z' },
        { start: '2026-11-25T10:00:00+01:00' },
      ],
      WED_MORNING,
      rules(),
    );
    expect(wall(offered)).toEqual(['2026-11-25 10:00']);
  });

  it('offers one instant once, however it was written, sorted by time whatever the input order', () => {
    const offered = chooseOffer(
      [
        { start: '2026-11-25T15:00:00+01:00' },
        { start: '2026-11-25T08:00:00Z' },
        { start: '2026-11-25T09:00:00.000+01:00' },
        { start: '2026-11-25T03:00:00-05:00' },
      ],
      WED_MORNING,
      rules(),
    );
    expect(offered.map((c) => c.start)).toEqual(['2026-11-25T08:00:00.000Z', '2026-11-25T14:00:00.000Z']);
  });

  it('keeps sub-millisecond digits rather than altering an instant', () => {
    expect(chooseOffer([{ start: '2026-11-25T09:00:00.000000123+01:00' }], WED_MORNING, rules())[0]?.start).toBe(
      '2026-11-25T08:00:00.000000123Z',
    );
  });

  it('is empty when nothing is eligible', () => {
    expect(chooseOffer([], WED_MORNING, rules())).toEqual([]);
    expect(chooseOffer(day('2026-11-30', '09:00', '17:00'), WED_MORNING, rules())).toEqual([]);
  });
});

describe('spread over the day', () => {
  it('offers morning, midday and late rather than the first three in a row', () => {
    expect(wall(chooseOffer(day('2026-11-25', '09:00', '17:00'), WED_MORNING, rules({ daysAhead: 1 })))).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 12:30',
      '2026-11-25 16:30',
    ]);
  });

  it('spreads each day of the window on its own', () => {
    const offered = chooseOffer(
      [...day('2026-11-25', '09:00', '17:00'), ...day('2026-11-26', '13:00', '18:00')],
      WED_MORNING,
      rules(),
    );
    expect(wall(offered)).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 12:30',
      '2026-11-25 16:30',
      '2026-11-26 13:00',
      '2026-11-26 15:00',
      '2026-11-26 17:30',
    ]);
  });

  it('offers the first slot with one place and the first and last with two', () => {
    const slots = day('2026-11-25', '09:00', '17:00');
    expect(wall(chooseOffer(slots, WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 1 })))).toEqual([
      '2026-11-25 09:00',
    ]);
    expect(wall(chooseOffer(slots, WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 2 })))).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 16:30',
    ]);
  });

  it('spreads five places evenly', () => {
    expect(
      wall(chooseOffer(day('2026-11-25', '09:00', '17:00'), WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 5 }))),
    ).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 11:00', // 10:52:30 is nearest to 11:00
      '2026-11-25 12:30', // 12:45: a tie, the earlier wins
      '2026-11-25 14:30',
      '2026-11-25 16:30',
    ]);
  });

  it('keeps the minimum spacing when slots are crowded', () => {
    // Quarter-hourly 9:00-10:15: targets 9:00, 9:37, 10:15, but 60 minutes apart only 9:00 and 10:00 (or 10:15) fit.
    expect(wall(chooseOffer(day('2026-11-25', '09:00', '10:30', 15), WED_MORNING, rules({ daysAhead: 1 })))).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 10:00',
    ]);
  });

  it('fills places a far-off target left open with the earliest slots that keep the spacing', () => {
    // 9:00-10:30 and a lone 16:00, four places 30 minutes apart: targets 9:00, 11:20, 13:40 and 16:00 take 9:00,
    // 10:30 and 16:00, and the last target finds nothing after 16:00; the fill adds 9:30.
    const slots = [...day('2026-11-25', '09:00', '11:00'), { start: local('2026-11-25', '16:00') }];
    const four = chooseOffer(slots, WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 4, minSpacingMinutes: 30 }));
    expect(wall(four)).toEqual(['2026-11-25 09:00', '2026-11-25 09:30', '2026-11-25 10:30', '2026-11-25 16:00']);
  });

  it('with no spacing, still never offers a slot twice', () => {
    const slots = day('2026-11-25', '09:00', '10:00');
    expect(
      wall(chooseOffer(slots, WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 5, minSpacingMinutes: 0 }))),
    ).toEqual(['2026-11-25 09:00', '2026-11-25 09:30']);
  });

  it('is deterministic and ignores the order of the input', () => {
    const shuffled = [...threeDays].reverse();
    expect(chooseOffer(shuffled, WED_MORNING, rules({ daysAhead: 3 }))).toEqual(
      chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 3 })),
    );
  });
});

describe('preferences', () => {
  it('dateFrom/dateTo narrow the window', () => {
    const offered = chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 3 }), {
      dateFrom: '2026-11-26',
      dateTo: '2026-11-26',
    });
    expect(new Set(offered.map((c) => c.localDate))).toEqual(new Set(['2026-11-26']));
  });

  it('a date beyond the window is honoured when the slots include it, for at most daysAhead days', () => {
    const later = [...threeDays, ...day('2026-12-03', '09:00', '17:00'), ...day('2026-12-04', '09:00', '17:00')];
    expect(offerWindow(WED_MORNING, rules({ daysAhead: 1 }), { dateFrom: '2026-12-03' })).toEqual({
      first: '2026-12-03',
      last: '2026-12-03',
    });
    const offered = chooseOffer(later, WED_MORNING, rules({ daysAhead: 1 }), {
      dateFrom: '2026-12-03',
      dateTo: '2026-12-10',
    });
    expect(wall(offered)).toEqual(['2026-12-03 09:00', '2026-12-03 12:30', '2026-12-03 16:30']);
    expect(chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 1 }), { dateFrom: '2026-12-03' })).toEqual([]);
  });

  it('a dateFrom already past starts at the first bookable day; a dateTo already past offers nothing', () => {
    expect(offerWindow(WED_MORNING, rules(), { dateFrom: '2026-11-01' })).toEqual({
      first: '2026-11-25',
      last: '2026-11-26',
    });
    expect(offerWindow(WED_MORNING, rules(), { dateTo: '2026-11-24' })).toBeUndefined();
    expect(chooseOffer(threeDays, WED_MORNING, rules(), { dateTo: '2026-11-24' })).toEqual([]);
  });

  it('the earliest date still applies to preferred dates', () => {
    expect(
      offerWindow(WED_MORNING, rules({ earliestDate: '2026-11-27' }), { dateFrom: '2026-11-26', dateTo: '2026-11-26' }),
    ).toBeUndefined();
  });

  it('timeFrom/timeTo restrict the local start time: from inclusive, to exclusive; the day spreads inside them', () => {
    const offered = chooseOffer(day('2026-11-25', '09:00', '17:00'), WED_MORNING, rules({ daysAhead: 1 }), {
      timeFrom: '13:00',
      timeTo: '16:00',
    });
    expect(wall(offered)).toEqual(['2026-11-25 13:00', '2026-11-25 14:00', '2026-11-25 15:30']);
  });

  it("timeTo '24:00' is the end of the day; an empty or reversed time range offers nothing", () => {
    const evening = day('2026-11-25', '18:00', '23:59');
    expect(
      wall(
        chooseOffer(evening, WED_MORNING, rules({ daysAhead: 1, slotsPerDay: 1 }), {
          timeFrom: '23:30',
          timeTo: '24:00',
        }),
      ),
    ).toEqual(['2026-11-25 23:30']);
    expect(chooseOffer(evening, WED_MORNING, rules({ daysAhead: 1 }), { timeFrom: '22:00', timeTo: '20:00' })).toEqual(
      [],
    );
    expect(chooseOffer(evening, WED_MORNING, rules({ daysAhead: 1 }), { timeFrom: '24:00' })).toEqual([]);
  });

  it('earliest takes the soonest slots, keeping the spacing, at most slotsPerDay in all', () => {
    expect(wall(chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 3 }), { earliest: true }))).toEqual([
      '2026-11-25 09:00',
      '2026-11-25 10:00',
      '2026-11-25 11:00',
    ]);
  });

  it('keeps the spacing within a day only: a slot just before midnight does not push out one just after', () => {
    const slots = [{ start: local('2026-11-25', '23:30') }, ...day('2026-11-26', '00:00', '04:00', 60)];
    const expected = ['2026-11-25 23:30', '2026-11-26 00:00', '2026-11-26 02:00'];
    expect(wall(chooseOffer(slots, WED_MORNING, rules({ minSpacingMinutes: 120 })))).toEqual(expected);
    expect(wall(chooseOffer(slots, WED_MORNING, rules({ minSpacingMinutes: 120 }), { earliest: true }))).toEqual(
      expected,
    );
  });

  it('earliest combines with the other preferences', () => {
    expect(
      wall(
        chooseOffer(threeDays, WED_MORNING, rules({ daysAhead: 3, slotsPerDay: 2 }), {
          earliest: true,
          dateFrom: '2026-11-26',
          timeFrom: '14:00',
        }),
      ),
    ).toEqual(['2026-11-26 14:00', '2026-11-26 15:00']);
  });
});

describe('DST days and far-away zones', () => {
  it('Berlin spring forward (2026-03-29): no 02:xx, spacing in real minutes, the right local date', () => {
    const now = at('2026-03-28T12:00:00Z');
    const slots = day('2026-03-29', '00:00', '06:00', 30);
    expect(slots.map((s) => s.start)).not.toContain(expect.stringContaining('T02:'));
    const offered = chooseOffer(slots, now, rules({ earliestDate: '2026-03-29', daysAhead: 1, slotsPerDay: 3 }));
    // 00:00+01:00 to 05:30+02:00 is 4.5 real hours: targets 00:00, 02:15 (real time, i.e. 03:15 CEST), 04:30 real.
    expect(wall(offered)).toEqual(['2026-03-29 00:00', '2026-03-29 03:00', '2026-03-29 05:30']);
    expect(offered.map((c) => c.start)).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T03:30:00.000Z',
    ]);
    expect(offered.every((c) => c.localDate === '2026-03-29')).toBe(true);
  });

  it('Berlin fall back (2026-10-25): the repeated 02:00 are two slots an hour apart', () => {
    const now = at('2026-10-24T12:00:00Z');
    const slots = [
      { start: '2026-10-25T02:00:00+02:00' },
      { start: '2026-10-25T02:00:00+01:00' },
      { start: '2026-10-25T02:30:00+01:00' },
    ];
    const offered = chooseOffer(slots, now, rules({ earliestDate: '2026-10-25' }), { earliest: true });
    expect(offered.map((c) => c.start)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
    expect(wall(offered)).toEqual(['2026-10-25 02:00', '2026-10-25 02:00']);
  });

  it('Lord Howe fall back (2026-04-05) moves clocks by half an hour', () => {
    const zone = 'Australia/Lord_Howe';
    const now = at('2026-04-04T00:00:00Z');
    // 01:00, 01:30 (+11), then 01:30 again and 02:00 (+10:30): four starts half an hour apart.
    const slots = [
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T01:30:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30',
    ].map((start) => ({ start }));
    const offered = chooseOffer(slots, now, rules({ timeZone: zone, earliestDate: '2026-04-05', daysAhead: 1 }));
    expect(offered.map((c) => c.start)).toEqual(['2026-04-04T14:00:00.000Z', '2026-04-04T15:00:00.000Z']);
    expect(offered.every((c) => c.localDate === '2026-04-05')).toBe(true);
  });

  it('Chatham (UTC+13:45): the local date is the day after the UTC date', () => {
    const zone = 'Pacific/Chatham';
    const now = at('2026-11-24T20:00:00Z'); // 09:45 on the 25th in Chatham
    const offered = chooseOffer(
      day('2026-11-25', '10:00', '18:00', 60, zone),
      now,
      rules({ timeZone: zone, daysAhead: 1 }),
    );
    // Targets 10:00, 13:30 (a tie: the earlier) and 17:00.
    expect(wall(offered, zone)).toEqual(['2026-11-25 10:00', '2026-11-25 13:00', '2026-11-25 17:00']);
    expect(offered[0]).toEqual({ start: '2026-11-24T20:15:00.000Z', localDate: '2026-11-25' });
  });

  it('Kathmandu (UTC+05:45): a slot late at night in UTC counts on the next local date', () => {
    const zone = 'Asia/Kathmandu';
    const now = at('2026-11-24T12:00:00Z'); // 17:45 on the 24th
    const slots = [{ start: '2026-11-24T18:15:00.000Z' }, { start: '2026-11-24T19:15:00.000Z' }]; // 00:00 and 01:00 on the 25th
    expect(chooseOffer(slots, now, rules({ timeZone: zone, daysAhead: 1 }))).toEqual([]);
    expect(chooseOffer(slots, now, rules({ timeZone: zone, daysAhead: 2 })).map((c) => c.localDate)).toEqual([
      '2026-11-25',
      '2026-11-25',
    ]);
  });

  it('Sao Paulo (UTC-03, no DST): the evening in UTC is still today locally', () => {
    const zone = 'America/Sao_Paulo';
    const now = at('2026-11-25T12:00:00Z'); // 09:00 local
    const slots = [{ start: '2026-11-26T01:30:00.000Z' }]; // 22:30 on the 25th
    expect(chooseOffer(slots, now, rules({ timeZone: zone, daysAhead: 1 }))).toEqual([
      { start: '2026-11-26T01:30:00.000Z', localDate: '2026-11-25' },
    ]);
  });
});

describe('slotsQueryRange', () => {
  it('asks from now to the last millisecond of the window, in UTC', () => {
    expect(slotsQueryRange(WED_MORNING, rules())).toEqual({
      start: '2026-11-25T06:00:00.000Z',
      end: '2026-11-26T22:59:59.999Z',
    });
    expect(slotsQueryRange(WED_MORNING, rules({ daysAhead: 3 })).end).toBe('2026-11-27T22:59:59.999Z');
  });

  it('starts at local midnight of a window pushed by the earliest date', () => {
    expect(slotsQueryRange(WED_MORNING, rules({ earliestDate: '2026-12-07', daysAhead: 1 }))).toEqual({
      start: '2026-12-06T23:00:00.000Z',
      end: '2026-12-07T22:59:59.999Z',
    });
  });

  it('ends where the local day ends, across a DST change and in far zones', () => {
    // The window's last day, 2026-03-29 in Berlin, ends at midnight CEST (UTC+2).
    expect(slotsQueryRange(at('2026-03-28T10:00:00Z'), rules()).end).toBe('2026-03-29T21:59:59.999Z');
    expect(slotsQueryRange(at('2026-11-25T06:00:00Z'), rules({ timeZone: 'Pacific/Chatham', daysAhead: 1 })).end).toBe(
      '2026-11-25T10:14:59.999Z',
    );
    expect(slotsQueryRange(at('2026-11-25T06:00:00Z'), rules({ timeZone: 'Asia/Kathmandu', daysAhead: 1 })).end).toBe(
      '2026-11-25T18:14:59.999Z',
    );
  });

  it('covers a preferred date beyond the window, and is undefined when the preference leaves no day', () => {
    expect(slotsQueryRange(WED_MORNING, rules(), { dateFrom: '2026-12-03', dateTo: '2026-12-03' })).toEqual({
      start: '2026-12-02T23:00:00.000Z',
      end: '2026-12-03T22:59:59.999Z',
    });
    expect(slotsQueryRange(WED_MORNING, rules(), { dateTo: '2026-11-20' })).toBeUndefined();
  });
});

describe('rules', () => {
  it.each([
    [{ daysAhead: 0 }, 'daysAhead'],
    [{ slotsPerDay: 0 }, 'slotsPerDay'],
    [{ slotsPerDay: 1.5 }, 'slotsPerDay'],
    [{ minSpacingMinutes: -1 }, 'minSpacingMinutes'],
    [{ minimumNoticeMinutes: Number.NaN }, 'minimumNoticeMinutes'],
  ])('rejects %o', (bad, key) => {
    expect(() => chooseOffer([], WED_MORNING, rules(bad))).toThrow(new RegExp(`OfferRules\\.${key}`));
    expect(() => slotsQueryRange(WED_MORNING, rules(bad))).toThrow(RangeError);
  });

  it('rejects an unknown zone', () => {
    expect(() => chooseOffer([], WED_MORNING, rules({ timeZone: 'Mars/Olympus' }))).toThrow(RangeError);
  });
});
