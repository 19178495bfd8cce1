// The life of one booking attempt (a caller's pick of one slot) as data: its state, its hold and its POST in
// flight, with every transition checked against one table in one place.
import type { Booking } from '../calcom/schemas.js';
import type { Attendee } from './booking-body.js';
import type { ChosenSlot } from './offers.js';

/**
 * - `held`: the caller picked the slot; while their details are missing it is reserved in Cal.com if possible.
 * - `in_flight`: the booking POST is sent and unanswered.
 * - `uncertain`: the answer was lost (timeout, 5xx, garbled, connection dropped): the booking may exist or may
 *   still land until `landBy`; lookups reconcile it.
 * - `booked`: Cal.com has it (from the answer, or found by a lookup).
 * - `refused`: Cal.com answered that it made nothing (taken, invalid, busy).
 * - `not_made`: reconciled: no answer, and past `landBy` no lookup found it; a new POST is safe.
 * - `dropped`: the caller moved on before anything was sent.
 */
export type AttemptState =
  | { kind: 'held' }
  | { kind: 'in_flight'; sentAt: number; landBy: number }
  | { kind: 'uncertain'; sentAt: number; landBy: number; why: string }
  | { kind: 'booked'; booking: Booking; late: boolean }
  | { kind: 'refused'; why: RefusedWhy; message?: string }
  | { kind: 'not_made' }
  | { kind: 'dropped' };

export type AttemptKind = AttemptState['kind'];
export type RefusedWhy = 'taken' | 'rejected' | 'busy' | 'unavailable';

/** Which state may follow which. Anything else is refused: e.g. a late answer after a lookup found the booking. */
const NEXT: Record<AttemptKind, readonly AttemptKind[]> = {
  held: ['in_flight', 'dropped'],
  // in_flight again: refused only for our hold's place in line, and sent again without the hold.
  in_flight: ['in_flight', 'booked', 'refused', 'uncertain'],
  // A refusal may still come after lookups began: only one POST is ever open, so it is the truth (and one that
  // only refuses our hold's place in line is sent again without the hold).
  uncertain: ['in_flight', 'booked', 'refused', 'not_made'],
  booked: [],
  refused: ['in_flight', 'dropped'],
  not_made: ['in_flight', 'dropped'],
  dropped: [],
};

/**
 * A hold as data. `reserving`: the reservation POST is out; `live`: Cal.com gave us its uid; `lost`: its answer
 * never came, so a reservation we cannot name may exist until `until` (it only hides the slot from others: a
 * booking without its uid ignores holds); `released`: we deleted it, or Cal.com consumed it with the booking.
 */
export interface Hold {
  /** `taken`: Cal.com refused the reservation because the slot is booked or held by someone else. */
  status: 'reserving' | 'live' | 'lost' | 'released' | 'taken';
  uid?: string;
  until: number;
  /** False once the caller moved on: a reservation that answers after that is deleted at once. */
  wanted: boolean;
  /** Settles when the reservation POST has an outcome. */
  reserved: Promise<void>;
}

export class Attempt {
  #state: AttemptState = { kind: 'held' };
  hold: Hold | null = null;
  /** Who is being booked, once their details are complete. */
  attendee: Attendee | null = null;
  /** Set at the first POST and kept: a retry is recognisable in Cal.com by the same key. */
  key: string | null = null;
  posts = 0;
  /** The hold uid the latest POST carried: Cal.com consumes that hold when it books. */
  holdSent: string | undefined;
  /** The caller has heard the final outcome (a late booking is announced once, on the next tool result). */
  told = false;
  #waiters: Array<() => void> = [];

  constructor(
    readonly slot: ChosenSlot,
    private readonly log: (from: AttemptKind, to: AttemptState) => void = () => {},
  ) {}

  get state(): AttemptState {
    return this.#state;
  }

  /** True while Cal.com may yet make (or already have made) a booking that nobody has confirmed. */
  get open(): boolean {
    return this.#state.kind === 'in_flight' || this.#state.kind === 'uncertain';
  }

  /** Resolves at the next transition. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The one place an attempt changes state. Returns false (and changes nothing) when `to` may not follow. */
  move(to: AttemptState): boolean {
    const from = this.#state.kind;
    if (!NEXT[from].includes(to.kind)) return false;
    this.#state = to;
    this.log(from, to);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    return true;
  }
}

/** Whether `to` may follow `from` (exported for the table's own tests and the README). */
export function mayFollow(from: AttemptKind, to: AttemptKind): boolean {
  return NEXT[from].includes(to);
}
