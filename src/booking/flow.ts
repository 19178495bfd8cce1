// The grounded, idempotent booking flow for one action in one call: offers slots with short ids, books only an
// offered id, holds the slot while details are collected, and never books twice or drops a booking on a lost answer.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Temporal } from 'temporal-polyfill';
import type { CalComClient } from '../calcom/client.js';
import { CalComError, CalComSlotUnavailableError, CalComValidationError, isCalComError } from '../calcom/errors.js';
import type { Booking, BookingLocationInput, CreateBookingInput } from '../calcom/schemas.js';
import { redactPhone, toE164 } from '../sms/phone.js';
import type { SmsSender } from '../sms/sender.js';
import { renderSmsTemplate } from '../sms/template.js';
import type { Contact } from './contacts.js';
import { resolveCallerWords } from './caller-words.js';
import { normaliseSpokenEmail, redactEmail, resolveEmail } from './email.js';
import { chooseOffer, nearestNext, nearestOffers, slotsQueryRange, type ChosenSlot, type OfferRules } from './offers.js';
import type { Preference } from './preference.js';
import type { ResolvedAction } from './resolve.js';
import { speakSlot } from './spoken.js';
import { smsValues } from './sms-values.js';

/** The Cal.com calls the flow makes; `CalComClient` fits, and so does a fake. */
export type CalendarApi = Pick<CalComClient, 'getSlots' | 'reserveSlot' | 'deleteReservation' | 'createBooking' | 'listBookings'>;

export interface CallContext {
  /** Stable for the whole call: part of every idempotency key. */
  callId: string;
  /** The context API's values; `cal_email` is the first choice of email. */
  dynamicContext?: Record<string, unknown>;
  contact?: Contact | null;
  /** The caller's number, e.g. from SIP; the SMS goes here unless the caller gives another. */
  callerPhone?: string;
  /** When known and different from the action's zone, spoken times name the zone. */
  callerTimeZone?: string;
}

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
}

export interface OfferedSlot {
  id: string;
  /** What to say: "tomorrow at 9:30 AM". */
  time: string;
}

export type SlotsResult =
  | { status: 'available'; timeZone: string; slots: OfferedSlot[]; understood?: string; next: string }
  | { status: 'no_availability'; understood?: string; next: string }
  | { status: 'not_understood'; problem: string; next: string }
  | { status: 'calendar_unavailable'; next: string };

export interface BookInput {
  slotId: string;
  name: string;
  /** As the caller said it; spoken forms are fine ("jo dot smith at gmail dot com"). */
  email?: string;
  /** True only after the agent read the email back and the caller said it is right. */
  emailConfirmed?: boolean;
  phone?: string;
  notes?: string;
}

export type SmsOutcome =
  | { status: 'sent' }
  | { status: 'disabled' | 'no_phone' | 'unavailable' }
  | { status: 'failed'; reason: string };

export type BookResult =
  | {
      status: 'booked';
      bookingUid: string;
      time: string;
      host?: string;
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
  | { status: 'invalid_email'; problem: string; held: boolean; next: string }
  | { status: 'confirm_email'; email: string; readBack: string; held: boolean; next: string }
  | { status: 'slot_taken'; alternatives: OfferedSlot[]; next: string }
  | { status: 'rejected'; reason: string; next: string }
  | { status: 'unconfirmed'; next: string }
  | { status: 'calendar_unavailable'; next: string };

interface Held {
  slotId: string;
  start: string;
  reservationUid: string;
  until: number;
}

const UNAVAILABLE_NEXT =
  "Say: \"I can't reach the calendar right now; may I have someone call you back, or text you a booking link?\" Do not promise a time.";

/** The result when Cal.com cannot be reached (or took too long) while looking for times. */
export function calendarUnavailable(): Extract<SlotsResult, { status: 'calendar_unavailable' }> {
  return { status: 'calendar_unavailable', next: UNAVAILABLE_NEXT };
}

/** The result when a booking's outcome cannot be told: never book again, never claim it. */
export function unconfirmed(): Extract<BookResult, { status: 'unconfirmed' }> {
  return {
    status: 'unconfirmed',
    next:
      "The calendar did not confirm in time and the booking may or may not exist. Do NOT book again. Say: \"The calendar is slow to confirm; you'll get a confirmation by email if it went through, and we'll follow up if not.\"",
  };
}

/** Errors that leave a booking POST's outcome unknown: Cal.com may or may not have made it. */
function isUncertain(err: unknown): boolean {
  return isCalComError(err) && ['CalComTimeoutError', 'CalComServerError', 'CalComNetworkError', 'CalComResponseError'].includes(err.name);
}

function isAbort(err: unknown): boolean {
  return (isCalComError(err) && err.name === 'CalComAbortError') || (err instanceof Error && err.name === 'AbortError');
}

export class BookingFlow {
  readonly #o: Required<Pick<FlowOptions, 'now' | 'slotsCacheMs' | 'holdMinutes'>> & FlowOptions;
  #offer = new Map<string, ChosenSlot>();
  #nextId = 1;
  #lastPreference: Preference = {};
  #cache: { at: number; key: string; slots: Awaited<ReturnType<CalendarApi['getSlots']>> } | null = null;
  #hold: Held | null = null;
  /** The email we last read back, awaiting the caller's yes. */
  #pendingEmail: string | null = null;
  /** One promise per idempotency key: a repeated or concurrent book call gets the same outcome. */
  readonly #attempts = new Map<string, Promise<BookResult>>();
  /** Keys whose last attempt ended without a clear answer: look up before creating again. */
  readonly #uncertain = new Set<string>();
  requestCount = 0;

  constructor(o: FlowOptions) {
    this.#o = { now: () => Temporal.Now.instant(), slotsCacheMs: 60_000, holdMinutes: 10, ...o };
  }

  get action(): ResolvedAction {
    return this.#o.action;
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

  /** Releases a held slot (the caller changed their mind or hung up). Never throws. */
  async releaseHold(): Promise<void> {
    const held = this.#hold;
    this.#hold = null;
    if (!held) return;
    this.requestCount++;
    await this.#o.calendar.deleteReservation(held.reservationUid).catch((err: unknown) =>
      this.#o.logger?.warn({ err: errName(err) }, 'releasing a hold failed; it lapses on its own'),
    );
  }

  /** Holds the slot while details are collected; best effort, except that a slot someone else holds is taken. */
  async #holdSlot(slotId: string, slot: ChosenSlot, signal?: AbortSignal): Promise<'held' | 'not_held' | 'taken'> {
    const now = this.#o.now().epochMilliseconds;
    if (this.#hold?.slotId === slotId && this.#hold.until > now + 30_000) return 'held';
    if (this.#hold) await this.releaseHold();
    try {
      this.requestCount++;
      const r = await this.#o.calendar.reserveSlot(
        { eventTypeId: this.#o.action.eventType.id, slotStart: slot.start, reservationDuration: this.#o.holdMinutes },
        signal ? { signal } : undefined,
      );
      this.#hold = { slotId, start: slot.start, reservationUid: r.reservationUid, until: Date.parse(r.reservationUntil) };
      return 'held';
    } catch (err) {
      if (isAbort(err)) throw err;
      if (err instanceof CalComSlotUnavailableError) return 'taken';
      this.#o.logger?.warn({ err: errName(err) }, 'could not hold the slot; continuing without a hold');
      return 'not_held';
    }
  }

  async book(input: BookInput, signal?: AbortSignal): Promise<BookResult> {
    const slot = this.#offer.get(input.slotId.trim());
    if (!slot)
      return {
        status: 'invalid_slot',
        validSlots: this.#current(),
        next:
          this.#offer.size > 0
            ? 'That id is not one of the times offered. Use one of validSlots, or call the slots tool again if the caller wants something else. Never invent a time.'
            : 'No times have been offered yet in this call. Call the slots tool first.',
      };
    const slotId = input.slotId.trim();
    const email = await this.#email(input, slotId, slot, signal);
    if ('status' in email) return email;
    const name = input.name.trim();
    if (!name) {
      const held = await this.#holdSlot(slotId, slot, signal);
      if (held === 'taken') return this.#alternatives(slot, signal);
      return { status: 'need_name', held: held === 'held', next: "Ask for the caller's name, then call the booking tool again." };
    }
    const key = idempotencyKey(this.#o.call.callId, this.#o.action.eventType.id, slot.start, email.email);
    const running = this.#attempts.get(key);
    if (running) return running;
    const attempt = this.#attempt(key, slot, { ...input, name, email: email.email }, signal);
    this.#attempts.set(key, attempt);
    let result: BookResult;
    try {
      result = await attempt;
    } catch (err) {
      // An aborted attempt must not be replayed: the next call looks the booking up (the key is marked uncertain).
      this.#attempts.delete(key);
      throw err;
    }
    // Only outcomes that must be replayed stay: a booking (or one we can't confirm). Others may be retried.
    if (result.status !== 'booked' && result.status !== 'unconfirmed') this.#attempts.delete(key);
    return result;
  }

  /** Email by priority: context → contact → fallback → the caller, whose email is read back before booking. */
  async #email(input: BookInput, slotId: string, slot: ChosenSlot, signal?: AbortSignal): Promise<{ email: string } | BookResult> {
    const known = resolveEmail({
      dynamicContext: this.#o.call.dynamicContext,
      contact: this.#o.call.contact ?? null,
      fallbackEmail: this.#o.action.config.fallbackEmail ?? null,
    });
    if ('email' in known && !input.email) return { email: known.email };
    const holdThen = async (r: BookResult): Promise<BookResult> => {
      const held = await this.#holdSlot(slotId, slot, signal);
      if (held === 'taken') return this.#alternatives(slot, signal);
      return { ...r, held: held === 'held' } as BookResult;
    };
    if (!input.email)
      return holdThen({
        status: 'need_email',
        held: false,
        next: 'Ask for the email address. Then call the booking tool again with the same slotId and the email as the caller said it.',
      });
    const n = normaliseSpokenEmail(input.email);
    if (!n.ok) return holdThen({ status: 'invalid_email', problem: n.problem, held: false, next: `Say: "${n.reprompt}"` });
    if (!input.emailConfirmed || this.#pendingEmail !== n.email) {
      this.#pendingEmail = n.email;
      return holdThen({
        status: 'confirm_email',
        email: n.email,
        readBack: n.readBack,
        held: false,
        next: `Read the email back: "${n.readBack}". If the caller says it is right, call the booking tool again with the same slotId, this email and emailConfirmed: true; if not, ask again.`,
      });
    }
    return { email: n.email };
  }

  async #attempt(key: string, slot: ChosenSlot, input: BookInput & { email: string }, signal?: AbortSignal): Promise<BookResult> {
    if (this.#uncertain.has(key)) {
      const found = await this.#lookup(key, slot, input.email).catch(() => undefined);
      if (found) return this.#booked(found, input, signal);
    }
    return this.#tryCreate(key, slot, input, this.#body(key, slot, input), false, signal);
  }

  /** One booking POST and what its failure means; `retry` marks the single second try after a lost answer. */
  async #tryCreate(
    key: string,
    slot: ChosenSlot,
    input: BookInput & { email: string },
    body: CreateBookingInput,
    retry: boolean,
    signal?: AbortSignal,
  ): Promise<BookResult> {
    try {
      return await this.#booked(await this.#create(body, signal), input, signal);
    } catch (err) {
      if (isAbort(err)) {
        // The POST may have reached Cal.com; the next attempt with this key looks it up first.
        this.#uncertain.add(key);
        throw err;
      }
      if (!retry && err instanceof CalComError && err.code === 'reserved_slot_expired') {
        this.#dropHold(body);
        return this.#tryCreate(key, slot, input, body, true, signal);
      }
      // After a lost answer the first POST may have landed late and taken the slot itself: #takenOrOurs checks.
      if (err instanceof CalComSlotUnavailableError) return this.#takenOrOurs(key, slot, input, signal);
      if (!isUncertain(err)) return this.#failed(err);
      this.#o.logger?.warn({ err: errName(err), attendee: redactEmail(input.email), retry }, 'booking outcome unknown; looking it up');
      return this.#afterUncertain(key, slot, input, body, retry, signal);
    }
  }

  async #create(body: CreateBookingInput, signal?: AbortSignal): Promise<Booking> {
    this.requestCount++;
    const booking = await this.#o.calendar.createBooking(body, signal ? { signal } : undefined);
    if (body.reservedSlotUid) this.#hold = null;
    return booking;
  }

  #dropHold(body: CreateBookingInput): void {
    this.#hold = null;
    delete body.reservedSlotUid;
  }

  /**
   * After a lost answer the lookup decides. Only if Cal.com has no such booking is the POST tried again, and only
   * once; when even that is unclear, the caller hears "unconfirmed" rather than a guess either way.
   */
  async #afterUncertain(
    key: string,
    slot: ChosenSlot,
    input: BookInput & { email: string },
    body: CreateBookingInput,
    retried: boolean,
    signal?: AbortSignal,
  ): Promise<BookResult> {
    this.#uncertain.add(key);
    let found: Booking | undefined;
    try {
      found = await this.#lookup(key, slot, input.email, signal);
    } catch (err) {
      if (isAbort(err)) throw err;
      return unconfirmed();
    }
    if (found) return this.#booked(found, input, signal);
    if (retried) return unconfirmed();
    if (body.reservedSlotUid) this.#dropHold(body);
    return this.#tryCreate(key, slot, input, body, true, signal);
  }

  async #takenOrOurs(key: string, slot: ChosenSlot, input: BookInput & { email: string }, signal?: AbortSignal): Promise<BookResult> {
    if (this.#uncertain.has(key)) {
      const found = await this.#lookup(key, slot, input.email, signal).catch(() => undefined);
      if (found) return this.#booked(found, input, signal);
    }
    return this.#alternatives(slot, signal);
  }

  /** Finds the booking this key made, by attendee and start, recognised by the key in its metadata. */
  async #lookup(key: string, slot: ChosenSlot, email: string, signal?: AbortSignal): Promise<Booking | undefined> {
    this.requestCount++;
    const list = await this.#o.calendar.listBookings(
      { attendeeEmail: email, afterStart: slot.start, ...(slot.end ? { beforeEnd: slot.end } : {}), status: ['upcoming', 'unconfirmed'] },
      signal ? { signal } : undefined,
    );
    return list.find((b) => (b.metadata as Record<string, unknown> | undefined)?.idempotencyKey === key);
  }

  #body(key: string, slot: ChosenSlot, input: BookInput & { email: string }): CreateBookingInput {
    const { action, call } = this.#o;
    const phone = this.#phone(input.phone);
    const location = this.#location(phone);
    return {
      eventTypeId: action.eventType.id,
      start: slot.start,
      attendee: {
        name: input.name,
        email: input.email,
        timeZone: call.callerTimeZone ?? action.timeZone,
        language: action.config.locale.slice(0, 2),
        ...(phone ? { phoneNumber: phone } : {}),
      },
      ...(location ? { location } : {}),
      metadata: { idempotencyKey: key, callId: call.callId.slice(0, 500), source: 'cal-booking-action' },
      ...(input.notes?.trim() ? { bookingFieldsResponses: { notes: input.notes.trim() } } : {}),
      ...(this.#hold && this.#hold.start === slot.start ? { reservedSlotUid: this.#hold.reservationUid } : {}),
    } as CreateBookingInput;
  }

  #phone(given?: string): string | undefined {
    const country = this.#o.action.config.locale.split('-')[1] as Parameters<typeof toE164>[1];
    for (const raw of [given, this.#o.call.callerPhone]) {
      const e164 = raw ? toE164(raw, country) : null;
      if (e164) return e164;
    }
    return undefined;
  }

  #location(phone: string | undefined): BookingLocationInput | undefined {
    const { config, eventType } = this.#o.action;
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

  async #booked(b: Booking, input: BookInput & { email: string }, signal?: AbortSignal): Promise<BookResult> {
    this.#uncertain.clear();
    const time = this.#speak(b.start);
    const organiser = b.hosts[0]?.name;
    const roundRobin = this.#o.action.eventType.schedulingType === 'roundRobin';
    const loc = b.location ?? '';
    const isUrl = /^https?:\/\//.test(loc);
    const isPhone = !isUrl && /^\+?[\d\s()-]{7,}$/.test(loc);
    const pending = b.status === 'pending';
    const sms = pending ? ({ status: 'disabled' } as const) : await this.#sendSms(b, input.phone, signal);
    const parts = [`You're booked for ${time}`];
    if (organiser && roundRobin) parts[0] += ` with ${organiser}`;
    if (this.#o.action.config.location === 'in-person' && loc) parts.push(`The address is ${loc}`);
    if (sms.status === 'sent') parts.push("I've texted you the details");
    else parts.push(`A confirmation email is on its way to ${input.email}`);
    return {
      status: 'booked',
      bookingUid: b.uid,
      time,
      ...(organiser ? { host: organiser } : {}),
      ...(isUrl ? { link: loc } : {}),
      ...(!isUrl && !isPhone && loc ? { address: loc } : {}),
      ...(isPhone ? { phone: loc } : {}),
      pendingConfirmation: pending,
      sms,
      say: pending ? `Your request for ${time} is in; the host will confirm it shortly.` : `${parts.join('. ')}.`,
      next: sms.status === 'failed' ? 'Confirm the booking aloud; mention that the text message could not be sent but the email confirmation will arrive.' : 'Confirm the booking aloud, then ask if there is anything else.',
    };
  }

  async #sendSms(b: Booking, givenPhone: string | undefined, signal?: AbortSignal): Promise<SmsOutcome> {
    const { action } = this.#o;
    if (!action.config.sms.enabled) return { status: 'disabled' };
    const to = this.#phone(givenPhone);
    if (!to) return { status: 'no_phone' };
    if (!this.#o.sms) return { status: 'unavailable' };
    const body = renderSmsTemplate(action.config.sms.template, smsValues(b, action, this.#o.call));
    try {
      await this.#o.sms.send({ to, body }, signal ? { signal } : undefined);
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
    if (this.#hold) await this.releaseHold();
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

  #failed(err: unknown): BookResult {
    if (err instanceof CalComValidationError)
      return { status: 'rejected', reason: err.serverMessage ?? err.message, next: 'Apologise: the booking could not be made with those details. Check the name and email with the caller and try once more.' };
    this.#o.logger?.error({ err: errName(err) }, 'booking failed');
    return calendarUnavailable();
  }
}

/** Same call, event type, start and attendee → same key, so any retry is recognisable in Cal.com. */
export function idempotencyKey(callId: string, eventTypeId: number, start: string, email: string): string {
  const instant = Temporal.Instant.from(start).toString();
  return createHash('sha256').update(`${callId}|${eventTypeId}|${instant}|${email.toLowerCase()}`).digest('hex').slice(0, 32);
}

function errName(err: unknown): string {
  return isCalComError(err) ? `${err.name}${err.status ? ` ${err.status}` : ''}` : err instanceof Error ? err.name : 'unknown';
}
