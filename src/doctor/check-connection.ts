// Verify Integration, first two steps: the key opens the account, and the account has event types to point at.
import { stripUrlSecrets } from '../redaction/scrub.js';
import type { CalComClient } from '../calcom/client.js';
import { explainConnectionError, gatherConnection, type ConnectionReport } from '../connection.js';
import type { Report } from './report.js';
import { NO_EVENT_TYPES, NOT_CONNECTED } from './troubleshooting.js';

/** Returns the account and its event types, or undefined when nothing further can be checked. */
export async function checkConnection(client: CalComClient, report: Report): Promise<ConnectionReport | undefined> {
  let connection: ConnectionReport;
  try {
    connection = await gatherConnection(client);
  } catch (err) {
    report.fail('Cal.com connected', NOT_CONNECTED, [explainConnectionError(err, client.baseUrl)]);
    return undefined;
  }
  const { me, eventTypes } = connection;
  report.pass(`Cal.com connected: ${me.name ?? me.username} (${me.username}), time zone ${me.timeZone}, ${stripUrlSecrets(client.baseUrl)}`);
  const team = eventTypes.filter((e) => e.schedulingType !== 'personal').length;
  if (eventTypes.length === 0) report.fail('Event types visible', NO_EVENT_TYPES, ['This key sees no personal or team event types.']);
  else report.pass(`Event types visible: ${eventTypes.length - team} personal, ${team} team`);
  return connection;
}
