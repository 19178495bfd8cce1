// The LiveKit worker: one voice agent per call with the booking toolset, OpenAI speech and model, and the caller's
// context from the job and the SIP participant. Importing this file does nothing; `runWorker` starts the worker,
// and agents-js re-imports this file in each job process for the default export.
import { fileURLToPath } from 'node:url';
import { cli, defineAgent, log, ServerOptions, voice, type JobContext, type JobProcess } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { Temporal } from 'temporal-polyfill';
import { loadBookingConfig } from '../booking/config.js';
import { duplicateNameWarnings } from '../booking/duplicates.js';
import type { CallContext } from '../booking/call-context.js';
import { indistinctActions } from '../booking/distinct.js';
import { resolveActions, type ResolvedAction } from '../booking/resolve.js';
import { CalComClient } from '../calcom/client.js';
import { createBookingToolset, prefetchAll, type BookingToolset } from '../agent/toolset.js';
import { buildInstructions } from '../agent/instructions.js';
import { redactFrameworkLogs } from '../redaction/framework-logs.js';
import { jobCallContext } from '../agent/call-context.js';
import { assertWorkerEnv, workerBind, workerConfigPath, workerSettings, type WorkerSettings } from './settings.js';

interface CallData {
  call: CallContext;
}

interface Booking {
  settings: WorkerSettings;
  actions: ResolvedAction[];
  toolset: BookingToolset;
}

// Resolving the actions costs several Cal.com round trips; one process serves many calls, so it happens once.
let booking: Promise<Booking> | undefined;

function bookingOnce(): Promise<Booking> {
  booking ??= (async () => {
    const settings = workerSettings();
    const configPath = workerConfigPath();
    const calendar = new CalComClient();
    const actions = await resolveActions(loadBookingConfig(configPath), calendar, configPath);
    for (const w of indistinctActions(actions, configPath)) log().warn(w);
    for (const warning of duplicateNameWarnings(actions)) log().warn(warning);
    // SMS from TWILIO_* (the toolset's default); without them the caller gets the email only.
    const toolset = createBookingToolset({ actions, calendar, callContext: (session) => (session.userData as CallData).call });
    return { settings, actions, toolset };
  })();
  // A failure (Cal.com down at start) must not stick: the next call in this process tries again.
  booking.catch(() => {
    booking = undefined;
  });
  return booking;
}

export default defineAgent({
  prewarm: async (_proc: JobProcess) => {
    // The job process creates its logger before prewarm; from here on no log line carries an email or a phone.
    redactFrameworkLogs();
    await bookingOnce();
  },
  entry: async (ctx: JobContext) => {
    redactFrameworkLogs();
    const { settings, actions, toolset } = await bookingOnce();
    await ctx.connect();
    const participant = await ctx.waitForParticipant();
    const call = jobCallContext(ctx, participant);
    const session = new voice.AgentSession<CallData>({
      stt: new openai.STT(),
      llm: new openai.LLM({ model: settings.model, temperature: settings.temperature }),
      tts: new openai.TTS(),
      userData: { call },
    });
    // Started before the session so the first offer is usually cached by the time the caller asks.
    const prefetched = prefetchAll(toolset, session);
    const instructions = buildInstructions({ userInstructions: settings.instructions, actions, now: Temporal.Now.instant(), toolNames: toolset.toolNames });
    await session.start({ agent: new voice.Agent({ instructions, tools: [toolset] }), room: ctx.room });
    await prefetched;
  },
});

/**
 * Starts the worker as `agents dev` or `agents start` would. Throws at once naming every missing variable and a
 * missing booking config; then checks the booking config against Cal.com (as each job's prewarm will) and rejects
 * with what is wrong, so a broken setup never registers a worker that fails every call. Its HTTP server binds to
 * `bind` (CLI flags), else WORKER_HOST / WORKER_PORT, else 127.0.0.1:8081.
 */
export function runWorker(mode: 'dev' | 'start', bind: { host?: string; port?: string | number } = {}): Promise<void> {
  assertWorkerEnv();
  workerConfigPath(); // "no booking config: run init or setup" now, not when the first job prewarms
  const { host, port } = workerBind(process.env, bind);
  return (async () => {
    try {
      const { actions } = await bookingOnce();
      console.log(`Booking actions ready: ${actions.map((a) => a.displayName).join(', ')}`);
    } catch (err) {
      throw new Error(`The worker did not register: its booking setup is not ready. ${err instanceof Error ? err.message : String(err)}`);
    }
    // agents-js parses process.argv itself, so the mode has to be the only argument it sees. Its commander skips the
    // node binary and the script, or only the binary under `node -e`, where there is no script.
    const evaluated = process.execArgv.some((a) => ['-e', '--eval', '-p', '--print'].includes(a));
    process.argv = [...process.argv.slice(0, evaluated ? 1 : 2), mode];
    cli.runApp(new ServerOptions({ agent: fileURLToPath(import.meta.url), host, port }));
  })();
}
