// What the find, cancel and reschedule tools answer the model: each outcome's shape and the words it is told to
// say, so manage.ts only decides which outcome applies.
import type { OfferedSlot, SmsOutcome } from './results.js';

export interface FoundBooking {
  /** Short id for this call only, e.g. "b1". */
  id: string;
  time: string;
  host?: string;
  where?: string;
  title: string;
}

/** News from the background: a cancel or move whose answer was lost has since been settled. */
export interface ManageUpdate {
  status: 'cancelled_after_all' | 'rescheduled_after_all' | 'not_changed_after_all';
  say: string;
}

type WithUpdate<T> = T & { update?: ManageUpdate };

/** For bookings found only by a said email: the same answer whether or not one exists (caller-bookings.ts). */
export type Verification = { status: 'code_sent'; next: string };

export type FindResult = WithUpdate<
  | { status: 'found'; bookings: FoundBooking[]; verification?: Verification; next: string }
  | { status: 'none_found'; verification?: Verification; next: string }
  | { status: 'need_identity'; next: string }
  | { status: 'invalid_email'; problem: string; next: string }
  | { status: 'confirm_email'; email: string; readBack: string; next: string }
  | { status: 'wrong_code'; triesLeft: number; next: string }
  | { status: 'disabled'; next: string }
  | { status: 'calendar_unavailable'; next: string }
>;

export type ManageResult = WithUpdate<
  | { status: 'confirm_cancel'; time: string; next: string }
  | { status: 'cancelled'; time: string; sms: SmsOutcome; say: string; next: string }
  | { status: 'confirm_reschedule'; from: string; to: string; held: boolean; next: string }
  | { status: 'rescheduled'; from: string; to: string; bookingUid: string; host?: string; sms: SmsOutcome; say: string; next: string }
  | { status: 'unknown_booking'; validBookings: Array<{ id: string; time: string }>; next: string }
  | { status: 'not_verified'; next: string }
  | { status: 'invalid_slot'; validSlots: OfferedSlot[]; next: string }
  | { status: 'slot_taken'; time: string; next: string }
  | { status: 'already_cancelled'; time: string; next: string }
  | { status: 'moved_elsewhere'; time: string; next: string }
  | { status: 'unconfirmed'; time: string; next: string }
  | { status: 'rejected'; reason: string; next: string }
  | { status: 'disabled'; next: string }
  | { status: 'calendar_busy'; next: string }
  | { status: 'calendar_unavailable'; next: string }
>;

export const MANAGE_UNAVAILABLE_NEXT =
  'Say: "I can\'t reach the calendar right now, so nothing has changed." Offer what the fallback tools allow (a text with a booking link, or a callback); promise nothing else.';

/** `byCalCom`: the event type itself forbids it, so the confirmation email's link cannot do it either. */
export function disabled(what: string, byCalCom = false): { status: 'disabled'; next: string } {
  return byCalCom
    ? { status: 'disabled', next: `This kind of appointment cannot be ${what === 'move' ? 'moved' : 'cancelled'} once booked (a setting in the calendar). Say so, and offer to pass a message to the team.` }
    : { status: 'disabled', next: `This agent cannot ${what} bookings. Say so, and that the confirmation email has a link to do it.` };
}

export function notVerified(): Extract<ManageResult, { status: 'not_verified' }> {
  return {
    status: 'not_verified',
    next:
      'That booking is not verified as the caller\'s: it was found by an email they said, and the one-time code was not confirmed. Change nothing. ' +
      'Say: "For your security I can only change a booking from the phone number on it, or with the code I texted to that number."',
  };
}

export function unconfirmedChange(what: 'cancellation' | 'move', time: string): Extract<ManageResult, { status: 'unconfirmed' }> {
  return {
    status: 'unconfirmed',
    time,
    next:
      `The calendar has not confirmed the ${what} of the booking for ${time} yet; it may already have happened. Do NOT try anything else on it. ` +
      `Say: "The calendar is slow to confirm. I'm checking, and you'll get a text as soon as it's through." Any later tool result will say how it ended.`,
  };
}

export function cancelledResult(time: string, sms: SmsOutcome): Extract<ManageResult, { status: 'cancelled' }> {
  return {
    status: 'cancelled',
    time,
    sms,
    say: `Your appointment for ${time} is cancelled${sms.status === 'sent' ? ", and I've texted you a confirmation" : ''}.`,
    next: 'Tell the caller it is cancelled, then ask if there is anything else (e.g. a new time).',
  };
}

export function rescheduledResult(from: string, to: string, uid: string, host: string | undefined, sms: SmsOutcome): Extract<ManageResult, { status: 'rescheduled' }> {
  return {
    status: 'rescheduled',
    from,
    to,
    bookingUid: uid,
    ...(host ? { host } : {}),
    sms,
    say: `Done: your appointment is moved from ${from} to ${to}${sms.status === 'sent' ? ", and I've texted you the new time" : ''}.`,
    next: 'Confirm the new time aloud, then ask if there is anything else.',
  };
}

export function manageUpdate(kind: 'cancelled' | 'rescheduled' | 'not_changed', time: string, to?: string): ManageUpdate {
  if (kind === 'cancelled') return { status: 'cancelled_after_all', say: `An update: your appointment for ${time} is now cancelled.` };
  if (kind === 'rescheduled') return { status: 'rescheduled_after_all', say: `An update: your appointment is now moved to ${to}.` };
  return { status: 'not_changed_after_all', say: `I'm sorry: the change to your appointment for ${time} did not go through; it is unchanged. Shall I try again?` };
}
