// The Cal.com a command talks to: the user's account when an API key is set, otherwise the built-in sandbox with
// its default world and its clock pinned at `now`, so previews and checks need no setup.
import type { Temporal } from 'temporal-polyfill';
import { CalComClient } from './calcom/client.js';
import { defaultWorld } from './sandbox/default-world.js';
import { startSandboxServer, type RunningSandbox } from './sandbox/server.js';

export interface CalTarget {
  client: CalComClient;
  /** Set when the built-in sandbox stands in for Cal.com. */
  sandbox?: RunningSandbox;
  close(): Promise<void>;
}

export async function calTarget(o: { now: Temporal.Instant; apiKey?: string; baseUrl?: string; maxRetries?: number }): Promise<CalTarget> {
  const retries = o.maxRetries === undefined ? {} : { maxRetries: o.maxRetries };
  if (o.apiKey) {
    const client = new CalComClient({ apiKey: o.apiKey, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...retries });
    return { client, close: async () => {} };
  }
  const sandbox = await startSandboxServer({ world: defaultWorld(new Date(o.now.epochMilliseconds)), rateLimit: 0 });
  sandbox.sandbox.setClock(o.now.toString());
  const client = new CalComClient({ apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2`, ...retries });
  return { client, sandbox, close: () => sandbox.close() };
}
