// The rules of a cancel or reschedule write (src/booking/write-attempt.ts) against scripted Cal.com answers: one
// POST while it could still commit, lost answers settled by reads, refusals checked against what exists.
import { describe, expect, it } from 'vitest';
import { CalComServerError, CalComSlotUnavailableError, CalComTimeoutError, CalComValidationError } from '../../src/calcom/errors.js';
import type { Booking } from '../../src/calcom/schemas.js';
import { WriteAttempt, type WriteOp } from '../../src/booking/write-attempt.js';
import { OneTimeCode } from '../../src/booking/verify-code.js';

const booking = { id: 1, uid: 'new', title: 'x', status: 'cancelled', start: '2026-11-26T09:00:00Z', end: '2026-11-26T09:30:00Z', duration: 30, hosts: [], attendees: [] } as Booking;
const endpoint = 'POST /bookings/{uid}/cancel';
// Short windows keep the test quick; nothing below asserts on time.
const FAST = { commitWindowMs: 60, reconcileAfterMs: 10, lookupBackoffMs: [5, 10], clock: Date.now, counted: () => {} };

/** A scripted op: each POST answers from `answers` in turn; each read answers from `reads` (the last repeats). */
function op(answers: Array<() => Promise<Booking>>, reads: Array<Booking | null | 'gone' | Error>): WriteOp & { posts: number; readsMade: number } {
  const o = {
    posts: 0,
    readsMade: 0,
    send: () => answers[o.posts++]!(),
    effect: async () => {
      const r = reads[Math.min(o.readsMade++, reads.length - 1)]!;
      if (r instanceof Error) throw r;
      return r;
    },
  };
  return o;
}
const timeout = () => Promise.reject(new CalComTimeoutError({ endpoint, timeoutMs: 50 }));
const hang = () => new Promise<Booking>((_, reject) => setTimeout(() => reject(new CalComTimeoutError({ endpoint, timeoutMs: 60 })), 70));

describe('a write attempt', () => {
  it('answered: done after one POST, no read', async () => {
    const o = op([async () => booking], [null]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state).toEqual({ kind: 'done', booking, late: false });
    expect([o.posts, o.readsMade]).toEqual([1, 0]);
  });

  it('answer lost but the change landed: found by a read, never sent again', async () => {
    const o = op([timeout], [null, booking]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state).toMatchObject({ kind: 'done', late: true });
    expect(o.posts).toBe(1);
  });

  it('a 503 (the request is over) and nothing changed: sent once more at once', async () => {
    const o = op([() => Promise.reject(new CalComServerError({ endpoint, status: 503 })), async () => booking], [null]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state).toMatchObject({ kind: 'done' });
    expect(o.posts).toBe(2);
  });

  it('no answer until the window closed and nothing changed: one more POST only after a read past the window', async () => {
    const o = op([hang, hang], [null]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state).toEqual({ kind: 'not_made' });
    expect(o.posts).toBe(2);
  });

  it('reads that keep failing leave it uncertain: never claimed, never sent again', async () => {
    const o = op([timeout], [new Error('read failed')]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state.kind).toBe('uncertain');
    expect(o.posts).toBe(1);
  });

  it('refused as "already cancelled" after our own lost write landed: done, not an error (idempotent)', async () => {
    const o = op([() => Promise.reject(new CalComValidationError({ endpoint, status: 400, problem: 'This booking has already been cancelled.' }))], [booking]);
    const a = new WriteAttempt(o, FAST);
    await a.settled;
    expect(a.state).toMatchObject({ kind: 'done' });
  });

  it('refused as taken while nothing changed: refused; cancelled by someone else: gone', async () => {
    const taken = new WriteAttempt(op([() => Promise.reject(new CalComSlotUnavailableError({ endpoint, status: 400 }))], [null]), FAST);
    await taken.settled;
    expect(taken.state).toMatchObject({ kind: 'refused', why: 'taken' });
    const gone = new WriteAttempt(op([() => Promise.reject(new CalComValidationError({ endpoint, status: 400 }))], ['gone']), FAST);
    await gone.settled;
    expect(gone.state).toEqual({ kind: 'refused', why: 'gone' });
  });
});

describe('the one-time code', () => {
  it('is six digits, accepted once as spoken, with three tries and a ten-minute life', () => {
    const c = new OneTimeCode('+14155550123', 0);
    expect(c.text).toMatch(/^\d{6}$/);
    const wrong = c.text === '000000' ? '111111' : '000000';
    expect(c.check(wrong, 1)).toBe(false);
    expect(c.check(`${c.text.slice(0, 3)} ${c.text.slice(3)}`, 2)).toBe(true);
    expect(c.check(c.text, 3)).toBe(false); // spent
    const late = new OneTimeCode('+14155550123', 0);
    expect(late.check(late.text, 10 * 60_000 + 1)).toBe(false);
    const guessed = new OneTimeCode('+14155550123', 0);
    for (let i = 0; i < 3; i++) guessed.check(wrong === guessed.text ? '222222' : wrong, 1);
    expect(guessed.check(guessed.text, 1)).toBe(false);
  });
});
