// Booking config: defaults, every field's errors (file, field path, bad value, what is allowed), and the checks
// against Cal.com at start (event type exists, location offered, zone default).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CalComClient } from '../../src/calcom/index.js';
import { ConfigError, loadBookingConfig, parseBookingConfig } from '../../src/booking/config.js';
import { resolveActions } from '../../src/booking/resolve.js';
import { DEFAULT_SMS_TEMPLATE } from '../../src/sms/template.js';
import { DEFAULT_SMS_CANCEL_TEMPLATE, DEFAULT_SMS_RESCHEDULE_TEMPLATE } from '../../src/booking/manage-config.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const problems = (raw: unknown) => {
  try {
    parseBookingConfig(raw, 'agent.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('managing and fallback fields (issue 10)', () => {
  it('rejects an unknown placeholder in the cancel template, a bad team number and an empty callback', () => {
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', smsCancelTemplate: 'Bye {when}' }] }, 'a.yaml')).toThrow(
      /actions\[0\]\.smsCancelTemplate: got "Bye \{when\}"; unknown placeholder \{when\}/,
    );
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', callback: { smsTo: '0151 123' } }] }, 'a.yaml')).toThrow(
      /actions\[0\]\.callback\.smsTo: .*E\.164/,
    );
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', callback: {} }] }, 'a.yaml')).toThrow(/callback: .*set smsTo, webhookUrl or both/);
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', callback: { webhookUrl: 'ftp://x' } }] }, 'a.yaml')).toThrow(/webhookUrl: .*http\(s\) URL/);
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', manage: { delete: true } }] }, 'a.yaml')).toThrow(/manage/);
  });

  it('turns tools off one by one', () => {
    const a = parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', manage: { cancel: false }, bookingLink: false }] }, 'a.yaml').actions[0]!;
    expect(a.manage).toEqual({ find: true, cancel: false, reschedule: true, trustCallerId: true });
    expect(a.bookingLink).toBe(false);
  });
});

describe('parsing', () => {
  it('fills every default', () => {
    const c = parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video' }] }, 'a.yaml');
    expect(c.actions[0]).toEqual({
      eventType: 101,
      location: 'cal-video',
      daysAhead: 2,
      slotsPerDay: 3,
      minSpacingMinutes: 60,
      locale: 'en-US',
      sms: { enabled: true, template: DEFAULT_SMS_TEMPLATE },
      useSchedulingScript: true,
      maxBookingsPerCall: 1,
      manage: { find: true, cancel: true, reschedule: true, trustCallerId: true },
      smsCancelTemplate: DEFAULT_SMS_CANCEL_TEMPLATE,
      smsRescheduleTemplate: DEFAULT_SMS_RESCHEDULE_TEMPLATE,
      bookingLink: true,
    });
  });

  it('maxBookingsPerCall is a whole number from 1 to 10', () => {
    expect(() => parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', maxBookingsPerCall: 0 }] }, 'a.yaml')).toThrow(
      /actions\[0\]\.maxBookingsPerCall: .*expected a whole number from 1 to 10/,
    );
    expect(parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', maxBookingsPerCall: 2 }] }, 'a.yaml').actions[0]!.maxBookingsPerCall).toBe(2);
  });

  it('reads blank earliestDate and fallbackEmail as unset', () => {
    const c = parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom', earliestDate: '', fallbackEmail: '' }] }, 'a.yaml');
    expect(c.actions[0]!.earliestDate).toBeUndefined();
    expect(c.actions[0]!.fallbackEmail).toBeUndefined();
  });

  it.each([
    [{ daysAhead: 5 }, /actions\[0\]\.daysAhead: got 5; expected a whole number from 1 to 3/],
    [{ location: 'skype' }, /actions\[0\]\.location: got "skype"; expected one of cal-video, zoom, google-meet, ms-teams, phone, in-person/],
    [{ timeZone: 'Europe/Berlinn' }, /actions\[0\]\.timeZone: got "Europe\/Berlinn"; "Europe\/Berlinn" is not an IANA time zone; did you mean Europe\/Berlin\?/],
    [{ locale: 'fr-FR' }, /actions\[0\]\.locale: got "fr-FR"; expected one of en-US, en-GB, de-DE/],
    [{ earliestDate: '24.12.2026' }, /actions\[0\]\.earliestDate: got "24\.12\.2026"; expected a real calendar date as YYYY-MM-DD/],
    [{ fallbackEmail: 'team at example' }, /actions\[0\]\.fallbackEmail: got "team at example"; expected an email address/],
    [{ sms: { template: 'See you {date} at {when}' } }, /actions\[0\]\.sms\.template: got "See you \{date\} at \{when\}"; unknown placeholder \{when\}; allowed: \{date\} \{time\} \{timezone\} \{caller_time\} \{host\} \{link\} \{location\} \{duration\}/],
    [{ location: 'in-person' }, /actions\[0\]\.address: missing; required when location is in-person/],
    [{ eventType: 'sales' }, /actions\[0\]\.eventType: got "sales"; expected an event type id/],
    [{ slotsPerDay: 2.5 }, /actions\[0\]\.slotsPerDay: got 2\.5; expected a whole number from 1 to 10/],
    [{ colour: 'blue' }, /actions\[0\]\.colour: unknown key Allowed here: eventType, location, /],
  ])('%j is refused with the field, the value and what is allowed', (patch, message) => {
    const m = problems({ actions: [{ eventType: 101, location: 'cal-video', ...patch }] });
    expect(m).toMatch(/^agent\.yaml is not a valid booking config:/);
    expect(m).toMatch(message);
  });

  it('refuses secrets in the file and says where they go', () => {
    const m = problems({ actions: [{ eventType: 101, location: 'cal-video', apiKey: 'cal_live_x' }] });
    expect(m).toMatch(/agent\.yaml: actions\[0\]\.apiKey: secrets are read from the environment only/);
    expect(m).not.toContain('cal_live_x');
  });

  it('needs at least one action', () => {
    expect(problems({ actions: [] })).toMatch(/actions: got a list of 0; expected at least one action/);
  });

  it('loads YAML and JSON files and names the file when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cba-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'actions:\n  - eventType: 101\n    location: zoom\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ actions: [{ eventType: { slug: 'sales-demo', team: 'sales-team' }, location: 'google-meet' }] }));
    writeFileSync(join(dir, 'bad.yaml'), 'actions: [\n');
    expect(loadBookingConfig(join(dir, 'a.yaml')).actions[0]!.location).toBe('zoom');
    expect(loadBookingConfig(join(dir, 'a.json')).actions[0]!.eventType).toEqual({ slug: 'sales-demo', team: 'sales-team' });
    expect(() => loadBookingConfig(join(dir, 'bad.yaml'))).toThrow(new RegExp(`${join(dir, 'bad.yaml')} is not valid YAML`));
    expect(() => loadBookingConfig(join(dir, 'none.yaml'))).toThrow(/Cannot read booking config .*none\.yaml: ENOENT/);
  });

  it('the shipped example config is valid', () => {
    expect(loadBookingConfig('examples/booking.yaml').actions.length).toBeGreaterThan(3);
  });
});

describe('checked against Cal.com at start', () => {
  let cal: CalComClient;
  beforeAll(async () => {
    const sb = await startTestSandbox();
    cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2` });
  });

  it('resolves ids and slugs, names the actions, and defaults the zone to the account', async () => {
    const c = parseBookingConfig(
      {
        actions: [
          { eventType: 101, location: 'cal-video' },
          { eventType: { slug: 'sales-demo', team: 'sales-team' }, location: 'google-meet', timeZone: 'America/New_York' },
          { eventType: { slug: 'phone-call', username: 'anna-becker' }, location: 'phone' },
        ],
      },
      'a.yaml',
    );
    const actions = await resolveActions(c, cal, 'a.yaml');
    expect(actions.map((a) => [a.eventType.id, a.displayName, a.timeZone, a.eventType.schedulingType])).toEqual([
      [101, 'Book 30-Minute Consultation', 'Europe/Berlin', 'personal'],
      [201, 'Book Sales Demo', 'America/New_York', 'roundRobin'],
      [103, 'Book Phone Call', 'Europe/Berlin', 'personal'],
    ]);
    expect(new Set(actions.map((a) => a.toolName)).size).toBe(3);
    for (const a of actions) expect(a.toolName).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('"Meeting Platform Disabled": a location the event type does not offer says to connect it in Cal.com', async () => {
    const c = parseBookingConfig({ actions: [{ eventType: 101, location: 'zoom' }] }, 'a.yaml');
    await expect(resolveActions(c, cal, 'a.yaml')).rejects.toThrow(
      /a\.yaml: actions\[0\]\.location: "30-Minute Consultation" \(101\) does not offer Zoom \(Meeting Platform Disabled\)\. It offers: cal-video\. Connect the platform in Cal\.com/,
    );
  });

  it('an unknown event type, and an address that differs from Cal.com’s, are both reported in one go', async () => {
    const c = parseBookingConfig(
      { actions: [{ eventType: 999, location: 'cal-video' }, { eventType: 102, location: 'in-person', address: 'Somewhere else 1' }] },
      'a.yaml',
    );
    const err = await resolveActions(c, cal, 'a.yaml').then(
      () => new Error('expected a ConfigError'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/a\.yaml: actions\[0\]\.eventType: no event type id 999 .*cal-booking-action connect/);
    expect(err.message).toMatch(/a\.yaml: actions\[1\]\.address: "Somewhere else 1" differs from the event type's address in Cal\.com/);
  });
});
