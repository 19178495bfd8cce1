// Config fuzz: mutations of the shipped example (wrong types, typos of keys, impossible dates and zones, secrets,
// huge values, deep nesting, self-referencing aliases). Every outcome is a valid config or a ConfigError whose
// every line names the file, the field and what is allowed; nothing throws anything else, and no secret or
// whole huge value comes back. FUZZ_SCALE=10 runs 2,000 mutations.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseBookingConfig } from '../../src/booking/config.js';
import { EXAMPLE_BOOKING_CONFIG } from '../../src/paths.js';
import { FUZZ_SCALE, FUZZ_SEED, scaled } from '../http/scale.js';

const SOURCE = 'fuzzed-booking.yaml';
const SECRET = 'cal_live_9d8c7b6a5f4e3d2c1b0a9d8c7b6a5f4e';
const base = parseYaml(readFileSync(EXAMPLE_BOOKING_CONFIG, 'utf8')) as { actions: Array<Record<string, unknown>> };
const KEYS = ['eventType', 'location', 'address', 'timeZone', 'daysAhead', 'slotsPerDay', 'minSpacingMinutes', 'earliestDate', 'locale', 'fallbackEmail', 'sms', 'useSchedulingScript'];

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('Europe/Berln', 'EST', 'Etc/GMT-14', 'Etc/GMT+12', 'europe/berlin', 'PST8PDT', 'UTC', 'Asia/Kathmandu', '2026-02-31', '2026-13-01', '2024-02-29', '2020-01-01', '', ' ', 'zoom', 'in-person', 'de-DE', 'xx-XX', SECRET, `Bearer ${SECRET}`, 'team at example', 'a@b.co', '{date} {nope}'),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 17, max: 5_000 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`) as unknown),
  fc.constantFrom(0, -1, 1.5, 3, 11, 721, Number.MAX_SAFE_INTEGER, true, false, null),
);

type Mutation = (c: any) => void;
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...KEYS), valueArb).map(([i, k, v]): Mutation => (c) => void (c.actions[i % c.actions.length][k] = v)),
  fc.tuple(fc.nat(), fc.constantFrom(...KEYS)).map(([i, k]): Mutation => (c) => void delete c.actions[i % c.actions.length][k]),
  // A typo of a real key: dropped, doubled or swapped letters, or a case slip.
  fc.tuple(fc.nat(), fc.constantFrom(...KEYS), fc.nat(), fc.constantFrom('drop', 'double', 'lower', 'swap'), valueArb).map(([i, k, at, how, v]): Mutation => (c) => {
    const p = at % k.length;
    const typo = how === 'drop' ? k.slice(0, p) + k.slice(p + 1) : how === 'double' ? k.slice(0, p) + k[p] + k.slice(p) : how === 'lower' ? k.toLowerCase() : k.slice(0, p) + (k[p + 1] ?? '') + k[p] + k.slice(p + 2);
    if (typo !== k) c.actions[i % c.actions.length][typo] = v;
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 20 }), valueArb).map(([i, k, v]): Mutation => (c) => void (c.actions[i % c.actions.length][k] = v)),
  fc.tuple(fc.nat(), valueArb).map(([i, v]): Mutation => (c) => void (c.actions[i % c.actions.length].sms = { enabled: v, template: v })),
  fc.nat().map((i): Mutation => (c) => void (c.actions[i % c.actions.length].sms = c.actions)), // what a recursive alias gives
  fc.nat().map((i): Mutation => (c) => void (c.actions[i % c.actions.length].apiKey = SECRET)),
  valueArb.map((v): Mutation => (c) => void (c.actions = v)),
  valueArb.map((v): Mutation => (c) => void (c[['action', 'Actions', 'agents'][String(v).length % 3]!] = v)),
);

const LINE_SAYS_WHAT_IS_ALLOWED = /expected|Allowed here|Write|Use the|allowed:|secrets are read from the environment|required when|nests more than|contains itself|No named zone/;
const tally = { valid: 0, refused: 0, lines: 0, longest: 0 };
afterAll(() => console.log(`config fuzz (FUZZ_SCALE=${FUZZ_SCALE}, FUZZ_SEED=${FUZZ_SEED}): ${tally.valid + tally.refused} mutated configs, ${tally.valid} valid, ${tally.refused} refused with ${tally.lines} problem lines; longest message ${tally.longest} characters`));

describe('config fuzz', () => {
  it(`${scaled(200)} mutated configs: valid, or refused naming the file, the field and what is allowed`, () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const config = structuredClone(base);
        for (const m of mutations) {
          try {
            m(config);
          } catch {
            // an earlier mutation removed the spot this one edits
          }
        }
        try {
          parseBookingConfig(config, SOURCE, { onWarning: () => {} });
          tally.valid++;
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          tally.refused++;
          const m = e.message;
          tally.longest = Math.max(tally.longest, m.length);
          expect(m).not.toContain('9d8c7b6a');
          expect(m).not.toMatch(/x{100}/);
          expect(m).not.toMatch(/Invalid input|Unrecognized key|call stack/);
          const [head, ...lines] = m.split('\n');
          expect(head).toContain(SOURCE);
          for (const line of lines.length ? lines : [head!]) {
            tally.lines++;
            expect(line).toMatch(/^( {2}\S|fuzzed-booking\.yaml: \S).*: /); // the field comes first
            expect(line).toMatch(LINE_SAYS_WHAT_IS_ALLOWED);
            expect(line.length).toBeLessThan(600);
          }
        }
      }),
      { numRuns: scaled(200), seed: FUZZ_SEED },
    );
  }, 60_000 * FUZZ_SCALE);
});
