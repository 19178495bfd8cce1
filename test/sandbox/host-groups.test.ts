// Round Robin Groups (Cal.com's hostGroups, hosts' groupId): a slot is free when every fixed host and at least one
// host of every group are free, and each booking gets one host from each group by the event's distribution.
import { describe, expect, it } from 'vitest';
import { CalComClient } from '../../src/calcom/client.js';
import { SandboxApiError } from '../../src/sandbox/api-error.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import { TAKEN_TEAM } from '../../src/sandbox/sandbox.js';
import { WorldSchema, type WorldInput } from '../../src/sandbox/world.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { bookingBody, sandboxAt, slotStarts, teamEvent, user, weekly, world } from './worlds.js';

const NOW = '2026-05-03T12:00:00Z';
const allDay = weekly([{ start: '00:00', end: '24:00' }]);
const TECH = 'technical-specialists';
const AM = 'account-managers';
const GROUPS = [
  { id: TECH, name: 'Technical specialists' },
  { id: AM, name: 'Account managers' },
];

/** Techs 1 and 2, account managers 3 and 4, manager 5 fixed; busy times per user. */
function groupsWorld(busy: Record<number, Array<[string, string]>> = {}, extraHosts: Array<{ userId: number; mandatory?: boolean; groupId?: string }> = []) {
  const ids = [1, 2, 3, 4, 5];
  return world({
    users: ids.map((id) =>
      user(id, 'UTC', allDay, { calendars: [{ provider: 'google', externalId: `u${id}`, busy: (busy[id] ?? []).map(([start, end]) => ({ start, end, title: 'busy' })) }] }),
    ),
    teams: [{ id: 1, slug: 'team', name: 'Team', memberIds: ids }],
    eventTypes: [
      teamEvent(
        1,
        1,
        'roundRobin',
        [{ userId: 1, groupId: TECH }, { userId: 2, groupId: TECH }, { userId: 3, groupId: AM }, { userId: 4, groupId: AM }, ...extraHosts],
        { hostGroups: GROUPS },
      ),
    ],
  });
}

// A taken team slot is Cal.com's 400 with the hosts' text (apps/api/v2 bookings 2024-08-13 handleBookingError).
const conflict = (fn: () => unknown): number => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SandboxApiError);
    expect((e as SandboxApiError).message).toBe(TAKEN_TEAM);
    return (e as SandboxApiError).status;
  }
  return 0;
};

describe('Round Robin Groups: availability', () => {
  it('a slot is free only when some host of every group is free', () => {
    const bothTechsBusy = { 1: [['2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z']], 2: [['2026-05-04T09:00:00Z', '2026-05-04T09:30:00Z']] } as Record<number, Array<[string, string]>>;
    const sb = sandboxAt(groupsWorld(bothTechsBusy), NOW);
    const starts = slotStarts(sb, 1, '2026-05-04T08:30:00Z', '2026-05-04T09:59:00Z');
    // 09:00: both technical specialists busy, although both account managers are free.
    expect(starts).toEqual(['2026-05-04T08:30:00Z', '2026-05-04T09:30:00Z']);
  });

  it('a fixed host must be free too', () => {
    const sb = sandboxAt(groupsWorld({ 5: [['2026-05-04T09:00:00Z', '2026-05-04T09:30:00Z']] }, [{ userId: 5, mandatory: true }]), NOW);
    expect(slotStarts(sb, 1, '2026-05-04T08:30:00Z', '2026-05-04T09:29:00Z')).toEqual(['2026-05-04T08:30:00Z']);
  });

  it('a slot takes as many bookings as its scarcest group has free hosts (then 400)', () => {
    const sb = sandboxAt(groupsWorld({ 4: [['2026-05-04T09:00:00Z', '2026-05-04T09:30:00Z']] }), NOW);
    const start = '2026-05-04T09:00:00Z';
    // Two techs free, one account manager free: one booking fits.
    const first = sb.createBooking(bookingBody(1, start));
    expect(first.hostUserIds).toEqual([1, 3]);
    expect(conflict(() => sb.createBooking(bookingBody(1, start, { attendee: { ...bookingBody(1, start).attendee, email: 'other@callers.example' } })))).toBe(400);
    expect(slotStarts(sb, 1, '2026-05-04T09:00:00Z', '2026-05-04T09:29:00Z')).toEqual([]);
  });
});

describe('Round Robin Groups: assignment', () => {
  it('every booking gets one host of each group, rotating within each group by least recently booked; fixed hosts follow', () => {
    const sb = sandboxAt(groupsWorld({}, [{ userId: 5, mandatory: true }]), NOW);
    const hosts = ['2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z', '2026-05-04T11:00:00Z', '2026-05-04T12:00:00Z'].map(
      (start, i) => sb.createBooking(bookingBody(1, start, { attendee: { ...bookingBody(1, start).attendee, email: `c${i}@callers.example` } })).hostUserIds,
    );
    expect(hosts).toEqual([
      [1, 3, 5],
      [2, 4, 5],
      [1, 3, 5],
      [2, 4, 5],
    ]);
  });

  it('a busy host is skipped in its group only', () => {
    const sb = sandboxAt(groupsWorld({ 1: [['2026-05-04T09:00:00Z', '2026-05-04T09:30:00Z']] }), NOW);
    expect(sb.createBooking(bookingBody(1, '2026-05-04T09:00:00Z')).hostUserIds).toEqual([2, 3]);
  });

  it('100 concurrent attempts on one slot with two free per group book it exactly twice', async () => {
    const s = await startTestSandbox({ world: groupsWorld() });
    s.sandbox.setClock(NOW);
    const post = (i: number) =>
      fetch(`${s.url}/v2/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cal-api-version': '2024-08-13' },
        body: JSON.stringify({ eventTypeId: 1, start: '2026-05-04T09:00:00Z', attendee: { name: `C ${i}`, email: `c${i}@callers.example`, timeZone: 'UTC' } }),
      }).then((r) => r.status);
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => post(i)));
    expect(statuses.filter((x) => x === 201)).toHaveLength(2);
    expect(statuses.filter((x) => x === 400)).toHaveLength(98);
    const hostSets = s.sandbox.state.bookings.map((b) => [...b.hostUserIds].sort());
    expect(hostSets).toEqual(expect.arrayContaining([[1, 3], [2, 4]]));
  });
});

describe('Round Robin Groups: world files and the API', () => {
  it('a host in a group the event type does not have, or groups on a collective event, are refused with the path', () => {
    const base = groupsWorld() as unknown as WorldInput;
    const bad = structuredClone(base);
    bad.eventTypes![0]!.hosts![0]!.groupId = 'sales-engineers';
    const r = WorldSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('no host group \\"sales-engineers\\"');
    const collective = structuredClone(base);
    collective.eventTypes![0]!.schedulingType = 'collective';
    expect(JSON.stringify(WorldSchema.safeParse(collective).error?.issues)).toContain('Round Robin Groups need schedulingType roundRobin');
  });

  it('the default world\'s Product Consultation: groups over the API, one technical specialist and one account manager per booking', async () => {
    const s = await startTestSandbox({ world: defaultWorld(new Date('2026-11-24T08:00:00Z')) });
    s.sandbox.setClock('2026-11-24T08:00:00Z');
    const cal = new CalComClient({ apiKey: s.apiKey, baseUrl: `${s.url}/v2` });
    const [team] = (await cal.listTeams()).filter((t) => t.slug === 'customer-success');
    const [et] = await cal.listTeamEventTypes(team!.id, { eventSlug: 'product-consultation' });
    expect(et!.hostGroups).toEqual([
      { id: TECH, name: 'Technical specialists' },
      { id: AM, name: 'Account managers' },
    ]);
    expect(et!.hosts.map((h) => [h.name, h.groupId])).toEqual([
      ['Dana Kim', TECH],
      ['Leo Martins', TECH],
      ['Oliver Grant', AM],
      ['Helen Carter', AM],
    ]);
    const slots = await cal.getSlots({ eventTypeId: et!.id, start: '2026-11-24T08:00:00Z', end: '2026-11-24T23:59:59Z', timeZone: 'UTC' });
    expect(slots.length).toBeGreaterThan(0);
    const booking = await cal.createBooking({ eventTypeId: et!.id, start: slots[0]!.start, attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' } });
    const names = booking.hosts.map((h) => h.name);
    expect(names).toHaveLength(2);
    expect(['Dana Kim', 'Leo Martins']).toContain(names[0]);
    expect(['Oliver Grant', 'Helen Carter']).toContain(names[1]);
  });
});
