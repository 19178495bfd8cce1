// `npm run bench`: load figures for the sandbox Cal.com, measured in one run on this machine.
// The sandbox runs in its own process (as users run it), the load comes from this one over keep-alive sockets.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { DEFAULT_SANDBOX_API_KEY } from '../src/sandbox/default-world.js';
import { benchAgent } from './agent.js';
import { benchBooking } from './booking.js';
import { benchSilence } from './silence.js';
import { benchManage } from './manage.js';

const CONCURRENCY = 50;
const BOOKINGS = 6000;
const CONTENDED_SLOTS = 200;
const SLOT_QUERIES = 300;

const benchWorld = {
  apiKeys: [{ key: DEFAULT_SANDBOX_API_KEY, userId: 1 }],
  users: [
    {
      id: 1,
      username: 'bench',
      name: 'Bench Host',
      email: 'bench@example.com',
      timeZone: 'Europe/Berlin',
      weeklyHours: Object.fromEntries(
        ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
      ),
    },
  ],
  eventTypes: [
    { id: 1, slug: 'five', title: 'Five Minutes', lengthInMinutes: 5, minimumBookingNotice: 0, locations: [{ type: 'integration', integration: 'cal-video' }], ownerId: 1 },
  ],
};

async function startSandbox(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/cli/index.js', 'sandbox', '--port', '0', '--rate-limit', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
  });
  return { url, child };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(2)} ms`;

interface Load {
  statuses: Map<number, number>;
  latencies: number[];
  seconds: number;
}

/**
 * Runs `jobs` on `concurrency` clients. Closed loop by default (each client sends as soon as its last answer
 * came); with `ratePerSec`, open loop: job i is due at i / rate, and its latency counts from when it was due, so
 * a stalled server cannot hide its queueing (no coordinated omission).
 */
async function load(
  pool: Pool,
  jobs: Array<() => { method: 'GET' | 'POST'; path: string; body?: string }>,
  concurrency: number,
  ratePerSec?: number,
): Promise<Load> {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        const job = jobs[i]!();
        const due = ratePerSec ? t0 + (i * 1000) / ratePerSec : performance.now();
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        // Timers can fire a little early; a late start counts from when the job was due.
        const t = Math.min(due, performance.now());
        const res = await pool.request({
          method: job.method,
          path: job.path,
          body: job.body,
          headers: {
            authorization: `Bearer ${DEFAULT_SANDBOX_API_KEY}`,
            'content-type': 'application/json',
            'cal-api-version': job.path.startsWith('/v2/slots') ? '2024-09-04' : '2024-08-13',
          },
        });
        await res.body.text();
        latencies.push(performance.now() - t);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    }),
  );
  return { statuses, latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

function report(name: string, l: Load, baselineP50?: number): void {
  const codes = [...l.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  const rps = l.latencies.length / l.seconds;
  const ratio = baselineP50 ? `  (p50 = ${(pct(l.latencies, 50) / baselineP50).toFixed(2)}× a no-op round trip)` : '';
  console.log(`${name}: ${rps.toFixed(0)} req/s, p50 ${ms(pct(l.latencies, 50))}, p99 ${ms(pct(l.latencies, 99))}  [${codes}]${ratio}`);
}

async function doubleBookings(url: string): Promise<number> {
  const r = (await (await fetch(`${url}/_sandbox/bookings`)).json()) as { bookings: Array<{ start: string; end: string; status: string; hosts: Array<{ id: number }> }> };
  const active = r.bookings.filter((b) => b.status !== 'cancelled');
  const byHost = new Map<number, Array<[number, number]>>();
  for (const b of active) for (const h of b.hosts) (byHost.get(h.id) ?? byHost.set(h.id, []).get(h.id)!).push([Date.parse(b.start), Date.parse(b.end)]);
  let overlaps = 0;
  for (const list of byHost.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i]![0] < list[i - 1]![1]) overlaps++;
  }
  return overlaps;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cba-bench-'));
  const worldFile = join(dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(benchWorld));
  console.log(`cal-booking-action bench · node ${process.version} · ${CONCURRENCY} concurrent clients\n`);

  const bench = await startSandbox(['--world', worldFile]);
  const pool = new Pool(bench.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const base = Date.UTC(2031, 0, 6); // far enough ahead that minimum notice never matters
    const slot = (i: number) => new Date(base + i * 5 * 60_000).toISOString();
    const book = (i: number) => () => ({
      method: 'POST' as const,
      path: '/v2/bookings',
      body: JSON.stringify({ start: slot(i), eventTypeId: 1, attendee: { name: `Caller ${i}`, email: `caller${i}@example.com`, timeZone: 'Europe/Berlin' }, metadata: { callId: `bench-${i}` } }),
    });
    await load(pool, Array.from({ length: 500 }, () => () => ({ method: 'GET' as const, path: '/_sandbox/health' })), CONCURRENCY);
    const noop = await load(pool, Array.from({ length: 3000 }, () => () => ({ method: 'GET' as const, path: '/_sandbox/health' })), CONCURRENCY);
    report('no-op round trip (baseline)      ', noop);
    const distinct = await load(pool, Array.from({ length: BOOKINGS }, (_, i) => book(i)), CONCURRENCY);
    report('POST /v2/bookings, distinct slots, as fast as possible', distinct, pct(noop.latencies, 50));
    const paced = await load(pool, Array.from({ length: 5000 }, (_, i) => book(BOOKINGS + 5000 + i)), CONCURRENCY, 1000);
    report('POST /v2/bookings, distinct slots, offered 1,000/s  ', paced, pct(noop.latencies, 50));
    const contendedJobs = Array.from({ length: CONCURRENCY * CONTENDED_SLOTS / 10 }, (_, i) => book(BOOKINGS + 20_000 + (i % CONTENDED_SLOTS)));
    const contended = await load(pool, contendedJobs, CONCURRENCY);
    report(`POST /v2/bookings, ${CONTENDED_SLOTS} contended slots`, contended, pct(noop.latencies, 50));
    console.log(`  bookings on contended slots: ${contended.statuses.get(201) ?? 0} (expected ${CONTENDED_SLOTS}); double bookings overall: ${await doubleBookings(bench.url)}`);
  } finally {
    await pool.close();
    bench.child.kill();
  }

  const team = await startSandbox([]);
  const teamPool = new Pool(team.url, { connections: 4 });
  try {
    const start = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const q = () => ({ method: 'GET' as const, path: `/v2/slots?eventTypeId=201&start=${start}&end=${end}&timeZone=America/New_York` });
    await load(teamPool, Array.from({ length: 30 }, () => q), 1);
    const slots = await load(teamPool, Array.from({ length: SLOT_QUERIES }, () => q), 1);
    report('GET /v2/slots, 3 days, 4-host round-robin team (sequential)', slots);
  } finally {
    await teamPool.close();
    team.child.kill();
  }
  console.log('\nTargets (2 cores): ≥ 1,000 booking req/s, p99 < 20 ms, 0 double bookings.\n');
  await benchBooking();
  await benchManage();
  console.log('');
  await benchAgent();
  await benchSilence();
}

await main();
