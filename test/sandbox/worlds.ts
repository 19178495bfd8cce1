// Small world builders shared by the sandbox tests: every test states its own users, hours and event types.
import { Sandbox, emptyState, type CreateBookingBody } from '../../src/sandbox/sandbox.js';
import { WEEKDAYS, WorldSchema, type World, type WorldInput } from '../../src/sandbox/world.js';

export const API_KEY = 'cal_test_sandbox_key_owner_1';
export const OTHER_KEY = 'cal_test_sandbox_key_user_2';

type Range = { start: string; end: string };
type UserInput = WorldInput['users'][number];
type EventTypeInput = NonNullable<WorldInput['eventTypes']>[number];

/** Weekly hours with the same ranges on the given days (default: every day of the week). */
export function weekly(ranges: Range[], days: readonly (typeof WEEKDAYS)[number][] = WEEKDAYS) {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, days.includes(d) ? ranges : []])) as UserInput['weeklyHours'];
}

export const WEEKDAYS_ONLY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

export function user(id: number, timeZone: string, weeklyHours: UserInput['weeklyHours'], extra: Partial<UserInput> = {}): UserInput {
  return {
    id,
    username: `user-${id}`,
    name: `User ${id}`,
    email: `user${id}@hosts.example`,
    timeZone,
    weeklyHours,
    ...extra,
  };
}

/** A personal event type; notice 0 so pinned clocks do not hide slots unless a test asks for notice. */
export function personal(id: number, ownerId: number, extra: Partial<EventTypeInput> = {}): EventTypeInput {
  return {
    id,
    slug: `event-${id}`,
    title: `Event ${id}`,
    lengthInMinutes: 30,
    minimumBookingNotice: 0,
    locations: [{ type: 'integration', integration: 'cal-video' }],
    ownerId,
    ...extra,
  };
}

export function teamEvent(
  id: number,
  teamId: number,
  schedulingType: 'roundRobin' | 'collective',
  hosts: NonNullable<EventTypeInput['hosts']>,
  extra: Partial<EventTypeInput> = {},
): EventTypeInput {
  return {
    id,
    slug: `team-event-${id}`,
    title: `Team Event ${id}`,
    lengthInMinutes: 30,
    minimumBookingNotice: 0,
    locations: [{ type: 'integration', integration: 'cal-video' }],
    teamId,
    schedulingType,
    hosts,
    ...extra,
  };
}

/** Parses a world; API keys default to one key for the first user. */
export function world(input: Partial<WorldInput> & Pick<WorldInput, 'users'>): World {
  return WorldSchema.parse({ apiKeys: [{ key: API_KEY, userId: input.users[0]!.id }], ...input });
}

export function sandboxAt(w: World, nowIso: string): Sandbox {
  return new Sandbox(w, { ...emptyState(), pinnedNow: nowIso });
}

export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Slot starts (UTC, without milliseconds) for an event type between two instants. */
export function slotStarts(sb: Sandbox, eventTypeId: number, fromIso: string, toIso: string): string[] {
  return sb.slots({ eventTypeId, start: Date.parse(fromIso), end: Date.parse(toIso) }).slots.map((s) => iso(s.start));
}

export function bookingBody(eventTypeId: number, start: string, extra: Partial<CreateBookingBody> = {}): CreateBookingBody {
  return {
    eventTypeId,
    start,
    attendee: { name: 'Jo Caller', email: 'jo@callers.example', timeZone: 'Europe/Berlin', language: 'en' },
    guests: [],
    metadata: {},
    bookingFieldsResponses: {},
    ...extra,
  };
}

/** Consecutive instants `stepMinutes` apart, as UTC ISO strings. */
export function every(startIso: string, stepMinutes: number, count: number): string[] {
  const t0 = Date.parse(startIso);
  return Array.from({ length: count }, (_, i) => iso(t0 + i * stepMinutes * 60_000));
}
