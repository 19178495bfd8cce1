// The zone list's canonical spelling and did-you-mean, and the config's errors mapped onto the page's fields.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/booking/config.js';
import { fieldErrors } from '../../src/setup/field-errors.js';
import { canonicalZone, suggestZones, TIME_ZONES, zoneProblem } from '../../src/setup/zones.js';

describe('zones', () => {
  it('spell any casing, a bare city or an alias canonically', () => {
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('America/New York')).toBe('America/New_York');
    expect(canonicalZone('kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
    expect(TIME_ZONES).toContain('Pacific/Chatham');
  });

  it('suggest the nearest zones for a typo', () => {
    expect(suggestZones('Europe/Berln')[0]).toBe('Europe/Berlin');
    expect(zoneProblem('America/New_Yrok')).toBe('"America/New_Yrok" is not an IANA time zone; did you mean America/New_York?');
    expect(zoneProblem('qqqqqqqq')).toContain('(e.g. Europe/Berlin, America/New_York)');
  });
});

describe('field errors', () => {
  it('files each line of a config error under its field, in the CLI words', () => {
    const err = new ConfigError(
      ['/x/booking.yaml is not a valid booking config:', '  actions[0].address: missing; required when location is in-person', '  actions[1].sms.template: got "{foo}"; unknown placeholder {foo}', '  (top level): got 1; expected an object'].join('\n'),
    );
    expect(fieldErrors(err, '/x/booking.yaml')).toEqual({
      fields: { 'actions[0].address': ['missing; required when location is in-person'], 'actions[1].sms.template': ['got "{foo}"; unknown placeholder {foo}'] },
      general: ['(top level): got 1; expected an object'],
    });
    const resolved = new ConfigError('/x/booking.yaml: actions[0].location: "Phone Call" (103) does not offer Zoom (Meeting Platform Disabled).');
    expect(fieldErrors(resolved, '/x/booking.yaml').fields['actions[0].location']).toEqual(['"Phone Call" (103) does not offer Zoom (Meeting Platform Disabled).']);
    expect(fieldErrors(new Error('Cal.com is down'), 'f').general).toEqual(['Cal.com is down']);
  });
});
