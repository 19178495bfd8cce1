// What setup and init write: YAML that keeps an edited file's comments and references, the JSON Schema editors
// check it with (generated from the zod schema and shipped), .env with mode 0600, and which config a command
// uses when none is named.
import { DEFAULT_SMS_TEMPLATE } from '../../src/sms/template.js';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { locateBookingConfig, NoBookingConfigError } from '../../src/booking-config-file.js';
import { parseBookingConfig } from '../../src/booking/config.js';
import { EXAMPLE_BOOKING_CONFIG } from '../../src/paths.js';
import { writeEnvKey } from '../../src/setup/env-file.js';
import { BOOKING_CONFIG_SCHEMA, bookingConfigJsonSchema } from '../../src/setup/json-schema.js';
import { writeConfigYaml, type DraftAction } from '../../src/setup/yaml-writer.js';

const BASE: DraftAction = {
  eventType: 101,
  location: 'cal-video',
  timeZone: 'Europe/Berlin',
  daysAhead: 2,
  slotsPerDay: 3,
  minSpacingMinutes: 60,
  earliestDate: '',
  locale: 'en-US',
  fallbackEmail: '',
  sms: { enabled: true, template: 'Booked: {date} at {time} ({duration}). Join: {link}' },
  useSchedulingScript: true,
};
const titles = new Map([[101, '30-Minute Consultation'], [102, 'In-Person Visit']]);
const example = readFileSync(EXAMPLE_BOOKING_CONFIG, 'utf8');

describe('the YAML writer', () => {
  it('edits an existing file in place: comments, references and untouched defaults stay; reorder and removal work', () => {
    const salesDemo: DraftAction = { ...BASE, eventType: 201, location: 'google-meet', timeZone: 'America/New_York', sms: { enabled: true, template: DEFAULT_SMS_TEMPLATE } };
    const out = writeConfigYaml({
      existing: example,
      existingIds: [101, 102, 103, 201, 301],
      entries: [
        { action: { ...salesDemo, slotsPerDay: 4 }, origin: 3 },
        { action: { ...BASE, daysAhead: 3 }, origin: 0 },
      ],
      titles,
      schemaRef: './schema.json',
    });
    expect(out).toBe(
      [
        '# yaml-language-server: $schema=./schema.json',
        '',
        '# Booking actions for the sandbox\'s default world (see README: "The default world").',
        '# Secrets never go here: CALCOM_API_KEY, TWILIO_AUTH_TOKEN and friends come from the environment.',
        'actions:',
        '  - eventType: { slug: sales-demo, team: sales-team } # round robin; the manager always joins',
        '    location: google-meet',
        '    timeZone: America/New_York',
        '    locale: en-US',
        '    slotsPerDay: 4',
        '',
        '  - eventType: 101 # 30-Minute Consultation (Anna Becker, Europe/Berlin)',
        '    location: cal-video',
        '    timeZone: Europe/Berlin',
        '    daysAhead: 3',
        '    slotsPerDay: 3',
        '    minSpacingMinutes: 60',
        '    earliestDate: "" # blank: from now on',
        '    locale: en-US',
        '    fallbackEmail: "" # blank: the agent always collects an email',
        '    sms:',
        '      enabled: true',
        '      template: "Booked: {date} at {time} ({duration}). Join: {link}"',
        '    useSchedulingScript: true',
        '',
      ].join('\n'),
    );
    expect(parseBookingConfig(parseYaml(out), 'out.yaml').actions).toHaveLength(2);
  });

  it('replaces an event type reference only when the pick changed, and drops an address that no longer applies', () => {
    const existing = 'actions:\n  - eventType: { slug: in-person-visit, username: anna-becker }\n    location: in-person\n    address: Somewhere 1\n';
    const same = writeConfigYaml({ existing, existingIds: [102], entries: [{ action: { ...BASE, eventType: 102, location: 'in-person', address: 'Somewhere 1' }, origin: 0 }], titles, schemaRef: 's.json' });
    expect(same).toContain('eventType: { slug: in-person-visit, username: anna-becker }');
    const moved = writeConfigYaml({ existing, existingIds: [102], entries: [{ action: { ...BASE, address: 'Somewhere 1' }, origin: 0 }], titles, schemaRef: 's.json' });
    expect(moved).toContain('  - eventType: 101 # 30-Minute Consultation\n    location: cal-video\n');
    expect(moved).not.toContain('address');
  });
});

describe('the JSON Schema', () => {
  const shipped = JSON.parse(readFileSync(BOOKING_CONFIG_SCHEMA, 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(shipped);

  it('is the one generated from the zod schema (run `npm run schema` after changing it)', () => {
    // The zone completions come from this Node's ICU, which differs between Node versions; the rest must match.
    const withoutZones = (schema: object) => JSON.parse(JSON.stringify(schema), (k, v: unknown) => (k === 'examples' ? undefined : v)) as object;
    expect(withoutZones(shipped)).toEqual(withoutZones(bookingConfigJsonSchema()));
  });

  it('accepts the shipped example and rejects what the config rejects, with descriptions and zones for editors', () => {
    expect(validate(parseYaml(example))).toBe(true);
    expect(validate({ actions: [{ eventType: 101, location: 'skype' }] })).toBe(false);
    expect(validate({ actions: [{ eventType: 101, location: 'zoom', daysAhead: 4 }] })).toBe(false);
    expect(validate({ actions: [{ eventType: 101, location: 'zoom', colour: 'red' }] })).toBe(false);
    expect(validate({ actions: [] })).toBe(false);
    const props = (shipped as { properties: { actions: { items: { properties: Record<string, { description?: string; examples?: string[] }> } } } }).properties.actions.items.properties;
    expect(props['daysAhead']!.description).toContain('1 to 3');
    expect(props['timeZone']!.examples).toContain('Europe/Berlin');
  });
});

describe('.env', () => {
  it('is written with mode 0600, replacing the variable and keeping other lines', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, 'OPENAI_API_KEY=sk-x\nCALCOM_API_KEY=old\n', { mode: 0o644 });
    writeEnvKey(file, { CALCOM_API_KEY: 'cal_live_new' });
    expect(readFileSync(file, 'utf8')).toBe('OPENAI_API_KEY=sk-x\nCALCOM_API_KEY=cal_live_new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('which config a command uses', () => {
  it('the named one, else ./booking.yaml, else the example only on the sandbox, else "run init or setup"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    expect(locateBookingConfig({ explicit: 'mine.yaml', sandbox: false, cwd: dir })).toEqual({ path: 'mine.yaml' });
    expect(locateBookingConfig({ sandbox: true, cwd: dir })).toMatchObject({ path: EXAMPLE_BOOKING_CONFIG, note: expect.stringContaining('built-in sandbox') });
    expect(() => locateBookingConfig({ sandbox: false, cwd: dir })).toThrow(NoBookingConfigError);
    expect(() => locateBookingConfig({ sandbox: false, cwd: dir })).toThrow('no booking config: run `cal-booking-action init` or `setup`');
    writeFileSync(join(dir, 'booking.yaml'), 'actions: []\n');
    expect(locateBookingConfig({ sandbox: false, cwd: dir }).path).toBe(join(dir, 'booking.yaml'));
  });
});

describe('saving over a file that is not a valid config', () => {
  it('refuses, so the actions the form could not load are not lost', async () => {
    const { SetupSession } = await import('../../src/setup/session.js');
    const configPath = join(mkdtempSync(join(tmpdir(), 'bad-')), 'booking.yaml');
    writeFileSync(configPath, 'actions:\n  - eventType: 101\n    location: skype\n');
    const session = new SetupSession({ configPath, env: {} });
    const r = await session.save([{ action: BASE }]);
    expect(r).toMatchObject({ ok: false, errors: { general: [expect.stringContaining('Not overwritten, so nothing in it is lost')] } });
    expect(readFileSync(configPath, 'utf8')).toContain('skype');
  });
});
