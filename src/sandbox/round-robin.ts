// Picks the round-robin hosts for a new booking by the event type's distribution, as Cal.com does: one per Round
// Robin Group (a single group when the event type has none).
import { eventHosts, type Slot } from './availability.js';
import type { EventType, Priority, StoredBooking } from './world.js';
import { PRIORITIES } from './world.js';

/**
 * Every host of a new booking at `slot`: one round-robin pick per group, in group order, then the fixed hosts.
 * `hostUserIds[0]` is thus the organiser, as in Cal.com, where the first assigned round-robin host organises.
 */
export function assignHosts(et: EventType, slot: Slot, bookingsOfEvent: readonly StoredBooking[]): number[] {
  const { fixed, groups } = eventHosts(et);
  const picks = groups.map((group) => pickRoundRobinHost(et, slot.freeHostIds.filter((id) => group.includes(id)), bookingsOfEvent, group));
  return [...picks, ...fixed];
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);

/**
 * Chooses among `freeHostIds` (the round-robin hosts of one group free at the slot; `groupHostIds` is the whole
 * group, by default every round-robin host). A booking counts for a host when the host is among its hosts.
 * - leastRecentlyBooked: the host whose last booking of this event type was created longest ago (never booked first).
 * - priority: the highest priority; ties go to the least recently booked.
 * - weighted: the host furthest behind their weighted share of this event type's bookings, so over many
 *   bookings each host's count tracks weight / total weight; ties go to priority, then least recently booked.
 * Remaining ties fall to the order of the event type's host list, which keeps the choice deterministic.
 */
export function pickRoundRobinHost(
  et: EventType,
  freeHostIds: readonly number[],
  bookingsOfEvent: readonly StoredBooking[],
  groupHostIds?: readonly number[],
): number {
  if (freeHostIds.length === 0) throw new Error('pickRoundRobinHost needs at least one free host');
  const hosts = et.hosts.filter((h) => !h.mandatory && (!groupHostIds || groupHostIds.includes(h.userId)));
  const free = hosts.filter((h) => freeHostIds.includes(h.userId));

  const lastBooked = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const b of bookingsOfEvent) {
    if (b.status === 'rejected') continue;
    for (const host of b.hostUserIds) {
      if (!hosts.some((h) => h.userId === host)) continue;
      // Booking ids are monotonic, so they order bookings created in the same millisecond.
      lastBooked.set(host, Math.max(lastBooked.get(host) ?? -1, b.id));
      if (b.status !== 'cancelled') counts.set(host, (counts.get(host) ?? 0) + 1);
    }
  }
  const recency = (id: number) => lastBooked.get(id) ?? -1;
  const order = (id: number) => hosts.findIndex((h) => h.userId === id);

  const byRecency = (a: (typeof free)[number], b: (typeof free)[number]) =>
    recency(a.userId) - recency(b.userId) || order(a.userId) - order(b.userId);
  const byPriority = (a: (typeof free)[number], b: (typeof free)[number]) =>
    rank(b.priority) - rank(a.priority) || byRecency(a, b);

  let sorted: typeof free;
  if (et.distribution === 'priority') sorted = [...free].sort(byPriority);
  else if (et.distribution === 'weighted') {
    const totalWeight = hosts.reduce((s, h) => s + h.weight, 0) || 1;
    const total = hosts.reduce((s, h) => s + (counts.get(h.userId) ?? 0), 0) + 1;
    const shortfall = (h: (typeof free)[number]) => (h.weight / totalWeight) * total - (counts.get(h.userId) ?? 0);
    sorted = [...free].sort((a, b) => shortfall(b) - shortfall(a) || byPriority(a, b));
  } else sorted = [...free].sort(byRecency);

  const chosen = sorted[0];
  if (!chosen) throw new Error('none of the free hosts is a round-robin host of this event type');
  return chosen.userId;
}
