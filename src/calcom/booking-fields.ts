// What an event type's booking fields say about the attendee's contact details: whether Cal.com needs an email,
// whether it needs a phone, and so whether a caller with no email can be booked with their phone alone.
import type { BookingField } from './schemas.js';

export interface AttendeeContact {
  /** Cal.com refuses a booking without an email ("responses - {email}error_required_field"). */
  emailRequired: boolean;
  /** Cal.com refuses a booking without `attendee.phoneNumber` ("Missing attendee phone number …"). */
  phoneRequired: boolean;
  /**
   * A booking with `attendee.phoneNumber` and no email is accepted: Cal.com stores a placeholder email built from
   * the phone. Cal.com allows this only on organization team event types whose email field is optional or hidden.
   */
  phoneOnly: boolean;
  /**
   * The email field is hidden while the phone field is shown: Cal.com drops any email given and files the booking
   * under the phone's placeholder (getBookingResponsesSchema), so such an event type is booked with the phone alone.
   */
  emailHidden: boolean;
}

/** Cal.com's defaults, for an event type whose fields say nothing: the email is required, the phone is not. */
export const DEFAULT_ATTENDEE_CONTACT: AttendeeContact = { emailRequired: true, phoneRequired: false, phoneOnly: false, emailHidden: false };

/**
 * Reads the email and `attendeePhoneNumber` fields as Cal.com's booking engine does: a hidden field is never
 * required (getBookingResponsesSchema); an email field without `required` keeps Cal.com's default, required.
 */
export function attendeeContact(fields: readonly BookingField[]): AttendeeContact {
  const email = fields.find((f) => f.slug === 'email');
  const phone = fields.find((f) => f.slug === 'attendeePhoneNumber');
  const emailRequired = email ? email.required !== false && email.hidden !== true : true;
  const phoneRequired = !!phone && phone.required === true && phone.hidden !== true;
  const emailHidden = email?.hidden === true && !!phone && phone.hidden !== true;
  return { emailRequired, phoneRequired, phoneOnly: !emailRequired, emailHidden };
}

/**
 * The email Cal.com stores for an attendee booked with a phone alone ("+14155550123" → "14155550123@sms.cal.com",
 * contructEmailFromPhoneNumber in packages/lib/contructEmailFromPhoneNumber.ts). `GET /v2/bookings?attendeeEmail=`
 * finds such a booking by it; Cal.com sends no email there.
 */
export function phonePlaceholderEmail(phone: string): string {
  return `${phone.replace(/\+/g, '')}@sms.cal.com`;
}
