// Round-robin host selection through the booking engine: weights, least recently booked, priority,
// fixed hosts and busy rotating hosts. Pinned clock; every host works around the clock in UTC.
import { describe, expect, it } from 'vitest';
import { SandboxApiError } from '../../src/sandbox/api-error.js';
import { renderBooking } from '../../src/sandbox/render.js';
import { TAKEN_TEAM, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { WorldInput } from '../../src/sandbox/world.js';
import { bookingBody, every, sandboxAt, teamEvent, user, weekly, world } from './worlds.js';

type Hosts = NonNullable<NonNullable<WorldInput['eventTypes']>[number]['hosts']>;
type Busy = { userId: number; start: string; end: string };

const NOW = '2026-05-03T12:00:00Z';
const allDay = weekly([{ start: '00:00', end: '24:00' }]);

function rrSandbox(hosts: Hosts, distribution: 'leastRecentlyBooked' | 'priority' | 'weighted', busy: Busy[] = []): Sandbox {
  const ids = hosts.map((h) => h.userId);
  const w = world({
    users: ids.map((id) =>
      user(id, 'UTC', allDay, {
        calendars: [
          {
            provider: 'google',
            externalId: `host${id}`,
            busy: busy.filter((b) => b.userId === id).map((b) => ({ start: b.start, end: b.end, title: 'busy' })),
          },
        ],
      }),
    ),
    teams: [{ id: 1, slug: 'team', name: 'Team', memberIds: ids }],
    eventTypes: [teamEvent(1, 1, 'roundRobin', hosts, { distribution })],
  });
  return sandboxAt(w, NOW);
}

/** Books each start once and returns the organiser (hostUserIds[0]) of each booking. */
function organisers(sb: Sandbox, starts: string[]): number[] {
  return starts.map((start, i) => sb.createBooking(bookingBody(1, start, { attendee: { ...bookingBody(1, start).attendee, email: `caller${i}@callers.example` } })).hostUserIds[0]!);
}

function count(ids: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const id of ids) out[id] = (out[id] ?? 0) + 1;
  return out;
}

/**
 * No host can take the booking: ensureAvailableUsers throws no_available_users_found_error, which API v2 answers
 * for a team event type with 400 and the hosts text
 * (apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts handleBookingError).
 */
function expectNoHost(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SandboxApiError);
    expect((e as SandboxApiError).status).toBe(400);
    expect((e as SandboxApiError).code).toBe('BadRequestException');
    expect((e as SandboxApiError).message).toBe(TAKEN_TEAM);
    return;
  }
  expect.fail('expected a 400 with the no-host text');
}

const other = (start: string, email: string) => bookingBody(1, start, { attendee: { ...bookingBody(1, start).attendee, email } });

describe('round robin through the booking engine', () => {
  it('weighted 100/100/50 over 300 bookings gives 120/120/60, each within ±5 bookings', () => {
    const sb = rrSandbox(
      [
        { userId: 1, weight: 100 },
        { userId: 2, weight: 100 },
        { userId: 3, weight: 50 },
      ],
      'weighted',
    );
    // 300 half-hour slots over six and a quarter days, each booked once, so every host is free for every pick.
    const picks = organisers(sb, every('2026-05-04T00:00:00Z', 30, 300));
    const c = count(picks);
    expect(picks).toHaveLength(300);
    expect(Math.abs((c[1] ?? 0) - 120)).toBeLessThanOrEqual(5);
    expect(Math.abs((c[2] ?? 0) - 120)).toBeLessThanOrEqual(5);
    expect(Math.abs((c[3] ?? 0) - 60)).toBeLessThanOrEqual(5);
    // And the share holds along the way, not only at the end: after every 50 bookings, within ±3 of the target.
    for (let n = 50; n <= 300; n += 50) {
      const part = count(picks.slice(0, n));
      expect(Math.abs((part[3] ?? 0) - n / 5)).toBeLessThanOrEqual(3);
    }
  });

  it('weighted: cancelled bookings do not count towards a host\'s share', () => {
    const sb = rrSandbox(
      [
        { userId: 1, weight: 100 },
        { userId: 2, weight: 100 },
      ],
      'weighted',
    );
    const first = every('2026-05-04T00:00:00Z', 30, 10).map((s) => sb.createBooking(bookingBody(1, s)));
    // Cancel host 1's bookings: host 1 is now 5 behind and takes the next five.
    for (const b of first.filter((b) => b.hostUserIds[0] === 1)) sb.cancel(b.uid, {});
    expect(organisers(sb, every('2026-05-05T00:00:00Z', 30, 5))).toEqual([1, 1, 1, 1, 1]);
  });

  it('least recently booked rotates exactly A,B,C,A,B,C… when everyone is free', () => {
    const sb = rrSandbox([{ userId: 1 }, { userId: 2 }, { userId: 3 }], 'leastRecentlyBooked');
    expect(organisers(sb, every('2026-05-04T09:00:00Z', 30, 12))).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('least recently booked: a host skipped while busy is next in line once free', () => {
    const sb = rrSandbox([{ userId: 1 }, { userId: 2 }, { userId: 3 }], 'leastRecentlyBooked', [
      { userId: 2, start: '2026-05-04T09:30:00Z', end: '2026-05-04T10:00:00Z' },
    ]);
    expect(organisers(sb, every('2026-05-04T09:00:00Z', 30, 6))).toEqual([1, 3, 2, 1, 3, 2]);
  });

  it('priority: the high-priority host gets every booking while free; medium hosts only when it is busy', () => {
    const sb = rrSandbox(
      [
        { userId: 1, priority: 'high' },
        { userId: 2, priority: 'medium' },
        { userId: 3, priority: 'medium' },
        { userId: 4, priority: 'low' },
      ],
      'priority',
      [{ userId: 1, start: '2026-05-05T09:00:00Z', end: '2026-05-05T12:00:00Z' }],
    );
    expect(organisers(sb, every('2026-05-04T09:00:00Z', 30, 10))).toEqual(Array(10).fill(1));
    // Host 1 busy: the two medium hosts share by recency; the low host never gets one.
    const whileBusy = organisers(sb, every('2026-05-05T09:00:00Z', 30, 6));
    expect(whileBusy).toEqual([2, 3, 2, 3, 2, 3]);
    // Free again: straight back to host 1.
    expect(organisers(sb, every('2026-05-05T12:00:00Z', 30, 3))).toEqual([1, 1, 1]);
  });

  it('priority: one slot fills host by host in priority order, then no host is left', () => {
    const sb = rrSandbox(
      [
        { userId: 4, priority: 'low' },
        { userId: 2, priority: 'medium' },
        { userId: 1, priority: 'highest' },
      ],
      'priority',
    );
    const start = '2026-05-04T10:00:00Z';
    expect(organisers(sb, [start, start, start])).toEqual([1, 2, 4]);
    expectNoHost(() => sb.createBooking(other(start, 'fourth@callers.example')));
  });

  it('fixed hosts are on every round-robin booking: hosts[0] is the rotating pick, the fixed hosts follow', () => {
    const sb = rrSandbox(
      [
        { userId: 1, mandatory: true },
        { userId: 2 },
        { userId: 3 },
        { userId: 4, mandatory: true },
      ],
      'leastRecentlyBooked',
    );
    const bookings = every('2026-05-04T09:00:00Z', 30, 6).map((s) => sb.createBooking(bookingBody(1, s)));
    expect(bookings.map((b) => b.hostUserIds)).toEqual([
      [2, 1, 4],
      [3, 1, 4],
      [2, 1, 4],
      [3, 1, 4],
      [2, 1, 4],
      [3, 1, 4],
    ]);
    // The rendered booking (what the API returns) lists them in the same order.
    expect(renderBooking(sb, bookings[0]!).hosts.map((h) => h.id)).toEqual([2, 1, 4]);
    // One booking makes the fixed hosts busy at that time, so a second one is refused though a rotating host is free.
    const start = '2026-05-04T15:00:00Z';
    sb.createBooking(bookingBody(1, start));
    expectNoHost(() => sb.createBooking(other(start, 'second@callers.example')));
  });

  it('the same attendee asking again for the same start gets their booking back, not a second host', () => {
    // packages/features/bookings/lib/service/RegularBookingService.ts getValidBookingFromEventTypeForAttendee
    // (BookingRepository): for a round-robin event type, an accepted booking of this attendee (the exact email) at
    // this start is returned as is.
    const sb = rrSandbox([{ userId: 1 }, { userId: 2 }, { userId: 3 }], 'leastRecentlyBooked');
    const start = '2026-05-04T10:00:00Z';
    const first = sb.createBooking(bookingBody(1, start));
    const again = sb.createBooking(bookingBody(1, start));
    expect(again.uid).toBe(first.uid);
    expect(sb.state.bookings).toHaveLength(1);
    // Prisma compares the email exactly: another spelling is another attendee, and gets another host.
    const upper = sb.createBooking(other(start, bookingBody(1, start).attendee.email!.toUpperCase()));
    expect(upper.uid).not.toBe(first.uid);
    sb.cancel(upper.uid, {});
    // Another attendee gets the other host; once cancelled, the first attendee books anew.
    expect(sb.createBooking(other(start, 'sam@callers.example')).hostUserIds[0]).not.toBe(first.hostUserIds[0]);
    sb.cancel(first.uid, {});
    expect(sb.createBooking(bookingBody(1, start)).uid).not.toBe(first.uid);
  });

  it('a fixed host busy on their calendar blocks the round-robin slot even with rotating hosts free', () => {
    const sb = rrSandbox([{ userId: 1, mandatory: true }, { userId: 2 }, { userId: 3 }], 'leastRecentlyBooked', [
      { userId: 1, start: '2026-05-04T10:00:00Z', end: '2026-05-04T10:30:00Z' },
    ]);
    expectNoHost(() => sb.createBooking(bookingBody(1, '2026-05-04T10:00:00Z')));
    expect(sb.slots({ eventTypeId: 1, start: Date.parse('2026-05-04T10:00:00Z'), end: Date.parse('2026-05-04T10:00:00Z') }).slots).toEqual([]);
  });

  it('a rotating host busy on their calendar is skipped, even when it is their turn', () => {
    const sb = rrSandbox([{ userId: 1 }, { userId: 2 }, { userId: 3 }], 'leastRecentlyBooked', [
      { userId: 1, start: '2026-05-04T10:00:00Z', end: '2026-05-04T11:00:00Z' },
      { userId: 2, start: '2026-05-04T10:30:00Z', end: '2026-05-04T11:00:00Z' },
      { userId: 3, start: '2026-05-04T10:30:00Z', end: '2026-05-04T11:00:00Z' },
    ]);
    // Host 1 would be first (never booked, first in the list) but is busy at 10:00.
    expect(organisers(sb, ['2026-05-04T10:00:00Z'])).toEqual([2]);
    const slot = sb.slots({ eventTypeId: 1, start: Date.parse('2026-05-04T10:00:00Z'), end: Date.parse('2026-05-04T10:00:00Z') }).slots[0]!;
    expect(slot.freeHostIds).toEqual([3]);
    // At 10:30 every rotating host is busy.
    expectNoHost(() => sb.createBooking(bookingBody(1, '2026-05-04T10:30:00Z')));
  });

  it('weighted: a host busy for a while catches up afterwards', () => {
    const sb = rrSandbox(
      [
        { userId: 1, weight: 100 },
        { userId: 2, weight: 100 },
      ],
      'weighted',
      [{ userId: 2, start: '2026-05-04T00:00:00Z', end: '2026-05-04T05:00:00Z' }],
    );
    const picks = organisers(sb, every('2026-05-04T00:00:00Z', 30, 40));
    expect(picks.slice(0, 10)).toEqual(Array(10).fill(1));
    expect(picks.slice(10, 20)).toEqual(Array(10).fill(2));
    const c = count(picks);
    expect(c[1]).toBe(20);
    expect(c[2]).toBe(20);
  });
});
