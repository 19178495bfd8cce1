// Keeps the sandbox's state in one JSON file: written atomically (temp file, fsync, rename), so a kill -9
// mid-write leaves the previous complete file, and group-committed, so a burst of writes costs one write.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod/v4';
import { ReservationSchema, StoredBookingSchema } from './world.js';
import type { SandboxState } from './sandbox.js';

const FileSchema = z.object({
  format: z.literal('cal-booking-action-sandbox/1'),
  state: z.object({
    bookings: z.array(StoredBookingSchema),
    reservations: z.array(ReservationSchema),
    extraBusy: z.array(z.object({ userId: z.number(), start: z.string(), end: z.string(), title: z.string() })),
    nextBookingId: z.number().int().positive(),
    pinnedNow: z.string().nullable(),
  }),
});

export function loadState(path: string): SandboxState | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Sandbox data file ${path} is not valid JSON; move it aside or delete it to start empty`);
  }
  const r = FileSchema.safeParse(json);
  if (!r.success) throw new Error(`Sandbox data file ${path} is not a sandbox state file: ${r.error.issues[0]?.message}`);
  return r.data.state;
}

/**
 * Deletes what a killed sandbox left of its writes: write-file-atomic's temporary files, named
 * `<data file>.<32-bit hash>` beside it. Returns the names removed. Never throws: a leftover is litter, not data.
 */
export function removeStaleTempFiles(path: string): string[] {
  const dir = dirname(path);
  const temp = new RegExp(`^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{1,10}$`);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => temp.test(n));
  } catch {
    return [];
  }
  return names.filter((n) => {
    try {
      rmSync(join(dir, n), { force: true });
      return true;
    } catch {
      return false;
    }
  });
}

export class StateFile {
  #writing: Promise<void> | null = null;
  #dirty = false;
  #latest: SandboxState | null = null;
  #waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  constructor(readonly path: string) {}

  /** Resolves once a write that includes `state` as it is now has reached the disk. */
  save(state: SandboxState): Promise<void> {
    this.#latest = state;
    this.#dirty = true;
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (!this.#writing) this.#writing = this.#drain();
    return done;
  }

  /** Waits for every pending write. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    // Yield first: a drain that finished synchronously (a state that cannot be serialised) would clear #writing
    // before save() stores this promise in it, and no later save would ever write.
    await Promise.resolve();
    while (this.#dirty) {
      this.#dirty = false;
      const waiters = this.#waiters;
      this.#waiters = [];
      try {
        // Inside the try: a state that cannot be serialised fails its waiters instead of rejecting the drain.
        const text = JSON.stringify({ format: 'cal-booking-action-sandbox/1', state: this.#latest });
        await writeFileAtomic(this.path, text, { fsync: true });
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.#writing = null;
  }
}
