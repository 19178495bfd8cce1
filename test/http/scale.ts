// How big the fuzz suites run: FUZZ_SCALE=1 (the default) keeps `npm test` short; FUZZ_SCALE=10 is the full run
// whose figures the README quotes. FUZZ_SEED replays one run.
export const FUZZ_SCALE = Math.max(0.1, Number(process.env['FUZZ_SCALE'] ?? '') || 1);
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? '') || Date.now() % 2 ** 31;

export const scaled = (base: number) => Math.max(1, Math.round(base * FUZZ_SCALE));
