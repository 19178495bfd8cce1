import { describe, expect, it } from 'vitest';
import { smsSize } from '../../src/sms/segments.js';
import { DEFAULT_SMS_TEMPLATE, findUnknownPlaceholders, renderSmsTemplate, SMS_PLACEHOLDERS } from '../../src/sms/template.js';

const TYPICAL = {
  date: 'Wednesday, September 30',
  time: '10:30 AM',
  duration: '45 min',
  link: 'https://app.cal.com/video/3xhfQ8ZbLkKz9yqJcW2aTd',
  location: '1200 Market Street, San Francisco',
};

describe('findUnknownPlaceholders', () => {
  it('accepts every known placeholder', () => {
    expect(findUnknownPlaceholders(SMS_PLACEHOLDERS.map((p) => `{${p}}`).join(' '))).toEqual([]);
    expect(findUnknownPlaceholders(DEFAULT_SMS_TEMPLATE)).toEqual([]);
    expect(findUnknownPlaceholders('no placeholders at all')).toEqual([]);
  });

  it.each([
    ['See you {date} at {when}', ['when']],
    ['{foo} {bar} {foo}', ['foo', 'bar']],
    ['{Date} is case-sensitive', ['Date']],
    ['{ date } with spaces', [' date ']],
    ['empty {} braces', ['']],
    ['{date}{link}{url}', ['url']],
  ])('%j → %j', (template, unknown) => {
    expect(findUnknownPlaceholders(template)).toEqual(unknown);
  });

  it('ignores braces that do not enclose a name', () => {
    expect(findUnknownPlaceholders('a { lone brace and a } later')).toEqual([' lone brace and a ']);
    expect(findUnknownPlaceholders('{{date}}')).toEqual([]);
  });
});

describe('renderSmsTemplate', () => {
  it('fills every placeholder', () => {
    expect(renderSmsTemplate('{date}|{time}|{link}|{location}|{duration}', TYPICAL)).toBe(
      'Wednesday, September 30|10:30 AM|https://app.cal.com/video/3xhfQ8ZbLkKz9yqJcW2aTd|1200 Market Street, San Francisco|45 min',
    );
  });

  it('repeats a placeholder used twice and leaves unknown ones as written', () => {
    expect(renderSmsTemplate('{date} {foo} {date}', { date: 'Mon' })).toBe('Mon {foo} Mon');
  });

  it('does not expand placeholders inside values', () => {
    expect(renderSmsTemplate('At {location}, {time}', { location: 'Room {time}', time: '9 AM' })).toBe('At Room {time}, 9 AM');
  });

  it.each([
    ['a sentence with only an empty link goes', 'Booked {date}. Join: {link}. See you!', { date: 'Mon' }, 'Booked Mon. See you!'],
    ['a line with only an empty value goes', 'Booked {date}\nJoin: {link}\nBye', { date: 'Mon' }, 'Booked Mon\nBye'],
    ['no "Join: ." leftover at the end', 'Booked {date}. Join: {link}.', { date: 'Mon' }, 'Booked Mon.'],
    ['empty parentheses vanish', 'At {time} ({duration}).', { time: '9 AM' }, 'At 9 AM.'],
    ['empty brackets vanish', 'At {time} [{duration}]', { time: '9 AM' }, 'At 9 AM'],
    ['a dangling comma before the full stop goes', 'On {date}, {time}.', { date: 'Mon' }, 'On Mon.'],
    ['a leading comma goes', '{date}, {time}', { time: '9 AM' }, '9 AM'],
    ['double spaces collapse', 'On {date} {time} {duration} ok', { date: 'Mon', duration: '30 min' }, 'On Mon 30 min ok'],
    ['adjacent placeholders, one empty', 'Details: {link}{location}', { location: 'Main St' }, 'Details: Main St'],
    ['adjacent placeholders, both empty', 'Booked. Details: {link}{location}', {}, 'Booked.'],
    ['whitespace-only values count as empty', 'Booked. Join: {link}', { link: '   ' }, 'Booked.'],
    ['a sentence without placeholders stays', 'Thanks. {link}', {}, 'Thanks.'],
    ['a URL in the template is not split at its dots', 'Manage at https://cal.com/x. {date}', { date: 'Mon' }, 'Manage at https://cal.com/x. Mon'],
    ['unicode spaces become plain spaces', 'At {time}', { time: '10:30\u202FAM' }, 'At 10:30 AM'],
    ['everything empty', '{date} {time}', {}, ''],
  ])('%s', (_name, template, values, expected) => {
    expect(renderSmsTemplate(template, values)).toBe(expected);
  });

  it('keeps the text after a dropped line intact', () => {
    expect(renderSmsTemplate('A {date}\n\nB: {link}\nC', { date: '1' })).toBe('A 1\n\nC');
  });
});

describe('DEFAULT_SMS_TEMPLATE', () => {
  it('reads well for a video meeting', () => {
    expect(renderSmsTemplate(DEFAULT_SMS_TEMPLATE, { ...TYPICAL, location: '' })).toBe(
      'Confirmed: Wednesday, September 30 at 10:30 AM (45 min).\nJoin: https://app.cal.com/video/3xhfQ8ZbLkKz9yqJcW2aTd',
    );
  });

  it('reads well in person', () => {
    expect(renderSmsTemplate(DEFAULT_SMS_TEMPLATE, { ...TYPICAL, link: '' })).toBe(
      'Confirmed: Wednesday, September 30 at 10:30 AM (45 min).\nWhere: 1200 Market Street, San Francisco',
    );
  });

  it('reads well with nothing but a date and time', () => {
    expect(renderSmsTemplate(DEFAULT_SMS_TEMPLATE, { date: 'Mon, Jan 5', time: '9:00 AM' })).toBe('Confirmed: Mon, Jan 5 at 9:00 AM.');
  });

  it('fits one GSM-7 segment for typical values, even with both a link and an address', () => {
    for (const values of [{ ...TYPICAL, location: '' }, { ...TYPICAL, link: '' }, TYPICAL]) {
      const size = smsSize(renderSmsTemplate(DEFAULT_SMS_TEMPLATE, values));
      expect(size).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('stays GSM-7 when ICU writes a narrow no-break space in the time', () => {
    const body = renderSmsTemplate(DEFAULT_SMS_TEMPLATE, { ...TYPICAL, time: '10:30\u202FAM' });
    expect(smsSize(body).encoding).toBe('GSM-7');
  });
});
