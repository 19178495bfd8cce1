// Drives one attempt's booking POST to an outcome. The POST is never cancelled and never repeated while it could
// still commit: an unanswered one is looked up with backoff, alongside, until its answer comes or `landBy` passes.
import type { Logger } from 'pino';
import { CalComError, CalComRateLimitError, CalComSlotUnavailableError, CalComValidationError, isCalComError } from '../calcom/errors.js';
import type { Booking, CreateBookingInput } from '../calcom/schemas.js';
import type { Attempt } from './attempt.js';
import { lookupEmail } from './booking-body.js';
import { redactEmail } from './email.js';

export interface SenderOptions {
  calendar: {
    createBooking(b: CreateBookingInput, o?: { timeoutMs?: number }): Promise<Booking>;
    listBookings(q: { attendeeEmail: string; afterStart: string; beforeEnd?: string; status: Array<'upcoming' | 'unconfirmed'> }): Promise<Booking[]>;
  };
  /** How long after it was sent a booking POST may still commit in Cal.com; until then it is never sent again. */
  commitWindowMs: number;
  /** How long to wait for a POST's answer before looking for the booking alongside it. */
  reconcileAfterMs: number;
  /** Pauses between lookups; the last repeats. */
  lookupBackoffMs: readonly number[];
  /** Monotonic milliseconds (Date.now by default), for windows and backoff: never the calendar's pinned clock. */
  clock: () => number;
  logger?: Logger;
  /** Counts each Cal.com request. */
  counted: () => void;
}

type Answer = { ok: Booking } | { err: unknown };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref?.());

/**
 * An answer after which the request is over, though its outcome is not known: a garbled body, a 500 (the handler
 * threw) or a 503 (the service turned it away). A 502 or 504 comes from a gateway while Cal.com may still be working
 * on the request, so it may yet land, like a timeout or a dropped connection.
 */
export function answeredWithoutOutcome(err: unknown): boolean {
  if (!isCalComError(err)) return false;
  if (err.name === 'CalComResponseError') return true;
  return err.name === 'CalComServerError' && (err.status === 500 || err.status === 503);
}

/** A clear answer that nothing was made: the POST may be sent again. */
export function refusal(err: unknown): { why: 'taken' | 'rejected' | 'busy' | 'unavailable'; message?: string } | null {
  if (err instanceof CalComSlotUnavailableError) return { why: 'taken' };
  if (err instanceof CalComValidationError) return { why: 'rejected', message: err.serverMessage ?? err.message };
  if (err instanceof CalComRateLimitError) return { why: 'busy' };
  if (isCalComError(err) && ['CalComAuthError', 'CalComNotFoundError', 'CalComConfigError'].includes(err.name)) return { why: 'unavailable', message: err.message };
  return null;
}

export class AttemptSender {
  constructor(private readonly o: SenderOptions) {}

  /** The pauses between lookups, for others that retry at the same pace. */
  get backoff(): readonly number[] {
    return this.o.lookupBackoffMs;
  }

  /**
   * Sends `body` for `a` (held or not_made → in_flight) and resolves once `a` is booked, refused or not_made, or
   * stays uncertain because no lookup could be made. Never throws.
   */
  async send(a: Attempt, body: CreateBookingInput, maxPosts = 2): Promise<void> {
    const sentAt = this.o.clock();
    const landBy = sentAt + this.o.commitWindowMs;
    if (!a.move({ kind: 'in_flight', sentAt, landBy })) return;
    a.posts++;
    // Which POST of the attempt made the booking, for logs and the chaos run's check of the commit window.
    body = { ...body, metadata: { ...body.metadata, post: String(a.posts) } };
    a.holdSent = typeof body.reservedSlotUid === 'string' ? body.reservedSlotUid : undefined;
    const answer = await this.#post(a, body, landBy);
    if (answer && 'ok' in answer) {
      // Round robin: Cal.com answers a booking for an attendee email it already has at that time with the existing
      // booking (getValidBookingFromEventTypeForAttendee). The caller's own from an earlier call is theirs; under a
      // shared address (fallbackEmail) it may be another caller's: nothing was made, and the time is not theirs.
      if (!isTheirs(answer.ok, a, body)) {
        a.move({ kind: 'refused', why: 'taken', message: 'the attendee email already has a booking at this time' });
        return;
      }
      a.move({ kind: 'booked', booking: answer.ok, late: a.state.kind === 'uncertain' });
      return;
    }
    if (a.state.kind === 'booked') return;
    const err = answer?.err;
    const refused = answer ? refusal(err) : null;
    if (refused && isCalComError(err) && err.code === 'reserved_slot_not_first_in_line' && body.reservedSlotUid) {
      // Someone's hold is ahead of ours (several hosts, several holds). A booking without our uid ignores holds,
      // as Cal.com's own booking path does; the refusal proves nothing was made, so sending again is safe.
      const { reservedSlotUid: _ours, ...rest } = body;
      return this.send(a, rest as CreateBookingInput, maxPosts + 1);
    }
    if (refused) {
      a.move({ kind: 'refused', why: refused.why, ...(refused.message ? { message: refused.message } : {}) });
      return;
    }
    // Lost: a timeout, a dropped connection, a gateway's 5xx (the POST may still land until landBy), or a 500 or a
    // garbled body (the POST is over). Either way only a lookup can tell, and a new POST waits for it.
    const over = answer !== undefined && answeredWithoutOutcome(err);
    a.move({ kind: 'uncertain', sentAt, landBy, why: errName(err) });
    this.o.logger?.warn({ err: errName(err), attendee: redactEmail(lookupEmail(body)) }, 'booking outcome unknown; looking it up');
    const made = await this.#reconcile(a, body, over ? this.o.clock() : landBy);
    // Surely nothing was made, so a second POST cannot double-book. It is sent at once, without passing through
    // not_made, so the caller is never told "it failed" about a booking that is still being tried.
    if (made === false && a.posts < maxPosts) return this.send(a, body, maxPosts);
    if (made === false) a.move({ kind: 'not_made' });
  }

  /**
   * The POST's answer, waited for up to `landBy`. Past `reconcileAfterMs` without one, lookups run alongside; a
   * lookup that finds the booking ends the wait (the POST's own answer, when it comes, changes nothing).
   */
  async #post(a: Attempt, body: CreateBookingInput, landBy: number): Promise<Answer | undefined> {
    this.o.counted();
    let answer: Answer | undefined;
    const request = this.o.calendar
      .createBooking(body, { timeoutMs: Math.max(1, landBy - this.o.clock()) })
      .then((ok) => (answer = { ok }), (err: unknown) => (answer = { err }));
    await Promise.race([request, sleep(this.o.reconcileAfterMs)]);
    if (answer) return answer;
    const sentAt = a.state.kind === 'in_flight' ? a.state.sentAt : this.o.clock();
    a.move({ kind: 'uncertain', sentAt, landBy, why: 'no answer yet' });
    const found = await this.#lookUntil(a, body, landBy, request, () => answer !== undefined);
    if (found) {
      a.move({ kind: 'booked', booking: found, late: true });
      return undefined;
    }
    await request;
    return answer;
  }

  /**
   * After a lost answer: lookups until the booking turns up (true), or it can no longer land and is not there
   * (false). Undefined: no lookup could be made after landBy; the attempt stays uncertain, never claimed or redone.
   */
  async #reconcile(a: Attempt, body: CreateBookingInput, landBy: number): Promise<boolean | undefined> {
    const found = await this.#lookUntil(a, body, landBy, new Promise<never>(() => {}), () => false);
    if (found) a.move({ kind: 'booked', booking: found, late: true });
    return found ? true : found === null ? false : undefined;
  }

  /**
   * Looks the booking up with backoff until found (the booking), until a lookup made at or after `landBy` finds
   * nothing (null), or until `stop()` says the POST answered (undefined). Lookups that fail never count as "not
   * found"; when they keep failing past `landBy` plus the backoff's length, the answer is undefined.
   */
  async #lookUntil(a: Attempt, body: CreateBookingInput, landBy: number, answered: Promise<unknown>, stop: () => boolean): Promise<Booking | null | undefined> {
    const giveUpAt = landBy + this.o.lookupBackoffMs.reduce((x, y) => x + y, 0);
    for (let i = 0; ; i++) {
      if (stop()) return undefined;
      const at = this.o.clock();
      const found = await this.lookup(a, body).catch(() => 'failed' as const);
      if (found !== 'failed' && found) return found;
      if (found !== 'failed' && at >= landBy) return null;
      if (this.o.clock() >= giveUpAt) return undefined;
      const pause = this.o.lookupBackoffMs[Math.min(i, this.o.lookupBackoffMs.length - 1)]!;
      // The last lookup before landBy is moved to landBy itself, so "not found" is decided as early as it can be.
      const until = at < landBy ? Math.min(this.o.clock() + pause, landBy) : this.o.clock() + pause;
      await Promise.race([answered, sleep(until - this.o.clock())]);
    }
  }

  /** Finds the booking this attempt's key made, by attendee and start, recognised by the key in its metadata. */
  async lookup(a: Attempt, body: CreateBookingInput): Promise<Booking | undefined> {
    this.o.counted();
    const list = await this.o.calendar.listBookings({
      // A phone-only attendee is filed under the placeholder email Cal.com builds from the phone.
      attendeeEmail: lookupEmail(body),
      afterStart: body.start,
      ...(a.slot.end ? { beforeEnd: a.slot.end } : {}),
      status: ['upcoming', 'unconfirmed'],
    });
    return list.find((b) => (b.metadata as Record<string, unknown> | undefined)?.idempotencyKey === a.key);
  }
}

/**
 * Whether a booking Cal.com answered with belongs to this attempt's caller: made by this attempt (its key), or
 * another booking of the same person (same email, and under a shared address the same phone too). One without a
 * key in its metadata is taken as this attempt's, as before keys existed.
 */
function isTheirs(b: Booking, a: Attempt, body: CreateBookingInput): boolean {
  const key = (b.metadata as Record<string, unknown> | null | undefined)?.['idempotencyKey'];
  if (a.key === null || typeof key !== 'string' || key === a.key) return true;
  const them = b.attendees[0];
  const samePhone = !!them?.phoneNumber && them.phoneNumber === body.attendee.phoneNumber;
  const sameEmail = them?.email.toLowerCase() === lookupEmail(body).toLowerCase();
  return sameEmail && (!a.attendee?.shared || samePhone);
}

export function errName(err: unknown): string {
  if (err === undefined) return 'no answer';
  return isCalComError(err) ? `${err.name}${err.status ? ` ${err.status}` : ''}` : err instanceof CalComError ? err.name : err instanceof Error ? err.name : 'unknown';
}
