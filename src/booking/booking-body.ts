// The booking POST's body for one attempt: attendee, location as the action configures it, the idempotency key in
// metadata, and the hold's uid when the hold is live.
import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { phonePlaceholderEmail } from '../calcom/booking-fields.js';
import type { BookingLocationInput, CreateBookingInput } from '../calcom/schemas.js';
import { toE164 } from '../sms/phone.js';
import type { ResolvedAction } from './resolve.js';

export interface Attendee {
  name: string;
  /** Absent for a caller booked with their phone alone (the event type's email field is optional). */
  email?: string;
  /** A number the caller gave; else the number they call from. A phone-only attendee's is E.164 and required. */
  phone?: string;
  notes?: string;
  /** The email is the action's fallbackEmail, the business's own inbox: not the caller's, and shared by callers. */
  shared?: true;
}

/** Who the attendee is for keys and lookups: their email, else their phone (a phone-only attendee). */
export function attendeeIdentity(a: Pick<Attendee, 'email' | 'phone'>): string {
  return a.email !== undefined ? a.email.toLowerCase() : `tel:${a.phone ?? ''}`;
}

/** The email Cal.com files the booking under: the attendee's, or for a phone-only one the placeholder it builds. */
export function lookupEmail(body: Pick<CreateBookingInput, 'attendee'>): string {
  const { email, phoneNumber } = body.attendee;
  return email ?? (phoneNumber ? phonePlaceholderEmail(phoneNumber) : '');
}

/** Same call, event type, start and attendee → same key, so any retry is recognisable in Cal.com. */
export function idempotencyKey(callId: string, eventTypeId: number, start: string, attendee: string): string {
  const instant = Temporal.Instant.from(start).toString();
  return createHash('sha256').update(`${callId}|${eventTypeId}|${instant}|${attendee.toLowerCase()}`).digest('hex').slice(0, 32);
}

/** The first of `candidates` that reads as a phone number in the action's country, in E.164. */
export function attendeePhone(action: ResolvedAction, ...candidates: Array<string | undefined>): string | undefined {
  const country = action.config.locale.split('-')[1] as Parameters<typeof toE164>[1];
  for (const raw of candidates) {
    const e164 = raw ? toE164(raw, country) : null;
    if (e164) return e164;
  }
  return undefined;
}

function location(action: ResolvedAction, phone: string | undefined): BookingLocationInput | undefined {
  const { config, eventType } = action;
  const offers = (type: string) => eventType.locations.some((l) => l.type === type);
  switch (config.location) {
    case 'cal-video':
    case 'zoom':
    case 'google-meet':
      return { type: 'integration', integration: config.location };
    case 'ms-teams':
      return { type: 'integration', integration: 'office365-video' };
    case 'in-person':
      return { type: 'address' };
    case 'phone':
      if (phone && offers('attendeePhone')) return { type: 'attendeePhone', phone };
      return offers('phone') ? { type: 'phone' } : undefined;
  }
}

export function bookingBody(o: {
  action: ResolvedAction;
  callId: string;
  callerTimeZone?: string;
  start: string;
  key: string;
  attendee: Attendee;
  /** The caller's phone in E.164, if known. */
  phone?: string;
  reservedSlotUid?: string;
}): CreateBookingInput {
  const { action, attendee, phone } = o;
  const where = location(action, phone);
  return {
    eventTypeId: action.eventType.id,
    start: o.start,
    attendee: {
      name: attendee.name,
      ...(attendee.email !== undefined ? { email: attendee.email } : {}),
      timeZone: o.callerTimeZone ?? action.timeZone,
      language: action.config.locale.slice(0, 2),
      ...(phone ? { phoneNumber: phone } : {}),
    },
    ...(where ? { location: where } : {}),
    metadata: { idempotencyKey: o.key, callId: o.callId.slice(0, 500), source: 'cal-booking-action' },
    ...(attendee.notes?.trim() ? { bookingFieldsResponses: { notes: attendee.notes.trim() } } : {}),
    ...(o.reservedSlotUid ? { reservedSlotUid: o.reservedSlotUid } : {}),
  } as CreateBookingInput;
}
