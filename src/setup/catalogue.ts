// What `setup` and `init` show about an account: every event type a booking action can use (personal and team),
// with its length, hosts, scheduling type, round-robin distribution and fixed hosts, and which location kinds it
// offers, each missing one with the "Meeting Platform Disabled" explanation.
import type { CalComClient } from '../calcom/client.js';
import type { EventType, Me, TeamEventType, TeamHost } from '../calcom/schemas.js';
import { LOCATION_KINDS, type LocationKind } from '../booking/config.js';
import { offersLocation } from '../booking/resolve.js';

export const LOCATION_LABELS: Record<LocationKind, string> = {
  'cal-video': 'Cal Video',
  zoom: 'Zoom',
  'google-meet': 'Google Meet',
  'ms-teams': 'Microsoft Teams',
  phone: 'Phone',
  'in-person': 'In person',
};

export interface LocationOption {
  kind: LocationKind;
  label: string;
  offered: boolean;
  /** Why it cannot be picked, and what to do in Cal.com. */
  disabledReason?: string;
}

export interface CatalogueEntry {
  id: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  schedulingType: 'personal' | 'roundRobin' | 'collective' | 'managed';
  /** The team's name and slug for team event types. */
  team?: string;
  teamSlug?: string;
  hosts: string[];
  /** Round robin: hosts who join every booking. */
  fixedHosts: string[];
  /** Round robin: how the rotating host is picked, as far as the API shows it. */
  distribution?: string;
  locations: LocationOption[];
  /** The event type's own address, for in-person actions. */
  address?: string;
  /** One line for a dropdown: "Sales Demo · 30 min · Sales Team, round robin (4 hosts)". */
  summary: string;
}

export interface Account {
  name: string;
  username: string;
  timeZone: string;
  eventTypeCount: number;
}

export interface Catalogue {
  account: Account;
  eventTypes: CatalogueEntry[];
}

function locationOptions(e: EventType): LocationOption[] {
  return LOCATION_KINDS.map((kind) => {
    const offered = offersLocation(e.locations, kind);
    return offered
      ? { kind, label: LOCATION_LABELS[kind], offered }
      : {
          kind,
          label: LOCATION_LABELS[kind],
          offered,
          disabledReason: `Meeting Platform Disabled: not offered by this event type. Add ${LOCATION_LABELS[kind]} in Cal.com (event type → Location), then Test Connection again.`,
        };
  });
}

const hostName = (h: TeamHost) => h.name || h.username || `user ${h.userId}`;

/** Cal.com's API has no distribution field; priorities and weights on the hosts show which one is in use. */
function distribution(hosts: TeamHost[]): string {
  const weights = hosts.map((h) => (h as { weight?: number }).weight).filter((w): w is number => typeof w === 'number');
  if (weights.length && new Set(weights).size > 1) return `weighted (${hosts.map((h) => `${hostName(h)} ${(h as { weight?: number }).weight ?? 100}`).join(', ')})`;
  const priorities = hosts.map((h) => h.priority).filter((p): p is string => typeof p === 'string');
  if (priorities.length && new Set(priorities).size > 1) return `by priority (${hosts.map((h) => `${hostName(h)} ${h.priority ?? 'medium'}`).join(', ')})`;
  return 'even (least recently booked first)';
}

const SCHEDULING_LABEL = { personal: 'personal', roundRobin: 'round robin', collective: 'collective', managed: 'managed' } as const;

function entry(e: EventType, me: Me, team?: { name: string; slug?: string | null | undefined; type: TeamEventType }): CatalogueEntry {
  const schedulingType = team ? (team.type.schedulingType ?? 'roundRobin') : 'personal';
  const hosts = team ? team.type.hosts.map(hostName) : [me.name ?? me.username];
  const rotating = team && schedulingType === 'roundRobin';
  const fixedHosts = rotating ? team.type.hosts.filter((h) => h.mandatory).map(hostName) : [];
  const address = (e.locations.find((l) => l.type === 'address') as { address?: string } | undefined)?.address;
  const who = team ? `${team.name}, ${SCHEDULING_LABEL[schedulingType]} (${hosts.length} host${hosts.length === 1 ? '' : 's'})` : 'personal';
  return {
    id: e.id,
    title: e.title,
    slug: e.slug,
    lengthInMinutes: e.lengthInMinutes,
    schedulingType,
    ...(team ? { team: team.name } : {}),
    ...(team?.slug ? { teamSlug: team.slug } : {}),
    hosts,
    fixedHosts,
    ...(rotating ? { distribution: distribution(team.type.hosts) } : {}),
    locations: locationOptions(e),
    ...(address ? { address } : {}),
    summary: `${e.title} · ${e.lengthInMinutes} min · ${who}`,
  };
}

export async function loadCatalogue(client: CalComClient): Promise<Catalogue> {
  const me = await client.me();
  const [personal, teams] = await Promise.all([client.listEventTypes(), client.listTeams()]);
  const teamTypes = await Promise.all(teams.map(async (t) => ({ team: t, types: await client.listTeamEventTypes(t.id) })));
  const eventTypes = [
    ...personal.map((e) => entry(e, me)),
    ...teamTypes.flatMap(({ team, types }) => types.map((e) => entry(e, me, { name: team.name, slug: team.slug, type: e }))),
  ];
  return {
    account: { name: me.name ?? me.username, username: me.username, timeZone: me.timeZone, eventTypeCount: eventTypes.length },
    eventTypes,
  };
}
