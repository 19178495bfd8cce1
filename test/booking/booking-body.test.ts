// The booking POST's body and identity for a caller with and without an email.
import { describe, expect, it } from 'vitest';
import { parseBookingConfig } from '../../src/booking/config.js';
import { attendeeIdentity, bookingBody, idempotencyKey, lookupEmail } from '../../src/booking/booking-body.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import { CreateBookingInputSchema } from '../../src/calcom/index.js';

const [config] = parseBookingConfig({ actions: [{ eventType: 302, location: 'phone' }] }, 'b.yaml').actions;
const action: ResolvedAction = {
  config: config!,
  eventType: {
    id: 302,
    title: 'Phone Support',
    slug: 'phone-support',
    lengthInMinutes: 15,
    minimumBookingNotice: 30,
    schedulingType: 'roundRobin',
    locations: [{ type: 'attendeePhone' }],
    contact: { emailRequired: false, phoneRequired: true, phoneOnly: true, emailHidden: false },
  },
  displayName: 'Book Phone Support',
  toolName: 'book_phone_support',
  timeZone: 'America/New_York',
};
const START = '2026-11-24T15:00:00Z';

describe('a phone-only attendee', () => {
  const body = bookingBody({ action, callId: 'c1', start: START, key: 'k', attendee: { name: 'Jo', phone: '+14155550123' }, phone: '+14155550123' });

  it('is sent with attendee.phoneNumber and no email key at all, the host calling that number', () => {
    expect(body.attendee).toEqual({ name: 'Jo', timeZone: 'America/New_York', language: 'en', phoneNumber: '+14155550123' });
    expect('email' in body.attendee).toBe(false);
    expect(body.location).toEqual({ type: 'attendeePhone', phone: '+14155550123' });
    expect(CreateBookingInputSchema.safeParse(body).success).toBe(true);
  });

  it('is looked up under the placeholder Cal.com builds from the phone', () => {
    expect(lookupEmail(body)).toBe('14155550123@sms.cal.com');
    expect(lookupEmail({ attendee: { ...body.attendee, email: 'jo@example.com' } })).toBe('jo@example.com');
  });

  it('has an identity and idempotency key of its own, stable for the same number', () => {
    expect(attendeeIdentity({ phone: '+14155550123' })).toBe('tel:+14155550123');
    expect(attendeeIdentity({ email: 'Jo@Example.com', phone: '+14155550123' })).toBe('jo@example.com');
    const k = (who: string) => idempotencyKey('c1', 302, START, who);
    expect(k('tel:+14155550123')).toBe(k('tel:+14155550123'));
    expect(k('tel:+14155550123')).not.toBe(k('tel:+14155550199'));
    expect(k('tel:+14155550123')).not.toBe(k('jo@example.com'));
  });
});
