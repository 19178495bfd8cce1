// Which upcoming bookings of an action are the caller's, and what proves it: the number they call from, an email
// the platform vouches for, or a one-time code texted to the phone on a booking found by an email they only said.
import type { Logger } from 'pino';
import type { Temporal } from 'temporal-polyfill';
import type { CalComClient } from '../calcom/client.js';
import type { Booking } from '../calcom/schemas.js';
import { redactPhone, toE164 } from '../sms/phone.js';
import type { SmsSender } from '../sms/sender.js';
import { normaliseSpokenEmail } from './email.js';
import type { CallContext } from './call-context.js';
import type { FindResult, Verification } from './manage-results.js';
import type { ResolvedAction } from './resolve.js';
import { CODE_TRIES, OneTimeCode } from './verify-code.js';

type Lister = Pick<CalComClient, 'listBookings'>;

const PAGE = 100;

/** The one answer to a said email, whether a booking, a phone, a code or nothing was there. */
const CODE_SENT_IF_FOUND: Verification = {
  status: 'code_sent',
  next:
    'For a booking under that email that is not listed, a 6-digit code was texted to the phone number on it, if it has one. Never say whether a booking exists under that email. ' +
    'Say: "If there is a booking under that email, I\'ve texted a code to the phone number on it. Please read it to me when it arrives." Then call this tool with code. ' +
    'If no code arrives, say the confirmation email has links to change the booking.',
};

/** The caller's upcoming bookings of the action's event type under one email (Cal.com filters them). */
export async function upcomingByEmail(calendar: Lister, action: ResolvedAction, email: string, now: Temporal.Instant): Promise<Booking[]> {
  const byUid = new Map<string, Booking>();
  for (const variant of spellings(email))
    for (const b of await calendar.listBookings({ attendeeEmail: variant, eventTypeId: action.eventType.id, afterStart: now.toString(), status: ['upcoming', 'unconfirmed'], take: PAGE }))
      byUid.set(b.uid, b);
  return [...byUid.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * Cal.com matches an email exactly, and a booking made on its web form keeps the case it was typed in: an address
 * is asked for as given and in lower case (as this plugin books).
 */
function spellings(email: string): string[] {
  return [...new Set([email.trim(), email.trim().toLowerCase()])];
}

/**
 * The booking flow's `existingBooking` hook: the caller's next upcoming booking of the action's event type under
 * `email`. A GET is safe to repeat, so a failed lookup (a garbled answer is not retried by the client) is tried up
 * to twice more; only then does it give up, and the booking goes ahead.
 */
export function existingBookingGuard(calendar: Lister, action: ResolvedAction, now: () => Temporal.Instant): (email: string) => Promise<Booking | undefined> {
  return async (email) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await upcomingByEmail(calendar, action, email, now()))[0];
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  };
}

export interface CallerBookingsOptions {
  calendar: Lister;
  action: ResolvedAction;
  call: CallContext;
  sms?: SmsSender;
  now: () => Temporal.Instant;
  clock: () => number;
  logger?: Logger;
  /** Pages of 100 read when looking for bookings by phone, which Cal.com cannot filter on. */
  maxPhonePages: number;
  /** Called once per Cal.com request, for the bench's request counts. */
  counted: () => void;
}

export class CallerBookings {
  readonly #o: CallerBookingsOptions;
  #pendingEmail: string | null = null;
  #code: OneTimeCode | null = null;
  /** Codes texted per phone in this call: a said email must not become a way to text a stranger again and again. */
  readonly #codesSent = new Map<string, number>();
  /** Tries answered when no code exists, counted down like a real code's. */
  #phantomTries = CODE_TRIES;

  constructor(o: CallerBookingsOptions) {
    this.#o = o;
  }

  get callerPhone(): string | undefined {
    const raw = this.#o.call.callerPhone;
    return raw ? (toE164(raw, this.#o.action.config.locale.split('-')[1] as Parameters<typeof toE164>[1]) ?? undefined) : undefined;
  }

  /** Emails the platform vouches for (the context API, the contact found by the caller's number), as given. */
  get #trustedEmails(): string[] {
    const c = this.#o.call;
    const raw = c.dynamicContext?.['cal_email'];
    const ctx = typeof raw === 'string' ? raw.trim() : undefined;
    // An email the caller's own client set vouches for nothing, nor does a contact made from it.
    const fromClient = (e: string) => c.contextEmailFromClient === true && e.toLowerCase() === ctx?.toLowerCase();
    return [ctx, c.contact?.email?.trim()].filter((e): e is string => !!e && !fromClient(e));
  }

  phoneOf(b: Booking): string | undefined {
    const country = this.#o.action.config.locale.split('-')[1] as Parameters<typeof toE164>[1];
    for (const a of b.attendees) if (a.phoneNumber) return toE164(a.phoneNumber, country) ?? undefined;
    return undefined;
  }

  /** Shown to be the caller's by who they are: the number they call from (if trusted), or a vouched-for email. */
  verified(b: Booking): boolean {
    const phone = this.callerPhone;
    const byCallerId = this.#o.action.config.manage.trustCallerId && phone !== undefined && this.phoneOf(b) === phone;
    return byCallerId || b.attendees.some((a) => this.trusts(a.email));
  }

  /** An email the caller said, once read back and confirmed; until then, the answer that asks for that. */
  spokenEmail(input: { email?: string; emailConfirmed?: boolean }): { email?: string } | FindResult {
    if (!input.email?.trim()) return {};
    const n = normaliseSpokenEmail(input.email);
    if (!n.ok) return { status: 'invalid_email', problem: n.problem, next: `Say: "${n.reprompt}"` };
    if (!input.emailConfirmed || this.#pendingEmail !== n.email) {
      this.#pendingEmail = n.email;
      return {
        status: 'confirm_email',
        email: n.email,
        readBack: n.readBack,
        next: `Read the email back: "${n.readBack}". If the caller says it is right, call this tool again with this email and emailConfirmed: true.`,
      };
    }
    return { email: n.email };
  }

  /**
   * The caller's upcoming bookings by the number they call from, the vouched-for emails and `spoken`; null when
   * nothing identifies the caller. Cal.com filters by email; by phone it cannot, so the event type's upcoming
   * bookings are read a bounded number of pages (`cutShort` when that bound was reached).
   */
  async lookup(spoken: string | undefined, signal?: AbortSignal): Promise<{ list: Booking[]; cutShort: boolean } | null> {
    const phone = this.callerPhone;
    const emails = [...new Set([...this.#trustedEmails, ...(spoken ? [spoken] : [])].flatMap(spellings))];
    if (!phone && emails.length === 0) return null;
    const { calendar, action } = this.#o;
    const now = this.#o.now();
    const byUid = new Map<string, Booking>();
    const o = signal ? { signal } : undefined;
    for (const email of emails) {
      this.#o.counted();
      for (const b of await calendar.listBookings({ attendeeEmail: email, eventTypeId: action.eventType.id, afterStart: now.toString(), status: ['upcoming', 'unconfirmed'], take: PAGE }, o)) byUid.set(b.uid, b);
    }
    // Pages by start time, not by skip: Cal.com orders by start alone, so bookings sharing a start can swap places
    // between two skip pages and be missed. Each page starts at the last one's latest start (`afterStart` is
    // inclusive there), and the overlap is dropped by uid.
    let cutShort = false;
    if (phone) {
      let from = now.toString();
      for (let page = 0; page < this.#o.maxPhonePages; page++) {
        this.#o.counted();
        const list = await calendar.listBookings({ eventTypeId: action.eventType.id, afterStart: from, status: ['upcoming', 'unconfirmed'], sortStart: 'asc', take: PAGE }, o);
        for (const b of list) if (this.phoneOf(b) === phone) byUid.set(b.uid, b);
        if (list.length < PAGE) break;
        const last = list.reduce((m, b) => (Date.parse(b.start) > Date.parse(m) ? b.start : m), from);
        // A whole page on one start cannot move the cursor: say the search stopped short.
        cutShort = page === this.#o.maxPhonePages - 1 || Date.parse(last) === Date.parse(from);
        if (cutShort) break;
        from = last;
      }
    }
    const list = [...byUid.values()].filter((b) => b.status === 'accepted' || b.status === 'pending').sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    return { list, cutShort };
  }

  /** Whether an email is one the platform vouches for: bookings under it need no code. */
  trusts(email: string): boolean {
    return this.#trustedEmails.some((t) => t.toLowerCase() === email.trim().toLowerCase());
  }

  /**
   * Texts a code to `phone` (the phone on a booking found by a said email, if there is one), within the per-call
   * bounds, and answers the same whatever happened: whether a booking exists under an email, and where its phone
   * is, are not for whoever says the email (a clinic's patient list is not to be probed by phone).
   */
  async sendCode(phone: string | undefined): Promise<Verification> {
    const now = this.#o.clock();
    // One code per phone while it is live; one more only after it lapsed unspent; none once its tries are spent.
    const mine = this.#code?.phone === phone ? this.#code : null;
    const live = mine?.live(now) ?? false;
    const sent = phone ? (this.#codesSent.get(phone) ?? 0) : 0;
    const spent = mine?.triesLeft === 0;
    if (phone && this.#o.sms && !live && sent < 2 && !spent) {
      this.#codesSent.set(phone, sent + 1);
      const code = (this.#code = new OneTimeCode(phone, now));
      try {
        await this.#o.sms.send({ to: phone, body: `Your code to manage your booking: ${code.text}. If you did not ask for it, ignore this text.` });
      } catch (err) {
        this.#o.logger?.warn({ to: redactPhone(phone), reason: err instanceof Error ? err.message : String(err) }, 'verification code SMS failed');
        if (this.#code === code) this.#code = null;
      }
    }
    return CODE_SENT_IF_FOUND;
  }

  /** The phone whose bookings the code unlocks, or the answer why not. */
  checkCode(said: string): { phone: string } | FindResult {
    const code = this.#code;
    // Without a code the answer is a wrong code all the same, with tries counted down: "no code was sent" would
    // tell the caller there was no booking under the email they said.
    const ok = code ? code.check(said, this.#o.clock()) : false;
    if (ok) return { phone: code!.phone };
    const triesLeft = code ? code.triesLeft : (this.#phantomTries = Math.max(0, this.#phantomTries - 1));
    return {
      status: 'wrong_code',
      triesLeft,
      next: triesLeft > 0 ? 'That code is not right. Ask the caller to read it again.' : 'No tries left. Say you cannot change that booking by phone; the confirmation email has links to change it.',
    };
  }
}
