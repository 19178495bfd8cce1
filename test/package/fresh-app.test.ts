// The package as a new user gets it: `npm pack`, installed into an empty app with only the documented peers (on
// zod 3.25, the other zod the peer range allows; the rest of the suite runs on zod 4), the README's first sample
// typechecked under strict tsc, and the installed CLI run. Packs dist/ as test/setup/build.ts left it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PEERS = ['@livekit/agents@1.9.0', '@livekit/agents-plugin-openai@1.9.0', 'zod@3.25.76', '@types/node@20'];

let app: string;
const bin = () => join(app, 'node_modules/.bin/cal-booking-action');
const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CALCOM_API_KEY', 'CALCOM_API_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete e[name];
  for (const name of Object.keys(e)) if (name.startsWith('TWILIO_') || name.startsWith('npm_')) delete e[name];
  return e;
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/livekit.js'))) throw new Error('dist/ is missing: run `npm run build` (test/setup/build.ts should have)');
  app = mkdtempSync(join(tmpdir(), 'cba-fresh-app-'));
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', app], { cwd: ROOT });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${filename}`, ...PEERS], { cwd: app, env: env() });
}, 240_000);

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
}, 120_000);

// After the one install, each check is its own process (tsc, the CLI, node), so they run side by side.
describe.concurrent('a fresh app from npm pack', () => {
  it('ships what the commands and docs point at: dist, examples, prompts, scenarios', () => {
    for (const f of ['dist/livekit.js', 'dist/livekit.d.ts', 'examples/booking.yaml', 'prompts/scheduling-script.md', 'scenarios/happy-path.yaml'])
      expect(existsSync(join(app, 'node_modules/cal-booking-action', f)), f).toBe(true);
  });

  it("typechecks the README's first sample under strict tsc", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    writeFileSync(join(app, 'agent.ts'), /```ts\n([\s\S]*?)```/.exec(readme)![1]!);
    const tsconfig = { compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'], skipLibCheck: false }, files: ['agent.ts'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const out = await run(process.execPath, [TSC, '-p', app], { cwd: app }).then(
      (r) => r.stdout,
      (err: { stdout: string }) => err.stdout,
    );
    // Every declaration file is checked, but only the sample's and ours are this package's to answer for: the
    // OpenAI plugin's own .d.ts do not typecheck against zod 3.25 (nor without @types/ws).
    const ours = out.split('\n').filter((l) => /^(agent\.ts|node_modules\/cal-booking-action\/)/.test(l));
    expect(ours).toEqual([]);
  }, 300_000);

  it('the installed CLI prints its version and plays the demo call with no keys', async () => {
    const version = await run(bin(), ['--version'], { cwd: app, env: env() });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const demo = await run(bin(), ['demo', '--now', '2026-11-24T08:00:00Z'], { cwd: app, env: env() });
    expect(demo.stdout).toContain("agent:  You're booked for today at 10 AM. I've texted you the details.");
    expect(demo.stdout).toMatch(/SMS sent:\n {2}to \+14155550123: Booked:/);
  }, 120_000);

  it('runs a shipped scenario from the installed package', async () => {
    const r = await run(bin(), ['test', 'node_modules/cal-booking-action/scenarios/happy-path.yaml'], { cwd: app, env: env() });
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed');
  }, 120_000);

  it('a CommonJS app can require() it (Node ≥ 20.19 loads ES modules from require)', async () => {
    const r = await run(process.execPath, ['-e', "const m = require('cal-booking-action/livekit'); console.log(typeof m.createBookingToolset, typeof m.jobCallContext)"], { cwd: app, env: env() });
    expect(r.stdout.trim()).toBe('function function');
  }, 60_000);
});
