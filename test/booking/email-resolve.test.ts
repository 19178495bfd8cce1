// Which email a booking uses: context, then contact, then fallback, then the caller.
import { describe, expect, it } from 'vitest';
import { resolveEmail } from '../../src/booking/email.js';

const CONTEXT = 'ctx@example.com';
const CONTACT = 'contact@example.com';
const FALLBACK = 'team@example.com';

describe('resolveEmail', () => {
  it('prefers cal_email from the dynamic context over everything', () => {
    expect(resolveEmail({ dynamicContext: { cal_email: CONTEXT }, contact: { email: CONTACT }, fallbackEmail: FALLBACK })).toEqual({
      email: CONTEXT,
      source: 'dynamicContext',
    });
  });

  it('then the contact record', () => {
    expect(resolveEmail({ dynamicContext: { other: 'x' }, contact: { email: CONTACT }, fallbackEmail: FALLBACK })).toEqual({
      email: CONTACT,
      source: 'contact',
    });
  });

  it('then the fallback email', () => {
    expect(resolveEmail({ dynamicContext: {}, contact: { email: null }, fallbackEmail: FALLBACK })).toEqual({ email: FALLBACK, source: 'fallback' });
  });

  it('then asks the caller', () => {
    const r = resolveEmail({});
    expect(r).toEqual({ ask: true, reason: 'no email in the dynamic context, the contact record or the fallback setting' });
  });

  it.each([
    [{ dynamicContext: undefined, contact: undefined, fallbackEmail: undefined }],
    [{ dynamicContext: {}, contact: null, fallbackEmail: null }],
    [{ dynamicContext: { cal_email: null }, contact: {}, fallbackEmail: '' }],
    [{ dynamicContext: { cal_email: '' }, contact: { email: '   ' }, fallbackEmail: '\t' }],
  ])('treats absent, null and blank as missing, not as invalid: %j', (input) => {
    expect(resolveEmail(input)).toEqual({ ask: true, reason: expect.stringMatching(/^no email in/) });
  });

  it('trims what it returns', () => {
    expect(resolveEmail({ dynamicContext: { cal_email: `  ${CONTEXT}\n` } })).toEqual({ email: CONTEXT, source: 'dynamicContext' });
  });

  // Cal.com files and finds attendees by the exact string (bookings get.handler), so the flow books in one
  // spelling, the same as a spoken address, and the lookup that settles a lost answer finds it again.
  it('lower-cases it, as a spoken address is', () => {
    expect(resolveEmail({ contact: { email: 'Jo.Caller@Example.com' } })).toEqual({ email: 'jo.caller@example.com', source: 'contact' });
  });

  it('skips an invalid context email for the contact record', () => {
    expect(resolveEmail({ dynamicContext: { cal_email: 'not-an-email' }, contact: { email: CONTACT }, fallbackEmail: FALLBACK })).toEqual({
      email: CONTACT,
      source: 'contact',
    });
  });

  it('skips invalid context and contact emails for the fallback', () => {
    expect(resolveEmail({ dynamicContext: { cal_email: 'a@b' }, contact: { email: 'x@y..com' }, fallbackEmail: FALLBACK })).toEqual({
      email: FALLBACK,
      source: 'fallback',
    });
  });

  it('skips a context value that is not text', () => {
    for (const cal_email of [42, true, { email: CONTEXT }, [CONTEXT]]) {
      expect(resolveEmail({ dynamicContext: { cal_email }, contact: { email: CONTACT } })).toEqual({ email: CONTACT, source: 'contact' });
    }
  });

  it('ignores other context keys, however email-like', () => {
    expect(resolveEmail({ dynamicContext: { email: CONTEXT, calEmail: CONTEXT }, fallbackEmail: FALLBACK })).toEqual({
      email: FALLBACK,
      source: 'fallback',
    });
  });

  it('says in the reason why each candidate was skipped, in priority order', () => {
    const r = resolveEmail({ dynamicContext: { cal_email: 'john@gmailcom' }, contact: { email: 'mary.jones' }, fallbackEmail: 'team@@example.com' });
    expect(r).toEqual({
      ask: true,
      reason:
        "cal_email in the dynamic context (j***@gmailcom) is not usable: the domain 'gmailcom' has no dot — was it gmail dot com?; " +
        "the contact record's email (m***) is not usable: I heard no 'at' sign; " +
        "the fallback email (t***@example.com) is not usable: I heard the 'at' sign more than once",
    });
  });

  it('names a context value that is not text', () => {
    expect(resolveEmail({ dynamicContext: { cal_email: 7 } })).toEqual({ ask: true, reason: 'cal_email in the dynamic context is not text' });
  });

  it('mentions only the invalid candidates, not the missing ones', () => {
    const r = resolveEmail({ contact: { email: 'bad@' } });
    expect(r).toEqual({ ask: true, reason: "the contact record's email (b***@) is not usable: nothing came after the 'at' sign" });
  });

  it('never puts a full address in the reason', () => {
    const r = resolveEmail({ dynamicContext: { cal_email: 'secretname@gmailcom' }, contact: { email: 'secretname..x@example.com' }, fallbackEmail: 'secretname' });
    expect('reason' in r && r.reason).not.toMatch(/secretname/);
  });
});
