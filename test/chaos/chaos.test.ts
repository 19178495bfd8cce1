// A small run of the fault campaign (`npm run chaos` runs 10,000): every integrity count must be 0.
import { describe, expect, it } from 'vitest';
import { INTEGRITY_COUNTS, runChaos } from '../../bench/chaos.js';

describe('fault campaign (small)', () => {
  it('concurrent conversations under mixed faults: no duplicate, ghost, lost booking, leaked hold or stray text', async () => {
    const r = await runChaos({ conversations: Number(process.env.CHAOS_TEST_CONVERSATIONS ?? 200), concurrency: 25, roundSize: 100, seed: 7 });
    const counts = Object.fromEntries(INTEGRITY_COUNTS.map((k) => [k, r[k]]));
    expect(counts).toEqual(Object.fromEntries(INTEGRITY_COUNTS.map((k) => [k, 0])));
    // The run must have exercised what it claims to: bookings made, faults injected, outcomes in doubt.
    expect(r.bookings).toBeGreaterThan(50);
    expect(Object.keys(r.faultsInjected).length).toBeGreaterThanOrEqual(4);
    expect(r.toolErrors).toBe(0);
  }, 120_000);
});
