// What logs and messages may show: URLs without credentials or queries; emails, spoken emails and phone numbers
// masked; personal argument fields masked whatever their content.
import { describe, expect, it } from 'vitest';
import { scrubText, scrubValue, stripUrlSecrets } from '../../src/redaction/scrub.js';

describe('scrubbing', () => {
  it.each([
    ['https://user:secret@api.cal.com/v2?apiKey=cal_live_x#frag', 'https://api.cal.com/v2'],
    ['http://127.0.0.1:5555/v2/', 'http://127.0.0.1:5555/v2/'],
    ['https://api.cal.eu/v2?token=abc', 'https://api.cal.eu/v2'],
  ])('%s → %s', (url, clean) => expect(stripUrlSecrets(url)).toBe(clean));

  it('masks emails, spoken emails and phone numbers in text, and keeps dates and ids', () => {
    const out = scrubText(
      'jo@example.com said +1 415 555 0123, (415) 555-0123 and 4155550123; email j o dot s m i t h at g mail dot com; booked 2026-11-24T09:00:00Z id 101 via https://a:b@x.io/v2?k=1',
    );
    for (const leak of ['jo@example.com', '415 555', '555-0123', '4155550123', 's m i t h', 'g mail', 'a:b@', 'k=1']) expect(out).not.toContain(leak);
    expect(out).toContain('j***@example.com');
    expect(out).toContain('2026-11-24T09:00:00Z id 101');
  });

  it('masks personal fields of argument objects, also inside JSON text; keeps the rest', () => {
    expect(scrubValue({ slotId: 't1', name: 'Jo Smith', email: 'jo dot smith at x dot io', phone: '4155550123', notes: 'call me', emailConfirmed: true })).toEqual({
      slotId: 't1', name: '[redacted]', email: '[redacted]', phone: '[redacted]', notes: '[redacted]', emailConfirmed: true,
    });
    expect(scrubValue('{"slotId":5,"email":"jo@example.com"}')).toBe('{"slotId":5,"email":"[redacted]"}');
  });
});
