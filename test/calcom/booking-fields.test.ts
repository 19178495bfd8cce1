// The event type's booking fields, read tolerantly, and what they say about a caller without an email.
import { describe, expect, it } from 'vitest';
import { attendeeContact, EventTypeSchema } from '../../src/calcom/index.js';
import * as fx from './fixtures.js';

const parse = (bookingFields: unknown) => EventTypeSchema.parse({ ...fx.eventType, bookingFields });

describe('bookingFields', () => {
  it('keeps fields Cal.com adds later (extra keys pass through) and skips shapes it does not know', () => {
    const et = parse([
      { isDefault: true, type: 'email', slug: 'email', required: false, hidden: false, excludeEmails: 'x.example' },
      { isDefault: true, type: 'splitName', firstNameLabel: 'First' },
      'not a field',
      { type: 'unknown', slug: 'unknown', bookingField: '{"name":"date"}' },
    ]);
    expect(et.bookingFields.map((f) => f.slug)).toEqual(['email', 'unknown']);
    expect(et.bookingFields[0]).toMatchObject({ excludeEmails: 'x.example' });
  });

  it('absent or null: no fields, which means Cal.com defaults (email required, phone not)', () => {
    const { bookingFields: _drop, ...withoutFields } = fx.eventType;
    expect(EventTypeSchema.parse(withoutFields).bookingFields).toEqual([]);
    expect(parse(null).bookingFields).toEqual([]);
    expect(attendeeContact([])).toEqual({ emailRequired: true, phoneRequired: false, phoneOnly: false, emailHidden: false });
  });
});

describe('attendeeContact', () => {
  const email = (o: object) => ({ type: 'email', slug: 'email', ...o });
  const phone = (o: object) => ({ type: 'phone', slug: 'attendeePhoneNumber', ...o });

  it('the default fields need an email; an org team event type\'s hidden phone field changes nothing', () => {
    expect(attendeeContact([email({ required: true, hidden: false }), phone({ required: false, hidden: true })])).toEqual({
      emailRequired: true,
      phoneRequired: false,
      phoneOnly: false,
      emailHidden: false,
    });
  });

  it('an optional (or hidden) email with a required phone: a phone-only attendee is accepted', () => {
    expect(attendeeContact([email({ required: false, hidden: false }), phone({ required: true, hidden: false })])).toEqual({
      emailRequired: false,
      phoneRequired: true,
      phoneOnly: true,
      emailHidden: false,
    });
    // getBookingResponsesSchema: a hidden field is never required; a hidden email beside a shown phone field is
    // dropped even when given, so such an event type is booked with the phone alone.
    expect(attendeeContact([email({ required: true, hidden: true }), phone({ required: true })])).toMatchObject({ phoneOnly: true, emailHidden: true });
    expect(attendeeContact([email({ hidden: true }), phone({ hidden: true })]).emailHidden).toBe(false);
  });

  it('a required phone beside a required email: both are needed', () => {
    expect(attendeeContact([email({ required: true }), phone({ required: true, hidden: false })])).toEqual({ emailRequired: true, phoneRequired: true, phoneOnly: false, emailHidden: false });
  });

  it('an email field without `required` keeps the default: required', () => {
    expect(attendeeContact([email({})]).emailRequired).toBe(true);
  });
});
