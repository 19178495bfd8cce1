#!/usr/bin/env node
// The `cal-booking-action` command line: one subcommand per job, parsed by commander.
import { existsSync, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../booking-config-file.js';
import { PACKAGE_JSON } from '../paths.js';
import { DEFAULT_SANDBOX_API_KEY } from '../sandbox/default-world.js';
import { loadDotEnv } from './dotenv.js';
import { assertOpenAIPlugin } from './openai-plugin.js';

// Each command loads its own modules when it runs, so `sandbox` or `connect` never pays for loading LiveKit.
const runConnect: typeof import('./connect-command.js').runConnect = async (...a) => (await import('./connect-command.js')).runConnect(...a);
const runChat: typeof import('./chat-command.js').runChat = async (...a) => (await import('./chat-command.js')).runChat(...a);
const runDemo: typeof import('./demo-command.js').runDemo = async (...a) => (await import('./demo-command.js')).runDemo(...a);
const runLlmStandin: typeof import('./llm-standin-command.js').runLlmStandin = async (...a) => (await import('./llm-standin-command.js')).runLlmStandin(...a);
const runSandbox: typeof import('./sandbox-command.js').runSandbox = async (...a) => (await import('./sandbox-command.js')).runSandbox(...a);
const runSlots: typeof import('./slots-command.js').runSlots = async (...a) => (await import('./slots-command.js')).runSlots(...a);
const runSmsSink: typeof import('./sms-sink-command.js').runSmsSink = async (...a) => (await import('./sms-sink-command.js')).runSmsSink(...a);
const runTest: typeof import('./test-command.js').runTest = async (...a) => (await import('./test-command.js')).runTest(...a);
const runSetup: typeof import('./setup-command.js').runSetup = async (...a) => (await import('./setup-command.js')).runSetup(...a);
const runInit: typeof import('./init-command.js').runInit = async (...a) => (await import('./init-command.js')).runInit(...a);
const runDoctor: typeof import('../doctor/index.js').runDoctor = async (...a) => (await import('../doctor/index.js')).runDoctor(...a);
const runWorker: typeof import('../worker/index.js').runWorker = async (...a) => (await import('../worker/index.js')).runWorker(...a);

// Secrets saved by `setup` or `init` live in ./.env; the real environment always wins over it.
if (existsSync('.env')) process.loadEnvFile('.env');

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

try {
  loadDotEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };

const program = new Command()
  .name('cal-booking-action')
  .description('A Cal.com booking action for LiveKit voice agents, with an offline Cal.com sandbox.')
  .version(version, '-v, --version', 'print the version')
  .showHelpAfterError();

program
  .command('sandbox')
  .description(`run the offline Cal.com API v2 sandbox (default API key: ${DEFAULT_SANDBOX_API_KEY})`)
  .option('--port <n>', 'port to listen on (0 picks a free one)', int('--port', 0, 65535), 5555)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--data <file>', 'keep state in this JSON file across restarts (default: memory only)')
  .option('--api-key <key>', 'the API key the sandbox accepts instead of the default one')
  .option('--world <file>', 'a world file (JSON or YAML) instead of the default world')
  .option('--rate-limit <n>', 'requests per minute per key; 0 turns limiting off', int('--rate-limit', 0, 1_000_000), 120)
  .option('--admin-token <token>', 'require "Authorization: Bearer <token>" on the admin API (default: $SANDBOX_ADMIN_TOKEN, else none)')
  .action(async (o) => {
    const adminToken = o.adminToken ?? (process.env.SANDBOX_ADMIN_TOKEN || undefined);
    await runSandbox({ port: o.port, host: o.host, data: o.data, apiKey: o.apiKey, world: o.world, rateLimit: o.rateLimit, adminToken });
  });

program
  .command('connect')
  .description('Test Connection: check CALCOM_API_KEY, show the account and list every event type')
  .option('--api-url <url>', 'Cal.com API base URL (default: $CALCOM_API_URL or https://api.cal.com/v2)')
  .action(async (o) => {
    process.exitCode = await runConnect({ baseUrl: o.apiUrl ?? process.env.CALCOM_API_URL });
  });

program
  .command('sms-sink')
  .description("run the local stand-in for Twilio's Messages API; point TWILIO_API_URL at it")
  .option('--port <n>', 'port to listen on (0 picks a free one)', int('--port', 0, 65535), 5556)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--account-sid <sid>', 'the account SID it accepts')
  .option('--auth-token <token>', 'the auth token it accepts')
  .option('--admin-token <token>', 'require "Authorization: Bearer <token>" on /_sink/messages (default: $SMS_SINK_ADMIN_TOKEN, else none)')
  .action(async (o) => {
    const adminToken = o.adminToken ?? (process.env.SMS_SINK_ADMIN_TOKEN || undefined);
    await runSmsSink({ port: o.port, host: o.host, accountSid: o.accountSid, authToken: o.authToken, adminToken });
  });

program
  .command('llm-standin')
  .description('run a local OpenAI-compatible Chat Completions endpoint scripted by turns (for offline agents and tests)')
  .option('--port <n>', 'port to listen on (0 picks a free one)', int('--port', 0, 65535), 5557)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--script <file>', 'a YAML or JSON list of {when?: {user?, toolResult?}, reply: {say} | {call, args} | {calls}}')
  .option('--model <id>', 'the model id it reports')
  .action(async (o) => {
    await runLlmStandin({ port: o.port, host: o.host, script: o.script, model: o.model });
  });

program
  .command('test')
  .description('run scripted conversation scenarios (YAML) through a real AgentSession; exits non-zero on failure')
  .argument('<paths...>', 'scenario files or folders, e.g. scenarios/')
  .option('--real', 'use real OpenAI (needs OPENAI_API_KEY): unscripted, with intents judged', false)
  .action(async (paths: string[], o) => {
    assertOpenAIPlugin('test');
    process.exitCode = await runTest(paths, { real: o.real });
  });

program
  .command('chat')
  .description('the demo call, typed by you in the terminal (real OpenAI when OPENAI_API_KEY is set)')
  .option('--port <n>', 'sandbox port (0 picks a free one)', int('--port', 0, 65535), 0)
  .option('--now <iso>', 'pretend the call happens at this instant (sandbox only)')
  .option('--config <file>', 'your booking config; with CALCOM_API_KEY the call books on your own Cal.com')
  .option('--api-url <url>', 'Cal.com API base URL (default: $CALCOM_API_URL or https://api.cal.com/v2)')
  .action(async (o) => {
    assertOpenAIPlugin('chat');
    process.exitCode = await runChat({ port: o.port, now: o.now, config: o.config, apiUrl: o.apiUrl });
  });

program
  .command('doctor')
  .description("run the product's testing and troubleshooting checks: connection, event types, locations, a test booking, SMS, instructions")
  .option('--config <file>', 'booking config (JSON or YAML); default ./booking.yaml, or the example on the built-in sandbox')
  .option('--api-url <url>', 'Cal.com API base URL (default: $CALCOM_API_URL or https://api.cal.com/v2)')
  .option('--test-booking <ids...>', 'event type ids marked as test: doctor may book and cancel on them')
  .option('--sms-to <e164>', 'with Twilio configured, send a real test text to this number')
  .action(async (o) => {
    process.exitCode = await runDoctor({
      config: o.config,
      baseUrl: o.apiUrl ?? process.env.CALCOM_API_URL,
      testBookings: (o.testBooking ?? []).map(Number),
      smsTo: o.smsTo,
    });
  });

program
  .command('agent')
  .description('run the LiveKit worker (needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, OPENAI_API_KEY, CALCOM_API_KEY)')
  .argument('<mode>', 'dev (development, debug logs) or start (production)')
  .option('--host <host>', "interface for the worker's health-check server (default: $WORKER_HOST, else 127.0.0.1)")
  .option('--port <n>', "port for the worker's health-check server (default: $WORKER_PORT, else 8081; 0 picks a free one)")
  .action(async (mode: string, o: { host?: string; port?: string }) => {
    if (mode !== 'dev' && mode !== 'start') throw new Error(`agent mode must be dev or start (got ${mode})`);
    assertOpenAIPlugin('agent');
    await runWorker(mode, { ...(o.host === undefined ? {} : { host: o.host }), ...(o.port === undefined ? {} : { port: o.port }) });
  });

program
  .command('slots')
  .description('preview what the agent would offer right now for one action (works against the built-in sandbox with no setup)')
  .option('--config <file>', 'booking config (JSON or YAML); default ./booking.yaml, or the example on the built-in sandbox')
  .option('--action <name>', 'tool name, "Book …" name, event title, or position in the config')
  .option('--now <iso>', 'pretend it is this instant (pins the sandbox clock too)')
  .option('--preference <words>', 'the caller\'s words, e.g. "Thursday afternoon"')
  .option('--json', 'machine-readable output', false)
  .action(async (o) => {
    process.exitCode = await runSlots({ config: o.config, action: o.action, now: o.now, json: o.json, preference: o.preference });
  });

program
  .command('setup')
  .description('a local web page to connect Cal.com and configure booking actions, with live previews; writes the booking config')
  .option('--port <n>', 'port to listen on (0 picks a free one)', int('--port', 0, 65535), 5558)
  .option('--host <host>', 'interface to bind (loopback unless you mean otherwise)', '127.0.0.1')
  .option('--config <file>', 'the booking config to write or edit', DEFAULT_CONFIG_FILE)
  .action(async (o) => {
    await runSetup({ port: o.port, host: o.host, config: o.config });
  });

program
  .command('init')
  .description('the setup flow in the terminal: connect, pick event types, answer the questions, preview offers, write the config')
  .option('--config <file>', 'the booking config to write', DEFAULT_CONFIG_FILE)
  .action(async (o) => {
    process.exitCode = await runInit({ config: o.config });
  });

program
  .command('demo')
  .description('play a whole booking call on embedded defaults (sandbox, SMS sink, local LLM) with no keys; what `npm start` runs')
  .option('--keep', 'keep the sandbox running afterwards', false)
  .option('--port <n>', 'sandbox port (0 picks a free one)', int('--port', 0, 65535), 0)
  .option('--now <iso>', 'pretend the call happens at this instant (sandbox only)')
  .option('--config <file>', 'your booking config (its first action); with CALCOM_API_KEY on your own Cal.com, the booking cancelled afterwards')
  .option('--api-url <url>', 'Cal.com API base URL (default: $CALCOM_API_URL or https://api.cal.com/v2)')
  .action(async (o) => {
    assertOpenAIPlugin('demo');
    process.exitCode = await runDemo({ keep: o.keep, port: o.port, now: o.now, config: o.config, apiUrl: o.apiUrl });
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
