// The fault campaign's managing conversations (issue 10): returning callers who cancel or move a booking (some first
// trying to "move" by booking anew), and strangers who try someone else's booking; then their integrity counts.
import type { Sandbox } from '../src/sandbox/sandbox.js';
import type { StoredBooking } from '../src/sandbox/world.js';
import { CreateBookingBody } from '../src/sandbox/sandbox.js';

type Result = Record<string, unknown>;
export type Change = { op: 'cancel' | 'reschedule'; said: 'done' | 'not_done' | 'unconfirmed'; newUid?: string };
export interface ManagingCaller {
  phone: string;
  email: string;
  /** The booking made before this call, if the slot was free. */
  seed?: string;
  changes: Change[];
  /** A stranger's target: it must stay as it was. */
  victim?: string;
}

export interface ManageScript {
  caller: ManagingCaller;
  random: () => number;
  names: { slots: string; book: string; find: string; cancel: string; reschedule: string };
  call: (name: string, args: Record<string, unknown>) => Promise<Result>;
  note: (r: Result) => void;
  /** The start behind an offered slot id, in the booking flow's latest offer. */
  startOf: (id: string) => string | undefined;
}

/** Books a slot for the caller before the call, straight in the sandbox (no faults): what an earlier call left. */
export function seedBooking(sb: Sandbox, eventTypeId: number, start: string, who: { email: string; phone: string }): string | undefined {
  try {
    const body = CreateBookingBody.parse({ eventTypeId, start, attendee: { name: 'Returning', email: who.email, phoneNumber: who.phone, timeZone: 'Europe/Berlin' } });
    return sb.commitBooking(sb.prepareBooking(body)).uid;
  } catch {
    return undefined;
  }
}

const said = (r: Result, doneStatus: string): Change['said'] | null =>
  r.status === doneStatus ? 'done' : r.status === 'unconfirmed' ? 'unconfirmed' : ['slot_taken', 'calendar_unavailable', 'rejected', 'already_cancelled', 'moved_elsewhere'].includes(String(r.status)) ? 'not_done' : null;

/** A returning caller: find, then cancel or move (sometimes first by booking anew), with repeats as models do. */
export async function returningCaller(s: ManageScript): Promise<void> {
  const { call, names, random, note, caller } = s;
  const found = await call(names.find, {});
  note(found);
  const id = (found.bookings as Array<{ id: string }> | undefined)?.[0]?.id;
  if (!id) return;
  const record = (op: Change['op'], r: Result) => {
    note(r);
    const w = said(r, op === 'cancel' ? 'cancelled' : 'rescheduled');
    if (w) caller.changes.push({ op, said: w, ...(r.bookingUid ? { newUid: String(r.bookingUid) } : {}) });
  };
  if (random() < 0.45) {
    note(await call(names.cancel, { bookingId: id }));
    record('cancel', await call(names.cancel, { bookingId: id, confirmed: true, reason: 'plans changed' }));
    if (random() < 0.3) record('cancel', await call(names.cancel, { bookingId: id, confirmed: true }));
    return;
  }
  const slots = await call(names.slots, { preference: random() < 0.5 ? 'Thursday' : undefined });
  note(slots);
  const offered = (slots.slots ?? []) as Array<{ id: string }>;
  if (offered.length === 0) return;
  const pick = offered[Math.floor(random() * offered.length)]!.id;
  if (random() < 0.25) {
    // The model tries to move by booking anew; the booking tool sends it to reschedule.
    // Booked anyway would leave two live bookings for this caller: callersWithTwoBookings counts it.
    const args = { slotId: pick, name: 'Returning', email: caller.email };
    note(await call(names.book, args));
    note(await call(names.book, { ...args, emailConfirmed: true }));
  }
  note(await call(names.reschedule, { bookingId: id, slotId: pick }));
  const r = await call(names.reschedule, { bookingId: id, slotId: pick, confirmed: true });
  record('reschedule', r);
  if (r.status === 'unconfirmed' || random() < 0.2) record('reschedule', await call(names.reschedule, { bookingId: id, slotId: pick, confirmed: true }));
}

/** A stranger saying a victim's email, then trying to cancel and move "b1" without the code. */
export async function stranger(s: ManageScript, victimEmail: string): Promise<void> {
  const { call, names, note } = s;
  note(await call(names.find, { email: victimEmail, emailConfirmed: true }));
  note(await call(names.find, { email: victimEmail, emailConfirmed: true }));
  note(await call(names.find, { code: '123456' }));
  note(await call(names.cancel, { bookingId: 'b1', confirmed: true }));
}

export interface ManageCounts {
  /** Told cancelled or moved, but Cal.com shows otherwise. */
  lostChanges: number;
  /** Told the change failed, but it was made. */
  ghostChanges: number;
  /** A move that left the old booking cancelled and no live successor, or a booking cancelled nobody asked to. */
  bothCancelled: number;
  /** A stranger's attempt changed someone else's booking. */
  foreignChanges: number;
  /** A cancel or move text for a change that did not happen, or more than one. */
  wrongChangeSms: number;
}

export function countManage(bookings: readonly StoredBooking[], callers: Iterable<ManagingCaller>, texts: Array<{ to: string; body: string }>): ManageCounts {
  const byUid = new Map(bookings.map((b) => [b.uid, b]));
  const live = (b: StoredBooking | undefined) => !!b && (b.status === 'accepted' || b.status === 'pending');
  /** The live end of a chain of moves from `uid`, if any. */
  const successor = (uid: string): StoredBooking | undefined => {
    let b = byUid.get(uid);
    for (let i = 0; b && !live(b) && b.rescheduledToUid && i < 10; i++) b = byUid.get(b.rescheduledToUid);
    return live(b) ? b : undefined;
  };
  const c: ManageCounts = { lostChanges: 0, ghostChanges: 0, bothCancelled: 0, foreignChanges: 0, wrongChangeSms: 0 };
  for (const k of callers) {
    if (k.victim && !live(byUid.get(k.victim))) c.foreignChanges++;
    if (!k.seed) continue;
    const seed = byUid.get(k.seed)!;
    const now = successor(k.seed);
    const cancelled = !live(seed) && !seed.rescheduledToUid;
    const moved = !live(seed) && !!seed.rescheduledToUid;
    const asked = new Set(k.changes.map((x) => x.op));
    for (const x of k.changes) {
      if (x.said === 'done' && x.op === 'cancel' && !cancelled) c.lostChanges++;
      if (x.said === 'done' && x.op === 'reschedule' && (!moved || !now || (x.newUid && now.uid !== x.newUid))) c.lostChanges++;
      if (x.said === 'not_done' && x.op === 'cancel' && cancelled && !k.changes.some((y) => y.op === 'cancel' && y.said !== 'not_done')) c.ghostChanges++;
      if (x.said === 'not_done' && x.op === 'reschedule' && moved && !k.changes.some((y) => y.op === 'reschedule' && y.said !== 'not_done')) c.ghostChanges++;
    }
    if (moved && !now) c.bothCancelled++;
    if (cancelled && !asked.has('cancel')) c.bothCancelled++;
    const mine = texts.filter((t) => t.to === k.phone);
    const cancelTexts = mine.filter((t) => t.body.startsWith('Cancelled:')).length;
    const moveTexts = mine.filter((t) => t.body.startsWith('Moved:')).length;
    c.wrongChangeSms += Math.max(0, cancelTexts - (cancelled ? 1 : 0)) + Math.max(0, moveTexts - (moved ? 1 : 0));
  }
  return c;
}

export const MANAGE_INTEGRITY_COUNTS = ['lostChanges', 'ghostChanges', 'bothCancelled', 'foreignChanges', 'wrongChangeSms'] as const;
