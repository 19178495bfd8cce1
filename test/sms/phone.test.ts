import { describe, expect, it } from 'vitest';
import { redactPhone, toE164 } from '../../src/sms/phone.js';

describe('toE164', () => {
  it.each([
    ['+1 415 555 0123', undefined, '+14155550123'],
    ['+14155550123', undefined, '+14155550123'],
    ['(415) 555-0123', 'US', '+14155550123'],
    ['415.555.0123', 'US', '+14155550123'],
    ['  +1 (415) 555-0123  ', undefined, '+14155550123'],
    ['+49 30 1234567', undefined, '+49301234567'],
    ['030 1234567', 'DE', '+49301234567'],
    ['0049 30 1234567', 'DE', '+49301234567'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 7911 123456', 'US', '+447911123456'],
    ['+15005550006', undefined, '+15005550006'],
    ['+1 415 555 0123 ext. 12', undefined, '+14155550123'],
  ] as const)('%s (default %s) → %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([
    ['sip:+14155550123@pbx.example', undefined, '+14155550123'],
    ['sips:+14155550123@pbx.example:5061', undefined, '+14155550123'],
    ['SIP:+14155550123@pbx.example;transport=tcp', undefined, '+14155550123'],
    ['sip:+14155550123;user=phone@pbx.example', undefined, '+14155550123'],
    ['"Jo Caller" <sip:+14155550123@pbx.example>;tag=abc', undefined, '+14155550123'],
    ['<sip:+49301234567@10.0.0.1>', undefined, '+49301234567'],
    ['sip:4155550123@pbx.example', 'US', '+14155550123'],
    ['sip:14155550123@pbx.example', 'US', '+14155550123'],
    ['tel:+49301234567', undefined, '+49301234567'],
    ['tel:+1-415-555-0123;ext=12', undefined, '+14155550123'],
    ['tel:+1-415-555-0123;phone-context=example.com', undefined, '+14155550123'],
  ] as const)('SIP and tel URIs: %s → %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([
    ['(415) 555-0123', undefined],
    ['sip:4155550123@pbx.example', undefined],
    ['sip:alice@pbx.example', 'US'],
    ['sip:@pbx.example', 'US'],
    ['tel:', 'US'],
    ['', 'US'],
    ['anonymous', 'US'],
    ['+1 555 555 5555', undefined],
    ['+1 415 555', undefined],
    ['+999 123 456 789', undefined],
    ['12345', 'US'],
  ] as const)('rejects %j (default %s)', (raw, country) => {
    expect(toE164(raw, country)).toBeNull();
  });
});

describe('redactPhone', () => {
  it.each([
    ['+14155550123', '+1******0123'],
    ['+49301234567', '+49*****4567'],
    ['+447911123456', '+44******3456'],
    ['+3524123', '+352**23'],
  ])('%s → %s', (e164, masked) => {
    expect(redactPhone(e164)).toBe(masked);
  });

  it('keeps only the country code and the last four digits of a full number', () => {
    const masked = redactPhone('+14155550123');
    expect(masked).not.toContain('415555');
    expect(masked.replace(/\D/g, '')).toBe('10123');
  });

  it.each(['4155550123', 'sip:+14155550123@pbx', '+1', '', 'not a number'])('masks %j completely', (raw) => {
    expect(redactPhone(raw)).toBe('***');
  });
});
