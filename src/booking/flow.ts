// The grounded booking flow for one action in one call: offers slots with short ids, books only an offered id, and
// keeps each pick's life (src/booking/attempt.ts) so that nobody is booked twice, told a wrong outcome, or blocked
// by a hold we forgot. This file stays whole past 300 lines: it is the one place that applies the call's rules
// (offers, change of mind, the per-call cap) to the attempts; who a booking is for (email, phone, the questions to
// learn them) lives in caller-contact.ts, sending in sender.ts, texts in results.ts.
import type { Logger } from 'pino';
import { Temporal } from 'temporal-polyfill';
import type { CalComClient } from '../calcom/client.js';
import { CalComSlotUnavailableError, CalComValidationError, isCalComError } from '../calcom/errors.js';
import type { Booking } from '../calcom/schemas.js';
import { redactPhone } from '../sms/phone.js';
import type { SmsSender } from '../sms/sender.js';
import { renderSmsTemplate } from '../sms/template.js';
import { Attempt, type AttemptKind, type AttemptState, type Hold } from './attempt.js';
import { phonePlaceholderEmail } from '../calcom/booking-fields.js';
import { attendeeIdentity, attendeePhone, bookingBody, idempotencyKey, type Attendee } from './booking-body.js';
import { fallbackOffers } from './fallbacks.js';
import { hostNames, spokenHostList } from './hosts.js';
import type { CallContext } from './call-context.js';
import { resolveCallerWords } from './caller-words.js';
import { CallerContact, contactOf } from './caller-contact.js';
import { chooseOffer, nearestNext, nearestOffers, slotsQueryRange, type ChosenSlot, type OfferRules } from './offers.js';
import type { Preference } from './preference.js';
import type { ResolvedAction } from './resolve.js';
import {
  alreadyBooked,
  bookingPending,
  hasUpcomingBooking,
  calendarBusy,
  calendarUnavailable,
  lateUpdate,
  noEmail,
  rejected,
  UNAVAILABLE_NEXT,
  unconfirmed,
  type BookResult,
  type ConfirmationWay,
  type OfferedSlot,
  type SlotsResult,
  type SmsOutcome,
  type Update,
} from './results.js';
import { AttemptSender, errName } from './sender.js';
import { smsValues } from './sms-values.js';
import { speakSlot } from './spoken.js';

export { calendarUnavailable, unconfirmed, idempotencyKey };
export type { BookResult, OfferedSlot, SlotsResult, SmsOutcome, Update };

/** The Cal.com calls the flow makes; `CalComClient` fits, and so does a fake. */
export type CalendarApi = Pick<CalComClient, 'getSlots' | 'reserveSlot' | 'deleteReservation' | 'createBooking' | 'listBookings'>;

export interface FlowOptions {
  calendar: CalendarApi;
  action: ResolvedAction;
  call: CallContext;
  /** How confirmations are texted; without one, SMS is reported as unavailable. */
  sms?: SmsSender;
  now?: () => Temporal.Instant;
  logger?: Logger;
  /** How long fetched slots are reused (a prefetch at call start makes the first offer instant). */
  slotsCacheMs?: number;
  /** Minutes a slot is held while the caller gives their details. */
  holdMinutes?: number;
  /**
   * How long after it was sent a booking POST may still commit in Cal.com (default 60 s). Until then it is never
   * sent again; an unanswered one is looked up instead, in the background for as long as that takes.
   */
  commitWindowMs?: number;
  /** How long to wait for a booking POST's answer before looking it up alongside (default 3 s). */
  reconcileAfterMs?: number;
  /** Pauses between lookups of a booking whose answer was lost; the last repeats (default 0.5, 1, 2, 4, 8 s). */
  lookupBackoffMs?: readonly number[];
  /** Monotonic milliseconds for those windows (default Date.now); `now` is the calendar's clock and may be pinned. */
  clock?: () => number;
  /** How long a booking call waits for an outcome before answering `unconfirmed` (default 10 s). */
  patienceMs?: number;
  /**
   * The caller's upcoming booking of this event type under `email`, if any (src/booking/manage.ts). A new booking
   * beside it needs `anotherBooking`: a model asked to move an appointment must reschedule, not book anew.
   */
  existingBooking?: (email: string) => Promise<{ start: string } | undefined>;
  /**
   * What the caller said once for the whole call, shared by the call's flows (one per action): "no email" is not
   * asked again when they book a second kind of appointment. Default: this flow's own.
   */
  callerSaid?: { noEmail: boolean };
}

export interface BookInput {
  slotId: string;
  name: string;
  /** As the caller said it; spoken forms are fine ("jo dot smith at gmail dot com"). */
  email?: string;
  /** True only after the agent read the email back and the caller said it is right. */
  emailConfirmed?: boolean;
  /** True once the number the caller said was read back and they said it is right. */
  phoneConfirmed?: boolean;
  /**
   * The caller said they have no email. Remembered for the rest of the call: they are never asked again; they are
   * booked with their phone where the event type allows it, else told the fallbacks.
   */
  noEmail?: boolean;
  phone?: string;
  notes?: string;
  /** The caller explicitly asked for an additional, separate appointment in this call. */
  anotherBooking?: boolean;
}

function isAbort(err: unknown): boolean {
  return (isCalComError(err) && err.name === 'CalComAbortError') || (err instanceof Error && err.name === 'AbortError');
}

/** Waits for `p`, or throws an AbortError when `signal` fires first; `p` itself carries on. */
function unlessAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { name: 'AbortError' }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('The tool call was cancelled'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

export class BookingFlow {
  readonly #o: Required<Pick<FlowOptions, 'now' | 'slotsCacheMs' | 'holdMinutes' | 'clock' | 'patienceMs'>> & FlowOptions;
  readonly #sender: AttemptSender;
  #offer = new Map<string, ChosenSlot>();
  #nextId = 1;
  #lastPreference: Preference = {};
  #cache: { at: number; key: string; slots: Awaited<ReturnType<CalendarApi['getSlots']>> } | null = null;
  /** Every pick of this call, by slot start: a pick of the same time again is the same attempt. */
  readonly #attempts = new Map<string, Attempt>();
  /** Who a booking is for, and the questions asked to learn it. */
  readonly #who: CallerContact;
  /** SMS per booked attempt, sent once whichever path learns of the booking first. */
  readonly #sms = new WeakMap<Attempt, Promise<SmsOutcome>>();
  /** Work that outlives a tool call: POSTs, lookups, releases, late SMS. */
  readonly #background = new Set<Promise<unknown>>();
  /**
   * Slots whose reservation answer was lost, until when that unnamed reservation may live. Reserving such a slot
   * again would be refused because of our own hold, so it is not tried: the lost hold guards the slot anyway.
   */
  readonly #lostHolds = new Map<string, number>();
  requestCount = 0;

  constructor(o: FlowOptions) {
    this.#o = { now: () => Temporal.Now.instant(), slotsCacheMs: 60_000, holdMinutes: 10, clock: Date.now, patienceMs: 10_000, ...o };
    this.#who = new CallerContact(o.action, o.call, o.callerSaid);
    this.#sender = new AttemptSender({
      calendar: o.calendar,
      commitWindowMs: o.commitWindowMs ?? 60_000,
      reconcileAfterMs: o.reconcileAfterMs ?? 3_000,
      lookupBackoffMs: o.lookupBackoffMs ?? [500, 1_000, 2_000, 4_000, 8_000],
      clock: this.#o.clock,
      ...(o.logger ? { logger: o.logger } : {}),
      counted: () => void this.requestCount++,
    });
  }

  get action(): ResolvedAction {
    return this.#o.action;
  }

  /** Each pick's state, for logs, tests and the chaos run. */
  attemptStates(): Array<{ start: string; state: AttemptKind; hold: Hold['status'] | null; posts: number }> {
    return [...this.#attempts.values()].map((a) => ({ start: a.slot.start, state: a.state.kind, hold: a.hold?.status ?? null, posts: a.posts }));
  }

  #rules(): OfferRules {
    const c = this.#o.action.config;
    return {
      timeZone: this.#o.action.timeZone,
      daysAhead: c.daysAhead,
      slotsPerDay: c.slotsPerDay,
      minSpacingMinutes: c.minSpacingMinutes,
      ...(c.earliestDate ? { earliestDate: c.earliestDate } : {}),
      minimumNoticeMinutes: this.#o.action.eventType.minimumBookingNotice,
    };
  }

  #speak(start: string): string {
    const { action, call } = this.#o;
    return speakSlot(start, {
      now: this.#o.now(),
      timeZone: action.timeZone,
      locale: action.config.locale,
      ...(call.callerTimeZone ? { callerTimeZone: call.callerTimeZone } : {}),
    });
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#background.add(p);
    void p.finally(() => this.#background.delete(p)).catch(() => {});
    return p;
  }

  async #fetchSlots(preference: Preference, signal?: AbortSignal, fresh = false) {
    const now = this.#o.now();
    // The range covers the look-ahead window, moved or cut by the caller's dates; none left means nothing to ask.
    const range = slotsQueryRange(now, this.#rules(), preference);
    if (!range) return [];
    const key = `${range.start.slice(0, 13)}|${range.end}`;
    const age = now.epochMilliseconds - (this.#cache?.at ?? -Infinity);
    if (!fresh && this.#cache?.key === key && age < this.#o.slotsCacheMs) return this.#cache.slots;
    this.requestCount++;
    const slots = await this.#o.calendar.getSlots(
      { eventTypeId: this.#o.action.eventType.id, start: range.start, end: range.end, timeZone: this.#o.action.timeZone },
      signal ? { signal } : undefined,
    );
    this.#cache = { at: now.epochMilliseconds, key, slots };
    return slots;
  }

  #publish(chosen: ChosenSlot[]): OfferedSlot[] {
    this.#offer = new Map(chosen.map((c) => [`t${this.#nextId++}`, c]));
    return [...this.#offer].map(([id, c]) => ({ id, time: this.#speak(c.start) }));
  }

  /** The offered slot behind `slotId` in the latest offer (a reschedule may move a booking only there). */
  offered(slotId: string): ChosenSlot | undefined {
    return this.#offer.get(slotId);
  }

  /** The latest offer with exact instants, for previews and logs (never for the caller's ears). */
  describeOffer(): Array<OfferedSlot & { start: string; local: string; timeZone: string }> {
    const zone = this.#o.action.timeZone;
    return [...this.#offer].map(([id, c]) => ({
      id,
      time: this.#speak(c.start),
      start: c.start,
      local: Temporal.Instant.from(c.start).toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', smallestUnit: 'minute' }),
      timeZone: zone,
    }));
  }

  #current(): OfferedSlot[] {
    return [...this.#offer].map(([id, c]) => ({ id, time: this.#speak(c.start) }));
  }

  /** Warms the slots cache at call start, so the first offer needs no round trip. Never throws. */
  async prefetch(signal?: AbortSignal): Promise<void> {
    await this.#fetchSlots({}, signal).catch((err: unknown) => this.#o.logger?.warn({ err: errName(err) }, 'slot prefetch failed'));
  }

  /** Offers slots; `preference` is the caller's own words ("Thursday afternoon", "after 3"), resolved here in code. */
  async getAvailableSlots(input: { preference?: string } = {}, signal?: AbortSignal): Promise<SlotsResult> {
    // Asking for times again means the caller moved on from their pick: its hold goes before anything else.
    this.#letGo();
    return this.#withUpdate(await this.#slots(input, signal));
  }

  async #slots(input: { preference?: string }, signal?: AbortSignal): Promise<SlotsResult> {
    let preference: Preference = {};
    let understood: string | undefined;
    if (input.preference?.trim()) {
      const r = resolveCallerWords(input.preference, { now: this.#o.now(), timeZone: this.#o.action.timeZone, locale: this.#o.action.config.locale });
      if (!r.ok)
        return { status: 'not_understood', problem: r.problem, next: 'Ask the caller which day or time suits them, then call again with their words.' };
      preference = r.preference;
      understood = r.understood;
    }
    this.#lastPreference = preference;
    let raw;
    try {
      raw = await this.#fetchSlots(preference, signal);
    } catch (err) {
      if (isAbort(err)) throw err;
      this.#o.logger?.warn({ err: errName(err) }, 'get slots failed');
      return calendarUnavailable();
    }
    const chosen = chooseOffer(raw, this.#o.now(), this.#rules(), preference);
    const nearest = chosen.length === 0 ? nearestOffers(raw, this.#o.now(), this.#rules(), preference) : [];
    const slots = this.#publish(chosen.length ? chosen : nearest);
    const u = understood ? { understood } : {};
    if (nearest.length)
      return { status: 'available', timeZone: this.#o.action.timeZone, slots, ...u, next: nearestNext(understood ?? '', slots) };
    if (slots.length === 0)
      return {
        status: 'no_availability',
        ...u,
        next: understood
          ? `Nothing is open for ${understood}. Ask whether another day or time works and call again with their words.`
          : `Nothing is open in the next ${this.#o.action.config.daysAhead} day(s). Ask whether a later day works and call again with their words (e.g. "next week").`,
      };
    return {
      status: 'available',
      timeZone: this.#o.action.timeZone,
      slots,
      ...u,
      next: 'Offer these times in your own words (two or three at a time). When the caller picks one, call the booking tool with its id.',
    };
  }

  /** Releases every hold (hang-up); attempts whose outcome is open keep reconciling in the background. Never throws. */
  async releaseHold(): Promise<void> {
    await Promise.all(this.#letGo());
  }

  /** Resolves when no background work (a POST, lookups, a release, a late SMS) is left. */
  async idle(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  /**
   * Picks that are no longer the caller's choice (all but `keep`) are dropped and their holds released. Attempts
   * whose outcome is open, booked, or not yet told stay.
   */
  #letGo(keep?: string): Array<Promise<void>> {
    const releases: Array<Promise<void>> = [];
    for (const [start, a] of this.#attempts) {
      // An attempt in flight keeps its hold until its outcome (#settle): the POST may carry the hold's uid.
      if (start === keep || a.open) continue;
      if (a.hold) releases.push(this.#release(a.hold));
      if (a.state.kind === 'booked' || (!a.told && a.attendee)) continue;
      a.move({ kind: 'dropped' });
      this.#attempts.delete(start);
    }
    return releases;
  }

  /** Deletes a hold we can name; one still on its way is deleted when it lands. Never throws. */
  #release(hold: Hold): Promise<void> {
    hold.wanted = false;
    if (hold.status !== 'live' || !hold.uid) return Promise.resolve();
    hold.status = 'released';
    const uid = hold.uid;
    // A DELETE is safe to repeat (Cal.com answers 200 for a uid already gone), so a failed one is tried a few more
    // times in the background rather than left to block the slot for others until it lapses.
    const release = async () => {
      for (const pause of [0, ...this.#sender.backoff]) {
        if (pause) await new Promise((r) => setTimeout(r, pause));
        this.requestCount++;
        try {
          return await this.#o.calendar.deleteReservation(uid);
        } catch (err) {
          this.#o.logger?.warn({ err: errName(err) }, 'releasing a hold failed; trying again');
        }
      }
      this.#o.logger?.warn('releasing a hold failed; it lapses on its own');
    };
    return this.#track(release());
  }

  /** Holds the slot while details are collected: best effort, detached from the tool call so no answer is orphaned. */
  async #hold(a: Attempt, signal?: AbortSignal): Promise<'held' | 'not_held' | 'taken'> {
    const now = this.#o.now().epochMilliseconds;
    if ((this.#lostHolds.get(a.slot.start) ?? 0) > now) return 'not_held';
    const h = a.hold;
    if (!h || h.status === 'released' || (h.status !== 'taken' && h.until <= now + 30_000)) {
      const hold: Hold = { status: 'reserving', until: now + this.#o.holdMinutes * 60_000, wanted: true, reserved: Promise.resolve() };
      this.requestCount++;
      hold.reserved = this.#track(
        this.#o.calendar
          // As long as a booking POST may take: an answer given up on early would orphan a hold nobody can name.
          .reserveSlot(
            { eventTypeId: this.#o.action.eventType.id, slotStart: a.slot.start, reservationDuration: this.#o.holdMinutes },
            { timeoutMs: this.#o.commitWindowMs ?? 60_000 },
          )
          .then(
            (r) => {
              Object.assign(hold, { status: 'live', uid: r.reservationUid, until: Date.parse(r.reservationUntil) });
              // The caller moved on while the reservation was on its way.
              if (!hold.wanted) this.#release(hold);
            },
            (err: unknown) => {
              const taken = err instanceof CalComSlotUnavailableError || (err instanceof CalComValidationError && err.status === 422);
              // A lost answer may have left a reservation we cannot name: it only hides the slot from others until
              // it lapses, since a booking without its uid ignores holds.
              hold.status = taken ? 'taken' : 'lost';
              if (taken) return;
              hold.until = this.#o.now().epochMilliseconds + this.#o.holdMinutes * 60_000;
              this.#lostHolds.set(a.slot.start, hold.until);
              this.#o.logger?.warn({ err: errName(err) }, 'could not hold the slot; continuing without a hold');
            },
          ),
      );
      a.hold = hold;
    }
    // The caller need not wait for a slow reservation: past the patience it goes on in the background.
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#o.reconcileAfterMs ?? 3_000)));
    await unlessAborted(Promise.race([a.hold!.reserved, patience]), signal).finally(() => clearTimeout(timer));
    return a.hold!.status === 'taken' ? 'taken' : a.hold!.status === 'live' ? 'held' : 'not_held';
  }

  async book(input: BookInput, signal?: AbortSignal): Promise<BookResult> {
    return this.#withUpdate(await this.#book(input, signal));
  }

  async #book(input: BookInput, signal?: AbortSignal): Promise<BookResult> {
    const slotId = input.slotId.trim();
    const slot = this.#offer.get(slotId);
    if (!slot)
      return {
        status: 'invalid_slot',
        validSlots: this.#current(),
        next:
          this.#offer.size > 0
            ? 'That id is not one of the times offered. Use one of validSlots, or call the slots tool again if the caller wants something else. Never invent a time.'
            : 'No times have been offered yet in this call. Call the slots tool first.',
      };
    const existing = this.#attempts.get(slot.start);
    if (existing?.state.kind === 'booked' || existing?.open) return this.#outcome(existing, signal, true);
    const blocked = this.#otherBookings(slot, input.anotherBooking === true);
    if (blocked) return blocked;
    this.#letGo(slot.start);
    let a = this.#attempts.get(slot.start);
    if (!a) this.#attempts.set(slot.start, (a = new Attempt(slot, (from, to) => this.#logMove(a!, from, to))));
    // What this call saw: if the attempt moves while it waits (a concurrent call for the same pick sent it, and it
    // may even have been refused already), this call answers with that outcome and never sends it again.
    const seen = a.state;
    // A pick already sent keeps its attendee: a retry is the same booking, recognisable by the same key.
    const who = a.attendee ? contactOf(a.attendee) : await this.#step(this.#who.contact(input), a, signal);
    if ('status' in who) return who;
    const name = input.name.trim();
    if (!name) return this.#holdThen(a, signal, { status: 'need_name', held: false, next: "Ask for the caller's name, then call the booking tool again." });
    // The number to text, read back if the caller said one; Cal.com refuses a booking without a phone where the event
    // type requires one, so it is asked for before sending.
    const given = a.attendee ? { phone: a.attendee.phone } : 'phone' in who ? { phone: who.phone } : await this.#step(this.#who.phone(input), a, signal);
    if ('status' in given) return given;
    const phone = given.phone;
    // The attendee is fixed by the first POST: a retry is the same booking, recognisable by the same key.
    // A concurrent call for the same pick may have sent it while this one waited: it is then the same booking.
    if (a.state !== seen || !this.#attempts.has(slot.start)) return this.#outcome(a, signal, false);
    // A shared fallback address holds other callers' bookings: it says nothing about this caller's.
    if (!a.attendee && !input.anotherBooking && this.#o.existingBooking && !('shared' in who)) {
      // A lookup that fails never blocks a booking: this guards against a model's mistake, not a fault.
      // A phone-only caller's bookings are filed under the placeholder email Cal.com builds from the phone.
      const prior = await unlessAborted(this.#o.existingBooking('email' in who ? who.email : phonePlaceholderEmail(who.phone)).catch(() => undefined), signal);
      if (prior) return hasUpcomingBooking(this.#speak(prior.start));
      // A concurrent call for the same pick may have sent it while this one looked.
      if ((a.state as AttemptState) !== seen || !this.#attempts.has(slot.start)) return this.#outcome(a, signal, false);
    }
    a.attendee ??= {
      name,
      ...('email' in who ? { email: who.email, ...(phone ? { phone } : {}), ...(who.shared ? { shared: true as const } : {}) } : { phone: who.phone }),
      ...(input.notes ? { notes: input.notes } : {}),
    };
    a.key ??= idempotencyKey(this.#o.call.callId, this.#o.action.eventType.id, slot.start, attendeeIdentity(a.attendee));
    this.#launch(a);
    return this.#outcome(a, signal, false);
  }

  /** Another pick while this call already has a booking (or one being confirmed) is refused unless clearly wanted. */
  #otherBookings(slot: ChosenSlot, another: boolean): BookResult | null {
    const others = [...this.#attempts.values()].filter((x) => x.slot.start !== slot.start);
    const pending = others.find((x) => x.open);
    if (pending) return bookingPending(this.#speak(pending.slot.start));
    const booked = others.filter((x) => x.state.kind === 'booked');
    if (booked.length === 0) return null;
    const time = this.#speak(booked[booked.length - 1]!.slot.start);
    if (booked.length >= this.#o.action.config.maxBookingsPerCall) return alreadyBooked(time, false);
    return another ? null : alreadyBooked(time, true);
  }

  /** Sends the attempt's POST in the background, where it runs to its outcome whatever happens to the tool call. */
  #launch(a: Attempt): void {
    this.#track(this.#sender.send(a, this.#body(a)).then(() => this.#settle(a)));
  }

  #body(a: Attempt) {
    const { action, call } = this.#o;
    const hold = a.hold?.status === 'live' && a.hold.until > this.#o.now().epochMilliseconds ? a.hold.uid : undefined;
    const phone = attendeePhone(action, a.attendee!.phone, call.callerPhone);
    return bookingBody({
      action,
      callId: call.callId,
      ...(call.callerTimeZone ? { callerTimeZone: call.callerTimeZone } : {}),
      start: a.slot.start,
      key: a.key!,
      attendee: a.attendee!,
      ...(phone ? { phone } : {}),
      ...(hold ? { reservedSlotUid: hold } : {}),
    });
  }

  /** After the background work: the hold goes unless Cal.com consumed it, and a booking is texted once. */
  async #settle(a: Attempt): Promise<void> {
    const s = a.state;
    const hold = a.hold;
    if (hold && s.kind === 'booked' && hold.uid !== undefined && hold.uid === a.holdSent) hold.status = 'released';
    // Cal.com deletes the hold whose uid booked (createBookingWithReservedSlot); any other hold of ours goes now.
    if (hold && !a.open) await this.#release(hold);
    if (s.kind === 'booked') await this.#smsFor(a, s.booking);
  }

  /**
   * What the caller hears about `a`: waits while the POST is unanswered (never past the tool's own signal), and
   * when asked again about an unconfirmed booking, looks again first.
   */
  async #outcome(a: Attempt, signal: AbortSignal | undefined, askedAgain: boolean): Promise<BookResult> {
    if (askedAgain && a.state.kind === 'uncertain' && a.attendee) {
      const found = await unlessAborted(this.#sender.lookup(a, this.#body(a)).catch(() => undefined), signal);
      if (found) a.move({ kind: 'booked', booking: found, late: true });
    }
    // Past its patience the call answers `unconfirmed`; the attempt itself goes on to its outcome.
    let timer: NodeJS.Timeout | undefined;
    const impatient = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.#o.patienceMs)));
    try {
      while (a.open && (await unlessAborted(Promise.race([a.changed().then(() => true), impatient]), signal)));
    } finally {
      clearTimeout(timer);
    }
    return this.#resultOf(a, a.state, signal);
  }

  async #resultOf(a: Attempt, s: AttemptState, signal?: AbortSignal): Promise<BookResult> {
    switch (s.kind) {
      case 'booked':
        a.told = true;
        return this.#bookedResult(s.booking, a.attendee!, await unlessAborted(this.#smsFor(a, s.booking), signal));
      case 'refused':
        a.told = true;
        this.#attempts.delete(a.slot.start);
        if (s.why === 'taken') return this.#alternatives(a.slot, signal);
        if (s.why === 'rejected') return rejected(s.message ?? 'Cal.com refused the booking');
        if (s.why === 'busy') return calendarBusy();
        return { status: 'calendar_unavailable', next: UNAVAILABLE_NEXT };
      case 'not_made':
        a.told = true;
        this.#attempts.delete(a.slot.start);
        return { status: 'calendar_unavailable', next: `The booking did not go through: the calendar did not answer. ${UNAVAILABLE_NEXT}` };
      default:
        return unconfirmed(this.#speak(a.slot.start), this.#confirmationWay(a));
    }
  }

  /** Adds news of a booking whose answer was lost and which has since turned up or surely did not happen. */
  #withUpdate<R extends SlotsResult | BookResult>(r: R): R {
    for (const a of this.#attempts.values()) {
      if (a.told || a.open || !a.attendee || a.state.kind === 'held' || a.state.kind === 'dropped') continue;
      a.told = true;
      const update = lateUpdate(a.state.kind === 'booked' ? a.state.booking : null, this.#speak(a.slot.start), this.#confirmationWay(a));
      if (a.state.kind !== 'booked') this.#attempts.delete(a.slot.start);
      return { ...r, update };
    }
    return r;
  }

  #logMove(a: Attempt, from: AttemptKind, to: AttemptState): void {
    this.#o.logger?.debug({ start: a.slot.start, from, to: to.kind, ...(to.kind === 'uncertain' ? { why: to.why } : {}) }, 'booking attempt');
  }

  /** Asks for what is missing, holding the slot meanwhile; a slot someone else has is answered with alternatives. */
  async #holdThen(a: Attempt, signal: AbortSignal | undefined, r: Extract<BookResult, { held: boolean }>): Promise<BookResult> {
    const held = await this.#hold(a, signal);
    if (held === 'taken') {
      this.#attempts.delete(a.slot.start);
      a.move({ kind: 'dropped' });
      return this.#alternatives(a.slot, signal);
    }
    return { ...r, held: held === 'held' };
  }

  /** A step of learning who the booking is for: the answer to go on with, or a question asked holding the slot. */
  async #step<T>(step: T | { ask: Extract<BookResult, { held: boolean }> } | { giveUp: 'email' | 'phone' }, a: Attempt, signal?: AbortSignal): Promise<T | BookResult> {
    if (step !== null && typeof step === 'object' && 'ask' in step) return this.#holdThen(a, signal, step.ask);
    if (step !== null && typeof step === 'object' && 'giveUp' in step) return this.#cannotGoOn(a, step.giveUp);
    return step as T;
  }

  /** Booking by voice cannot go on: the pick is let go (its hold too) and the caller hears the configured ways on. */
  #cannotGoOn(a: Attempt, missing: 'email' | 'phone'): BookResult {
    if (a.hold) void this.#release(a.hold);
    this.#attempts.delete(a.slot.start);
    a.move({ kind: 'dropped' });
    return noEmail(fallbackOffers(this.#o.action, this.#o.sms), missing);
  }

  #smsFor(a: Attempt, b: Booking): Promise<SmsOutcome> {
    let sent = this.#sms.get(a);
    if (!sent) this.#sms.set(a, (sent = this.#track(b.status === 'pending' ? Promise.resolve({ status: 'disabled' } as const) : this.#sendSms(b, a.attendee?.phone))));
    return sent;
  }

  #bookedResult(b: Booking, attendee: Attendee, sms: SmsOutcome): BookResult {
    const time = this.#speak(b.start);
    // Everyone the caller will meet: the round-robin pick (one per group) and the fixed hosts who also attend.
    const hosts = hostNames(b);
    const organiser = hosts[0];
    const roundRobin = this.#o.action.eventType.schedulingType === 'roundRobin';
    const loc = b.location ?? '';
    const isUrl = /^https?:\/\//.test(loc);
    const isPhone = !isUrl && /^\+?[\d\s()-]{7,}$/.test(loc);
    const pending = b.status === 'pending';
    const parts = [`You're booked for ${time}`];
    if (organiser && roundRobin) parts[0] += ` with ${spokenHostList(hosts, this.#o.action.config.locale)}`;
    if (this.#o.action.config.location === 'in-person' && loc) parts.push(`The address is ${loc}`);
    if (sms.status === 'sent') parts.push("I've texted you the details");
    // The fallback address is the business's inbox, not the caller's: never spoken as where their confirmation goes.
    else if (attendee.email !== undefined && !attendee.shared) parts.push(`A confirmation email is on its way to ${attendee.email}`);
    // Booked with the phone alone: Cal.com sends no email to its placeholder address, so nothing else is on its way.
    else parts.push('Please make a note of the time');
    return {
      status: 'booked',
      bookingUid: b.uid,
      time,
      ...(organiser ? { host: organiser, hosts } : {}),
      ...(isUrl ? { link: loc } : {}),
      ...(!isUrl && !isPhone && loc ? { address: loc } : {}),
      ...(isPhone ? { phone: loc } : {}),
      pendingConfirmation: pending,
      sms,
      say: pending ? `Your request for ${time} is in; the host will confirm it shortly.` : `${parts.join('. ')}.`,
      next:
        (attendee.email === undefined || attendee.shared) && sms.status !== 'sent'
          ? 'Confirm the booking aloud and read the time slowly: no text or email confirmation will reach the caller. Then ask if there is anything else.'
          : sms.status === 'failed'
            ? 'Confirm the booking aloud; mention that the text message could not be sent but the email confirmation will arrive.'
            : 'Confirm the booking aloud, then ask if there is anything else.',
    };
  }

  /** How the caller will hear of this attempt's booking: a text where one can go, else their own email, else nothing. */
  #confirmationWay(a: Attempt): ConfirmationWay {
    const { action, call } = this.#o;
    if (action.config.sms.enabled && this.#o.sms && attendeePhone(action, a.attendee?.phone, call.callerPhone)) return 'text';
    return a.attendee?.email !== undefined && !a.attendee.shared ? 'email' : 'none';
  }

  async #sendSms(b: Booking, givenPhone: string | undefined): Promise<SmsOutcome> {
    const { action } = this.#o;
    if (!action.config.sms.enabled) return { status: 'disabled' };
    const to = attendeePhone(action, givenPhone, this.#o.call.callerPhone);
    if (!to) return { status: 'no_phone' };
    if (!this.#o.sms) return { status: 'unavailable' };
    const body = renderSmsTemplate(action.config.sms.template, smsValues(b, action, this.#o.call));
    try {
      // Not tied to the tool call: a confirmation owed is sent even if the caller has hung up.
      await this.#o.sms.send({ to, body });
      this.#o.logger?.info({ to: redactPhone(to), booking: b.uid }, 'confirmation SMS sent');
      return { status: 'sent' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.#o.logger?.warn({ to: redactPhone(to), booking: b.uid, reason }, 'confirmation SMS failed');
      return { status: 'failed', reason };
    }
  }

  /** The slot is gone: fresh slots, nearest to the one asked for, become the new offer. */
  async #alternatives(slot: ChosenSlot, signal?: AbortSignal): Promise<BookResult> {
    let raw;
    try {
      raw = await this.#fetchSlots(this.#lastPreference, signal, true);
    } catch (err) {
      if (isAbort(err)) throw err;
      this.#publish([]);
      return { status: 'calendar_unavailable', next: `That time was just taken, and the calendar is not answering. ${UNAVAILABLE_NEXT}` };
    }
    const wanted = Date.parse(slot.start);
    const fresh = chooseOffer(raw, this.#o.now(), this.#rules(), this.#lastPreference).filter((c) => c.start !== slot.start);
    const nearest = [...fresh]
      .sort((a, b) => Math.abs(Date.parse(a.start) - wanted) - Math.abs(Date.parse(b.start) - wanted))
      .slice(0, Math.max(2, this.#o.action.config.slotsPerDay))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    const alternatives = this.#publish(nearest);
    return {
      status: 'slot_taken',
      alternatives,
      next: alternatives.length
        ? 'Say that time was just taken and offer these nearest times instead; book with their new ids.'
        : 'Say that time was just taken and nothing else is open soon; ask whether another day works and call the slots tool with their words.',
    };
  }
}
