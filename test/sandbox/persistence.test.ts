// Persistence: state survives a restart; a kill -9 in the middle of a stream of writes leaves a file that loads
// and holds every booking the server acknowledged; a broken data file fails with a clear message.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadState } from '../../src/sandbox/persistence.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';
import { TAKEN_USER } from '../../src/sandbox/sandbox.js';
import { book, call, pinnedSandbox, sandboxBookings, slotList } from './http.js';
import { personal, user, weekly, WEEKDAYS_ONLY, world } from './worlds.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-persist-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const NOW = '2026-05-04T06:00:00Z';
const W = world({
  users: [user(1, 'UTC', weekly([{ start: '09:00', end: '17:00' }], WEEKDAYS_ONLY))],
  eventTypes: [personal(1, 1)],
});
const at = (hhmm: string) => `2026-05-04T${hhmm}:00.000Z`;

describe('persistence', () => {
  it('bookings, reservations and the pinned clock survive close and restart', async () => {
    const dataFile = join(tempDir(), 'state.json');
    const first = await pinnedSandbox(W, NOW, { dataFile });
    const uids: string[] = [];
    for (const t of ['09:00', '10:00', '11:00']) uids.push((await book(first, 1, at(t), { metadata: { n: t } })).json.data.uid);
    await call(first, 'POST', `/v2/bookings/${uids[1]}/cancel`, { body: { cancellationReason: 'moved' } });
    const hold = (await call(first, 'POST', '/v2/slots/reservations', { body: { eventTypeId: 1, slotStart: at('12:00') } })).json.data;
    await first.close();

    const second = await startTestSandbox({ world: W, dataFile });
    expect(await admin(second, 'GET', '/clock')).toEqual({ now: '2026-05-04T06:00:00.000Z', pinned: true });
    const stored = await sandboxBookings(second);
    expect(stored.map((b) => b.uid)).toEqual(uids);
    expect(stored.map((b) => b.status)).toEqual(['accepted', 'cancelled', 'accepted']);
    expect((await call(second, 'GET', `/v2/bookings/${uids[0]}`)).json.data.metadata).toEqual({ n: '09:00' });
    // The busy index is rebuilt from the file: taken slots stay taken, the cancelled one is free.
    const taken = await book(second, 1, at('09:00'));
    expect([taken.status, taken.json.error.message]).toEqual([400, TAKEN_USER]);
    expect((await book(second, 1, at('10:00'))).status).toBe(201);
    // The hold is still there: it hides the slot, puts another reservedSlotUid behind it
    // (createBookingWithReservedSlot.ts: 409 reserved_slot_not_first_in_line), and its holder still books.
    expect(await slotList(second, 1, '2026-05-04T00:00:00Z', '2026-05-04T23:59:59Z')).not.toContain(at('12:00'));
    expect((await book(second, 1, at('12:00'), { reservedSlotUid: 'someone-else' })).json.error.code).toBe('reserved_slot_not_first_in_line');
    expect((await book(second, 1, at('12:00'), { reservedSlotUid: hold.reservationUid })).status).toBe(201);
    // Booking ids continue where they stopped.
    expect((await sandboxBookings(second)).map((b) => b.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a child killed with SIGKILL mid-writes leaves a file that loads and holds every acknowledged booking', async () => {
    const dataFile = join(tempDir(), 'state.json');
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'book-loop.ts'), dataFile], {
      cwd: projectRoot,
      detached: true, // its own process group, so whatever it starts is ended with it by this group id
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const acks = () => out.split('\n').filter((l) => /^ACK [\w-]{22}$/.test(l)).map((l) => l.slice(4));

    try {
      const deadline = Date.now() + 25_000; // tsx start-up can be slow on a loaded machine
      while (acks().length < 60) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`book-loop did not get going (exit ${child.exitCode}):\n${out.slice(-2000)}\n${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const pid = Number(/^PID (\d+)$/m.exec(out)?.[1]);
      expect(pid).toBeGreaterThan(0);
      // Kill the process that writes, while its four clients keep writing.
      process.kill(pid, 'SIGKILL');
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is already gone
      }
      await exited;
    }

    const acknowledged = acks();
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    const state = loadState(dataFile);
    expect(state).toBeDefined();
    const onDisk = new Set(state!.bookings.map((b) => b.uid));
    expect(acknowledged.filter((uid) => !onDisk.has(uid))).toEqual([]);
    // And the file is internally consistent: ids unique, the next id beyond them, one booking per slot.
    const ids = state!.bookings.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(state!.nextBookingId).toBeGreaterThan(Math.max(...ids));
    expect(new Set(state!.bookings.map((b) => b.start)).size).toBe(state!.bookings.length);
  }, 40_000);

  it('an unparseable data file is a clear error, naming the file', async () => {
    const dataFile = join(tempDir(), 'state.json');
    writeFileSync(dataFile, '{"format": "cal-booking-action-sandbox/1", "state": {');
    expect(() => loadState(dataFile)).toThrow(/is not valid JSON/);
    await expect(startSandboxServer({ world: W, dataFile })).rejects.toThrow(dataFile);
    await expect(startSandboxServer({ world: W, dataFile })).rejects.toThrow(/not valid JSON; move it aside or delete it/);
  });

  it('a data file that cannot be written refuses to start, naming the file and what to do', async () => {
    // Tests run as root, so a read-only directory would not stop the write: the parent here is a regular file.
    const notADir = join(tempDir(), 'plain-file');
    writeFileSync(notADir, 'not a directory');
    const dataFile = join(notADir, 'state.json');
    const start = startSandboxServer({ world: W, dataFile });
    await expect(start).rejects.toThrow(`The sandbox cannot write its data file ${dataFile}`);
    await expect(startSandboxServer({ world: W, dataFile })).rejects.toThrow(/choose a writable --data path/);
  });

  it('a JSON file that is not a sandbox state file is refused too; a missing file starts empty', async () => {
    const dir = tempDir();
    const wrong = join(dir, 'other.json');
    writeFileSync(wrong, JSON.stringify({ hello: 'world' }));
    expect(() => loadState(wrong)).toThrow(/is not a sandbox state file/);
    expect(loadState(join(dir, 'missing.json'))).toBeUndefined();
    const s = await startTestSandbox({ world: W, dataFile: join(dir, 'missing.json') });
    expect(await sandboxBookings(s)).toEqual([]);
  });
});
