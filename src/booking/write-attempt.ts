// A cancel or reschedule POST with the booking POST's guarantees (sender.ts): never repeated while it could still
// commit; a lost answer is settled by reading the booking back (GET /v2/bookings/{uid}), never by a blind retry.
import type { Booking } from '../calcom/schemas.js';
import { answeredWithoutOutcome, errName, refusal } from './sender.js';
import type { RefusedWhy } from './attempt.js';

/**
 * - `in_flight`: sent, unanswered. `uncertain`: its answer was lost; reads settle it.
 * - `done`: Cal.com made the change (from the answer, or seen by a read); `booking` is the result (the cancelled
 *   booking, or the new booking of a reschedule).
 * - `refused`: Cal.com answered that it changed nothing. `not_made`: no answer, and past the commit window a read
 *   shows nothing changed.
 */
export type WriteState =
  | { kind: 'in_flight' }
  | { kind: 'uncertain'; why: string }
  | { kind: 'done'; booking: Booking; late: boolean }
  | { kind: 'refused'; why: RefusedWhy | 'gone'; message?: string }
  | { kind: 'not_made' };

/** One write: how to send it, and how to tell from Cal.com's current state whether it took effect. */
export interface WriteOp {
  send(o: { timeoutMs: number }): Promise<Booking>;
  /**
   * The result when the write took effect; null when the booking is as before; `gone` when it can no longer be
   * made (e.g. the booking was cancelled by someone else). Throws when the read fails.
   */
  effect(): Promise<Booking | null | 'gone'>;
}

export interface WriteOptions {
  commitWindowMs: number;
  reconcileAfterMs: number;
  lookupBackoffMs: readonly number[];
  clock: () => number;
  counted: () => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref?.());

export class WriteAttempt {
  #state: WriteState = { kind: 'in_flight' };
  posts = 0;
  /** The caller has heard the final outcome (a late one is told once, on the next tool result). */
  told = false;
  /** Settles when the attempt leaves in_flight/uncertain for good, or gives up reading (stays uncertain). */
  readonly settled: Promise<void>;
  #waiters: Array<() => void> = [];

  constructor(
    readonly op: WriteOp,
    private readonly o: WriteOptions,
  ) {
    this.settled = this.#run(2);
  }

  get state(): WriteState {
    return this.#state;
  }

  get open(): boolean {
    return this.#state.kind === 'in_flight' || this.#state.kind === 'uncertain';
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #move(to: WriteState): void {
    // Final states stay: a late answer after a read settled it changes nothing.
    if (!this.open) return;
    this.#state = to;
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Asked again while unsettled: one read now, so the caller hears the latest. Never throws. */
  async recheck(): Promise<void> {
    if (!this.open) return;
    this.o.counted();
    const seen = await this.op.effect().catch(() => null);
    if (seen && seen !== 'gone') this.#move({ kind: 'done', booking: seen, late: true });
  }

  async #run(maxPosts: number): Promise<void> {
    for (;;) {
      this.posts++;
      this.#move({ kind: 'in_flight' });
      const landBy = this.o.clock() + this.o.commitWindowMs;
      this.o.counted();
      let answer: { ok: Booking } | { err: unknown } | undefined;
      const request = this.op.send({ timeoutMs: Math.max(1, landBy - this.o.clock()) }).then(
        (ok) => (answer = { ok }),
        (err: unknown) => (answer = { err }),
      );
      await Promise.race([request, sleep(this.o.reconcileAfterMs)]);
      if (!answer) {
        this.#move({ kind: 'uncertain', why: 'no answer yet' });
        const seen = await this.#readUntil(landBy, request, () => answer !== undefined);
        if (seen === 'made') return;
        await request;
      }
      if (!this.open) return;
      const a = answer!;
      if ('ok' in a) return this.#move({ kind: 'done', booking: a.ok, late: this.#state.kind === 'uncertain' });
      const refused = refusal(a.err);
      if (refused) {
        // A refusal may be about our own earlier write that landed unseen ("already cancelled"): read first.
        this.o.counted();
        const seen = await this.op.effect().catch(() => null);
        if (seen && seen !== 'gone') return this.#move({ kind: 'done', booking: seen, late: true });
        if (seen === 'gone') return this.#move({ kind: 'refused', why: 'gone' });
        return this.#move({ kind: 'refused', why: refused.why, ...(refused.message ? { message: refused.message } : {}) });
      }
      this.#move({ kind: 'uncertain', why: errName(a.err) });
      const over = answeredWithoutOutcome(a.err);
      const seen = await this.#readUntil(over ? this.o.clock() : landBy, new Promise<never>(() => {}), () => false);
      if (seen === 'made' || seen === 'unknown') return;
      if (seen === 'gone') return this.#move({ kind: 'refused', why: 'gone' });
      // Surely not made: the one safe moment for a second POST.
      if (this.posts >= maxPosts) return this.#move({ kind: 'not_made' });
    }
  }

  /**
   * Reads with backoff until the write is seen ('made'), until a read at or after `landBy` shows nothing changed
   * ('not_made'), until `stop()` says the POST answered ('answered'), or until reads keep failing ('unknown').
   */
  async #readUntil(landBy: number, answered: Promise<unknown>, stop: () => boolean): Promise<'made' | 'not_made' | 'gone' | 'answered' | 'unknown'> {
    const giveUpAt = landBy + this.o.lookupBackoffMs.reduce((x, y) => x + y, 0);
    for (let i = 0; ; i++) {
      if (stop()) return 'answered';
      if (!this.open) return 'made';
      const at = this.o.clock();
      this.o.counted();
      const seen = await this.op.effect().catch(() => 'failed' as const);
      if (seen !== 'failed' && seen !== null && seen !== 'gone') {
        this.#move({ kind: 'done', booking: seen, late: true });
        return 'made';
      }
      if (seen === 'gone' && at >= landBy) return 'gone';
      if (seen === null && at >= landBy) return 'not_made';
      if (this.o.clock() >= giveUpAt) return 'unknown';
      const pause = this.o.lookupBackoffMs[Math.min(i, this.o.lookupBackoffMs.length - 1)]!;
      const until = at < landBy ? Math.min(this.o.clock() + pause, landBy) : this.o.clock() + pause;
      await Promise.race([answered, sleep(until - this.o.clock())]);
    }
  }
}
