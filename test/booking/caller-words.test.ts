import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { resolveCallerWords, type CallerWordsOptions } from '../../src/booking/caller-words.js';
import { PreferenceSchema, type Preference } from '../../src/booking/preference.js';

const BERLIN = 'Europe/Berlin';

function at(wall: string, zone: string, disambiguation: 'earlier' | 'later' = 'earlier'): Temporal.Instant {
  return Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, { disambiguation }).toInstant();
}

// Monday, November 23 2026, 10:00 in Berlin.
const MONDAY: CallerWordsOptions = { now: at('2026-11-23T10:00', BERLIN), timeZone: BERLIN };

/** The preference for `text`, failing the test (with the problem) if it was refused or is not a valid Preference. */
function pref(text: string, o: CallerWordsOptions = MONDAY): Preference {
  const r = resolveCallerWords(text, o);
  if (!r.ok) throw new Error(`refused "${text}": ${r.problem}`);
  return PreferenceSchema.parse(r.preference);
}

function understood(text: string, o: CallerWordsOptions = MONDAY): string {
  const r = resolveCallerWords(text, o);
  if (!r.ok) throw new Error(`refused "${text}": ${r.problem}`);
  return r.understood;
}

function problem(text: string, o: CallerWordsOptions = MONDAY): string {
  const r = resolveCallerWords(text, o);
  if (r.ok) throw new Error(`accepted "${text}" as ${JSON.stringify(r.preference)}`);
  return r.problem;
}

const day = (date: string): Preference => ({ dateFrom: date, dateTo: date });

describe('days (now: Monday, November 23 2026)', () => {
  it.each<[string, Preference]>([
    ['today', day('2026-11-23')],
    ['tomorrow', day('2026-11-24')],
    ['the day after tomorrow', day('2026-11-25')],
    ['day after tomorrow', day('2026-11-25')],
    ['Tuesday', day('2026-11-24')],
    ['on Tuesday', day('2026-11-24')],
    ['this Tuesday', day('2026-11-24')],
    ['this coming Tuesday', day('2026-11-24')],
    ['Monday', day('2026-11-23')],
    ['this Friday', day('2026-11-27')],
    ['Sunday', day('2026-11-29')],
    ['next Tuesday', day('2026-12-01')],
    ['next Monday', day('2026-11-30')],
    ['this week', { dateFrom: '2026-11-23', dateTo: '2026-11-29' }],
    ['sometime this week', { dateFrom: '2026-11-23', dateTo: '2026-11-29' }],
    ['next week', { dateFrom: '2026-11-30', dateTo: '2026-12-06' }],
    ['the weekend', { dateFrom: '2026-11-28', dateTo: '2026-11-29' }],
    ['next weekend', { dateFrom: '2026-12-05', dateTo: '2026-12-06' }],
    ['Tuesday next week', day('2026-12-01')],
    ['next week on Thursday', day('2026-12-03')],
    ['Friday this week', day('2026-11-27')],
    ['the 4th', day('2026-12-04')],
    ['on the 23rd', day('2026-11-23')],
    ['the fourth', day('2026-12-04')],
    ['the twenty fifth', day('2026-11-25')],
    ['the twenty-fifth', day('2026-11-25')],
    ['4th', day('2026-12-04')],
    ['the 31st', day('2026-12-31')],
    ['December 4', day('2026-12-04')],
    ['December 4th', day('2026-12-04')],
    ['Dec 4', day('2026-12-04')],
    ['December the fourth', day('2026-12-04')],
    ['4th of December', day('2026-12-04')],
    ['the 4th of December', day('2026-12-04')],
    ['4 December', day('2026-12-04')],
    ['November 20', day('2027-11-20')],
    ['January 4', day('2027-01-04')],
    ['January 4 2028', day('2028-01-04')],
    ['Friday the 4th', day('2026-12-04')],
    ['Friday, December 4th', day('2026-12-04')],
    ['tomorrow, the 24th', day('2026-11-24')],
  ])('%s', (text, expected) => {
    expect(pref(text)).toEqual(expected);
  });

  it('says the date back, with "today"/"tomorrow" where they apply and the year only when it differs', () => {
    expect(understood('tomorrow')).toBe('tomorrow, Tuesday, November 24');
    expect(understood('next Tuesday')).toBe('Tuesday, December 1');
    expect(understood('next week')).toBe('Monday, November 30 to Sunday, December 6');
    expect(understood('January 4')).toBe('Monday, January 4, 2027');
  });
});

describe('"this"/"next" weekday on every day of a week (Monday-start weeks)', () => {
  // Week of Monday Nov 23 – Sunday Nov 29 2026; next week is Nov 30 – Dec 6.
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
  const on = (date: string): CallerWordsOptions => ({ now: at(`${date}T12:00`, BERLIN), timeZone: BERLIN });

  it.each([
    ['2026-11-23', '2026-11-24', '2026-11-27'],
    ['2026-11-24', '2026-11-24', '2026-11-27'],
    ['2026-11-25', '2026-12-01', '2026-11-27'],
    ['2026-11-26', '2026-12-01', '2026-11-27'],
    ['2026-11-27', '2026-12-01', '2026-11-27'],
    ['2026-11-28', '2026-12-01', '2026-12-04'],
    ['2026-11-29', '2026-12-01', '2026-12-04'],
  ])('on %s: "Tuesday" / "this Tuesday" = %s, "this Friday" = %s', (today, tuesday, friday) => {
    expect(pref('Tuesday', on(today))).toEqual(day(tuesday));
    expect(pref('this Tuesday', on(today))).toEqual(day(tuesday));
    expect(pref('this Friday', on(today))).toEqual(day(friday));
  });

  it.each(days)('on %s: "next Tuesday" = Dec 1 and "next Friday" = Dec 4 (next week)', (today) => {
    expect(pref('next Tuesday', on(today))).toEqual(day('2026-12-01'));
    expect(pref('next Friday', on(today))).toEqual(day('2026-12-04'));
    expect(pref('next Monday', on(today))).toEqual(day('2026-11-30'));
    expect(pref('next Sunday', on(today))).toEqual(day('2026-12-06'));
  });

  it.each(days)('on %s: "this week" runs from today to Sunday, "next week" is Nov 30 – Dec 6', (today) => {
    expect(pref('this week', on(today))).toEqual({ dateFrom: today, dateTo: '2026-11-29' });
    expect(pref('next week', on(today))).toEqual({ dateFrom: '2026-11-30', dateTo: '2026-12-06' });
  });

  it('on Monday Nov 30, "next Tuesday" moves on to Dec 8', () => {
    expect(pref('next Tuesday', on('2026-11-30'))).toEqual(day('2026-12-08'));
    expect(pref('Tuesday', on('2026-11-30'))).toEqual(day('2026-12-01'));
  });

  it('the weekend on Saturday and Sunday starts today', () => {
    expect(pref('this weekend', on('2026-11-28'))).toEqual({ dateFrom: '2026-11-28', dateTo: '2026-11-29' });
    expect(pref('this weekend', on('2026-11-29'))).toEqual(day('2026-11-29'));
    expect(pref('next weekend', on('2026-11-29'))).toEqual({ dateFrom: '2026-12-05', dateTo: '2026-12-06' });
  });
});

describe('days of the month', () => {
  const on = (date: string): CallerWordsOptions => ({ now: at(`${date}T12:00`, BERLIN), timeZone: BERLIN });

  it.each([
    ['the 4th', '2026-12-04', '2026-12-04'],
    ['the 4th', '2026-12-05', '2027-01-04'],
    ['the 31st', '2026-11-23', '2026-12-31'],
    ['the 31st', '2027-01-31', '2027-01-31'],
    ['the 31st', '2027-02-01', '2027-03-31'],
    ['the 30th', '2027-01-31', '2027-03-30'],
    ['the 29th', '2027-02-01', '2027-03-29'],
    ['the 29th', '2028-02-01', '2028-02-29'],
    ['the 31st', '2026-04-01', '2026-05-31'],
    ['December 4', '2026-12-05', '2027-12-04'],
    ['February 29', '2026-11-23', '2028-02-29'],
    ['February 29', '2028-03-01', '2032-02-29'],
  ])('%s on %s = %s', (text, today, expected) => {
    expect(pref(text, on(today))).toEqual(day(expected));
  });

  it('refuses days that do not exist, dates in the past, and a weekday that does not match', () => {
    expect(problem('the 32nd')).toMatch(/"the 32nd": no month has that day/);
    expect(problem('the 0th')).toMatch(/no month/);
    expect(problem('February 30')).toMatch(/"february 30": that date does not exist/);
    expect(problem('January 4 2026')).toMatch(/already passed/);
    expect(problem('Thursday the 4th')).toMatch(/"thursday" does not fall on "the 4th" \(Friday, December 4\)/);
    expect(problem('tomorrow Friday')).toMatch(/"friday" does not fall on "tomorrow"/);
    expect(problem('tomorrow, December 5')).toMatch(/different days; say one, or "tomorrow or december 5"/);
    expect(problem('next week on the 10th')).toMatch(/do not overlap/);
    expect(problem('Tuesday Wednesday')).toMatch(/different days/);
  });
});

describe('times of day', () => {
  it.each<[string, Preference]>([
    ['morning', { timeFrom: '06:00', timeTo: '12:00' }],
    ['in the morning', { timeFrom: '06:00', timeTo: '12:00' }],
    ['afternoon', { timeFrom: '12:00', timeTo: '17:00' }],
    ['in the afternoon', { timeFrom: '12:00', timeTo: '17:00' }],
    ['evening', { timeFrom: '17:00', timeTo: '21:00' }],
    ['at night', { timeFrom: '17:00', timeTo: '24:00' }],
    ['after 3', { timeFrom: '15:00' }],
    ['after 3 PM', { timeFrom: '15:00' }],
    ['after 3pm', { timeFrom: '15:00' }],
    ['after 3 p.m.', { timeFrom: '15:00' }],
    ["after 3 o'clock", { timeFrom: '15:00' }],
    ['after three', { timeFrom: '15:00' }],
    ['after three thirty', { timeFrom: '15:30' }],
    ['after 15:30', { timeFrom: '15:30' }],
    ['after 3:30', { timeFrom: '15:30' }],
    ['after 3.30', { timeFrom: '15:30' }],
    ['after 9 AM', { timeFrom: '09:00' }],
    ['after 07:30', { timeFrom: '07:30' }],
    ['after noon', { timeFrom: '12:00' }],
    ['no earlier than 10', { timeFrom: '10:00' }],
    ['before noon', { timeTo: '12:00' }],
    ['before 12 noon', { timeTo: '12:00' }],
    ['before 11', { timeTo: '11:00' }],
    ['by 11', { timeTo: '11:00' }],
    ['no later than 4 pm', { timeTo: '16:00' }],
    ['before midnight', { timeTo: '24:00' }],
    ['between 2 and 4', { timeFrom: '14:00', timeTo: '16:00' }],
    ['between two and four', { timeFrom: '14:00', timeTo: '16:00' }],
    ['from 2 to 4', { timeFrom: '14:00', timeTo: '16:00' }],
    ['2 to 4', { timeFrom: '14:00', timeTo: '16:00' }],
    ['2-4', { timeFrom: '14:00', timeTo: '16:00' }],
    ['between 2 and 4 PM', { timeFrom: '14:00', timeTo: '16:00' }],
    ['between 10 and 2 PM', { timeFrom: '10:00', timeTo: '14:00' }],
    ['between 11 and 1', { timeFrom: '11:00', timeTo: '13:00' }],
    ['between 11 am and 1', { timeFrom: '11:00', timeTo: '13:00' }],
    ['between 8 pm and 10', { timeFrom: '20:00', timeTo: '22:00' }],
    ['between 9 and 11 am', { timeFrom: '09:00', timeTo: '11:00' }],
    ['between 10 pm and midnight', { timeFrom: '22:00', timeTo: '24:00' }],
    ['between 13:00 and 14:30', { timeFrom: '13:00', timeTo: '14:30' }],
    ['around 10', { timeFrom: '09:00', timeTo: '11:00' }],
    ['at around 10', { timeFrom: '09:00', timeTo: '11:00' }],
    ['about 2:30', { timeFrom: '13:30', timeTo: '15:30' }],
    ['10ish', { timeFrom: '09:00', timeTo: '11:00' }],
    ['around 11:30 pm', { timeFrom: '22:30', timeTo: '24:00' }],
    ['around 12:30 am', { timeFrom: '00:00', timeTo: '01:30' }],
    ['at 3', { timeFrom: '15:00', timeTo: '15:01' }],
    ['at noon', { timeFrom: '12:00', timeTo: '12:01' }],
    ['3 pm', { timeFrom: '15:00', timeTo: '15:01' }],
    ['at 9:45', { timeFrom: '09:45', timeTo: '09:46' }],
    ['14:45', { timeFrom: '14:45', timeTo: '14:46' }],
    ['at 12:30 am', { timeFrom: '00:30', timeTo: '00:31' }],
  ])('%s', (text, expected) => {
    expect(pref(text)).toEqual(expected);
  });

  it.each([
    [1, '13:00'],
    [2, '14:00'],
    [3, '15:00'],
    [4, '16:00'],
    [5, '17:00'],
    [6, '18:00'],
    [7, '19:00'],
    [8, '08:00'],
    [9, '09:00'],
    [10, '10:00'],
    [11, '11:00'],
    [12, '12:00'],
  ])('business-hours reading: "after %i" = %s', (hour, time) => {
    expect(pref(`after ${hour}`)).toEqual({ timeFrom: time });
  });

  it('lets a part of the day decide am/pm and fill the open side', () => {
    expect(pref('at 7 in the morning')).toEqual({ timeFrom: '07:00', timeTo: '07:01' });
    expect(pref('morning after 7')).toEqual({ timeFrom: '07:00', timeTo: '12:00' });
    expect(pref('morning before 10')).toEqual({ timeFrom: '06:00', timeTo: '10:00' });
    expect(pref('afternoon after 3')).toEqual({ timeFrom: '15:00', timeTo: '17:00' });
    expect(pref('evening after 8')).toEqual({ timeFrom: '20:00', timeTo: '21:00' });
    expect(pref('evening after 9')).toEqual({ timeFrom: '21:00' });
    expect(pref('evening between 7 and 9')).toEqual({ timeFrom: '19:00', timeTo: '21:00' });
    expect(pref('around 1 in the afternoon')).toEqual({ timeFrom: '12:00', timeTo: '14:00' });
    expect(pref('after 9 in the evening')).toEqual({ timeFrom: '21:00' });
  });

  it('combines separate start and end bounds', () => {
    expect(pref('after 2 and before 5')).toEqual({ timeFrom: '14:00', timeTo: '17:00' });
    expect(pref('not before 10 and not after 4')).toEqual({ timeFrom: '10:00', timeTo: '16:00' });
  });

  it('says the window back', () => {
    expect(understood('morning')).toBe('between 6 AM and noon');
    expect(understood('after 3')).toBe('after 3 PM');
    expect(understood('before midnight')).toBe('before midnight');
    expect(understood('at 3')).toBe('at 3 PM');
    expect(understood('around 12:30 am')).toBe('between midnight and 1:30 AM');
    expect(understood('after 3', { ...MONDAY, locale: 'en-GB' })).toBe('after 3 pm');
  });

  it('refuses unclear or contradictory times', () => {
    expect(problem('between 7 and 9')).toMatch(/AM or PM/);
    expect(problem('between 5 and 3')).toMatch(/AM or PM/);
    expect(problem('after 5 pm before 3 pm')).toMatch(/leave no time/);
    expect(problem('after 2 after 3')).toMatch(/different start times/);
    expect(problem('morning afternoon')).toMatch(/different parts of the day/);
    expect(problem('around midnight')).toMatch(/[Mm]idnight/);
    expect(problem('at midnight')).toMatch(/[Mm]idnight/);
    expect(problem('after 12 am')).toMatch(/[Mm]idnight/);
    expect(problem('after 13 pm')).toMatch(/not a time of day/);
    expect(problem('after 25')).toMatch(/not a time of day/);
    expect(problem('after 3:75')).toMatch(/not a time of day/);
    expect(problem('morning after 1 pm')).toMatch(/"after 1 pm" is not in "morning"/);
    expect(problem('morning after 1')).toMatch(/not in "morning"/);
    expect(problem('evening before 11')).toMatch(/not in "evening"/);
    expect(problem('afternoon at 9 am')).toMatch(/not in "afternoon"/);
  });
});

describe('the earliest, anything, and combinations', () => {
  it.each<[string, Preference]>([
    ['', {}],
    ['   ', {}],
    ['anything', {}],
    ['whenever', {}],
    ['any time', {}],
    ['anytime is fine', {}],
    ["I don't mind", {}],
    ['it doesnt matter', {}],
    ['the earliest you have', { earliest: true }],
    ['as soon as possible', { earliest: true }],
    ['ASAP', { earliest: true }],
    ['first available', { earliest: true }],
    ['the next available slot', { earliest: true }],
    ['the earliest you have on Friday', { ...day('2026-11-27'), earliest: true }],
    ['first available next week', { dateFrom: '2026-11-30', dateTo: '2026-12-06', earliest: true }],
    ['Thursday afternoon', { ...day('2026-11-26'), timeFrom: '12:00', timeTo: '17:00' }],
    ['next Tuesday after 3', { ...day('2026-12-01'), timeFrom: '15:00' }],
    ['tomorrow morning', { ...day('2026-11-24'), timeFrom: '06:00', timeTo: '12:00' }],
    ['tomorrow night', { ...day('2026-11-24'), timeFrom: '17:00', timeTo: '24:00' }],
    ['tonight', { ...day('2026-11-23'), timeFrom: '17:00', timeTo: '24:00' }],
    ['tonight after 9', { ...day('2026-11-23'), timeFrom: '21:00', timeTo: '24:00' }],
    ['at 10 at night', { timeFrom: '22:00', timeTo: '22:01' }],
    ['this evening', { ...day('2026-11-23'), timeFrom: '17:00', timeTo: '21:00' }],
    ['this afternoon', { ...day('2026-11-23'), timeFrom: '12:00', timeTo: '17:00' }],
    ['tomorrow at 10:30 a.m.', { ...day('2026-11-24'), timeFrom: '10:30', timeTo: '10:31' }],
    ['tomorrow 3pm', { ...day('2026-11-24'), timeFrom: '15:00', timeTo: '15:01' }],
    [
      'any day next week in the morning',
      { dateFrom: '2026-11-30', dateTo: '2026-12-06', timeFrom: '06:00', timeTo: '12:00' },
    ],
    ['December 4 between 2 and 4', { ...day('2026-12-04'), timeFrom: '14:00', timeTo: '16:00' }],
    ["I'd like something on Tuesday around 10, please", { ...day('2026-11-24'), timeFrom: '09:00', timeTo: '11:00' }],
    ["I'm free Thursday after 2 o'clock", { ...day('2026-11-26'), timeFrom: '14:00' }],
    ['How about the 4th of December in the afternoon?', { ...day('2026-12-04'), timeFrom: '12:00', timeTo: '17:00' }],
  ])('%j', (text, expected) => {
    expect(pref(text)).toEqual(expected);
  });

  it('says it all back in one line', () => {
    expect(understood('next Tuesday after 3')).toBe('Tuesday, December 1, after 3 PM');
    expect(understood('tomorrow morning')).toBe('tomorrow, Tuesday, November 24, between 6 AM and noon');
    expect(understood('the earliest you have on Friday')).toBe('Friday, November 27, the earliest available');
    expect(understood('')).toBe('any time');
    expect(understood('next Tuesday after 3', { ...MONDAY, locale: 'en-GB' })).toBe('Tuesday 1 December, after 3 pm');
  });

  it('refuses anything it does not understand instead of guessing, with an example of what works', () => {
    for (const text of [
      'banana',
      'last Friday',
      'yesterday',
      'not Tuesday, Tuesday',
      'Tuesday in May',
      'the 4',
      'Tuesday 10',
      'uh',
      'please',
      'after Tuesday',
    ]) {
      const p = problem(text);
      expect(p, text).toMatch(/Try e\.g\. "tomorrow afternoon"/);
    }
    expect(problem('last Friday')).toMatch(/"last friday": that is in the past/);
    expect(problem('Tuesday, but not Tuesday')).toMatch(/rules out "tuesday"/);
    expect(problem('Tuesday in May')).toMatch(/"tuesday" could be any of several days in "in may"/);
    expect(problem('uh')).toMatch(/No day or time found/);
  });
});

describe('local date at the edges of the day in far-away zones', () => {
  it.each(['Pacific/Chatham', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Kiritimati'])(
    '%s: 23:59 and 00:00 local',
    (zone) => {
      const late: CallerWordsOptions = { now: at('2026-11-23T23:59', zone), timeZone: zone };
      expect(pref('today', late)).toEqual(day('2026-11-23'));
      expect(pref('tomorrow', late)).toEqual(day('2026-11-24'));
      expect(pref('Tuesday', late)).toEqual(day('2026-11-24'));
      expect(pref('next Tuesday', late)).toEqual(day('2026-12-01'));
      expect(pref('this week', late)).toEqual({ dateFrom: '2026-11-23', dateTo: '2026-11-29' });

      const midnight: CallerWordsOptions = { now: at('2026-11-24T00:00', zone), timeZone: zone };
      expect(pref('today', midnight)).toEqual(day('2026-11-24'));
      expect(pref('tomorrow', midnight)).toEqual(day('2026-11-25'));
      expect(pref('Tuesday', midnight)).toEqual(day('2026-11-24'));
      expect(pref('the 24th', midnight)).toEqual(day('2026-11-24'));
      expect(pref('the 23rd', midnight)).toEqual(day('2026-12-23'));
      expect(understood('today', midnight)).toBe('today, Tuesday, November 24');
    },
  );

  it('Sunday 23:59 vs Monday 00:00 switches the week', () => {
    const zone = 'Pacific/Chatham';
    const sunday: CallerWordsOptions = { now: at('2026-11-29T23:59', zone), timeZone: zone };
    const monday: CallerWordsOptions = { now: at('2026-11-30T00:00', zone), timeZone: zone };
    expect(pref('next Tuesday', sunday)).toEqual(day('2026-12-01'));
    expect(pref('next Tuesday', monday)).toEqual(day('2026-12-08'));
    expect(pref('next week', sunday)).toEqual({ dateFrom: '2026-11-30', dateTo: '2026-12-06' });
    expect(pref('next week', monday)).toEqual({ dateFrom: '2026-12-07', dateTo: '2026-12-13' });
  });

  it('New Year: "tomorrow" is in the next year and dates roll over', () => {
    const eve: CallerWordsOptions = { now: at('2026-12-31T23:59', 'Asia/Kathmandu'), timeZone: 'Asia/Kathmandu' };
    expect(pref('tomorrow', eve)).toEqual(day('2027-01-01'));
    expect(pref('the 4th', eve)).toEqual(day('2027-01-04'));
    expect(pref('December 31', eve)).toEqual(day('2026-12-31'));
    expect(understood('tomorrow', eve)).toBe('tomorrow, Friday, January 1, 2027');
  });
});

describe('daylight-saving change days (Europe/Berlin)', () => {
  it.each([
    ['2026-03-29T00:00', '2026-03-29'],
    ['2026-03-29T01:59', '2026-03-29'],
    ['2026-03-29T03:00', '2026-03-29'],
    ['2026-03-29T23:59', '2026-03-29'],
    ['2026-10-25T00:00', '2026-10-25'],
    ['2026-10-25T23:59', '2026-10-25'],
  ])('now %s local: "today" = %s, and "tomorrow" is the next date', (wall, today) => {
    const o: CallerWordsOptions = { now: at(wall, BERLIN), timeZone: BERLIN };
    expect(pref('today', o)).toEqual(day(today));
    expect(pref('tomorrow', o)).toEqual(day(Temporal.PlainDate.from(today).add({ days: 1 }).toString()));
  });

  it('both 02:30s of the fall-back night are the same local date', () => {
    for (const disambiguation of ['earlier', 'later'] as const) {
      const o: CallerWordsOptions = { now: at('2026-10-25T02:30', BERLIN, disambiguation), timeZone: BERLIN };
      expect(pref('today after 2:30 am', o)).toEqual({ ...day('2026-10-25'), timeFrom: '02:30' });
    }
  });

  it('23:59 before spring-forward day and 00:00 on it', () => {
    expect(pref('tomorrow', { now: at('2026-03-28T23:59', BERLIN), timeZone: BERLIN })).toEqual(day('2026-03-29'));
    expect(pref('tomorrow', { now: at('2026-03-29T00:00', BERLIN), timeZone: BERLIN })).toEqual(day('2026-03-30'));
  });
});

describe('German (de-DE)', () => {
  const de: CallerWordsOptions = { ...MONDAY, locale: 'de-DE' };

  it.each<[string, Preference]>([
    ['heute', day('2026-11-23')],
    ['morgen', day('2026-11-24')],
    ['übermorgen', day('2026-11-25')],
    ['am Dienstag', day('2026-11-24')],
    ['diesen Freitag', day('2026-11-27')],
    ['nächsten Dienstag', day('2026-12-01')],
    ['Dienstag nächste Woche', day('2026-12-01')],
    ['diese Woche', { dateFrom: '2026-11-23', dateTo: '2026-11-29' }],
    ['nächste Woche', { dateFrom: '2026-11-30', dateTo: '2026-12-06' }],
    ['am Wochenende', { dateFrom: '2026-11-28', dateTo: '2026-11-29' }],
    ['nächstes Wochenende', { dateFrom: '2026-12-05', dateTo: '2026-12-06' }],
    ['am 4.', day('2026-12-04')],
    ['am vierten', day('2026-12-04')],
    ['am 4. Dezember', day('2026-12-04')],
    ['am vierten Dezember', day('2026-12-04')],
    ['morgen früh', { ...day('2026-11-24'), timeFrom: '06:00', timeTo: '12:00' }],
    ['morgen Vormittag', { ...day('2026-11-24'), timeFrom: '06:00', timeTo: '12:00' }],
    ['heute Morgen', { ...day('2026-11-23'), timeFrom: '06:00', timeTo: '12:00' }],
    ['heute Abend', { ...day('2026-11-23'), timeFrom: '17:00', timeTo: '21:00' }],
    ['Donnerstag Nachmittag', { ...day('2026-11-26'), timeFrom: '12:00', timeTo: '17:00' }],
    ['nach 15 Uhr', { timeFrom: '15:00' }],
    ['ab 15:30', { timeFrom: '15:30' }],
    ['nach 3', { timeFrom: '15:00' }],
    ['vor 11', { timeTo: '11:00' }],
    ['bis Mittag', { timeTo: '12:00' }],
    ['zwischen 14 und 16 Uhr', { timeFrom: '14:00', timeTo: '16:00' }],
    ['von 14 bis 16 Uhr', { timeFrom: '14:00', timeTo: '16:00' }],
    ['gegen 10', { timeFrom: '09:00', timeTo: '11:00' }],
    ['um 10 herum', { timeFrom: '09:00', timeTo: '11:00' }],
    ['um 15 Uhr', { timeFrom: '15:00', timeTo: '15:01' }],
    ['um 15 Uhr 30', { timeFrom: '15:30', timeTo: '15:31' }],
    ['um fünfzehn Uhr dreißig', { timeFrom: '15:30', timeTo: '15:31' }],
    ['um halb drei', { timeFrom: '14:30', timeTo: '14:31' }],
    ['um halb eins', { timeFrom: '12:30', timeTo: '12:31' }],
    ['um viertel nach zehn', { timeFrom: '10:15', timeTo: '10:16' }],
    ['um viertel vor neun', { timeFrom: '08:45', timeTo: '08:46' }],
    ['so früh wie möglich', { earliest: true }],
    ['den nächsten freien Termin', { earliest: true }],
    ['ist mir egal', {}],
    ['jederzeit', {}],
    ['nächsten Dienstag nach 15 Uhr', { ...day('2026-12-01'), timeFrom: '15:00' }],
    ['morgens um 7', { timeFrom: '07:00', timeTo: '07:01' }],
    ['nicht nach 15 Uhr', { timeTo: '15:00' }],
    ['nicht vor 9', { timeFrom: '09:00' }],
    ['heute Nacht', { ...day('2026-11-23'), timeFrom: '17:00', timeTo: '24:00' }],
    ['Freitag zwischen 9 und 11', { ...day('2026-11-27'), timeFrom: '09:00', timeTo: '11:00' }],
  ])('%s', (text, expected) => {
    expect(pref(text, de)).toEqual(expected);
  });

  it('says it back in German', () => {
    expect(understood('nächsten Dienstag nach 15 Uhr', de)).toBe('Dienstag, 1. Dezember, nach 15 Uhr');
    expect(understood('morgen Vormittag', de)).toBe('morgen, Dienstag, 24. November, zwischen 6 Uhr und 12 Uhr');
    expect(understood('so früh wie möglich', de)).toBe('frühestmöglich');
    expect(understood('', de)).toBe('jederzeit');
  });

  it('refuses what it does not understand, with German examples', () => {
    expect(problem('Dienstag Mittwoch', de)).toMatch(/different days.*Zum Beispiel/);
    expect(problem('letzten Freitag', de)).toMatch(/in the past/);
    expect(problem('am 4', de)).toMatch(/"4"/);
  });
});

describe('how real callers talk (now: Monday, November 23 2026)', () => {
  const de: CallerWordsOptions = { ...MONDAY, locale: 'de-DE' };

  it('a later piece of a correction replaces what the earlier said about the same thing', () => {
    expect(pref('Tuesday at 3, no wait, Thursday')).toEqual({ ...day('2026-11-26'), timeFrom: '15:00', timeTo: '15:01' });
    expect(pref('tomorrow morning, actually afternoon')).toEqual({ ...day('2026-11-24'), timeFrom: '12:00', timeTo: '17:00' });
    expect(pref('at 3, no wait, 4')).toEqual({ timeFrom: '16:00', timeTo: '16:01' });
    expect(pref("I can't make it tomorrow")).toEqual({ exceptDates: ['2026-11-24'] });
    expect(pref('Mittwoch, nein, Donnerstag um halb drei', de)).toEqual({ ...day('2026-11-26'), timeFrom: '14:30', timeTo: '14:31' });
  });

  it('restates alternatives, vague times and exclusions in the caller’s language', () => {
    expect(understood('Thursday or Friday after lunch')).toBe('Thursday, November 26 or Friday, November 27, between 1 PM and 5 PM');
    expect(understood('early next week, not Monday')).toBe('Monday, November 30 to Tuesday, December 1, not Monday');
    expect(understood('mornings, but not Monday')).toBe('between 6 AM and noon, not Monday');
    expect(understood('Donnerstag oder Freitag am späten Nachmittag', de)).toBe('Donnerstag, 26. November oder Freitag, 27. November, zwischen 15 Uhr und 17 Uhr');
    expect(understood('nicht am Montag', de)).toBe('nicht Montag');
  });

  it('says why two days without "or" are unclear, and what to say instead', () => {
    expect(problem('Tuesday Wednesday')).toMatch(/say one, or "tuesday or wednesday" if either suits/);
    expect(problem('Thursday or Friday, not Thursday or Friday')).toMatch(/rules out/);
  });
});

describe('problems quote short excerpts', () => {
  it('a long request that is not understood is quoted in at most 80 characters and 5 words', () => {
    const p = problem(`${'zzz '.repeat(50)}thursday`);
    expect(p.length).toBeLessThan(300);
    expect(p).toMatch(/^Could not understand "zzz", "zzz", "zzz", "zzz", "zzz" and 45 more in "(zzz ){19}zzz…"/);
    expect(p).not.toContain('thursday');
  });
});
