import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  isSpokenLocale,
  speakDay,
  speakSlot,
  SPOKEN_LOCALES,
  speakTimeOfDay,
  type SpeakOptions,
  type SpokenLocale,
} from '../../src/booking/spoken.js';

/** The instant of a wall-clock time in a zone, e.g. at('2026-11-23T15:00', 'Europe/Berlin'). */
function at(wall: string, zone: string, disambiguation: 'earlier' | 'later' = 'earlier'): Temporal.Instant {
  return Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, { disambiguation }).toInstant();
}

const BERLIN = 'Europe/Berlin';
// Monday, November 23 2026, 10:00 in Berlin.
const MONDAY = at('2026-11-23T10:00', BERLIN);

function opts(locale: SpokenLocale, extra: Partial<SpeakOptions> = {}): SpeakOptions {
  return { now: MONDAY, timeZone: BERLIN, locale, ...extra };
}

describe('locales', () => {
  it('lists the three spoken locales and recognises only them', () => {
    expect(SPOKEN_LOCALES).toEqual(['en-US', 'en-GB', 'de-DE']);
    for (const l of SPOKEN_LOCALES) expect(isSpokenLocale(l)).toBe(true);
    for (const l of ['en', 'de', 'en-us', 'fr-FR', '']) expect(isSpokenLocale(l)).toBe(false);
  });
});

describe('speakSlot, en-US', () => {
  const o = opts('en-US');
  it.each([
    ['2026-11-23T15:00', 'today at 3 PM'],
    ['2026-11-23T23:59', 'today at 11:59 PM'],
    ['2026-11-24T09:30', 'tomorrow at 9:30 AM'],
    ['2026-11-24T09:05', 'tomorrow at 9:05 AM'],
    ['2026-11-24T12:00', 'tomorrow at noon'],
    ['2026-11-24T12:15', 'tomorrow at 12:15 PM'],
    ['2026-11-24T00:30', 'tomorrow at 12:30 AM'],
    ['2026-11-26T14:00', 'Thursday, November 26 at 2 PM'],
    ['2026-11-25T00:00', 'Wednesday, November 25 at midnight at the start of the day'],
    ['2026-12-31T17:45', 'Thursday, December 31 at 5:45 PM'],
    ['2027-01-04T09:00', 'Monday, January 4, 2027 at 9 AM'],
  ])('%s → %s', (wall, phrase) => {
    expect(speakSlot(at(wall, BERLIN), o)).toBe(phrase);
  });

  it('accepts ISO strings with Z or an offset, as Cal.com sends them', () => {
    expect(speakSlot('2026-11-24T08:30:00.000Z', o)).toBe('tomorrow at 9:30 AM');
    expect(speakSlot('2026-11-24T03:30:00-05:00', o)).toBe('tomorrow at 9:30 AM');
  });

  it('drops seconds rather than rounding up to the next minute', () => {
    expect(speakSlot(at('2026-11-24T09:29:59.999', BERLIN), o)).toBe('tomorrow at 9:29 AM');
  });

  it('still phrases a slot in the past', () => {
    expect(speakSlot(at('2026-11-23T08:00', BERLIN), o)).toBe('today at 8 AM');
    expect(speakSlot(at('2026-11-22T08:00', BERLIN), o)).toBe('Sunday, November 22 at 8 AM');
  });
});

describe('speakSlot, en-GB', () => {
  const o = opts('en-GB');
  it.each([
    ['2026-11-23T15:00', 'today at 3 pm'],
    ['2026-11-24T09:30', 'tomorrow at 9:30 am'],
    ['2026-11-24T12:00', 'tomorrow at noon'],
    ['2026-11-26T14:00', 'Thursday 26 November at 2 pm'],
    ['2026-11-25T00:00', 'Wednesday 25 November at midnight at the start of the day'],
    ['2027-01-04T21:15', 'Monday 4 January 2027 at 9:15 pm'],
  ])('%s → %s', (wall, phrase) => {
    expect(speakSlot(at(wall, BERLIN), o)).toBe(phrase);
  });
});

describe('speakSlot, de-DE', () => {
  const o = opts('de-DE');
  it.each([
    ['2026-11-23T15:00', 'heute um 15 Uhr'],
    ['2026-11-24T09:30', 'morgen um 9:30 Uhr'],
    ['2026-11-24T12:00', 'morgen um 12 Uhr'],
    ['2026-11-24T14:45', 'morgen um 14:45 Uhr'],
    ['2026-11-26T14:00', 'Donnerstag, 26. November um 14 Uhr'],
    ['2026-11-25T00:00', 'Mittwoch, 25. November um 0 Uhr'],
    ['2026-11-25T00:05', 'Mittwoch, 25. November um 0:05 Uhr'],
    ['2027-01-04T09:00', 'Montag, 4. Januar 2027 um 9 Uhr'],
  ])('%s → %s', (wall, phrase) => {
    expect(speakSlot(at(wall, BERLIN), o)).toBe(phrase);
  });
});

describe('year boundary', () => {
  it('says "tomorrow" across New Year without a year, and the year only for later days', () => {
    const now = at('2026-12-31T23:30', BERLIN);
    expect(speakSlot(at('2027-01-01T10:00', BERLIN), opts('en-US', { now }))).toBe('tomorrow at 10 AM');
    expect(speakSlot(at('2027-01-02T10:00', BERLIN), opts('en-US', { now }))).toBe(
      'Saturday, January 2, 2027 at 10 AM',
    );
    expect(speakSlot(at('2027-01-02T10:00', BERLIN), opts('de-DE', { now }))).toBe('Samstag, 2. Januar 2027 um 10 Uhr');
  });

  it('uses the local year, not the UTC one', () => {
    // 2027-01-01 00:30 in Berlin is still 2026 in UTC; a slot on January 5 is in "this" year locally.
    const now = at('2027-01-01T00:30', BERLIN);
    expect(speakSlot(at('2027-01-05T10:00', BERLIN), opts('en-US', { now }))).toBe('Tuesday, January 5 at 10 AM');
    expect(speakSlot(at('2026-12-30T10:00', BERLIN), opts('en-US', { now }))).toBe(
      'Wednesday, December 30, 2026 at 10 AM',
    );
  });
});

describe('far-away zones at the edges of the local day', () => {
  // Each zone's "today" is its own local date, whatever the date is in UTC or in Berlin.
  it.each([
    ['Pacific/Chatham'],
    ['Asia/Kathmandu'],
    ['Australia/Lord_Howe'],
    ['America/Sao_Paulo'],
    ['Pacific/Kiritimati'],
    ['Pacific/Pago_Pago'],
  ])('%s', (zone) => {
    const lateNow = at('2026-11-23T23:59', zone);
    const o = { now: lateNow, timeZone: zone, locale: 'en-US' as const };
    expect(speakSlot(at('2026-11-23T23:59', zone), o)).toBe('today at 11:59 PM');
    expect(speakSlot(at('2026-11-24T00:00', zone), o)).toBe('tomorrow at midnight at the start of the day');
    expect(speakSlot(at('2026-11-24T23:45', zone), o)).toBe('tomorrow at 11:45 PM');
    expect(speakSlot(at('2026-11-25T00:15', zone), o)).toBe('Wednesday, November 25 at 12:15 AM');

    const midnightNow = at('2026-11-24T00:00', zone);
    const m = { ...o, now: midnightNow };
    expect(speakSlot(at('2026-11-24T00:00', zone), m)).toBe('today at midnight at the start of the day');
    expect(speakSlot(at('2026-11-25T08:00', zone), m)).toBe('tomorrow at 8 AM');
    expect(speakSlot(at('2026-11-23T23:59', zone), m)).toBe('Monday, November 23 at 11:59 PM');
  });

  it('keeps odd offsets exact to the minute', () => {
    // 12:00 UTC is 17:45 in Kathmandu (+05:45), 01:45 next day in Chatham (+13:45) and 23:00 on Lord Howe (+11).
    const noonUtc = Temporal.Instant.from('2026-11-23T12:00:00Z');
    const now = Temporal.Instant.from('2026-11-23T06:00:00Z');
    expect(speakSlot(noonUtc, { now, timeZone: 'Asia/Kathmandu', locale: 'en-US' })).toBe('today at 5:45 PM');
    expect(speakSlot(noonUtc, { now, timeZone: 'Pacific/Chatham', locale: 'en-US' })).toBe('tomorrow at 1:45 AM');
    expect(speakSlot(noonUtc, { now, timeZone: 'Australia/Lord_Howe', locale: 'de-DE' })).toBe('heute um 23 Uhr');
  });
});

describe('daylight-saving change days (Europe/Berlin)', () => {
  it('spring forward, 2026-03-29: times after the gap are said as the clock shows them', () => {
    const now = at('2026-03-29T00:30', BERLIN);
    const o = opts('en-US', { now });
    expect(speakSlot(Temporal.Instant.from('2026-03-29T00:59:00Z'), o)).toBe('today at 1:59 AM');
    expect(speakSlot(Temporal.Instant.from('2026-03-29T01:00:00Z'), o)).toBe('today at 3 AM');
    expect(speakSlot(at('2026-03-30T09:00', BERLIN), o)).toBe('tomorrow at 9 AM');
    expect(speakDay(['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'], o)).toBe('today at 1:30 AM or 3:30 AM');
  });

  it('fall back, 2026-10-25: a wall time that happens twice says which one', () => {
    const now = at('2026-10-24T12:00', BERLIN);
    const first = Temporal.Instant.from('2026-10-25T00:30:00Z'); // 02:30 CEST
    const second = Temporal.Instant.from('2026-10-25T01:30:00Z'); // 02:30 CET
    expect(speakSlot(first, opts('en-US', { now }))).toBe('tomorrow at 2:30 AM before the clocks go back');
    expect(speakSlot(second, opts('en-US', { now }))).toBe('tomorrow at 2:30 AM after the clocks go back');
    expect(speakSlot(second, opts('de-DE', { now }))).toBe('morgen um 2:30 Uhr nach der Zeitumstellung');
    expect(speakDay([second, '2026-10-25T03:00:00Z', first, '2026-10-24T23:00:00Z'], opts('en-GB', { now }))).toBe(
      'tomorrow at 1 am, 2:30 am before the clocks go back, 2:30 am after the clocks go back or 4 am',
    );
  });

  it('fall back: unrepeated times that day are said plainly', () => {
    const now = at('2026-10-25T00:10', BERLIN);
    expect(speakSlot(at('2026-10-25T01:59', BERLIN), opts('en-US', { now }))).toBe('today at 1:59 AM');
    expect(speakSlot(at('2026-10-25T03:00', BERLIN), opts('en-US', { now }))).toBe('today at 3 AM');
  });
});

describe('caller in another zone', () => {
  const nyCaller = { callerTimeZone: 'America/New_York' };

  it('names the presentation zone when the caller’s clock reads differently', () => {
    expect(speakSlot(at('2026-11-24T09:00', BERLIN), opts('en-US', nyCaller))).toBe(
      "tomorrow at 9 AM Central European Standard Time, that's 3 AM your time",
    );
    expect(speakSlot(at('2026-11-24T09:00', BERLIN), opts('de-DE', nyCaller))).toBe(
      'morgen um 9 Uhr Mitteleuropäische Normalzeit, also 3 Uhr bei Ihnen',
    );
    expect(speakSlot(at('2026-11-24T09:00', BERLIN), opts('en-GB', { callerTimeZone: 'Europe/London' }))).toBe(
      "tomorrow at 9 am Central European Standard Time, that's 8 am your time",
    );
  });

  it('names summer time in summer', () => {
    const now = at('2026-07-06T10:00', BERLIN);
    expect(speakSlot(at('2026-07-07T14:30', BERLIN), opts('en-US', { now, ...nyCaller }))).toBe(
      "tomorrow at 2:30 PM Central European Summer Time, that's 8:30 AM your time",
    );
  });

  it('says nothing extra for the same zone, an alias, or a zone with the same clock', () => {
    const slot = at('2026-11-24T09:00', BERLIN);
    for (const callerTimeZone of [BERLIN, 'Europe/Paris', 'Europe/Rome', 'Africa/Lagos']) {
      expect(speakSlot(slot, opts('en-US', { callerTimeZone }))).toBe('tomorrow at 9 AM');
    }
    const kolkata = {
      now: MONDAY,
      timeZone: 'Asia/Kolkata',
      locale: 'en-US' as const,
      callerTimeZone: 'Asia/Calcutta',
    };
    expect(speakSlot(at('2026-11-24T09:00', 'Asia/Kolkata'), kolkata)).toBe('tomorrow at 9 AM');
  });

  it('compares the clocks at the slot, not only now (Lagos has no summer time)', () => {
    const now = at('2026-03-20T10:00', BERLIN);
    const o = opts('en-US', { now, callerTimeZone: 'Africa/Lagos' });
    expect(speakSlot(at('2026-03-27T09:00', BERLIN), o)).toBe('Friday, March 27 at 9 AM');
    expect(speakSlot(at('2026-03-30T09:00', BERLIN), o)).toBe("Monday, March 30 at 9 AM Central European Summer Time, that's 8 AM your time");
  });

  it('avoids "today"/"tomorrow" when it is already another day for the caller', () => {
    // 23:30 Monday in Berlin is 07:30 Tuesday in Tokyo.
    const now = at('2026-11-23T23:30', BERLIN);
    const o = opts('en-US', { now, callerTimeZone: 'Asia/Tokyo' });
    expect(speakSlot(at('2026-11-24T10:00', BERLIN), o)).toBe(
      "Tuesday, November 24 at 10 AM Central European Standard Time, that's 6 PM your time",
    );
    expect(speakSlot(at('2026-11-24T10:00', BERLIN), opts('de-DE', { now, callerTimeZone: 'Asia/Tokyo' }))).toBe(
      'Dienstag, 24. November um 10 Uhr Mitteleuropäische Normalzeit, also 18 Uhr bei Ihnen',
    );
  });

  it('says the shared zone name once for a day of slots', () => {
    expect(speakDay([at('2026-11-24T09:00', BERLIN), at('2026-11-24T14:00', BERLIN)], opts('en-US', nyCaller))).toBe(
      "tomorrow at 9 AM or 2 PM Central European Standard Time, that's 3 AM or 8 AM your time",
    );
  });

  it('names each time when the zone name changes within the day', () => {
    const now = at('2026-10-24T12:00', BERLIN);
    const o = opts('en-US', { now, callerTimeZone: 'Europe/London' });
    expect(speakDay(['2026-10-24T23:00:00Z', '2026-10-25T09:00:00Z'], o)).toBe(
      "tomorrow at 1 AM Central European Summer Time or 10 AM Central European Standard Time, that's midnight at the start of the day or 9 AM your time",
    );
  });

  it('uses the generic name where the long one would be an offset', () => {
    const now = Temporal.Instant.from('2026-11-23T09:00:00Z');
    const o = { now, timeZone: 'Africa/Casablanca', locale: 'en-US' as const, callerTimeZone: 'Europe/London' };
    const phrase = speakSlot(Temporal.Instant.from('2026-11-24T09:00:00Z'), o);
    expect(phrase).toMatch(/^tomorrow at 10 AM \D+, that's 9 AM your time$/);
    expect(phrase).not.toMatch(/GMT|UTC|\d{2}:\d{2}/);
  });

  it('refuses to name a zone that only has an offset', () => {
    const o = { now: MONDAY, timeZone: 'Etc/GMT-3', locale: 'en-US' as const, callerTimeZone: BERLIN };
    expect(() => speakSlot(Temporal.Instant.from('2026-11-24T09:00:00Z'), o)).toThrow(RangeError);
  });
});

describe('speakDay', () => {
  it('says several times of one day together, in order, each minute once', () => {
    const slots = ['2026-11-24T13:00:00Z', '2026-11-24T08:00:00Z', '2026-11-24T10:30:00Z', '2026-11-24T08:00:00Z'];
    expect(speakDay(slots, opts('en-US'))).toBe('tomorrow at 9 AM, 11:30 AM or 2 PM');
    expect(speakDay(slots, opts('en-GB'))).toBe('tomorrow at 9 am, 11:30 am or 2 pm');
    expect(speakDay(slots, opts('de-DE'))).toBe('morgen um 9 Uhr, 11:30 Uhr oder 14 Uhr');
  });

  it('reads two times with "or" and one time like speakSlot', () => {
    expect(speakDay([at('2026-11-26T12:00', BERLIN), at('2026-11-26T16:15', BERLIN)], opts('en-US'))).toBe(
      'Thursday, November 26 at noon or 4:15 PM',
    );
    expect(speakDay([at('2026-11-26T16:15', BERLIN)], opts('de-DE'))).toBe(
      speakSlot(at('2026-11-26T16:15', BERLIN), opts('de-DE')),
    );
  });

  it('keeps the midnight note on its own time', () => {
    expect(speakDay([at('2026-11-25T00:00', BERLIN), at('2026-11-25T09:00', BERLIN)], opts('en-US'))).toBe(
      'Wednesday, November 25 at midnight at the start of the day or 9 AM',
    );
  });

  it('refuses slots of different local days and an empty list', () => {
    expect(() => speakDay([at('2026-11-24T09:00', BERLIN), at('2026-11-25T09:00', BERLIN)], opts('en-US'))).toThrow(
      /2026-11-24/,
    );
    // Same UTC date, different Berlin dates.
    expect(() => speakDay(['2026-11-24T22:30:00Z', '2026-11-24T23:30:00Z'], opts('en-US'))).toThrow(RangeError);
    expect(() => speakDay([], opts('en-US'))).toThrow(RangeError);
  });
});

describe('speakTimeOfDay', () => {
  it.each([
    ['00:00', 'midnight', 'midnight', '0 Uhr'],
    ['00:01', '12:01 AM', '12:01 am', '0:01 Uhr'],
    ['01:00', '1 AM', '1 am', '1 Uhr'],
    ['11:59', '11:59 AM', '11:59 am', '11:59 Uhr'],
    ['12:00', 'noon', 'noon', '12 Uhr'],
    ['12:30', '12:30 PM', '12:30 pm', '12:30 Uhr'],
    ['13:00', '1 PM', '1 pm', '13 Uhr'],
    ['23:05', '11:05 PM', '11:05 pm', '23:05 Uhr'],
  ])('%s', (time, us, gb, de) => {
    const t = Temporal.PlainTime.from(time);
    expect([speakTimeOfDay(t, 'en-US'), speakTimeOfDay(t, 'en-GB'), speakTimeOfDay(t, 'de-DE')]).toEqual([us, gb, de]);
  });
});
