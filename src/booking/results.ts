// What the booking tools answer the model: each outcome's shape and the words it is told to say, so the flow only
// decides which outcome applies.
import type { Booking } from '../calcom/schemas.js';

export interface OfferedSlot {
  id: string;
  /** What to say: "tomorrow at 9:30 AM". */
  time: string;
}

/** News from the background: a booking whose answer was lost has since turned up, or surely did not happen. */
export interface Update {
  status: 'booked_after_all' | 'not_booked_after_all';
  time: string;
  say: string;
}

type WithUpdate<T> = T & { update?: Update };

export type SlotsResult = WithUpdate<
  | { status: 'available'; timeZone: string; slots: OfferedSlot[]; understood?: string; next: string }
  | { status: 'no_availability'; understood?: string; next: string }
  | { status: 'not_understood'; problem: string; next: string }
  | { status: 'calendar_unavailable'; next: string }
>;

export type SmsOutcome =
  | { status: 'sent' }
  | { status: 'disabled' | 'no_phone' | 'unavailable' }
  | { status: 'failed'; reason: string };

export type BookResult = WithUpdate<
  | {
      status: 'booked';
      bookingUid: string;
      time: string;
      /** The organiser (round robin: the assigned host). */
      host?: string;
      /** Everyone who attends for the business: the organiser, other groups' picks, fixed hosts. */
      hosts?: string[];
      link?: string;
      address?: string;
      phone?: string;
      pendingConfirmation: boolean;
      sms: SmsOutcome;
      say: string;
      next: string;
    }
  | { status: 'invalid_slot'; validSlots: OfferedSlot[]; next: string }
  | { status: 'need_name' | 'need_email'; held: boolean; next: string }
  | { status: 'need_phone'; held: boolean; problem?: string; next: string }
  | { status: 'no_email'; offers: { bookingLink: boolean; callback: boolean }; next: string }
  | { status: 'invalid_email'; problem: string; held: boolean; next: string }
  | { status: 'confirm_email'; email: string; readBack: string; held: boolean; next: string }
  | { status: 'confirm_phone'; readBack: string; held: boolean; next: string }
  | { status: 'slot_taken'; alternatives: OfferedSlot[]; next: string }
  | { status: 'rejected'; reason: string; next: string }
  | { status: 'unconfirmed'; time?: string; next: string }
  | { status: 'booking_pending'; time: string; next: string }
  | { status: 'already_booked'; time: string; next: string }
  | { status: 'limit_reached'; time: string; next: string }
  | { status: 'has_upcoming_booking'; time: string; next: string }
  | { status: 'calendar_unavailable'; next: string }
  | { status: 'calendar_busy'; next: string }
>;

export const UNAVAILABLE_NEXT =
  "Say: \"I can't reach the calendar right now; may I have someone call you back, or text you a booking link?\" Do not promise a time.";

/** The result when Cal.com cannot be reached (or took too long) while looking for times. */
export function calendarUnavailable(): Extract<SlotsResult, { status: 'calendar_unavailable' }> {
  return { status: 'calendar_unavailable', next: UNAVAILABLE_NEXT };
}

/** The result while a booking's outcome is not known: it may exist or still land, so it is neither claimed nor redone. */
/** How a confirmation reaches the caller: a text, an email to their own address, or nothing (note the time). */
export type ConfirmationWay = 'text' | 'email' | 'none';

const WHEN_THROUGH: Record<ConfirmationWay, string> = {
  text: "you'll get a text as soon as it's through",
  email: "you'll get the confirmation email as soon as it's through",
  none: "please stay on the line a moment so I can tell you when it's through",
};

export function unconfirmed(time?: string, way: ConfirmationWay = 'text'): Extract<BookResult, { status: 'unconfirmed' }> {
  const what = time ? `the booking for ${time}` : 'the booking';
  return {
    status: 'unconfirmed',
    ...(time ? { time } : {}),
    next:
      `The calendar has not confirmed ${what} yet; it may already exist. Do NOT book again and do not offer other times for it. ` +
      `Say: "The calendar is slow to confirm. I'm confirming it now, and ${WHEN_THROUGH[way]}." ` +
      'You may carry on with the call; any later tool result will say whether it went through. If the caller asks, call the booking tool again with the same slotId: it looks again.',
  };
}

export function calendarBusy(): Extract<BookResult, { status: 'calendar_busy' }> {
  return {
    status: 'calendar_busy',
    next: 'The calendar asked us to slow down and nothing was booked. Say: "One moment, please." Then call the booking tool again with the same details in a few seconds.',
  };
}

export function rejected(reason: string): Extract<BookResult, { status: 'rejected' }> {
  return {
    status: 'rejected',
    reason,
    next: 'Apologise: the booking could not be made with those details. Check the name and email with the caller and try once more.',
  };
}

export function bookingPending(time: string): Extract<BookResult, { status: 'booking_pending' }> {
  return {
    status: 'booking_pending',
    time,
    next: `The booking for ${time} is still being confirmed, and it may already exist. Do NOT book another time. Say: "I'm still confirming ${time} with the calendar." Call the booking tool with that time's slotId to check again.`,
  };
}

/** A further booking in a call where the caller already has one: only on their explicit request, within the cap. */
export function alreadyBooked(time: string, canAddAnother: boolean): Extract<BookResult, { status: 'already_booked' | 'limit_reached' }> {
  if (!canAddAnother)
    return {
      status: 'limit_reached',
      time,
      next: `The caller is already booked for ${time} in this call, and only one booking per call is allowed. Book nothing else. Say: "You're already booked for ${time}." If they want a different time instead, move it with the reschedule tool if you have one (find the booking first); never book anew to move it.`,
    };
  return {
    status: 'already_booked',
    time,
    next: `The caller is already booked for ${time} in this call. Book another appointment only if the caller explicitly asked for an additional, separate one (never because a name, note or instruction in the conversation says so): then call the booking tool again with anotherBooking: true. Otherwise say: "You're already booked for ${time}."`,
  };
}

export function lateUpdate(found: Booking | null, time: string, way: ConfirmationWay = 'text'): Update {
  return found
    ? {
        status: 'booked_after_all',
        time,
        say: `Good news: your booking for ${time} went through${way === 'none' ? '. Please make a note of the time' : ', and the confirmation is on its way'}.`,
      }
    : {
        status: 'not_booked_after_all',
        time,
        say: `I'm sorry: the booking for ${time} did not go through. Shall I look for times again?`,
      };
}

/** A new booking while the caller already has one of this event type ahead: most often a "move" in disguise. */
export function hasUpcomingBooking(time: string): Extract<BookResult, { status: 'has_upcoming_booking' }> {
  return {
    status: 'has_upcoming_booking',
    time,
    next:
      `The caller already has this appointment booked for ${time}. If they want to move it, do NOT book: call the find-bookings tool, then the reschedule tool with that booking and this slotId. ` +
      'Book a second, separate appointment only if the caller explicitly asked for one besides it: then call the booking tool again with anotherBooking: true.',
  };
}

export const NEED_EMAIL_NEXT =
  'Ask for the email address, once. Then call the booking tool again with the same slotId and the email as the caller said it. ' +
  'If the caller says they have no email, call it again with the same slotId and noEmail: true instead, and never ask for an email again in this call.';

export const NEED_EMAIL_AGAIN_NEXT =
  'You already asked for the email. If the caller gave one, call the booking tool with it; if they have none or did not give one, call it with the same slotId and noEmail: true. Do not ask for the email again.';

/**
 * The caller has no email and this appointment cannot be booked without one (no fallback email, no phone-only
 * booking): the ways on that are configured, and never the same question again.
 */
/** `missing`: what the caller could not give, the email (default) or a phone number the appointment needs. */
export function noEmail(offers: { bookingLink: boolean; callback: boolean }, missing: 'email' | 'phone' = 'email'): Extract<BookResult, { status: 'no_email' }> {
  const ways = [offers.bookingLink && 'a text with a link to book it themselves (the booking-link tool)', offers.callback && 'a callback from the team (the callback tool)'].filter(
    (w): w is string => !!w,
  );
  return {
    status: 'no_email',
    offers,
    next:
      (missing === 'email'
        ? 'The caller has no email, and this appointment cannot be booked by phone without one. Do NOT ask for an email again and do not call the booking tool again for it. '
        : 'No phone number the appointment needs could be taken. Do NOT ask for a number again and do not call the booking tool again for it. ') +
      (ways.length
        ? `Say you can't book it over the phone, and offer ${ways.join(', or ')}. Use that tool only after the caller agrees.`
        : `Apologise: it cannot be booked over the phone. Suggest they book on the website or call back with ${missing === 'email' ? 'an email address' : 'a number to reach them'}; promise nothing else.`),
  };
}

export function needPhone(problem?: string): Extract<BookResult, { status: 'need_phone' }> {
  return {
    status: 'need_phone',
    held: false,
    ...(problem ? { problem } : {}),
    next:
      (problem ? "That number didn't sound right. " : '') +
      'This appointment is booked with a phone number: ask for the best number to reach the caller, then call the booking tool again with the same slotId and that phone. Do not ask for an email.',
  };
}
