// The set-up the booking integration tests share: a sandbox on the default world, an SMS sink and a client, all
// reset to a pinned clock before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Temporal } from 'temporal-polyfill';
import { parseBookingConfig, type ActionConfig } from '../../src/booking/config.js';
import { resolveActions, type ResolvedAction } from '../../src/booking/resolve.js';
import { CalComClient } from '../../src/calcom/index.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import type { RunningSandbox, SandboxServerOptions } from '../../src/sandbox/server.js';
import { startSmsSink } from '../../src/sms/sink.js';
import { TwilioSmsSender } from '../../src/sms/twilio.js';
import { admin, startTestSandbox } from './sandbox.js';

export type SmsSink = Awaited<ReturnType<typeof startSmsSink>>;

/** Flow windows short enough for tests: a lost POST may land for `commitWindowMs`; lookups start after 300 ms. */
export function fastFlow(commitWindowMs: number, patienceMs: number) {
  return { commitWindowMs, reconcileAfterMs: 300, lookupBackoffMs: [100, 200, 400], patienceMs };
}

/** One action of a config, resolved against the sandbox as the worker would. */
export async function resolveAction(cal: CalComClient, config: Partial<ActionConfig> & Pick<ActionConfig, 'eventType' | 'location'>): Promise<ResolvedAction> {
  return (await resolveActions(parseBookingConfig({ actions: [config] }, 'test.yaml'), cal, 'test.yaml'))[0]!;
}

export interface BookingEnv {
  sb: RunningSandbox;
  sink: SmsSink;
  cal: CalComClient;
}

/** Registers the hooks; `ready` receives the pieces once they run, so a test file keeps its own names for them. */
export function useBookingSandbox(o: {
  now: Temporal.Instant;
  client: { timeoutMs: number; bookingTimeoutMs: number };
  sandbox?: SandboxServerOptions;
  /** Runs after each reset, for a file's own per-test state. */
  onReset?: () => void;
  ready: (env: BookingEnv) => void;
}): void {
  let env: BookingEnv;
  beforeAll(async () => {
    const sb = await startTestSandbox({ world: defaultWorld(new Date(o.now.epochMilliseconds)), ...o.sandbox });
    const sink = await startSmsSink({});
    env = { sb, sink, cal: new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, ...o.client }) };
    o.ready(env);
  });
  afterAll(async () => env.sink.close());
  beforeEach(async () => {
    await admin(env.sb, 'POST', '/reset');
    await admin(env.sb, 'POST', '/clock', { now: o.now.toString() });
    env.sink.clear();
    o.onReset?.();
  });
}

/** A Twilio sender that texts into the sink. */
export function sinkSender(sink: SmsSink): TwilioSmsSender {
  return new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' });
}
