// `cal-booking-action demo` (what `npm start` runs): a whole call on embedded defaults, with no keys. The sandbox
// Cal.com, the SMS sink and the local LLM stand-in start; the real OpenAI plugin drives a real AgentSession with our
// toolset and scheduling script; the transcript, the offered times, the stored booking and the SMS are printed.
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
  sandboxUrl: string;
  sandboxKey: string;
  sink: SmsSink;
  describe(): string;
  close(): Promise<void>;
}

/**
 * Everything a call on embedded defaults needs: the sandbox Cal.com at `now`, the SMS sink, our toolset and
 * instructions, and an AgentSession whose model is real OpenAI when `realLlm` (OPENAI_API_KEY), else the local
 * stand-in playing the demo script.
 */
export async function startDemoCall(o: { now: Temporal.Instant; port: number; keepSandbox: boolean; realLlm: boolean }): Promise<DemoCall> {
  initializeLogger({ pretty: false, level: 'error' });
  const demo = DemoSchema.parse(parseYaml(readFileSync(DEMO_CALL_SCRIPT, 'utf8')));
  const sandbox = await startSandboxServer({ port: o.port, world: defaultWorld(new Date(o.now.epochMilliseconds)) });
  sandbox.sandbox.setClock(o.now.toString());
  const sink = await startSmsSink({});
  const standin = o.realLlm ? undefined : await startLlmStandin({ script: parseStandinScript(demo.llm) });
  const stops: Array<() => Promise<unknown>> = [() => sink.close()];
  if (standin) stops.push(() => standin.close());
  if (!o.keepSandbox) stops.push(() => sandbox.close());
  const close = async () => {
    for (const stop of stops.splice(0)) await stop();
  };
  try {
    const cal = new CalComClient({ apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` });
    const actions = (await resolveActions(loadBookingConfig(EXAMPLE_CONFIG), cal, EXAMPLE_CONFIG)).slice(0, 1);
    const toolset = createBookingToolset({
      actions,
      calendar: cal,
      now: () => o.now,
      sms: new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' }),
      callContext: () => ({ callId: `demo-${o.now.epochMilliseconds}`, callerPhone: 'sip:+14155550123@pbx.example' }),
    });
    const instructions = buildInstructions({
      userInstructions: 'You are the friendly front desk of Becker Consulting.',
      actions,
      now: o.now,
      toolNames: toolset.toolNames,
    });
    const model = standin
      ? new openai.LLM({ model: 'gpt-4.1-mini', baseURL: standin.url, apiKey: 'standin' })
      : new openai.LLM({ model: 'gpt-4.1-mini', temperature: 0.3 });
    const session = new voice.AgentSession({ llm: model });
    stops.unshift(() => session.close());
    await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }) });
    const a = actions[0]!;
    return {
      session,
      toolset,
      now: o.now,
      sandboxUrl: sandbox.url,
      sandboxKey: sandbox.apiKey,
      sink,
      describe: () =>
        [
          `Call on embedded defaults: sandbox Cal.com ${sandbox.url}, SMS sink ${sink.url}, LLM ${standin ? `stand-in ${standin.url}` : 'OpenAI gpt-4.1-mini'}`,
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

/** What the call left behind: the offer, the booking as Cal.com stored it, and the texts sent. */
export async function printOutcome(call: DemoCall, print: (s: string) => void): Promise<number> {
  const flow = call.toolset.flowsFor(call.session)[0]!;
  print('\nTimes offered:');
  for (const s of flow.describeOffer()) print(`  ${s.id}  ${s.local} ${s.timeZone}  "${s.time}"`);
  const stored = (await (await fetch(`${call.sandboxUrl}/_sandbox/bookings`)).json()) as { bookings: unknown[] };
  print('\nBooking as the sandbox stored it:');
  print(JSON.stringify(stored.bookings, null, 2));
  print('\nSMS sent:');
  for (const m of call.sink.messages()) print(`  to ${m.to}: ${m.body.replaceAll('\n', ' / ')}`);
  if (call.sink.messages().length === 0) print('  (none)');
  return stored.bookings.length;
}

export async function runDemo(opts: { keep: boolean; port: number; now?: string }): Promise<number> {
  const now = opts.now ? Temporal.Instant.from(opts.now) : demoNow(Temporal.Now.instant());
  const demo = DemoSchema.parse(parseYaml(readFileSync(DEMO_CALL_SCRIPT, 'utf8')));
  const call = await startDemoCall({ now, port: opts.port, keepSandbox: opts.keep, realLlm: false });
  try {
    console.log(`${call.describe()}\n`);
    const t0 = performance.now();
    for (const line of demo.caller) await playTurn(call.session, line, t0, console.log);
    const booked = await printOutcome(call, console.log);
    if (opts.keep) console.log(`\nThe sandbox keeps running at ${call.sandboxUrl} (API key ${call.sandboxKey}); press Ctrl-C to stop.`);
    return booked === 1 ? 0 : 1;
  } finally {
    await call.close();
  }
}
