// `cal-booking-action demo` (what `npm start` runs): starts the sandbox Cal.com with its default world, runs the
// Test Connection against it, and shows the next open times of each event type, all with no keys.
import { Temporal } from 'temporal-polyfill';
import { CalComClient } from '../calcom/client.js';
import { startSandboxServer } from '../sandbox/server.js';
import { formatConnection, gatherConnection } from './connect-command.js';

export async function runDemo(opts: { keep: boolean; port: number }): Promise<number> {
  const sandbox = await startSandboxServer({ port: opts.port });
  console.log(`Sandbox Cal.com listening on ${sandbox.url} (API key: ${sandbox.apiKey})\n`);
  const client = new CalComClient({ apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` });
  try {
    const report = await gatherConnection(client);
    console.log(formatConnection(report));
    const zone = report.me.timeZone;
    const now = Temporal.Now.instant();
    console.log(`\nNext open times (shown in ${zone}):`);
    for (const e of report.eventTypes) {
      const slots = await client.getSlots({
        eventTypeId: e.id,
        start: now.toString(),
        end: now.add({ hours: 24 * 7 }).toString(),
        timeZone: zone,
      });
      const first = slots.slice(0, 3).map((s) =>
        Temporal.Instant.from(s.start).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' '),
      );
      console.log(`  ${e.title}: ${first.join(', ') || 'nothing in the next 7 days'}`);
    }
  } finally {
    if (!opts.keep) await sandbox.close();
  }
  if (opts.keep) console.log(`\nThe sandbox keeps running at ${sandbox.url}; press Ctrl-C to stop.`);
  return 0;
}
