// What a Cal.com key connects to (the account and every event type, personal and team, a booking action can use),
// and why a connection failed, in one message that says what to do. Shared by `connect`, `doctor` and the setup page.
import { scrubUrls, stripUrlSecrets } from './redaction/scrub.js';
import type { CalComClient } from './calcom/client.js';
import {
  CalComAuthError,
  CalComError,
  CalComNetworkError,
  CalComNotFoundError,
  CalComResponseError,
  CalComTimeoutError,
} from './calcom/errors.js';
import type { EventType, EventTypeLocation, Team, TeamEventType, Me } from './calcom/schemas.js';

export interface ConnectionReport {
  baseUrl: string;
  me: Me;
  eventTypes: Array<{
    id: number;
    title: string;
    slug: string;
    lengthInMinutes: number;
    locations: string[];
    schedulingType: 'personal' | 'roundRobin' | 'collective' | 'managed';
    team?: string;
  }>;
}

export function describeLocation(l: EventTypeLocation): string {
  const x = l as { type: string; integration?: string; address?: string; phone?: string; link?: string };
  const integrations: Record<string, string> = {
    'cal-video': 'Cal Video',
    'google-meet': 'Google Meet',
    zoom: 'Zoom',
    'office365-video': 'MS Teams',
  };
  switch (x.type) {
    case 'integration':
      return integrations[x.integration ?? ''] ?? x.integration ?? 'integration';
    case 'address':
      return `In person: ${x.address}`;
    case 'phone':
      return `Phone (organiser): ${x.phone}`;
    case 'attendeePhone':
      return 'Phone (host calls the attendee)';
    case 'link':
      return `Link: ${x.link}`;
    case 'organizersDefaultApp':
      return "Organiser's default app";
    default:
      return x.type;
  }
}

export async function gatherConnection(client: CalComClient): Promise<ConnectionReport> {
  const me = await client.me();
  const [personal, teams] = await Promise.all([client.listEventTypes(), client.listTeams()]);
  const teamTypes = await Promise.all(
    teams.map(async (t: Team) => ({ team: t, types: await client.listTeamEventTypes(t.id) })),
  );
  return {
    baseUrl: client.baseUrl,
    me,
    eventTypes: [
      ...personal.map((e: EventType) => ({
        id: e.id,
        title: e.title,
        slug: e.slug,
        lengthInMinutes: e.lengthInMinutes,
        locations: e.locations.map(describeLocation),
        schedulingType: 'personal' as const,
      })),
      ...teamTypes.flatMap(({ team, types }) =>
        types.map((e: TeamEventType) => ({
          id: e.id,
          title: e.title,
          slug: e.slug,
          lengthInMinutes: e.lengthInMinutes,
          locations: e.locations.map(describeLocation),
          schedulingType: e.schedulingType ?? ('roundRobin' as const),
          team: team.name,
        })),
      ),
    ],
  };
}

/** Turns a failed connection into the one message that says what went wrong and what to do; URLs without credentials. */
export function explainConnectionError(err: unknown, baseUrl: string): string {
  return scrubUrls(explain(err, stripUrlSecrets(baseUrl)));
}

function explain(err: unknown, baseUrl: string): string {
  if (err instanceof CalComAuthError)
    return `Cal.com rejected the API key (HTTP ${err.status}). Create a new key in Cal.com Settings → Developer → API Keys and set CALCOM_API_KEY.`;
  if (err instanceof CalComNetworkError || err instanceof CalComTimeoutError)
    return `Cannot reach ${baseUrl}: ${err.message}`;
  if (err instanceof CalComNotFoundError || err instanceof CalComResponseError)
    return `${baseUrl} does not answer like Cal.com API v2 (GET /me: ${err.status ?? 'not JSON'}). CALCOM_API_URL must be the API base ending in /v2, e.g. https://api.cal.com/v2 (EU: https://api.cal.eu/v2).`;
  if (err instanceof CalComError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
