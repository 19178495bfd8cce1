// Managing existing bookings in one call and action: the caller's found bookings under short ids, and cancelling or
// moving one with the booking POST's guarantees (write-attempt.ts). Who the caller is and which bookings are theirs
// is caller-bookings.ts; the texts are manage-results.ts. Stays whole past 300 lines: a found booking's write, hold,
// change text and told outcome are one life, and splitting them would scatter its transitions.
import type { Logger } from 'pino';
import { Temporal } from 'temporal-polyfill';
import type { CalComClient } from '../calcom/client.js';
import type { Booking } from '../calcom/schemas.js';
import { redactPhone } from '../sms/phone.js';
import type { SmsSender } from '../sms/sender.js';
import { renderSmsTemplate } from '../sms/template.js';
import { CallerBookings } from './caller-bookings.js';
import type { BookingFlow } from './flow.js';
import type { CallContext } from './call-context.js';
import {
  cancelledResult,
  disabled,
  MANAGE_UNAVAILABLE_NEXT,
  manageUpdate,
  notVerified,
  rescheduledResult,
  unconfirmedChange,
  type FindResult,
  type FoundBooking,
  type ManageResult,
  type Verification,
} from './manage-results.js';
import type { ResolvedAction } from './resolve.js';
import type { SmsOutcome } from './results.js';
import { errName } from './sender.js';
import { smsValues } from './sms-values.js';
import { speakSlot } from './spoken.js';
import { WriteAttempt, type WriteOp } from './write-attempt.js';

export type ManageCalendar = Pick<CalComClient, 'listBookings' | 'getBooking' | 'cancelBooking' | 'rescheduleBooking' | 'reserveSlot' | 'deleteReservation'>;

export interface ManageOptions {
  calendar: ManageCalendar;
  action: ResolvedAction;
  call: CallContext;
  /** The same action's booking flow: its latest offer is what a booking may be moved to. */
  booking: Pick<BookingFlow, 'offered' | 'releaseHold'>;
  sms?: SmsSender;
  now?: () => Temporal.Instant;
  logger?: Logger;
  /** As the booking flow's: how long a write may still commit, when to start reading, pauses, patience. */
  commitWindowMs?: number;
  reconcileAfterMs?: number;
  lookupBackoffMs?: readonly number[];
  patienceMs?: number;
  holdMinutes?: number;
  clock?: () => number;
  /** Pages of 100 read when looking for bookings by phone, which Cal.com cannot filter on (default 5). */
  maxPhonePages?: number;
}

type Op = { kind: 'cancel' } | { kind: 'reschedule'; start: string; from: string };

interface Entry {
  id: string;
  booking: Booking;
  /** The caller proved it is theirs: the number they call from, the context API's email, or a one-time code. */
  verified: boolean;
  /** The phone on the booking, E.164; a one-time code goes there. */
  phone?: string;
  write?: { op: Op; attempt: WriteAttempt; sms?: Promise<SmsOutcome>; told: boolean };
  /** Seen moved to another time by someone else while we tried to cancel it. */
  movedElsewhere?: boolean;
  hold?: { start: string; uid?: string; wanted: boolean };
}

/** The cancellation reason Cal.com records (and puts in its emails) when the caller gave none. */
const CANCELLED_BY_PHONE = 'Cancelled by the caller by phone';

/**
 * Which changes the agent may make to an action's bookings: those the config turns on and the event type does not
 * forbid in Cal.com (which would refuse them, on the phone and on the confirmation email's links alike).
 */
export function changesAllowed(action: ResolvedAction): { cancel: boolean; reschedule: boolean; byCalCom: { cancel: boolean; reschedule: boolean } } {
  const m = action.config.manage;
  const byCalCom = { cancel: action.eventType.disableCancelling === true, reschedule: action.eventType.disableRescheduling === true };
  return { cancel: m.cancel && !byCalCom.cancel, reschedule: m.reschedule && !byCalCom.reschedule, byCalCom };
}

export class ManageFlow {
  readonly #o: ManageOptions & Required<Pick<ManageOptions, 'now' | 'clock' | 'patienceMs' | 'holdMinutes' | 'maxPhonePages'>>;
  #found = new Map<string, Entry>();
  #nextId = 1;
  readonly #who: CallerBookings;
  /** Bookings found only by a spoken email, waiting for the code; never spoken before it is right. */
  #unverified: Entry[] = [];
  readonly #background = new Set<Promise<unknown>>();
  requestCount = 0;

  constructor(o: ManageOptions) {
    this.#o = { now: () => Temporal.Now.instant(), clock: Date.now, patienceMs: 10_000, holdMinutes: 10, maxPhonePages: 5, ...o };
    const { calendar, action, call, sms, now, clock, logger, maxPhonePages } = this.#o;
    this.#who = new CallerBookings({ calendar, action, call, now, clock, maxPhonePages, counted: () => void this.requestCount++, ...(sms ? { sms } : {}), ...(logger ? { logger } : {}) });
  }

  #speak(start: string): string {
    const { action, call } = this.#o;
    return speakSlot(start, { now: this.#o.now(), timeZone: action.timeZone, locale: action.config.locale, ...(call.callerTimeZone ? { callerTimeZone: call.callerTimeZone } : {}) });
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#background.add(p);
    void p.finally(() => this.#background.delete(p)).catch(() => {});
    return p;
  }

  async idle(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  /** Each found booking's write, for tests and the chaos run. */
  writes(): Array<{ uid: string; op: Op['kind']; state: string; posts: number }> {
    return [...this.#found.values()].flatMap((e) => (e.write ? [{ uid: e.booking.uid, op: e.write.op.kind, state: e.write.attempt.state.kind, posts: e.write.attempt.posts }] : []));
  }

  /**
   * Finds the caller's upcoming bookings for this action: by the number they call from and the context API's email
   * (both verified), and by an email they say (read back first; verified only with the code texted to the phone on
   * the booking). With `code`, checks the code and lists what it unlocks.
   */
  async find(input: { email?: string; emailConfirmed?: boolean; code?: string } = {}, signal?: AbortSignal): Promise<FindResult> {
    return this.#withUpdate(await this.#find(input, signal));
  }

  async #find(input: { email?: string; emailConfirmed?: boolean; code?: string }, signal?: AbortSignal): Promise<FindResult> {
    if (!this.#o.action.config.manage.find) return disabled('look up');
    if (input.code !== undefined) {
      const unlocked = this.#who.checkCode(input.code);
      if ('status' in unlocked) return unlocked;
      for (const e of this.#unverified) if (e.phone === unlocked.phone) this.#found.set(e.id, { ...e, verified: true });
      this.#unverified = this.#unverified.filter((e) => e.phone !== unlocked.phone);
      return this.#listed();
    }
    const said = this.#who.spokenEmail(input);
    if ('status' in said) return said;
    let found: Awaited<ReturnType<CallerBookings['lookup']>>;
    try {
      found = await this.#who.lookup(said.email, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      this.#o.logger?.warn({ err: errName(err) }, 'finding bookings failed');
      return { status: 'calendar_unavailable', next: MANAGE_UNAVAILABLE_NEXT };
    }
    if (!found) return { status: 'need_identity', next: 'Ask for the email address the booking was made with, then call this tool again with it.' };
    // A new search replaces the list. Entries with a write stay while it is open or its outcome is untold (they
    // settle and report); the rest and their holds go. A booking such an entry covers keeps that entry and its id,
    // so it can never be written twice under two ids.
    const kept = [...this.#found].filter(([, e]) => e.write && (e.write.attempt.open || !e.write.told));
    for (const [, e] of this.#found) if (!kept.some(([, k]) => k === e)) void this.#release(e);
    this.#found = new Map(kept);
    const covered = new Set(kept.flatMap(([, e]) => [e.booking.uid, this.#current(e).booking.uid]));
    this.#unverified = [];
    for (const b of found.list) {
      if (covered.has(b.uid) || (b.rescheduledFromUid && covered.has(b.rescheduledFromUid))) continue;
      const phone = this.#who.phoneOf(b);
      const entry: Entry = { id: `b${this.#nextId++}`, booking: b, verified: this.#who.verified(b), ...(phone ? { phone } : {}) };
      if (entry.verified) this.#found.set(entry.id, entry);
      else this.#unverified.push(entry);
    }
    const askedByEmail = said.email !== undefined && !this.#who.trusts(said.email);
    const verification = this.#unverified.length || askedByEmail ? await this.#who.sendCode(this.#unverified.find((e) => e.phone)?.phone) : undefined;
    return this.#listed(verification, found.cutShort && !said.email);
  }

  /** `cutShort`: the search by phone stopped at its page limit, so a booking may have been missed. */
  #listed(verification?: Verification, cutShort = false): FindResult {
    const bookings = [...this.#found.values()].filter((e) => !e.write || e.write.attempt.open || e.write.op.kind === 'reschedule').map((e) => this.#describe(e));
    const v = verification ? { verification } : {};
    const more = cutShort ? ' The calendar has too many bookings to search them all by phone number: if theirs is not here, ask for the email it was made with and call this tool with it.' : '';
    if (bookings.length === 0)
      return { status: 'none_found', ...v, next: (verification ? verification.next : 'Say you found no upcoming booking for them; offer to book one.') + more };
    return {
      status: 'found',
      bookings,
      ...v,
      next:
        'Read the bookings to the caller as worded. To cancel one, read it back and get a clear yes, then call the cancel tool with its id. ' +
        'To move one, call the slots tool for the new time, then the reschedule tool with the booking id and the new slotId. Never book a new appointment to move one.' +
        (verification ? ` ${verification.next}` : '') +
        more,
    };
  }

  #describe(e: Entry): FoundBooking {
    const b = e.booking;
    const loc = b.location ?? '';
    return {
      id: e.id,
      time: this.#speak(b.start),
      title: b.title,
      ...(b.hosts[0]?.name ? { host: b.hosts[0].name } : {}),
      ...(loc && !/^https?:\/\//.test(loc) ? { where: loc } : {}),
    };
  }

  /** The entry a cancel or move may act on (a moved one stands for its new booking), or the answer why not. */
  #entry(bookingId: string): Entry | ManageResult {
    const e = this.#found.get(bookingId.trim());
    if (e) return e.verified ? this.#current(e) : notVerified();
    if (this.#unverified.some((u) => u.id === bookingId.trim())) return notVerified();
    const valid = [...this.#found.values()].map((x) => ({ id: x.id, time: this.#speak(x.booking.start) }));
    return {
      status: 'unknown_booking',
      validBookings: valid,
      next: valid.length ? 'That id is not one of the bookings found. Use one of validBookings.' : 'Call the find-bookings tool first; only its ids can be changed.',
    };
  }

  async cancel(input: { bookingId: string; confirmed?: boolean; reason?: string }, signal?: AbortSignal): Promise<ManageResult> {
    return this.#withUpdate(await this.#cancel(input, signal));
  }

  async #cancel(input: { bookingId: string; confirmed?: boolean; reason?: string }, signal?: AbortSignal): Promise<ManageResult> {
    const allowed = changesAllowed(this.#o.action);
    if (!allowed.cancel) return disabled('cancel', allowed.byCalCom.cancel);
    const e = this.#entry(input.bookingId);
    if ('status' in e) return e;
    const time = this.#speak(e.booking.start);
    if (e.write) {
      if (e.write.op.kind === 'cancel' || e.write.attempt.open) return this.#outcome(e, signal, true);
    }
    if (!input.confirmed)
      return {
        status: 'confirm_cancel',
        time,
        next: `Read it back: "Just to confirm, you want to cancel your appointment for ${time}?" Only after a clear yes, call this tool again with confirmed: true (and their reason, if they gave one).`,
      };
    const uid = e.booking.uid;
    const { calendar } = this.#o;
    const reason = input.reason?.trim();
    this.#start(e, { kind: 'cancel' }, {
      // Cal.com refuses a host's cancel without a reason (handleCancelBooking), and the key is usually the host's.
      send: ({ timeoutMs }) => calendar.cancelBooking(uid, { cancellationReason: (reason || CANCELLED_BY_PHONE).slice(0, 500) }, { timeoutMs }),
      effect: async () => {
        const b = await calendar.getBooking(uid);
        if (b.status !== 'cancelled' && b.status !== 'rejected') return null;
        // Cancelled because someone moved it (Cal.com cancels the old booking of a reschedule): not our cancel.
        if (b.rescheduledToUid) {
          e.movedElsewhere = true;
          return 'gone';
        }
        return b;
      },
    });
    return this.#outcome(e, signal, false);
  }

  async reschedule(input: { bookingId: string; slotId: string; confirmed?: boolean; reason?: string }, signal?: AbortSignal): Promise<ManageResult> {
    return this.#withUpdate(await this.#reschedule(input, signal));
  }

  async #reschedule(input: { bookingId: string; slotId: string; confirmed?: boolean; reason?: string }, signal?: AbortSignal): Promise<ManageResult> {
    const allowed = changesAllowed(this.#o.action);
    if (!allowed.reschedule) return disabled('move', allowed.byCalCom.reschedule);
    const e = this.#entry(input.bookingId);
    if ('status' in e) return e;
    if (e.write?.attempt.open) return this.#outcome(e, signal, true);
    const cutoff = this.#o.action.eventType.rescheduleCutoffMinutes;
    if (cutoff && Date.parse(e.booking.start) - this.#o.now().epochMilliseconds <= cutoff * 60_000)
      return { status: 'disabled', next: `This appointment starts too soon to be moved (the calendar allows moves only until ${cutoff} minutes before). Say so, and offer what the other tools allow.` };
    if (e.write?.op.kind === 'cancel' && e.write.attempt.state.kind === 'done')
      return { status: 'already_cancelled', time: this.#speak(e.booking.start), next: 'That booking was cancelled in this call; to get a new time, book one with the booking tools.' };
    const slot = this.#o.booking.offered(input.slotId.trim());
    if (!slot)
      return {
        status: 'invalid_slot',
        validSlots: [],
        next: 'That slotId is not one of the times offered. Call the slots tool with the caller\'s words, then call this tool with one of its ids. Never invent a time.',
      };
    // The same move asked again after it went through: the same answer, nothing sent twice.
    if (e.write?.op.kind === 'reschedule' && e.write.op.start === slot.start && e.write.attempt.state.kind === 'done') return this.#outcome(e, signal, true);
    const from = this.#speak(e.booking.start);
    const to = this.#speak(slot.start);
    if (Date.parse(slot.start) === Date.parse(e.booking.start))
      return { status: 'rejected', reason: 'same time', next: `The booking is already at ${to}. Ask which other time they want.` };
    if (!input.confirmed) {
      const held = await this.#hold(e, slot.start);
      return {
        status: 'confirm_reschedule',
        from,
        to,
        held,
        next: `Read it back: "So I'll move your appointment from ${from} to ${to}, is that right?" Only after a clear yes, call this tool again with the same bookingId and slotId and confirmed: true.`,
      };
    }
    const oldUid = e.booking.uid;
    const email = e.booking.attendees[0]?.email;
    const { calendar } = this.#o;
    const reason = input.reason?.trim();
    this.#start(e, { kind: 'reschedule', start: slot.start, from }, {
      send: ({ timeoutMs }) => calendar.rescheduleBooking(oldUid, { start: slot.start, ...(reason ? { reschedulingReason: reason.slice(0, 500) } : {}) }, { timeoutMs }),
      // Cal.com moves a booking in one step: the old one cancelled, pointing at its successor. Old still live: not
      // (yet) moved; old cancelled with no successor: someone else cancelled it, and the move can no longer happen.
      effect: async () => {
        const old = await calendar.getBooking(oldUid);
        if (old.status !== 'cancelled' && old.status !== 'rejected') return null;
        if (old.rescheduledToUid) return calendar.getBooking(old.rescheduledToUid);
        const mine = email ? await calendar.listBookings({ attendeeEmail: email, eventTypeId: this.#o.action.eventType.id, afterStart: slot.start, status: ['upcoming', 'unconfirmed'] }) : [];
        return mine.find((b) => b.rescheduledFromUid === oldUid) ?? 'gone';
      },
    });
    return this.#outcome(e, signal, false);
  }

  /** Starts a write on `e` in the background; it runs to its outcome whatever happens to the tool call. */
  #start(e: Entry, op: Op, w: WriteOp): void {
    const attempt = new WriteAttempt(w, {
      commitWindowMs: this.#o.commitWindowMs ?? 60_000,
      reconcileAfterMs: this.#o.reconcileAfterMs ?? 3_000,
      lookupBackoffMs: this.#o.lookupBackoffMs ?? [500, 1_000, 2_000, 4_000, 8_000],
      clock: this.#o.clock,
      counted: () => void this.requestCount++,
    });
    e.write = { op, attempt, told: false };
    this.#track(attempt.settled.then(() => this.#settle(e)));
  }

  /** A booking moved in this call is, from then on, its new booking: a later cancel or move acts on that one. */
  #current(e: Entry): Entry {
    const s = e.write?.attempt.state;
    if (e.write?.op.kind === 'reschedule' && s?.kind === 'done') e.booking = s.booking;
    return e;
  }

  /** After the write: the hold goes, and the change is texted once. */
  async #settle(e: Entry): Promise<void> {
    await this.#release(e);
    if (this.#current(e).write?.attempt.state.kind === 'done') await this.#smsFor(e);
  }

  /** Waits for the write's outcome up to the patience; asked again about an unsettled one, reads first. */
  async #outcome(e: Entry, signal: AbortSignal | undefined, askedAgain: boolean): Promise<ManageResult> {
    const a = e.write!.attempt;
    if (askedAgain && a.state.kind === 'uncertain') await a.recheck();
    let timer: NodeJS.Timeout | undefined;
    const impatient = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.#o.patienceMs)));
    const aborted = new Promise<boolean>((resolve) => signal?.addEventListener('abort', () => resolve(false), { once: true }));
    try {
      while (a.open && (await Promise.race([a.changed().then(() => true), impatient, aborted])));
    } finally {
      clearTimeout(timer);
    }
    if (signal?.aborted) throw Object.assign(new Error('The tool call was cancelled'), { name: 'AbortError' });
    return this.#resultOf(e);
  }

  async #resultOf(e: Entry): Promise<ManageResult> {
    const w = e.write!;
    const s = w.attempt.state;
    const op = w.op;
    const time = op.kind === 'reschedule' ? op.from : this.#speak(e.booking.start);
    switch (s.kind) {
      case 'done': {
        w.told = true;
        const sms = await this.#smsFor(e);
        if (op.kind === 'cancel') return cancelledResult(time, sms);
        return rescheduledResult(op.from, this.#speak(s.booking.start), s.booking.uid, s.booking.hosts[0]?.name ?? undefined, sms);
      }
      case 'refused':
        w.told = true;
        delete e.write;
        if (s.why === 'gone') {
          this.#found.delete(e.id);
          if (e.movedElsewhere)
            return { status: 'moved_elsewhere', time, next: 'Nothing was cancelled: that booking was moved to another time outside this call. Call the find-bookings tool again and read the caller what stands.' };
          return { status: 'already_cancelled', time, next: 'That booking has already been cancelled (not in this call). Say so; offer to book a new time.' };
        }
        if (s.why === 'taken' && op.kind === 'reschedule')
          return {
            status: 'slot_taken',
            time: this.#speak(op.start),
            next: `That time was just taken; the appointment is still at ${time}, unchanged. Say so, call the slots tool for other times, then this tool with a new slotId.`,
          };
        if (s.why === 'busy') return { status: 'calendar_busy', next: 'The calendar asked us to slow down and nothing changed. Say "One moment, please", then call this tool again in a few seconds.' };
        if (s.why === 'rejected') return { status: 'rejected', reason: s.message ?? 'Cal.com refused the change', next: 'Say the change could not be made and the booking is unchanged.' };
        return { status: 'calendar_unavailable', next: MANAGE_UNAVAILABLE_NEXT };
      case 'not_made':
        w.told = true;
        delete e.write;
        return { status: 'calendar_unavailable', next: `Nothing changed: the calendar did not answer. ${MANAGE_UNAVAILABLE_NEXT}` };
      default:
        return unconfirmedChange(op.kind === 'cancel' ? 'cancellation' : 'move', time);
    }
  }

  /** Adds news of a write whose answer was lost and which has since been settled. */
  #withUpdate<R extends FindResult | ManageResult>(r: R): R {
    for (const e of this.#found.values()) {
      const w = e.write;
      if (!w || w.told || w.attempt.open) continue;
      w.told = true;
      const s = w.attempt.state;
      const time = w.op.kind === 'reschedule' ? w.op.from : this.#speak(e.booking.start);
      if (s.kind !== 'done') delete e.write;
      const update =
        s.kind !== 'done' ? manageUpdate('not_changed', time) : w.op.kind === 'cancel' ? manageUpdate('cancelled', time) : manageUpdate('rescheduled', time, this.#speak(s.booking.start));
      return { ...r, update };
    }
    return r;
  }

  #smsFor(e: Entry): Promise<SmsOutcome> {
    const w = e.write!;
    w.sms ??= this.#track(this.#sendSms(e));
    return w.sms;
  }

  async #sendSms(e: Entry): Promise<SmsOutcome> {
    const { action } = this.#o;
    const s = e.write!.attempt.state;
    if (s.kind !== 'done') return { status: 'disabled' };
    if (!action.config.sms.enabled) return { status: 'disabled' };
    const to = e.phone ?? this.#who.callerPhone;
    if (!to) return { status: 'no_phone' };
    if (!this.#o.sms) return { status: 'unavailable' };
    const template = e.write!.op.kind === 'cancel' ? action.config.smsCancelTemplate : action.config.smsRescheduleTemplate;
    try {
      await this.#o.sms.send({ to, body: renderSmsTemplate(template, smsValues(s.booking, action, this.#o.call, template)) });
      this.#o.logger?.info({ to: redactPhone(to), booking: s.booking.uid, op: e.write!.op.kind }, 'change SMS sent');
      return { status: 'sent' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.#o.logger?.warn({ to: redactPhone(to), reason }, 'change SMS failed');
      return { status: 'failed', reason };
    }
  }

  /** Holds the target time while the caller confirms the move: best effort, and the booking flow's own pick goes first. */
  async #hold(e: Entry, start: string): Promise<boolean> {
    if (e.hold?.start === start && e.hold.wanted) return e.hold.uid !== undefined;
    await this.#release(e);
    // A pick the booking tool held (a "move" first tried as a new booking) is no longer the caller's choice.
    await this.#o.booking.releaseHold();
    const hold: NonNullable<Entry['hold']> = { start, wanted: true };
    e.hold = hold;
    this.requestCount++;
    const reserving = this.#track(
      this.#o.calendar
        .reserveSlot({ eventTypeId: this.#o.action.eventType.id, slotStart: start, reservationDuration: this.#o.holdMinutes }, { timeoutMs: this.#o.commitWindowMs ?? 60_000 })
        .then(
          (r) => {
            hold.uid = r.reservationUid;
            if (!hold.wanted) return this.#deleteHold(r.reservationUid);
          },
          // Taken or lost: the move itself decides; a lost reservation only hides the slot from others until it lapses.
          (err: unknown) => void this.#o.logger?.warn({ err: errName(err) }, 'could not hold the new time; continuing without a hold'),
        ),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reserving, new Promise<void>((r) => (timer = setTimeout(r, this.#o.reconcileAfterMs ?? 3_000)))]).finally(() => clearTimeout(timer));
    return hold.uid !== undefined;
  }

  #release(e: Entry): Promise<void> {
    const h = e.hold;
    if (!h) return Promise.resolve();
    h.wanted = false;
    delete e.hold;
    return h.uid ? this.#deleteHold(h.uid) : Promise.resolve();
  }

  #deleteHold(uid: string): Promise<void> {
    this.requestCount++;
    return this.#track(this.#o.calendar.deleteReservation(uid).catch((err: unknown) => void this.#o.logger?.warn({ err: errName(err) }, 'releasing a hold failed; it lapses on its own')));
  }

  /** Hang-up: every hold goes; writes in flight run on to their outcome and text. Never throws. */
  async close(): Promise<void> {
    await Promise.all([...this.#found.values()].filter((e) => !e.write?.attempt.open).map((e) => this.#release(e)));
  }
}

