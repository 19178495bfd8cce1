// `cal-booking-action connect`: the product's Test Connection. Checks the key, shows the account and its zone,
// and lists every event type (personal and team) a booking action can use.
import { CalComClient } from '../calcom/client.js';
import { explainConnectionError, gatherConnection, type ConnectionReport } from '../connection.js';
import { scrubUrls, stripUrlSecrets } from '../redaction/scrub.js';

export function formatConnection(r: ConnectionReport): string {
  const lines = [
    `Connected to ${stripUrlSecrets(r.baseUrl)}`,
    `Account: ${r.me.name ?? r.me.username} (${r.me.username}), time zone ${r.me.timeZone}`,
    '',
  ];
  if (r.eventTypes.length === 0) {
    lines.push('No event types found. Create one in Cal.com (Event Types → New), then run connect again.');
    return lines.join('\n');
  }
  lines.push(`Event types (${r.eventTypes.length}):`);
  for (const e of r.eventTypes) {
    const kind = e.schedulingType === 'personal' ? 'personal' : `${e.team}, ${e.schedulingType}`;
    lines.push(`  ${String(e.id).padStart(6)}  ${e.title} (${e.slug}) · ${e.lengthInMinutes} min · ${kind}`);
    lines.push(`          locations: ${e.locations.join('; ') || 'none'}`);
  }
  return lines.join('\n');
}

export async function runConnect(opts: { apiKey?: string; baseUrl?: string }): Promise<number> {
  let client: CalComClient;
  try {
    client = new CalComClient({ apiKey: opts.apiKey, baseUrl: opts.baseUrl, maxRetries: 0 });
  } catch (err) {
    console.error(scrubUrls((err as Error).message));
    return 2;
  }
  try {
    console.log(formatConnection(await gatherConnection(client)));
    return 0;
  } catch (err) {
    console.error(explainConnectionError(err, client.baseUrl));
    return 1;
  }
}
