// What the agent benches share: a pinned default-world sandbox, a client without retries, and the consultation action.
import { initializeLogger } from '@livekit/agents';
import { Temporal } from 'temporal-polyfill';
import { parseBookingConfig } from '../src/booking/config.js';
import { resolveActions, type ResolvedAction } from '../src/booking/resolve.js';
import { CalComClient } from '../src/calcom/client.js';
import { defaultWorld } from '../src/sandbox/default-world.js';
import { startSandboxServer, type RunningSandbox } from '../src/sandbox/server.js';

export interface AgentBench {
  now: Temporal.Instant;
  sb: RunningSandbox;
  cal: CalComClient;
  actions: ResolvedAction[];
}

/** Runs `work` against a fresh sandbox pinned to a Tuesday morning, and closes the sandbox afterwards. */
export async function withAgentBench<T>(work: (b: AgentBench) => Promise<T>): Promise<T> {
  initializeLogger({ pretty: false, level: 'error' });
  const now = Temporal.Instant.from('2026-11-24T08:00:00Z');
  const sb = await startSandboxServer({ world: defaultWorld(new Date(now.epochMilliseconds)), rateLimit: 0 });
  sb.sandbox.setClock(now.toString());
  try {
    const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, maxRetries: 0 });
    const actions = await resolveActions(parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video' }] }, 'bench'), cal, 'bench');
    return await work({ now, sb, cal, actions });
  } finally {
    await sb.close();
  }
}
