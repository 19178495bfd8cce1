// Resolves configured actions against Cal.com at start: the event type exists, the configured location is one
// it offers, and the presentation zone falls back to the account's, then this machine's.
import { attendeeContact, type AttendeeContact } from '../calcom/booking-fields.js';
import type { CalComClient } from '../calcom/client.js';
import type { EventType, EventTypeLocation, Me, TeamEventType } from '../calcom/schemas.js';
import { ConfigError, type ActionConfig, type BookingConfig, type EventTypeRef, type LocationKind } from './config.js';
import { displayName, uniqueToolNames } from './names.js';

/** The parts of an event type the booking flow needs. */
export interface ResolvedEventType {
  id: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  minimumBookingNotice: number;
  schedulingType: 'personal' | 'roundRobin' | 'collective' | 'managed';
  locations: EventTypeLocation[];
  address?: string;
  /** The event type's description in Cal.com, when it has one. */
  description?: string;
  /** Who the caller meets: the owner's name, or the team's ("Sales Team: Sam Rivera, Oliver Grant"). */
  host?: string;
  /** The public booking page's path on the Cal.com web host: "jane/intro" or "team/sales/demo". */
  bookingPath?: string;
  /** Cal.com's own link to that page, which knows organisation subdomains and custom domains. */
  bookingUrl?: string;
  /** Set in Cal.com on the event type: it refuses to cancel or move its bookings. */
  disableCancelling?: true;
  disableRescheduling?: true;
  /** Cal.com refuses to move a booking this many minutes or fewer before its start. */
  rescheduleCutoffMinutes?: number;
  /** What the booking fields require of the attendee (absent: Cal.com's defaults, an email required). */
  contact?: AttendeeContact;
}

export interface ResolvedAction {
  config: ActionConfig;
  eventType: ResolvedEventType;
  /** "Book 30-Minute Consultation": what people and instructions call the action. */
  displayName: string;
  /** The function-calling name, unique within the agent. */
  toolName: string;
  /** Where slots are presented and counted. */
  timeZone: string;
}

const INTEGRATIONS: Partial<Record<LocationKind, string>> = {
  'cal-video': 'cal-video',
  zoom: 'zoom',
  'google-meet': 'google-meet',
  'ms-teams': 'office365-video',
};

const PLATFORM_NAMES: Record<LocationKind, string> = {
  'cal-video': 'Cal Video',
  zoom: 'Zoom',
  'google-meet': 'Google Meet',
  'ms-teams': 'Microsoft Teams',
  phone: 'a phone location',
  'in-person': 'an in-person address',
};

/** True when the event type offers the configured kind of location. */
export function offersLocation(locations: readonly EventTypeLocation[], kind: LocationKind): boolean {
  const types = locations.map((l) => l as { type: string; integration?: string });
  if (kind === 'phone') return types.some((l) => l.type === 'phone' || l.type === 'attendeePhone');
  if (kind === 'in-person') return types.some((l) => l.type === 'address');
  return types.some((l) => l.type === 'integration' && l.integration === INTEGRATIONS[kind]);
}

function describeRef(ref: EventTypeRef): string {
  if (typeof ref === 'number') return `id ${ref}`;
  if ('id' in ref) return `id ${ref.id}`;
  return 'username' in ref ? `${ref.username}/${ref.slug}` : `team ${ref.team}/${ref.slug}`;
}

interface Catalogue {
  personal: Array<{ username: string; owner: string; type: EventType }>;
  team: Array<{ teamSlug: string | null | undefined; teamName: string | null | undefined; type: TeamEventType }>;
}

async function catalogue(client: CalComClient, config: BookingConfig, me: Me): Promise<Catalogue> {
  // Another user's public event types are only listed by username, so those refs are fetched one by one.
  const others = config.actions
    .map((a) => a.eventType)
    .filter((r): r is { slug: string; username: string } => typeof r === 'object' && 'username' in r && r.username !== me.username);
  const [personal, teams, ...foreign] = await Promise.all([
    client.listEventTypes(),
    client.listTeams(),
    ...others.map((r) => client.listEventTypes({ username: r.username, eventSlug: r.slug })),
  ]);
  const team = (await Promise.all(teams.map(async (t) => (await client.listTeamEventTypes(t.id)).map((type) => ({ teamSlug: t.slug, teamName: t.name, type }))))).flat();
  return {
    personal: [
      ...personal.map((type) => ({ username: me.username, owner: me.name ?? me.username, type })),
      ...foreign.flatMap((types, i) => types.map((type) => ({ username: others[i]!.username, owner: others[i]!.username, type }))),
    ],
    team,
  };
}

function find(c: Catalogue, ref: EventTypeRef): ResolvedEventType | undefined {
  const byId = typeof ref === 'number' ? ref : 'id' in ref ? ref.id : undefined;
  const bySlug = typeof ref === 'object' && 'slug' in ref ? ref : undefined;
  const personal = c.personal.find(({ username, type }) =>
    byId !== undefined ? type.id === byId : bySlug !== undefined && 'username' in bySlug && bySlug.username === username && type.slug === bySlug.slug,
  );
  if (personal) return toResolved(personal.type, 'personal', personal.owner, `${personal.username}/${personal.type.slug}`);
  const team = c.team.find(({ teamSlug, type }) =>
    byId !== undefined ? type.id === byId : bySlug !== undefined && 'team' in bySlug && bySlug.team === teamSlug && type.slug === bySlug.slug,
  );
  return team
    ? toResolved(team.type, team.type.schedulingType ?? 'roundRobin', teamHost(team.teamName, team.type), team.teamSlug ? `team/${team.teamSlug}/${team.type.slug}` : undefined)
    : undefined;
}

/** "Sales Team: Sam Rivera, Oliver Grant" — the team's name, then up to three hosts by name. */
function teamHost(teamName: string | null | undefined, type: TeamEventType): string | undefined {
  const names = type.hosts.map((h) => h.name ?? h.username).filter((n): n is string => Boolean(n));
  const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} and others` : names.join(', ');
  const team = type.team?.name ?? teamName ?? undefined;
  return [team, who].filter(Boolean).join(': ') || undefined;
}

const isDisabled = (v: boolean | { disabled?: boolean | null | undefined } | null | undefined): boolean => v === true || (typeof v === 'object' && v?.disabled === true);

function toResolved(e: EventType, schedulingType: ResolvedEventType['schedulingType'], host: string | undefined, bookingPath: string | undefined): ResolvedEventType {
  const address = e.locations.find((l) => l.type === 'address') as { address?: string } | undefined;
  return {
    id: e.id,
    title: e.title,
    slug: e.slug,
    lengthInMinutes: e.lengthInMinutes,
    minimumBookingNotice: e.minimumBookingNotice ?? 0,
    schedulingType,
    locations: e.locations,
    ...(address?.address ? { address: address.address } : {}),
    ...(e.description?.trim() ? { description: e.description.trim() } : {}),
    ...(host ? { host } : {}),
    ...(bookingPath ? { bookingPath } : {}),
    ...(e.bookingUrl && /^https?:\/\//.test(e.bookingUrl) ? { bookingUrl: e.bookingUrl } : {}),
    ...(isDisabled(e.disableCancelling) ? { disableCancelling: true as const } : {}),
    ...(isDisabled(e.disableRescheduling) ? { disableRescheduling: true as const } : {}),
    ...(typeof e.disableRescheduling === 'object' && (e.disableRescheduling?.minutesBefore ?? 0) > 0 ? { rescheduleCutoffMinutes: e.disableRescheduling!.minutesBefore! } : {}),
    contact: attendeeContact(e.bookingFields),
  };
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Checks every action against Cal.com and returns them ready to use. All problems are collected, so one run
 * shows everything to fix; `source` is the config file named in each message.
 */
export async function resolveActions(config: BookingConfig, client: CalComClient, source: string, toolPrefix?: string): Promise<ResolvedAction[]> {
  const me = await client.me();
  const cat = await catalogue(client, config, me);
  const problems: string[] = [];
  const found = config.actions.map((action, i) => {
    const at = `${source}: actions[${i}]`;
    const et = find(cat, action.eventType);
    if (!et) {
      problems.push(
        `${at}.eventType: no event type ${describeRef(action.eventType)} in this Cal.com account; run \`cal-booking-action connect\` to list the ones it has`,
      );
      return undefined;
    }
    if (!offersLocation(et.locations, action.location)) {
      const offered = et.locations.map((l) => (l as { integration?: string; type: string }).integration ?? l.type).join(', ');
      problems.push(
        `${at}.location: "${et.title}" (${et.id}) does not offer ${PLATFORM_NAMES[action.location]} (Meeting Platform Disabled). ` +
          `It offers: ${offered || 'nothing'}. Connect the platform in Cal.com (event type settings → Location), then run \`cal-booking-action connect\` again, or pick one of those.`,
      );
    }
    if (action.location === 'in-person' && action.address && et.address && squash(action.address) !== squash(et.address))
      problems.push(`${at}.address: "${action.address}" differs from the event type's address in Cal.com, "${et.address}"; callers must hear the one Cal.com books`);
    return et;
  });
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const types = found as ResolvedEventType[];
  const names = uniqueToolNames(types.map((t) => t.title), toolPrefix);
  const machineZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return config.actions.map((config, i) => ({
    config,
    eventType: types[i]!,
    displayName: displayName(types[i]!.title),
    toolName: names[i]!,
    timeZone: config.timeZone ?? me.timeZone ?? machineZone,
  }));
}
