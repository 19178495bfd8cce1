// The attempt's transition table, exhaustively: what may follow what, and that a refused move changes nothing.
import { describe, expect, it } from 'vitest';
import { Attempt, mayFollow, type AttemptKind, type AttemptState } from '../../src/booking/attempt.js';

const KINDS: AttemptKind[] = ['held', 'in_flight', 'uncertain', 'booked', 'refused', 'not_made', 'dropped'];
const ALLOWED = new Set([
  'held>in_flight', 'held>dropped',
  'in_flight>in_flight', 'in_flight>booked', 'in_flight>refused', 'in_flight>uncertain',
  'uncertain>in_flight', 'uncertain>booked', 'uncertain>refused', 'uncertain>not_made',
  'refused>in_flight', 'refused>dropped',
  'not_made>in_flight', 'not_made>dropped',
]);
const SLOT = { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' };
const booking = { uid: 'b1' } as never;
const example = (kind: AttemptKind): AttemptState =>
  ({
    held: { kind: 'held' },
    in_flight: { kind: 'in_flight', sentAt: 0, landBy: 1 },
    uncertain: { kind: 'uncertain', sentAt: 0, landBy: 1, why: 'timeout' },
    booked: { kind: 'booked', booking, late: false },
    refused: { kind: 'refused', why: 'taken' },
    not_made: { kind: 'not_made' },
    dropped: { kind: 'dropped' },
  })[kind] as AttemptState;

/** Drives a fresh attempt into `kind` along allowed moves. */
function at(kind: AttemptKind): Attempt {
  const a = new Attempt(SLOT as never);
  const path: Record<AttemptKind, AttemptKind[]> = {
    held: [], in_flight: ['in_flight'], uncertain: ['in_flight', 'uncertain'], booked: ['in_flight', 'booked'],
    refused: ['in_flight', 'refused'], not_made: ['in_flight', 'uncertain', 'not_made'], dropped: ['dropped'],
  };
  for (const k of path[kind]) expect(a.move(example(k))).toBe(true);
  return a;
}

describe('booking attempt states', () => {
  it.each(KINDS.flatMap((from) => KINDS.map((to) => [from, to] as const)))('%s → %s follows the table', (from, to) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(mayFollow(from, to)).toBe(allowed);
    const a = at(from);
    expect(a.move(example(to))).toBe(allowed);
    expect(a.state.kind).toBe(allowed ? to : from);
  });

  it('booked and dropped are final; open means the booking may exist unconfirmed', () => {
    for (const k of KINDS) expect(at(k).open).toBe(k === 'in_flight' || k === 'uncertain');
    for (const k of KINDS) expect(mayFollow('booked', k)).toBe(false);
  });

  it('every transition wakes whoever waits on the attempt, and only a real one', async () => {
    const a = at('in_flight');
    let woke = 0;
    void a.changed().then(() => woke++);
    expect(a.move(example('held'))).toBe(false);
    await Promise.resolve();
    expect(woke).toBe(0);
    a.move(example('booked'));
    await Promise.resolve();
    expect(woke).toBe(1);
  });
});
