// Per-host index of everything that blocks time: calendar events, run-time busy events and bookings with buffers.
// Kept incrementally so a booking check costs the same with ten bookings or ten thousand.
import type { BusyEvent, StoredBooking, World } from './world.js';

const MINUTE = 60_000;

export interface Interval {
  start: number;
  end: number;
}

interface Entry {
  /** The busy time widened by its own event type's buffers (calendar events have none). */
  buffered: Interval;
  bookingUid?: string;
}

export class BusyIndex {
  readonly #byUser = new Map<number, Entry[]>();
  readonly #buffers = new Map<number, { before: number; after: number }>();

  constructor(world: World) {
    for (const et of world.eventTypes)
      this.#buffers.set(et.id, { before: et.beforeEventBuffer * MINUTE, after: et.afterEventBuffer * MINUTE });
    for (const u of world.users) for (const c of u.calendars) for (const e of c.busy) this.addBusy(u.id, e);
  }

  addBusy(userId: number, e: Pick<BusyEvent, 'start' | 'end'>): void {
    this.#push(userId, { buffered: { start: Date.parse(e.start), end: Date.parse(e.end) } });
  }

  addBooking(b: StoredBooking): void {
    const buf = this.#buffers.get(b.eventTypeId) ?? { before: 0, after: 0 };
    const buffered = { start: Date.parse(b.start) - buf.before, end: Date.parse(b.end) + buf.after };
    for (const id of b.hostUserIds) this.#push(id, { buffered, bookingUid: b.uid });
  }

  removeBooking(b: StoredBooking): void {
    for (const id of b.hostUserIds) {
      const list = this.#byUser.get(id);
      if (list) this.#byUser.set(id, list.filter((e) => e.bookingUid !== b.uid));
    }
  }

  /** What blocks `userId` within `window`, optionally ignoring one booking (the one being rescheduled). */
  query(userId: number, window: Interval, ignoreBookingUid?: string): Interval[] {
    const out: Interval[] = [];
    for (const e of this.#byUser.get(userId) ?? []) {
      if (e.buffered.end <= window.start || e.buffered.start >= window.end) continue;
      if (ignoreBookingUid !== undefined && e.bookingUid === ignoreBookingUid) continue;
      out.push(e.buffered);
    }
    return out;
  }

  #push(userId: number, e: Entry): void {
    const list = this.#byUser.get(userId);
    if (list) list.push(e);
    else this.#byUser.set(userId, [e]);
  }
}
