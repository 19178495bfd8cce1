import { describe, expect, it } from 'vitest';
import { smsSize } from '../../src/sms/segments.js';

describe('smsSize', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['hello', 'GSM-7', 5, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['Grüße aus München, £5 @ 10:00', 'GSM-7', 29, 1],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    ['b'.repeat(70), 'GSM-7', 70, 1],
    ['ç'.repeat(70), 'UCS-2', 70, 1],
    ['ç'.repeat(71), 'UCS-2', 71, 2],
    ['Hi 👋', 'UCS-2', 5, 1],
    ['10:30\u202FAM', 'UCS-2', 8, 1],
  ] as const)('%j: %s, %i units, %i segment(s)', (body, encoding, units, segments) => {
    expect(smsSize(body)).toEqual({ encoding, units, segments });
  });

  it('never splits a two-septet character across parts', () => {
    // 306 septets would fill two parts exactly, but "€" after 152 characters cannot straddle the boundary.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(smsSize(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('never splits an emoji across UCS-2 parts', () => {
    expect(smsSize(`${'ç'.repeat(66)}👋${'ç'.repeat(66)}`).segments).toBe(3);
    expect(smsSize(`${'ç'.repeat(65)}👋${'ç'.repeat(67)}`).segments).toBe(2);
  });
});
