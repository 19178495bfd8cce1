// Per-host index of everything that blocks time: calendar events, run-time busy events and bookings with buffers.
// Kept incrementally so a booking check costs the same with ten bookings or ten thousand.
import type { BusyEvent, StoredBooking, World } from './world.js';

const MINUTE = 60_000;

export interface Interval {
  start: number;
  end: number;
}

interface Entry {
  raw: Interval;
  /** The entry widened by its event type's buffers; equal to raw for calendar events. */
  buffered: Interval;
  bookingUid?: string;
}

export interface HostBusy {
  raw: Interval[];
  buffered: Interval[];
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
    const raw = { start: Date.parse(e.start), end: Date.parse(e.end) };
    this.#push(userId, { raw, buffered: raw });
  }

  addBooking(b: StoredBooking): void {
    const raw = { start: Date.parse(b.start), end: Date.parse(b.end) };
    const buf = this.#buffers.get(b.eventTypeId) ?? { before: 0, after: 0 };
    const buffered = { start: raw.start - buf.before, end: raw.end + buf.after };
    for (const id of b.hostUserIds) this.#push(id, { raw, buffered, bookingUid: b.uid });
  }

  removeBooking(b: StoredBooking): void {
    for (const id of b.hostUserIds) {
      const list = this.#byUser.get(id);
      if (list) this.#byUser.set(id, list.filter((e) => e.bookingUid !== b.uid));
    }
  }

  /** What blocks `userId` near `window`, optionally ignoring one booking (the one being rescheduled). */
  query(userId: number, window: Interval, ignoreBookingUid?: string): HostBusy {
    const raw: Interval[] = [];
    const buffered: Interval[] = [];
    for (const e of this.#byUser.get(userId) ?? []) {
      if (e.buffered.end <= window.start || e.buffered.start >= window.end) continue;
      if (ignoreBookingUid !== undefined && e.bookingUid === ignoreBookingUid) continue;
      raw.push(e.raw);
      buffered.push(e.buffered);
    }
    return { raw, buffered };
  }

  #push(userId: number, e: Entry): void {
    const list = this.#byUser.get(userId);
    if (list) list.push(e);
    else this.#byUser.set(userId, [e]);
  }
}
