// The config loader against careless and hostile files, one test per measured case of issue 9: zones the agent
// cannot say, secrets under unexpected keys, huge values, recursive aliases and deep nesting, impossible dates,
// unhelpful messages, zone spellings and did-you-mean for zones and keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadBookingConfig, parseBookingConfig } from '../../src/booking/config.js';

const dir = mkdtempSync(join(tmpdir(), 'config-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const action = (extra: Record<string, unknown>) => ({ actions: [{ eventType: 101, location: 'cal-video', ...extra }] });
function problems(raw: unknown): string {
  try {
    parseBookingConfig(raw, 'agent.yaml', { onWarning: () => {} });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}
const loadProblem = (path: string) => {
  try {
    loadBookingConfig(path, { onWarning: () => {} });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('zones', () => {
  it.each([
    ['Etc/GMT-14', /Etc\/GMT-14 is an offset, not a place, and has no name the agent can say aloud\. Use the named zone of the place, e\.g\. Pacific\/Kiritimati/],
    ['Etc/GMT+12', /Etc\/GMT\+12 is an offset, not a place.*No named zone keeps this offset; use the IANA zone of the place your callers are in/],
    ['Etc/GMT-1', /Use the named zone of the place, e\.g\. Africa\//],
  ])('%s, which passed validation and then broke every offer, is refused at load with a named zone to use', (zone, message) => {
    expect(problems(action({ timeZone: zone }))).toMatch(message);
  });

  it('did-you-mean for a misspelt zone and for a bare city', () => {
    expect(problems(action({ timeZone: 'Europe/Berln' }))).toMatch(/"Europe\/Berln" is not an IANA time zone; did you mean Europe\/Berlin\?/);
    expect(problems(action({ timeZone: 'Berlin' }))).toMatch(/did you mean Europe\/Berlin\?/);
    expect(problems(action({ timeZone: 'Mars/Olympus' }))).toMatch(/"Mars\/Olympus" is not an IANA time zone\. Write it as Area\/City/);
  });

  it.each([
    ['EST', /"EST" is an abbreviation, not a place: abbreviations are ambiguous and do not follow daylight saving time changes\. Write the IANA zone of the place instead, e\.g\. America\/New_York/],
    ['PST', /America\/Los_Angeles/],
    ['CET', /Europe\/Berlin/],
    ['IST', /Asia\/Kolkata \(India\), Europe\/Dublin \(Ireland\) or Asia\/Jerusalem/],
    ['GMT+2', /"GMT\+2" is an offset, not a place/],
  ])('the abbreviation %s is refused with why and what to write', (zone, message) => {
    expect(problems(action({ timeZone: zone }))).toMatch(message);
  });

  it('a wrongly cased or aliased zone is accepted in its canonical spelling, with a warning', () => {
    const warnings: string[] = [];
    const c = parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', timeZone: 'europe/berlin' }, { eventType: 102, location: 'zoom', timeZone: 'US/Eastern' }] }, 'a.yaml', { onWarning: (w) => warnings.push(w) });
    expect(c.actions.map((a) => a.timeZone)).toEqual(['Europe/Berlin', 'America/New_York']);
    expect(warnings).toEqual([
      'a.yaml: actions[0].timeZone: read "europe/berlin" as Europe/Berlin; write it that way to silence this warning',
      'a.yaml: actions[1].timeZone: read "US/Eastern" as America/New_York; write it that way to silence this warning',
    ]);
  });
});

describe('keys and values', () => {
  it('a secret under an unexpected key is refused without echoing it', () => {
    const key = 'cal_live_8f3a9c2e7b1d4f6a0e5c9b8a7d6f5e4c';
    const m = problems(action({ calcomApiKey: key }));
    expect(m).toMatch(/actions\[0\]\.calcomApiKey: secrets are read from the environment only/);
    expect(m).not.toContain(key);
    expect(m).not.toContain('8f3a9c2e');
  });

  it('a secret-shaped value under an unknown, innocent-looking key is redacted; the parent object is never printed', () => {
    const key = 'cal_live_8f3a9c2e7b1d4f6a0e5c9b8a7d6f5e4c';
    const m = problems({ actions: [{ eventType: 101, location: 'cal-video', calcom: key, daysAhead: key }] });
    expect(m).not.toContain('8f3a9c2e');
    expect(m).toMatch(/actions\[0\]\.daysAhead: got "\[redacted\]"; expected a whole number from 1 to 3/);
    expect(m).toMatch(/actions\[0\]\.calcom: unknown key Allowed here: eventType, location/);
  });

  it('a 200 kB value makes an error of a few lines, not 200 kB', () => {
    const huge = 'x'.repeat(200_000);
    const m = problems({ actions: [{ eventType: 101, location: 'cal-video', notes: huge, address: 7, daysAhead: huge }], other: { huge } });
    expect(m.length).toBeLessThan(1_500);
    expect(m).toMatch(/actions\[0\]\.daysAhead: got "x{20,}…; expected a whole number/);
  });

  it('did-you-mean for keys, derived from the schema (a field added there is suggested too)', () => {
    expect(problems(action({ daysahead: 2 }))).toMatch(/actions\[0\]\.daysahead: unknown key; did you mean "daysAhead"\? Allowed here: eventType, location, address, timeZone, daysAhead/);
    expect(problems(action({ slotsPerDya: 2 }))).toMatch(/did you mean "slotsPerDay"\?/);
    expect(problems(action({ sms: { enabeld: true } }))).toMatch(/actions\[0\]\.sms\.enabeld: unknown key; did you mean "enabled"\? Allowed here: enabled, template/);
    expect(problems({ action: [] })).toMatch(/action: unknown key; did you mean "actions"\? Allowed here: actions/);
    expect(problems(action({ flavour: 'vanilla' }))).not.toMatch(/did you mean/);
  });

  it('no message says only "Invalid input" or "Unrecognized key": each says what is allowed', () => {
    for (const bad of [action({ sms: { enabled: 'yes' } }), action({ useSchedulingScript: 1 }), action({ address: 5 }), action({ earliestDate: 5 }), action({ fallbackEmail: 3 }), { actions: 'all' }, action({ timeZone: 42 }), action({ sms: { template: '' } }), action({ location: 'teams' }), 'text', null]) {
      const m = problems(bad);
      expect(m).not.toMatch(/Invalid input|Unrecognized key/);
      for (const line of m.split('\n').slice(1)) expect(line).toMatch(/expected|Allowed here|Write|Use the|allowed/);
    }
  });
});

describe('dates', () => {
  it.each(['2026-02-31', '2026-13-01', '2026-00-10', '2025-02-29'])('the impossible date %s is refused at load, not blamed on Cal.com later', (d) => {
    expect(problems(action({ earliestDate: d }))).toMatch(new RegExp(`earliestDate: got "${d}"; expected a real calendar date as YYYY-MM-DD`));
  });

  it('a leap day is fine; a past earliestDate loads with a warning that it has no effect', () => {
    const warnings: string[] = [];
    const now = Temporal.Instant.from('2026-06-01T12:00:00Z');
    const c = parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', earliestDate: '2024-02-29', timeZone: 'Europe/Berlin' }, { eventType: 101, location: 'zoom', earliestDate: '2026-06-02' }] }, 'a.yaml', { onWarning: (w) => warnings.push(w), now });
    expect(c.actions[0]!.earliestDate).toBe('2024-02-29');
    expect(warnings).toEqual(['a.yaml: actions[0].earliestDate 2024-02-29 is in the past, so it has no effect: times are offered from now on. Remove it or set a future date']);
  });
});

describe('structure', () => {
  it('a recursive YAML alias is a clear error naming the file, not a stack overflow', () => {
    const p = file('alias.yaml', 'actions: &a\n  - eventType: 101\n    location: zoom\n    sms: *a\n');
    const m = loadProblem(p);
    expect(m).toContain(p);
    expect(m).toMatch(/actions\[0\]\.sms: contains itself through a YAML alias/);
    expect(m).not.toMatch(/call stack/i);
  });

  it.each([
    ['deep.json', `{"actions":[{"eventType":101,"location":"zoom","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`],
    ['deep.yaml', `actions:\n  - eventType: 101\n    x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
  ])('deeply nested %s is a clear error naming the file', (name, text) => {
    const p = file(name, text);
    const m = loadProblem(p);
    expect(m).toContain(p);
    expect(m).toMatch(/nests (more than 16 levels deep|too deep)/);
    expect(m).not.toMatch(/Maximum call stack/);
  });
});
