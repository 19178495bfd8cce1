// Finding a caller's bookings by phone, which Cal.com cannot filter on: pages of the event type's upcoming bookings
// read by start time, so bookings that share a start (a round-robin team's) are never lost between pages even
// though Cal.com orders by start alone and may list ties in any order; the search says when it stopped short.
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/booking/call-context.js';
import { CallerBookings } from '../../src/booking/caller-bookings.js';
import { parseBookingConfig } from '../../src/booking/config.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import type { Booking, ListBookingsQuery } from '../../src/calcom/schemas.js';

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z');
const CALLER = '+14155550123';

const action: ResolvedAction = {
  config: parseBookingConfig({ actions: [{ eventType: 201, location: 'cal-video' }] }, 't.yaml').actions[0]!,
  eventType: { id: 201, title: 'Sales Demo', slug: 'sales-demo', lengthInMinutes: 30, minimumBookingNotice: 0, schedulingType: 'roundRobin', locations: [] },
  displayName: 'Book Sales Demo',
  toolName: 'book_sales_demo',
  timeZone: 'Europe/Berlin',
};

function booking(i: number, start: string, phone: string): Booking {
  return {
    id: i, uid: `u${i}`, title: 'Sales Demo', status: 'accepted', start, end: start, duration: 30, hosts: [], eventTypeId: 201,
    attendees: [{ name: `A${i}`, email: `a${i}@example.com`, timeZone: 'UTC', phoneNumber: phone }],
  };
}

/** Six bookings at every half hour (six hosts), the caller's among them; ties come back in a new order each time. */
function team(callerAt: number[]): { all: Booking[]; calendar: { listBookings(q: ListBookingsQuery): Promise<Booking[]> }; requests: () => number } {
  const all: Booking[] = [];
  for (let slot = 0; slot < 60; slot++) {
    const start = new Date(Date.parse('2026-11-25T08:00:00Z') + slot * 30 * 60_000).toISOString();
    for (let h = 0; h < 6; h++) all.push(booking(all.length + 1, start, callerAt.includes(all.length) ? CALLER : `+1415555${String(1000 + all.length).slice(-4)}`));
  }
  let requests = 0;
  return {
    all,
    requests: () => requests,
    calendar: {
      async listBookings(q) {
        requests++;
        const after = q.afterStart ? Date.parse(q.afterStart) : 0;
        const sorted = all
          .filter((b) => Date.parse(b.start) >= after)
          .map((b) => ({ b, tie: Math.random() }))
          .sort((x, y) => Date.parse(x.b.start) - Date.parse(y.b.start) || x.tie - y.tie)
          .map((x) => x.b);
        return sorted.slice(q.skip ?? 0, (q.skip ?? 0) + (q.take ?? 100));
      },
    },
  };
}

const finder = (calendar: ReturnType<typeof team>['calendar'], maxPhonePages = 5) =>
  new CallerBookings({ calendar, action, call: { callId: 'c', callerPhone: CALLER }, now: () => NOW, clock: Date.now, maxPhonePages, counted: () => {} });

describe('finding by phone', () => {
  it('finds every booking of the caller across pages, ties at a page edge included, each once', async () => {
    // Bookings 96–101 share one start across the edge of the first page of 100; the caller has 98 and 99 there.
    for (let run = 0; run < 25; run++) {
      const t = team([3, 98, 99, 250]);
      const found = await finder(t.calendar).lookup(undefined);
      expect(found!.list.map((b) => b.uid).sort()).toEqual(['u100', 'u251', 'u4', 'u99']);
      expect(found!.cutShort).toBe(false);
    }
  });

  it('stops at maxPhonePages and says it stopped short', async () => {
    const t = team([350]);
    const found = await finder(t.calendar, 2).lookup(undefined);
    expect(found).toEqual({ list: [], cutShort: true });
    expect(t.requests()).toBe(2);
  });
});

describe('what vouches for the caller', () => {
  const jo = booking(1, '2026-11-25T08:00:00Z', '+14155559999');
  jo.attendees[0]!.email = 'jo@example.com';
  const who = (call: CallContext) =>
    new CallerBookings({ calendar: team([]).calendar, action, call, now: () => NOW, clock: Date.now, maxPhonePages: 1, counted: () => {} });

  it("the platform's email does, an email the caller's own client set does not", () => {
    expect(who({ callId: 'c', dynamicContext: { cal_email: 'Jo@Example.com' } }).verified(jo)).toBe(true);
    expect(who({ callId: 'c', contact: { id: 'k', email: 'jo@example.com' } }).verified(jo)).toBe(true);
    const fromClient = { callId: 'c', dynamicContext: { cal_email: 'jo@example.com' }, contact: { id: 'k', email: 'jo@example.com' }, contextEmailFromClient: true };
    expect(who(fromClient).verified(jo)).toBe(false);
    expect(who(fromClient).trusts('jo@example.com')).toBe(false);
  });
});
