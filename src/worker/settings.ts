// The worker's settings, all from the environment (secrets never live in the booking config), read in one place so
// the worker and `doctor` agree on the config file, the instructions and the model.

import { locateBookingConfig } from '../booking-config-file.js';
import { DEFAULT_SANDBOX_API_KEY } from '../sandbox/default-world.js';
export const DEFAULT_AGENT_INSTRUCTIONS =
  'You are the friendly front desk on the phone. Keep answers short and spoken, one question at a time, and help callers book an appointment.';
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';
export const DEFAULT_OPENAI_TEMPERATURE = 0.3;
/** What a LiveKit worker with OpenAI STT, LLM and TTS booking through Cal.com cannot start without. */
export const REQUIRED_WORKER_ENV = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'OPENAI_API_KEY', 'CALCOM_API_KEY'] as const;

/**
 * The worker's own HTTP server (agents-js's health check and worker status) binds here. agents-js binds 0.0.0.0;
 * we bind loopback, since nothing but a local probe needs it. In a container whose orchestrator probes the health
 * check from outside, set WORKER_HOST=0.0.0.0.
 */
export const DEFAULT_WORKER_HOST = '127.0.0.1';
/** agents-js's production port; also used in dev so the health check is at a known place. */
export const DEFAULT_WORKER_PORT = 8081;

export interface WorkerSettings {
  instructions: string;
  model: string;
  temperature: number;
  host: string;
  port: number;
}

/** Host and port from the CLI (winning) or WORKER_HOST / WORKER_PORT; throws naming what is wrong. */
export function workerBind(env: Env = process.env, cli: { host?: string; port?: string | number } = {}): { host: string; port: number } {
  const host = (cli.host ?? env['WORKER_HOST'])?.trim() || DEFAULT_WORKER_HOST;
  const rawPort = String(cli.port ?? env['WORKER_PORT'] ?? '').trim();
  const port = rawPort === '' ? DEFAULT_WORKER_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`The worker port must be a whole number from 0 to 65535 (0 picks a free one); got ${JSON.stringify(rawPort)} from ${cli.port !== undefined ? '--port' : 'WORKER_PORT'}`);
  if (/\s/.test(host) || host.length > 253) throw new Error(`The worker host must be an interface address or name such as 127.0.0.1 or 0.0.0.0; got ${JSON.stringify(host.slice(0, 60))}`);
  return { host, port };
}

type Env = Readonly<Record<string, string | undefined>>;

export function workerSettings(env: Env = process.env): WorkerSettings {
  const raw = env['OPENAI_TEMPERATURE']?.trim();
  const temperature = raw ? Number(raw) : DEFAULT_OPENAI_TEMPERATURE;
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2)
    throw new Error(`OPENAI_TEMPERATURE must be a number from 0 to 2 (got ${JSON.stringify(raw)})`);
  return {
    ...workerBind(env),
    instructions: env['AGENT_INSTRUCTIONS']?.trim() || DEFAULT_AGENT_INSTRUCTIONS,
    model: env['OPENAI_MODEL']?.trim() || DEFAULT_OPENAI_MODEL,
    temperature,
  };
}

/**
 * CAL_BOOKING_CONFIG, else ./booking.yaml; the shipped example only with the sandbox's own key, whose default world
 * it was written for. Otherwise throws "no booking config: run `cal-booking-action init` or `setup`".
 */
export function workerConfigPath(env: Env = process.env, cwd?: string): string {
  const explicit = env['CAL_BOOKING_CONFIG']?.trim();
  const sandbox = env['CALCOM_API_KEY']?.trim() === DEFAULT_SANDBOX_API_KEY;
  return locateBookingConfig({ explicit, sandbox, ...(cwd ? { cwd } : {}) }).path;
}

/** Throws one message naming every missing variable, so a half-configured worker never starts. */
export function assertWorkerEnv(env: Env = process.env): void {
  const missing = REQUIRED_WORKER_ENV.filter((name) => !env[name]?.trim());
  if (missing.length)
    throw new Error(
      `The LiveKit worker needs ${missing.join(', ')} in the environment: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET ` +
        'from your LiveKit Cloud project (Settings → Keys) or your own server, OPENAI_API_KEY for speech-to-text, the model and text-to-speech, ' +
        'CALCOM_API_KEY from Cal.com Settings → Developer → API Keys (or the sandbox\'s key, with CALCOM_API_URL pointing at it).',
    );
}
