// One scenario's world: a fresh sandbox pinned to `now`, an SMS sink, the LLM (stand-in or OpenAI) and a real
// AgentSession in text mode with our toolset and instructions. `close` releases whatever was started, in reverse.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { voice, type llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { Temporal } from 'temporal-polyfill';
import { parse as parseYaml } from 'yaml';
import { buildInstructions, createBookingToolset } from '../agent/index.js';
import { loadBookingConfig } from '../booking/config.js';
import { webHost } from '../booking/fallbacks.js';
import type { CallContext } from '../booking/call-context.js';
import { meetingLinkProblem } from '../booking/meeting-link.js';
import { resolveActions, type ResolvedAction } from '../booking/resolve.js';
import { CalComClient } from '../calcom/index.js';
import { startLlmStandin, type RunningLlmStandin } from '../llm-standin/index.js';
import { defaultWorld } from '../sandbox/default-world.js';
import { startSandboxServer, type RunningSandbox } from '../sandbox/server.js';
import { WorldSchema } from '../sandbox/world.js';
import { startSmsSink } from '../sms/sink.js';
import { TwilioSmsSender } from '../sms/twilio.js';
import type { CallProbe, ObservedBooking, ObservedCalendarEvent, ObservedEmail } from './expectations.js';
import type { SandboxChanges, Scenario } from './schema.js';
import { startWebhookReceiver, type RunningWebhookReceiver } from './webhook-receiver.js';

import { EXAMPLE_BOOKING_CONFIG as DEFAULT_CONFIG } from '../paths.js';
export { DEFAULT_CONFIG };
/** The model for --real: OPENAI_MODEL, else gpt-4.1-mini; OPENAI_BASE_URL points the OpenAI client at any compatible server. */
const realModel = () => process.env['OPENAI_MODEL']?.trim() || 'gpt-4.1-mini';

export interface ScenarioCall {
  run(userInput: string): Promise<voice.testing.RunResult>;
  /** Present in scripted mode. */
  standin?: RunningLlmStandin;
  probe: CallProbe;
  applyChanges(changes: SandboxChanges): Promise<void>;
  close(): Promise<void>;
}

async function admin(sb: RunningSandbox, method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    // Admin writes must say JSON even without a body: that is what keeps cross-site pages out.
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await r.json();
  if (!r.ok) throw new Error(`sandbox ${method} /_sandbox${path} failed: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

function loadWorld(path: string) {
  const r = WorldSchema.safeParse(/\.ya?ml$/i.test(path) ? parseYaml(readFileSync(path, 'utf8')) : JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`World file ${path} is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

function selectActions(all: ResolvedAction[], wanted: Scenario['action']): ResolvedAction[] {
  if (wanted === undefined) return all;
  const names = typeof wanted === 'string' ? [wanted] : wanted;
  const unknown = names.filter((n) => !all.some((a) => a.toolName === n));
  if (unknown.length) throw new Error(`action ${unknown.join(', ')} is not in the config; it has ${all.map((a) => a.toolName).join(', ')}`);
  return all.filter((a) => names.includes(a.toolName));
}

function callContext(s: Scenario, file: string): CallContext {
  const { phone, email, cal_email, name, timeZone } = s.caller;
  const calEmail = cal_email ?? email;
  return {
    callId: `scenario-${file}`,
    ...(calEmail === undefined ? {} : { dynamicContext: { cal_email: calEmail } }),
    ...(name === undefined ? {} : { contact: { id: 'scenario-caller', name } }),
    ...(phone === undefined ? {} : { callerPhone: phone }),
    ...(timeZone === undefined ? {} : { callerTimeZone: timeZone }),
  };
}

export async function startScenarioCall(s: Scenario, file: string, llmKind: 'standin' | 'openai'): Promise<ScenarioCall> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const here = dirname(file);
    const now = Temporal.Instant.from(s.now);
    const sb = await startSandboxServer({
      rateLimit: 0,
      world: s.sandbox.world ? loadWorld(resolve(here, s.sandbox.world)) : defaultWorld(new Date(now.epochMilliseconds)),
    });
    closers.push(() => sb.close());
    await admin(sb, 'POST', '/clock', { now: now.toString() });
    const sink = await startSmsSink({});
    closers.push(() => sink.close());

    const configPath = s.config ? resolve(here, s.config) : DEFAULT_CONFIG;
    // Few retries and a short timeout: a scenario with a failing calendar should fail fast, not wait out backoff.
    const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, maxRetries: 0, timeoutMs: 3_000 });
    let actions = selectActions(await resolveActions(loadBookingConfig(configPath), cal, configPath), s.action);
    let receiver: RunningWebhookReceiver | undefined;
    if (s.webhook) {
      const r = (receiver = await startWebhookReceiver());
      closers.push(() => r.close());
      actions = actions.map((a) => ({ ...a, config: { ...a.config, callback: { ...a.config.callback, webhookUrl: r.url } } }));
    }
    const toolset = createBookingToolset({
      actions,
      calendar: cal,
      now: () => now,
      sms: new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' }),
      callContext: () => callContext(s, file),
      ...(receiver ? { webhookSecret: receiver.secret } : {}),
    });
    const instructions = buildInstructions({ userInstructions: s.instructions, actions, now, toolNames: toolset.toolNames });

    let standin: RunningLlmStandin | undefined;
    let model: openai.LLM;
    let judgeModel: openai.LLM | undefined;
    if (llmKind === 'standin') {
      standin = await startLlmStandin();
      closers.push(() => standin!.close());
      model = new openai.LLM({ model: realModel(), baseURL: standin.url, apiKey: 'standin' });
    } else {
      model = new openai.LLM({ model: realModel(), temperature: 0.2 });
      judgeModel = new openai.LLM({ model: realModel(), temperature: 0.2 });
    }
    const session = new voice.AgentSession({ llm: model });
    closers.push(() => session.close());
    await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }) });

    const zones = new Map(actions.map((a) => [a.eventType.id, a.timeZone]));
    let lastRun: voice.testing.RunResult | undefined;
    const probe: CallProbe = {
      bookings: async () => ((await admin(sb, 'GET', '/bookings')) as { bookings: ObservedBooking[] }).bookings,
      smsBodies: async () => sink.messages().map((m) => m.body),
      prompt: () => [instructions, ...toolset.tools.map((t) => `${(t as llm.FunctionTool).name}: ${(t as llm.FunctionTool).description}`)].join('\n'),
      emails: async () => ((await admin(sb, 'GET', '/emails')) as { emails: ObservedEmail[] }).emails,
      calendarEvents: async () => ((await admin(sb, 'GET', '/calendar-events')) as { events: ObservedCalendarEvent[] }).events,
      linkProblem: (id, location) => {
        const action = actions.find((a) => a.eventType.id === id);
        return action ? meetingLinkProblem(action, location) : `no action books event type ${id}`;
      },
      zoneOf: (id) => zones.get(id),
      webhooks: () => receiver?.received() ?? [],
      bookingPages: () => actions.flatMap((a) => (a.eventType.bookingPath ? [`${webHost(cal.baseUrl)}/${a.eventType.bookingPath}`] : [])),
    };
    if (judgeModel) {
      const judge = judgeModel;
      probe.judge = async (intent) => {
        const events = lastRun?.events ?? [];
        const at = events.findLastIndex((e) => e.type === 'message' && e.item.role === 'assistant');
        if (!lastRun || at < 0) return 'no assistant reply in this turn to judge';
        try {
          await lastRun.expect.at(at).isMessage({ role: 'assistant' }).judge(judge, { intent });
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      };
    }
    return {
      async run(userInput) {
        lastRun = await session.run({ userInput }).wait();
        return lastRun;
      },
      ...(standin === undefined ? {} : { standin }),
      probe,
      async applyChanges({ busy, bookings, faults }) {
        for (const b of busy ?? []) await admin(sb, 'POST', '/busy', b);
        // Through Cal.com's own API, as the caller (or a stranger) made them: the sandbox checks them as Cal.com would.
        for (const [i, b] of (bookings ?? []).entries())
          await cal
            .createBooking({
              start: b.start,
              eventTypeId: b.eventTypeId ?? actions[0]!.eventType.id,
              attendee: { name: b.attendee.name, timeZone: b.attendee.timeZone, ...(b.attendee.email ? { email: b.attendee.email } : {}), ...(b.attendee.phone ? { phoneNumber: b.attendee.phone } : {}) },
            })
            .catch((err: unknown) => {
              throw new Error(`bookings[${i}] (${b.start} for ${b.attendee.name}) was refused by the sandbox's Cal.com API; pick a time the event type has free. ${(err as Error).message}`);
            });
        if (faults) await admin(sb, 'POST', '/faults', faults);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
