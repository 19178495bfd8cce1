// `cal-booking-action demo` (what `npm start` runs): a whole call on embedded defaults, with no keys. The sandbox
// Cal.com, the SMS sink and the local LLM stand-in start; the real OpenAI plugin drives a real AgentSession with our
// toolset and scheduling script; the transcript, the offered times, the stored booking and the SMS are printed.
// With `--config` and CALCOM_API_KEY the same call runs on the user's own actions and Cal.com (no LiveKit needed).
import { readFileSync } from 'node:fs';
import { initializeLogger, voice } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { Temporal } from 'temporal-polyfill';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod/v4';
import { buildInstructions, createBookingToolset, type BookingToolset } from '../agent/index.js';
import { loadBookingConfig } from '../booking/config.js';
import { resolveActions } from '../booking/resolve.js';
import { CalComClient } from '../calcom/client.js';
import { parseStandinScript, startLlmStandin } from '../llm-standin/index.js';
import { defaultWorld } from '../sandbox/default-world.js';
import { startSandboxServer } from '../sandbox/server.js';
import { startSmsSink, type SmsSink } from '../sms/sink.js';
import { TwilioSmsSender } from '../sms/twilio.js';
import { DEMO_CALL_SCRIPT, EXAMPLE_BOOKING_CONFIG as EXAMPLE_CONFIG } from '../paths.js';


const DemoSchema = z.object({ caller: z.array(z.string().min(1)).min(1), llm: z.unknown() });

/**
 * The demo's clock: now, unless the consultant's working day (Mon–Fri in Berlin) has too little left to offer three
 * times; then 09:00 on her next working day, so the demo always has a calendar to show.
 */
export function demoNow(real: Temporal.Instant): Temporal.Instant {
  const zone = 'Europe/Berlin';
  const local = real.toZonedDateTimeISO(zone);
  if (local.dayOfWeek <= 5 && local.hour < 12) return real;
  let day = local.toPlainDate().add({ days: 1 });
  while (day.dayOfWeek > 5) day = day.add({ days: 1 });
  return day.toZonedDateTime({ timeZone: zone, plainTime: '09:00' }).toInstant();
}

export interface DemoCall {
  session: voice.AgentSession;
  toolset: BookingToolset;
  now: Temporal.Instant;
  callId: string;
  calendar: CalComClient;
  /** Unset when the call runs on the user's own Cal.com. */
  sandboxUrl?: string;
  sandboxKey?: string;
  sink: SmsSink;
  describe(): string;
  close(): Promise<void>;
}

/** Where the call books: the built-in sandbox (default), or the user's Cal.com with their config (`--config` + key). */
export interface DemoTarget {
  config?: string;
  apiKey?: string;
  baseUrl?: string;
}

/** The demo's scripted model side, aimed at `toolName` (the script is written for the example's first action). */
export function demoScript(toolName: string): z.infer<typeof DemoSchema> {
  return DemoSchema.parse(parseYaml(readFileSync(DEMO_CALL_SCRIPT, 'utf8').replaceAll('book_30_minute_consultation', toolName)));
}

/**
 * Everything a call needs: Cal.com (the sandbox at `now`, or the user's account when `target` has a config and a
 * key), the SMS sink, our toolset and instructions for the config's first action, and an AgentSession whose model is
 * real OpenAI when `realLlm` (OPENAI_API_KEY), else the local stand-in playing the demo script.
 */
export async function startDemoCall(o: { now: Temporal.Instant; port: number; keepSandbox: boolean; realLlm: boolean; target?: DemoTarget }): Promise<DemoCall> {
  initializeLogger({ pretty: false, level: 'error' });
  const own = o.target?.config !== undefined && o.target.apiKey !== undefined;
  const configPath = o.target?.config ?? EXAMPLE_CONFIG;
  const sandbox = own ? undefined : await startSandboxServer({ port: o.port, world: defaultWorld(new Date(o.now.epochMilliseconds)) });
  sandbox?.sandbox.setClock(o.now.toString());
  const sink = await startSmsSink({});
  const stops: Array<() => Promise<unknown>> = [() => sink.close()];
  if (sandbox && !o.keepSandbox) stops.push(() => sandbox.close());
  const close = async () => {
    for (const stop of stops.splice(0)) await stop();
  };
  try {
    const cal = sandbox
      ? new CalComClient({ apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` })
      : new CalComClient({ apiKey: o.target!.apiKey!, ...(o.target?.baseUrl ? { baseUrl: o.target.baseUrl } : {}) });
    const actions = (await resolveActions(loadBookingConfig(configPath), cal, configPath)).slice(0, 1);
    const a = actions[0]!;
    const standin = o.realLlm ? undefined : await startLlmStandin({ script: parseStandinScript(demoScript(a.toolName).llm) });
    if (standin) stops.push(() => standin.close());
    const callId = `demo-${o.now.epochMilliseconds}`;
    const toolset = createBookingToolset({
      actions,
      calendar: cal,
      now: () => o.now,
      sms: new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' }),
      callContext: () => ({ callId, callerPhone: 'sip:+14155550123@pbx.example' }),
    });
    const instructions = buildInstructions({
      userInstructions: 'You are the friendly front desk of Becker Consulting.',
      actions,
      now: o.now,
      toolNames: toolset.toolNames,
    });
    const modelName = process.env['OPENAI_MODEL']?.trim() || 'gpt-4.1-mini';
    const model = standin
      ? new openai.LLM({ model: modelName, baseURL: standin.url, apiKey: 'standin' })
      : new openai.LLM({ model: modelName, temperature: 0.3 });
    const session = new voice.AgentSession({ llm: model });
    stops.unshift(() => session.close());
    await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }) });
    const where = sandbox ? `sandbox Cal.com ${sandbox.url}` : `your Cal.com (${o.target?.baseUrl ?? process.env['CALCOM_API_URL'] ?? 'https://api.cal.com/v2'}) with ${configPath}`;
    const llm = standin ? `stand-in ${standin.url}` : `OpenAI ${modelName}${process.env['OPENAI_BASE_URL'] ? ` at ${process.env['OPENAI_BASE_URL']}` : ''}`;
    return {
      session,
      toolset,
      now: o.now,
      callId,
      calendar: cal,
      ...(sandbox ? { sandboxUrl: sandbox.url, sandboxKey: sandbox.apiKey } : {}),
      sink,
      describe: () =>
        [
          `Call on ${sandbox ? 'embedded defaults' : 'your own setup'}: ${where}, SMS sink ${sink.url}, LLM ${llm}`,
          `Action: ${a.displayName} (tool ${a.toolName}), times in ${a.timeZone}`,
          `The call takes place at ${o.now.toZonedDateTimeISO(a.timeZone).toString({ smallestUnit: 'minute', timeZoneName: 'never' })} (${a.timeZone}).`,
        ].join('\n'),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Prints one caller turn and what the agent did with it, stamped from `t0`. */
export async function playTurn(session: voice.AgentSession, line: string, t0: number, print: (s: string) => void): Promise<void> {
  const stamp = () => `[${((performance.now() - t0) / 1000).toFixed(2).padStart(5)}s]`;
  print(`${stamp()} caller: ${line}`);
  const run = await session.run({ userInput: line }).wait();
  for (const e of run.events) {
    if (e.type === 'message') print(`${stamp()} agent:  ${e.item.textContent ?? ''}`);
    else if (e.type === 'function_call') print(`${stamp()}   → ${e.item.name}(${e.item.args})`);
    else if (e.type === 'function_call_output') print(`${stamp()}   ← ${e.item.output.length > 240 ? `${e.item.output.slice(0, 240)}…` : e.item.output}`);
  }
}

/** The bookings this call made: from the sandbox's store, or looked up on the user's Cal.com by the call id. */
export async function callBookings(call: DemoCall): Promise<unknown[]> {
  if (call.sandboxUrl) return ((await (await fetch(`${call.sandboxUrl}/_sandbox/bookings`)).json()) as { bookings: unknown[] }).bookings;
  const recent = await call.calendar.listBookings({ afterStart: call.now.subtract({ hours: 24 }).toString(), take: 100 });
  return recent.filter((b) => (b.metadata as Record<string, unknown> | null | undefined)?.['callId'] === call.callId);
}

/** What the call left behind: the offer, the booking as Cal.com stored it, and the texts sent. */
export async function printOutcome(call: DemoCall, print: (s: string) => void): Promise<number> {
  const flow = call.toolset.flowsFor(call.session)[0]!;
  print('\nTimes offered:');
  for (const s of flow.describeOffer()) print(`  ${s.id}  ${s.local} ${s.timeZone}  "${s.time}"`);
  const bookings = await callBookings(call);
  print(`\nBooking as ${call.sandboxUrl ? 'the sandbox' : 'your Cal.com'} stored it:`);
  print(JSON.stringify(bookings, null, 2));
  print('\nSMS sent:');
  for (const m of call.sink.messages()) print(`  to ${m.to}: ${m.body.replaceAll('\n', ' / ')}`);
  if (call.sink.messages().length === 0) print('  (none)');
  return bookings.length;
}

export interface DemoOptions {
  keep: boolean;
  port: number;
  now?: string;
  /** Your booking config: with CALCOM_API_KEY the call books on your own Cal.com (and is cancelled afterwards). */
  config?: string;
  apiUrl?: string;
}

/** The call's clock and Cal.com: with `--config` and a key, the real time on the user's account; else the sandbox. */
export function demoSetup(opts: { now?: string; config?: string; apiUrl?: string }, env: NodeJS.ProcessEnv = process.env): { now: Temporal.Instant; target?: DemoTarget } {
  const apiKey = env['CALCOM_API_KEY']?.trim();
  if (opts.config !== undefined && apiKey) {
    if (opts.now) throw new Error('--now pins only the built-in sandbox\'s clock; on your own Cal.com (CALCOM_API_KEY is set) the call runs at the real time');
    const baseUrl = opts.apiUrl ?? env['CALCOM_API_URL']?.trim();
    return { now: Temporal.Now.instant(), target: { config: opts.config, apiKey, ...(baseUrl ? { baseUrl } : {}) } };
  }
  const now = opts.now ? Temporal.Instant.from(opts.now) : demoNow(Temporal.Now.instant());
  return { now, ...(opts.config !== undefined ? { target: { config: opts.config } } : {}) };
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const { now, target } = demoSetup(opts);
  const call = await startDemoCall({ now, port: opts.port, keepSandbox: opts.keep, realLlm: false, ...(target ? { target } : {}) });
  try {
    console.log(`${call.describe()}\n`);
    const demo = demoScript(call.toolset.toolNames[0]!.book);
    const t0 = performance.now();
    for (const line of demo.caller) await playTurn(call.session, line, t0, console.log);
    const booked = await printOutcome(call, console.log);
    if (!call.sandboxUrl) await cancelDemoBookings(call, console.log);
    if (opts.keep && call.sandboxUrl) console.log(`\nThe sandbox keeps running at ${call.sandboxUrl} (API key ${call.sandboxKey}); press Ctrl-C to stop.`);
    return booked === 1 ? 0 : 1;
  } finally {
    await call.close();
  }
}

/** The scripted caller is nobody: on a real account its booking is cancelled at once, as doctor's test booking is. */
async function cancelDemoBookings(call: DemoCall, print: (s: string) => void): Promise<void> {
  for (const b of (await callBookings(call)) as Array<{ uid: string }>) {
    await call.calendar.cancelBooking(b.uid, { cancellationReason: 'cal-booking-action demo call (scripted caller)' });
    print(`\nCancelled the demo booking ${b.uid} on your Cal.com (the scripted caller is nobody).`);
  }
}
