// `cal-booking-action demo` (what `npm start` runs): a whole call on embedded defaults, with no keys. The sandbox
// Cal.com, the SMS sink and the local LLM stand-in start; the real OpenAI plugin drives a real AgentSession with our
// toolset and scheduling script; the transcript, the offered times, the stored booking and the SMS are printed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initializeLogger, voice } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { Temporal } from 'temporal-polyfill';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { buildInstructions, createBookingToolset } from '../agent/index.js';
import { loadBookingConfig } from '../booking/config.js';
import { resolveActions } from '../booking/resolve.js';
import { CalComClient } from '../calcom/client.js';
import { parseStandinScript, startLlmStandin } from '../llm-standin/index.js';
import { defaultWorld } from '../sandbox/default-world.js';
import { startSandboxServer } from '../sandbox/server.js';
import { startSmsSink } from '../sms/sink.js';
import { TwilioSmsSender } from '../sms/twilio.js';
import { EXAMPLE_CONFIG } from './slots-command.js';

export const DEMO_CALL = fileURLToPath(new URL('../../examples/demo-call.yaml', import.meta.url));

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

export async function runDemo(opts: { keep: boolean; port: number; now?: string }): Promise<number> {
  initializeLogger({ pretty: false, level: 'error' });
  const now = opts.now ? Temporal.Instant.from(opts.now) : demoNow(Temporal.Now.instant());
  const demo = DemoSchema.parse(parseYaml(readFileSync(DEMO_CALL, 'utf8')));
  const sandbox = await startSandboxServer({ port: opts.port, world: defaultWorld(new Date(now.epochMilliseconds)) });
  sandbox.sandbox.setClock(now.toString());
  const sink = await startSmsSink({});
  const standin = await startLlmStandin({ script: parseStandinScript(demo.llm) });
  const stops: Array<() => Promise<unknown>> = [() => standin.close(), () => sink.close()];
  if (!opts.keep) stops.push(() => sandbox.close());
  try {
    const cal = new CalComClient({ apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` });
    const actions = (await resolveActions(loadBookingConfig(EXAMPLE_CONFIG), cal, EXAMPLE_CONFIG)).slice(0, 1);
    const toolset = createBookingToolset({
      actions,
      calendar: cal,
      now: () => now,
      sms: new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' }),
      callContext: () => ({ callId: `demo-${now.epochMilliseconds}`, callerPhone: 'sip:+14155550123@pbx.example' }),
    });
    const instructions = buildInstructions({
      userInstructions: 'You are the friendly front desk of Becker Consulting.',
      actions,
      now,
      toolNames: toolset.toolNames,
    });
    const session = new voice.AgentSession({ llm: new openai.LLM({ model: 'gpt-4.1-mini', baseURL: standin.url, apiKey: 'standin' }) });
    stops.unshift(() => session.close());
    await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }) });

    console.log(`Demo call on embedded defaults: sandbox Cal.com ${sandbox.url}, SMS sink ${sink.url}, LLM stand-in ${standin.url}`);
    console.log(`Action: ${actions[0]!.displayName} (tool ${actions[0]!.toolName}), times in ${actions[0]!.timeZone}`);
    console.log(`The call takes place at ${now.toZonedDateTimeISO(actions[0]!.timeZone).toString({ smallestUnit: 'minute', timeZoneName: 'never' })} (${actions[0]!.timeZone}).\n`);
    const t0 = performance.now();
    const stamp = () => `[${((performance.now() - t0) / 1000).toFixed(2).padStart(5)}s]`;
    for (const line of demo.caller) {
      console.log(`${stamp()} caller: ${line}`);
      const run = await session.run({ userInput: line }).wait();
      for (const e of run.events) {
        if (e.type === 'message') console.log(`${stamp()} agent:  ${e.item.textContent ?? ''}`);
        else if (e.type === 'function_call') console.log(`${stamp()}   → ${e.item.name}(${e.item.args})`);
        else if (e.type === 'function_call_output') console.log(`${stamp()}   ← ${e.item.output.length > 240 ? `${e.item.output.slice(0, 240)}…` : e.item.output}`);
      }
    }
    const flow = toolset.flowsFor(session)[0]!;
    console.log('\nTimes offered:');
    for (const s of flow.describeOffer()) console.log(`  ${s.id}  ${s.local} ${s.timeZone}  "${s.time}"`);
    const stored = (await (await fetch(`${sandbox.url}/_sandbox/bookings`)).json()) as { bookings: unknown[] };
    console.log('\nBooking as the sandbox stored it:');
    console.log(JSON.stringify(stored.bookings, null, 2));
    console.log('\nSMS sent:');
    for (const m of sink.messages()) console.log(`  to ${m.to}: ${m.body.replaceAll('\n', ' / ')}`);
    if (sink.messages().length === 0) console.log('  (none)');
    if (opts.keep) console.log(`\nThe sandbox keeps running at ${sandbox.url} (API key ${sandbox.apiKey}); press Ctrl-C to stop.`);
    return stored.bookings.length === 1 ? 0 : 1;
  } finally {
    for (const stop of stops) await stop();
  }
}
