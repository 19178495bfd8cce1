// Computes bookable slots from working hours, overrides, connected calendars, bookings, buffers and holds,
// the way Cal.com does: per host in the host's own zone, then combined by the event's scheduling type.
import { Temporal } from 'temporal-polyfill';
import type { BusyIndex, Interval } from './busy-index.js';
import type { EventType, Reservation, User, Weekday, World } from './world.js';
import { WEEKDAYS } from './world.js';

export type { Interval } from './busy-index.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface Slot extends Interval {
  /** Round-robin hosts free at this slot, of every group (for personal and collective events: every host). */
  freeHostIds: number[];
  /** Hosts who must attend (the owner, collective hosts, or round-robin fixed hosts). */
  fixedHostIds: number[];
  /** Bookings this slot can still take: one host of each group per booking, so the scarcest group's free hosts; or 1. */
  capacity: number;
}

export interface AvailabilityContext {
  world: World;
  /** Calendar events and active bookings per host. */
  busy: BusyIndex;
  now: number;
  /** A booking being rescheduled: its own time counts as free. */
  ignoreBookingUid?: string;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

function instantAt(date: Temporal.PlainDate, hhmm: string, zone: string): number {
  if (hhmm === '24:00') return instantAt(date.add({ days: 1 }), '00:00', zone);
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  // 'compatible' moves a wall time inside a spring-forward gap to after it, as Cal.com (dayjs) does.
  return date.toPlainDateTime({ hour: h, minute: m }).toZonedDateTime(zone, { disambiguation: 'compatible' })
    .epochMilliseconds;
}

/** The user's working intervals overlapping [from, to), from weekly hours and date overrides, in their own zone. */
export function workingIntervals(user: User, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (let day = Math.floor(from / DAY); day * DAY < to; day++)
    for (const iv of workingIntervalsOnUtcDay(user, day)) if (iv.end > from && iv.start < to) out.push(iv);
  return mergeIntervals(out);
}

// Zone math is the costliest step of a booking check, and a user's hours on a given day never change while the
// world stands, so each user's intervals are computed once per UTC day.
const byUtcDay = new WeakMap<User, Map<number, Interval[]>>();

function workingIntervalsOnUtcDay(user: User, utcDay: number): Interval[] {
  let days = byUtcDay.get(user);
  if (!days) byUtcDay.set(user, (days = new Map()));
  let list = days.get(utcDay);
  if (!list) days.set(utcDay, (list = computeWorkingIntervals(user, utcDay * DAY, (utcDay + 1) * DAY)));
  return list;
}

function computeWorkingIntervals(user: User, from: number, to: number): Interval[] {
  const zone = user.timeZone;
  const overrides = new Map(user.dateOverrides.map((o) => [o.date, o.ranges]));
  // One day of margin either side: a local day can start up to 14 hours away from the UTC day.
  let day = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(zone).toPlainDate().subtract({ days: 1 });
  const last = Temporal.Instant.fromEpochMilliseconds(to).toZonedDateTimeISO(zone).toPlainDate().add({ days: 1 });
  const out: Interval[] = [];
  for (; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    const weekday = WEEKDAYS[day.dayOfWeek - 1] as Weekday;
    const ranges = overrides.get(day.toString()) ?? user.weeklyHours[weekday];
    for (const r of ranges) {
      const iv = { start: instantAt(day, r.start, zone), end: instantAt(day, r.end, zone) };
      if (iv.end > iv.start && iv.end > from && iv.start < to) out.push(iv);
    }
  }
  return out;
}

export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

/**
 * Slot starts in [lo, hi) for one host: every `interval` minutes from the start of each working block, wholly
 * inside it. The grid is anchored at the block's start even when `lo` falls inside the block.
 */
function hostSlotStarts(working: Interval[], lengthMs: number, stepMs: number, lo: number, hi: number): number[] {
  const starts: number[] = [];
  for (const w of working) {
    const first = w.start + Math.max(0, Math.ceil((lo - w.start) / stepMs)) * stepMs;
    for (let s = first; s < hi && s + lengthMs <= w.end; s += stepMs) starts.push(s);
  }
  return starts;
}

/** The end of the rolling booking window: the end of the Nth day after today, in the organiser's zone. */
export function bookingWindowEnd(ctx: AvailabilityContext, et: EventType, days: number): number {
  const organiserId = et.ownerId ?? et.hosts[0]?.userId;
  const zone = ctx.world.users.find((u) => u.id === organiserId)?.timeZone ?? 'UTC';
  return Temporal.Instant.fromEpochMilliseconds(ctx.now)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .add({ days: days + 1 })
    .toZonedDateTime(zone).epochMilliseconds;
}

export interface EventHosts {
  /** Hosts who must all be free. */
  fixed: number[];
  /** Round-robin hosts (every group's). */
  rotating: number[];
  /**
   * The rotating hosts by Round Robin Group, in the event type's group order, ungrouped hosts last as one group
   * (Cal.com's DEFAULT_GROUP_ID): one host of each group must be free, and each booking gets one of each.
   */
  groups: number[][];
}

export function eventHosts(et: EventType): EventHosts {
  if (et.ownerId !== undefined) return { fixed: [et.ownerId], rotating: [], groups: [] };
  if (et.schedulingType === 'collective') return { fixed: et.hosts.map((h) => h.userId), rotating: [], groups: [] };
  const rotatingHosts = et.hosts.filter((h) => !h.mandatory);
  const groups = [...et.hostGroups.map((g) => g.id), null]
    .map((id) => rotatingHosts.filter((h) => h.groupId === id).map((h) => h.userId))
    .filter((g) => g.length > 0);
  return { fixed: et.hosts.filter((h) => h.mandatory).map((h) => h.userId), rotating: rotatingHosts.map((h) => h.userId), groups };
}

/**
 * Every slot of `et` starting in [from, to), before holds are taken into account.
 * Respects minimum notice, the future booking limit, buffers on both sides, and each host's zone.
 * With `exact`, the one candidate is `from` itself, on the grid or not: Cal.com's booking path checks only that
 * the meeting fits inside a host's hours and clashes with nothing (ensureAvailableUsers), never the slot grid.
 */
export function computeSlots(ctx: AvailabilityContext, et: EventType, from: number, to: number, exact = false): Slot[] {
  const lengthMs = et.lengthInMinutes * MINUTE;
  const stepMs = (et.slotInterval ?? et.lengthInMinutes) * MINUTE;
  const earliest = ctx.now + et.minimumBookingNotice * MINUTE;
  const latest = et.futureBookingLimitDays === null ? Infinity : bookingWindowEnd(ctx, et, et.futureBookingLimitDays);
  const lo = Math.max(from, earliest);
  const hi = Math.min(to, latest);
  if (lo >= hi) return [];

  const { fixed, rotating, groups } = eventHosts(et);
  const allHosts = [...fixed, ...rotating];
  // Only busy times that can touch a candidate (with this event's buffers) matter.
  const window = { start: lo - et.beforeEventBuffer * MINUTE, end: hi + lengthMs + et.afterEventBuffer * MINUTE };
  const perHost = new Map<number, { working: Interval[]; busy: Interval[] }>();
  for (const id of allHosts) {
    const user = ctx.world.users.find((u) => u.id === id);
    perHost.set(id, {
      working: user ? workingIntervals(user, lo - lengthMs, hi + lengthMs) : [],
      busy: ctx.busy.query(id, window, ctx.ignoreBookingUid),
    });
  }

  const isFree = (id: number, start: number): boolean => {
    const h = perHost.get(id);
    if (!h) return false;
    const end = start + lengthMs;
    if (!h.working.some((w) => w.start <= start && end <= w.end)) return false;
    const mineBuffered = { start: start - et.beforeEventBuffer * MINUTE, end: end + et.afterEventBuffer * MINUTE };
    // Cal.com (getBusyTimes) widens a booking by its own event type's buffers plus the requested event type's
    // opposite buffers, so the two add up. Calendar events carry no buffer of their own.
    return !h.busy.some((b) => overlaps(b, mineBuffered));
  };

  // Candidate starts come from every host's grid: hosts in zones with a :30 or :45 offset have their own.
  const candidates = new Set<number>(exact ? [from] : []);
  if (!exact)
    for (const id of allHosts)
      for (const s of hostSlotStarts(perHost.get(id)!.working, lengthMs, stepMs, lo, hi)) candidates.add(s);

  const slots: Slot[] = [];
  for (const start of [...candidates].sort((a, b) => a - b)) {
    if (!fixed.every((id) => isFree(id, start))) continue;
    const freeByGroup = groups.map((g) => g.filter((id) => isFree(id, start)));
    const capacity = groups.length > 0 ? Math.min(...freeByGroup.map((g) => g.length)) : 1;
    if (capacity === 0) continue;
    slots.push({
      start,
      end: start + lengthMs,
      freeHostIds: rotating.length > 0 ? freeByGroup.flat() : fixed,
      fixedHostIds: fixed,
      capacity,
    });
  }
  return slots;
}

/** Active holds on one slot of one event type, oldest first: the order in which they may book. */
export function holdsOn(reservations: readonly Reservation[], eventTypeId: number, start: number, now: number): Reservation[] {
  return reservations
    .filter((r) => r.eventTypeId === eventTypeId && Date.parse(r.slotStart) === start && Date.parse(r.releaseAt) > now)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.uid < b.uid ? -1 : 1));
}

/** Slots as a caller sees them: those whose holds leave room for one more booking. */
export function openSlots(
  ctx: AvailabilityContext,
  reservations: readonly Reservation[],
  et: EventType,
  from: number,
  to: number,
): Slot[] {
  return computeSlots(ctx, et, from, to).filter((s) => holdsOn(reservations, et.id, s.start, ctx.now).length < s.capacity);
}
