// Who a booking is made for, asking the caller as little as possible: the email by priority (the platform's, the
// contact's, the action's fallback, one the caller says and confirms), else their phone where the event type books
// by phone; each value the caller says is read back before use, and each question is asked at most twice.
import { DEFAULT_ATTENDEE_CONTACT } from '../calcom/booking-fields.js';
import { spokenDigits } from '../sms/phone.js';
import { attendeePhone, type Attendee } from './booking-body.js';
import type { CallContext } from './call-context.js';
import { normaliseSpokenEmail, resolveEmail } from './email.js';
import type { ResolvedAction } from './resolve.js';
import { NEED_EMAIL_AGAIN_NEXT, NEED_EMAIL_NEXT, needPhone, type BookResult } from './results.js';

/** What the booking tool was told of the caller's contact details (a part of the flow's BookInput). */
export interface ContactInput {
  email?: string;
  emailConfirmed?: boolean;
  noEmail?: boolean;
  phone?: string;
  phoneConfirmed?: boolean;
}

/** `shared`: the action's fallbackEmail, the business's own inbox, not the caller's. */
export type Contact = { email: string; shared?: true } | { phone: string };

/** The contact an attempt's attendee was booked with (a retry books the same). */
export function contactOf(a: Attendee): Contact {
  return a.email !== undefined ? { email: a.email, ...(a.shared ? { shared: true as const } : {}) } : { phone: a.phone! };
}

/** A question for the caller; the flow holds the slot while it is asked. */
type Ask = { ask: Extract<BookResult, { held: boolean }> };
/** Booking by voice cannot go on without what is missing: the flow offers the configured fallbacks. */
type GiveUp = { giveUp: 'email' | 'phone' };

export class CallerContact {
  readonly #action: ResolvedAction;
  readonly #call: CallContext;
  /** Shared by the call's flows: "no email" said once holds for every action. */
  readonly #said: { noEmail: boolean };
  #pendingEmail: string | null = null;
  #pendingPhone: string | null = null;
  #emailAsks = 0;
  #phoneAsks = 0;

  constructor(action: ResolvedAction, call: CallContext, said: { noEmail: boolean } = { noEmail: false }) {
    this.#action = action;
    this.#call = call;
    this.#said = said;
  }

  get #rules() {
    return this.#action.eventType.contact ?? DEFAULT_ATTENDEE_CONTACT;
  }

  /**
   * Who to book, by priority: `cal_email` → the contact's email → `fallbackEmail` → an email the caller gives (read
   * back first) → for a caller with no email, their phone where the event type takes a phone-only attendee;
   * otherwise give up, never asking the same question again.
   */
  contact(input: ContactInput): Contact | Ask | GiveUp {
    // Cal.com drops any email on an event type whose email field is hidden beside a shown phone field, and files the
    // booking under the phone: booked with the phone alone from the start, so keys and lookups find it.
    if (this.#rules.emailHidden) return this.#phoneOnly(input);
    const known = resolveEmail({ dynamicContext: this.#call.dynamicContext, contact: this.#call.contact ?? null, fallbackEmail: this.#action.config.fallbackEmail ?? null });
    if ('email' in known && !input.email) return { email: known.email, ...(known.source === 'fallback' ? { shared: true as const } : {}) };
    if (input.email?.trim()) return this.#callerEmail(input);
    // A model that calls a third time without an email or noEmail, after asking twice, has no email to give: the loop
    // ends here rather than asking the caller again and again.
    if (input.noEmail || this.#emailAsks >= 2) this.#said.noEmail = true;
    if (!this.#said.noEmail) {
      this.#emailAsks++;
      return { ask: { status: 'need_email', held: false, next: this.#emailAsks > 1 ? NEED_EMAIL_AGAIN_NEXT : NEED_EMAIL_NEXT } };
    }
    if (this.#rules.phoneOnly) return this.#phoneOnly(input);
    return { giveUp: 'email' };
  }

  /**
   * The number to book and text with: one the caller said, read back first (a misheard digit would book under, and
   * text the details to, a stranger's number), else the number they call from. A said number that does not read as
   * one is asked for again where the event type needs a phone, never silently swapped for the caller ID.
   */
  phone(input: ContactInput): { phone?: string } | Ask | GiveUp {
    const own = attendeePhone(this.#action, this.#call.callerPhone);
    const required = this.#rules.phoneRequired;
    if (!input.phone?.trim()) return own ? { phone: own } : required ? this.#askPhone() : {};
    const given = attendeePhone(this.#action, input.phone);
    if (!given) return required ? this.#askPhone('the number given is not one a text or call can reach') : {};
    if (given === own || (input.phoneConfirmed && this.#pendingPhone === given)) return { phone: given };
    this.#pendingPhone = given;
    const readBack = spokenDigits(given, this.#action.config.locale);
    return {
      ask: {
        status: 'confirm_phone',
        readBack,
        held: false,
        next: `Read the number back: "${readBack}". If the caller says it is right, call the booking tool again with the same slotId, this phone and phoneConfirmed: true; if not, ask again.`,
      },
    };
  }

  #phoneOnly(input: ContactInput): Contact | Ask | GiveUp {
    const p = this.phone(input);
    if ('ask' in p || 'giveUp' in p) return p;
    return p.phone ? { phone: p.phone } : this.#askPhone();
  }

  /** Asks for a number at most twice; after that, give up, as for a caller with no email. */
  #askPhone(problem?: string): Ask | GiveUp {
    return ++this.#phoneAsks > 2 ? { giveUp: 'phone' } : { ask: needPhone(problem) };
  }

  /** An email the caller said: normalised, read back, and used only once they confirmed that same address. */
  #callerEmail(input: ContactInput): Contact | Ask {
    const n = normaliseSpokenEmail(input.email!);
    if (!n.ok) return { ask: { status: 'invalid_email', problem: n.problem, held: false, next: `Say: "${n.reprompt}"` } };
    if (!input.emailConfirmed || this.#pendingEmail !== n.email) {
      this.#pendingEmail = n.email;
      return {
        ask: {
          status: 'confirm_email',
          email: n.email,
          readBack: n.readBack,
          held: false,
          next: `Read the email back: "${n.readBack}". If the caller says it is right, call the booking tool again with the same slotId, this email and emailConfirmed: true; if not, ask again.`,
        },
      };
    }
    return { email: n.email };
  }
}
