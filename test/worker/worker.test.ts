import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertWorkerEnv,
  DEFAULT_WORKER_HOST,
  DEFAULT_WORKER_PORT,
  REQUIRED_WORKER_ENV,
  workerBind,
  workerConfigPath,
  workerSettings,
} from '../../src/worker/settings.js';
import { DEFAULT_SANDBOX_API_KEY } from '../../src/sandbox/default-world.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const LIVE = Boolean(process.env['LIVEKIT_URL'] && process.env['LIVEKIT_API_KEY'] && process.env['LIVEKIT_API_SECRET'] && process.env['OPENAI_API_KEY']);

/** Runs the built worker in a fresh Node, as the installed CLI loads it, and collects what it printed. */
function run(args: string[], env: NodeJS.ProcessEnv, untilOutput?: RegExp, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    const seen = () => {
      if (untilOutput?.test(stdout + stderr)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      seen();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      seen();
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr });
    });
  });
}

/** The environment without anything that would let a worker start. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [...REQUIRED_WORKER_ENV, 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) delete env[name];
  return env;
}

// The same handling as the CLI's: print the message, exit 1.
const RUN_WORKER = `import { runWorker } from './dist/worker/agent.js';
try { runWorker('dev'); } catch (err) { console.error(err.message); process.exit(1); }`;

describe('the worker module', () => {
  it('imports without starting anything and exports an agent whose entry is a function', async () => {
    const argv = [...process.argv];
    const mod = await import('../../src/worker/agent.js');
    expect(typeof mod.default.entry).toBe('function');
    expect(typeof mod.default.prewarm).toBe('function');
    expect(typeof mod.runWorker).toBe('function');
    expect(process.argv).toEqual(argv);
  });

  it('runWorker without the environment exits 1 naming every missing variable, before agents-js parses anything', async () => {
    const r = await run(['--input-type=module', '-e', RUN_WORKER], bareEnv());
    expect(r.code).toBe(1);
    for (const name of REQUIRED_WORKER_ENV) expect(r.stderr).toContain(name);
    expect(r.stderr).toMatch(/^The LiveKit worker needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, OPENAI_API_KEY, CALCOM_API_KEY in the environment/);
    expect(r.stdout).toBe('');
  });

  it('names only what is missing', async () => {
    const env = { ...bareEnv(), LIVEKIT_URL: 'wss://example.livekit.cloud', LIVEKIT_API_KEY: 'APIxxx', LIVEKIT_API_SECRET: 'secret', CALCOM_API_KEY: 'cal_test_key' };
    const r = await run(['--input-type=module', '-e', RUN_WORKER], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The LiveKit worker needs OPENAI_API_KEY in the environment/);
    expect(r.stderr).not.toContain('secret');
  });
});

describe('agent dev checks the booking setup before registering', () => {
  it('an unreachable Cal.com stops it with the reason, before any LiveKit connection', async () => {
    const env = {
      ...bareEnv(),
      LIVEKIT_URL: 'wss://example.livekit.cloud',
      LIVEKIT_API_KEY: 'APIxxx',
      LIVEKIT_API_SECRET: 'secret',
      OPENAI_API_KEY: 'sk-test',
      CALCOM_API_KEY: 'cal_test_key',
      CALCOM_API_URL: 'http://127.0.0.1:1/v2',
      CAL_BOOKING_CONFIG: join(ROOT, 'examples/booking.yaml'),
    };
    const r = await run([CLI, 'agent', 'dev'], env, undefined, 45_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The worker did not register: its booking setup is not ready\. Could not reach Cal\.com at 127\.0\.0\.1:1 for GET \/me \(ECONNREFUSED\)/);
    expect(r.stdout + r.stderr).not.toMatch(/registered worker|cal_test_key/);
  }, 60_000);
});

describe('worker settings', () => {
  it('defaults to a front-desk line, gpt-4.1-mini at 0.3', () => {
    const s = workerSettings({});
    expect(s).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0.3 });
    expect(s.instructions).toMatch(/front desk/);
  });

  it('takes CAL_BOOKING_CONFIG, else ./booking.yaml, else the example only with the sandbox key', () => {
    const empty = mkdtempSync(join(tmpdir(), 'worker-cfg-'));
    expect(workerConfigPath({ CAL_BOOKING_CONFIG: '/x.yaml', CALCOM_API_KEY: 'cal_live_x' }, empty)).toBe('/x.yaml');
    expect(() => workerConfigPath({ CALCOM_API_KEY: 'cal_live_x' }, empty)).toThrow('no booking config: run `cal-booking-action init` or `setup`');
    expect(workerConfigPath({ CALCOM_API_KEY: DEFAULT_SANDBOX_API_KEY }, empty)).toMatch(/examples\/booking\.yaml$/);
    writeFileSync(join(empty, 'booking.yaml'), 'actions: []\n');
    expect(workerConfigPath({ CALCOM_API_KEY: 'cal_live_x' }, empty)).toBe(join(empty, 'booking.yaml'));
  });

  it('reads every setting from the environment, blank meaning unset', () => {
    expect(workerSettings({ AGENT_INSTRUCTIONS: 'Be brief.', OPENAI_MODEL: 'gpt-4.1', OPENAI_TEMPERATURE: '0' })).toEqual({
      instructions: 'Be brief.',
      model: 'gpt-4.1',
      temperature: 0,
      host: '127.0.0.1',
      port: 8081,
    });
    expect(workerSettings({ OPENAI_MODEL: ' ', OPENAI_TEMPERATURE: '' })).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0.3 });
  });

  it.each(['hot', '-1', '2.5'])('refuses OPENAI_TEMPERATURE=%j', (t) => {
    expect(() => workerSettings({ OPENAI_TEMPERATURE: t })).toThrow(/OPENAI_TEMPERATURE must be a number from 0 to 2/);
  });

  it('binds the health-check server to 127.0.0.1:8081 unless WORKER_HOST / WORKER_PORT or the CLI flags say otherwise', () => {
    expect(workerBind({})).toEqual({ host: DEFAULT_WORKER_HOST, port: DEFAULT_WORKER_PORT });
    expect([DEFAULT_WORKER_HOST, DEFAULT_WORKER_PORT]).toEqual(['127.0.0.1', 8081]);
    expect(workerBind({ WORKER_HOST: '0.0.0.0', WORKER_PORT: '9000' })).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(workerBind({ WORKER_HOST: '0.0.0.0', WORKER_PORT: '9000' }, { host: '::1', port: '0' })).toEqual({ host: '::1', port: 0 });
    expect(() => workerBind({ WORKER_PORT: 'eighty' })).toThrow(/worker port must be a whole number from 0 to 65535 \(0 picks a free one\); got "eighty" from WORKER_PORT/);
    expect(() => workerBind({}, { port: 70000 })).toThrow(/from --port/);
    expect(() => workerBind({ WORKER_HOST: 'a b' })).toThrow(/worker host must be an interface address/);
  });

  it('accepts a complete environment', () => {
    const complete = { LIVEKIT_URL: 'wss://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's', OPENAI_API_KEY: 'o', CALCOM_API_KEY: 'c' };
    expect(() => assertWorkerEnv(complete)).not.toThrow();
    expect(() => assertWorkerEnv({ ...complete, LIVEKIT_API_KEY: ' ' })).toThrow(/needs LIVEKIT_API_KEY in/);
    expect(() => assertWorkerEnv({ ...complete, CALCOM_API_KEY: '' })).toThrow(/needs CALCOM_API_KEY in/);
  });
});

const LIVE_STATE = LIVE ? 'LiveKit and OpenAI keys set' : 'skipped: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and OPENAI_API_KEY not all set';
describe.skipIf(!LIVE)(`the worker against real LiveKit and OpenAI (${LIVE_STATE})`, () => {
  it('registers with the LiveKit server, resolving the example config on a sandbox', async () => {
    const { startTestSandbox } = await import('../helpers/sandbox.js');
    const s = await startTestSandbox();
    const env: NodeJS.ProcessEnv = { ...process.env, CALCOM_API_KEY: s.apiKey, CALCOM_API_URL: `${s.url}/v2`, CAL_BOOKING_CONFIG: join(ROOT, 'examples/booking.yaml') };
    delete env['VITEST'];
    // A script, not -e: job processes inherit the parent's execArgv, and `--input-type` breaks their loader.
    const script = join(mkdtempSync(join(tmpdir(), 'worker-')), 'start.mjs');
    writeFileSync(script, `import { runWorker } from ${JSON.stringify(join(ROOT, 'dist/worker/agent.js'))};\nrunWorker('dev');\n`);
    const r = await run([script], env, /registered worker/, 60_000);
    expect(r.stdout + r.stderr).toMatch(/registered worker/);
  }, 70_000);
});

if (!LIVE) console.info('live worker test skipped: set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and OPENAI_API_KEY to run it');

describe('the worker process binds where it is told', () => {
  it.skipIf(!existsSync('/proc/net/tcp'))('its health check listens on 127.0.0.1 only by default, on the port given', async () => {
    const port = 20_000 + (process.pid % 20_000);
    // A complete environment with an unreachable LiveKit: the worker checks its booking setup against the sandbox,
    // starts its HTTP server, then fails to reach LiveKit.
    const sb = await startTestSandbox();
    const env = { ...bareEnv(), LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's', OPENAI_API_KEY: 'o', CALCOM_API_KEY: sb.apiKey, CALCOM_API_URL: `${sb.url}/v2`, WORKER_PORT: String(port), CAL_BOOKING_CONFIG: join(ROOT, 'examples/booking.yaml') };
    const script = join(mkdtempSync(join(tmpdir(), 'worker-')), 'start.mjs');
    writeFileSync(script, `import { runWorker } from ${JSON.stringify(join(ROOT, 'dist/worker/agent.js'))};\nrunWorker('dev');\n`);
    const child = spawn(process.execPath, [script], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!new RegExp(`listening on port ${port}`).test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start listening:\n${out.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // It answers (503 until it has registered with LiveKit, which it cannot here).
      expect([200, 503]).toContain((await fetch(`http://127.0.0.1:${port}/`)).status);
      // /proc/net/tcp lists listening sockets as hex "address:port"; 0100007F is 127.0.0.1, 00000000 would be 0.0.0.0.
      const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
      const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').filter((l) => l.includes(`:${hexPort} `) && / 0A /.test(l));
      expect(listening.map((l) => l.trim().split(/\s+/)[1])).toEqual([`0100007F:${hexPort}`]);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 30_000);
});
