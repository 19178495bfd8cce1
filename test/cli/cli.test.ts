// The command line as users run it: separate processes, real sockets, exit codes and printed messages. Each test
// is its own process, so they run concurrently.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { cli } from '../helpers/cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { personal, user, weekly, world } from '../sandbox/worlds.js';

const SECRET = 'cal_test_never-print-this-key-7f3a9c';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ apiKey: SECRET });
});

describe.concurrent('connect', () => {
  it('prints the account, its zone and every event type with id, length, locations and scheduling type', async () => {
    const r = await cli(['connect'], { env: { CALCOM_API_KEY: SECRET, CALCOM_API_URL: `${sb.url}/v2` } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Account: Anna Becker (anna-becker), time zone Europe/Berlin');
    expect(r.stdout).toMatch(/101 {2}30-Minute Consultation \(30-minute-consultation\) · 30 min · personal/);
    expect(r.stdout).toContain('locations: In person: Friedrichstraße 123, 10117 Berlin, Germany');
    expect(r.stdout).toMatch(/201 {2}Sales Demo .* · Sales Team, roundRobin/);
    expect(r.stdout).toMatch(/202 {2}Onboarding Session .* · Sales Team, collective/);
    expect(r.stdout).toContain('locations: Google Meet');
  });

  it('a wrong key says to create a new one, and never prints the key', async () => {
    const wrong = `${SECRET}-revoked`;
    const r = await cli(['connect'], { env: { CALCOM_API_KEY: wrong, CALCOM_API_URL: `${sb.url}/v2` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rejected the API key \(HTTP 401\).*Settings → Developer → API Keys/);
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  it('a missing key names CALCOM_API_KEY', async () => {
    const r = await cli(['connect'], { env: { CALCOM_API_URL: `${sb.url}/v2` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CALCOM_API_KEY');
  });

  it('an unreachable host is named as such', async () => {
    const r = await cli(['connect'], { env: { CALCOM_API_KEY: SECRET, CALCOM_API_URL: 'http://127.0.0.1:1/v2' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:1\/v2/);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a URL that is not Cal.com API v2 says what the URL must look like', async () => {
    const r = await cli(['connect', '--api-url', `${sb.url}/api`], { env: { CALCOM_API_KEY: SECRET } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not answer like Cal\.com API v2.*must be the API base ending in \/v2/);
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe.concurrent('sandbox', () => {
  it('prints one ready line and serves with a world file and the given key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cba-cli-'));
    const r = await cli(['sandbox', '--port', '0', '--api-key', 'cal_cli_test_key', '--world', 'examples/world.yaml', '--data', join(dir, 'state.json')], { untilStdout: /listening on/ });
    expect(r.stdout.trim()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects an invalid world file with the field path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cba-cli-'));
    const file = join(dir, 'w.json');
    writeFileSync(file, JSON.stringify({ apiKeys: [{ key: 'abcdefgh', userId: 1 }], users: [{ id: 1, username: 'u', name: 'U', email: 'u@x.io', timeZone: 'Mars/Olympus', weeklyHours: {} }] }));
    const r = await cli(['sandbox', '--port', '0', '--world', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`World file ${file} is invalid`);
    expect(r.stderr).toMatch(/users\.0\.timeZone: not an IANA time zone/);
  });

  it('rejects a bad flag value', async () => {
    const r = await cli(['sandbox', '--rate-limit', 'lots']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--rate-limit must be an integer');
  });
});

describe.concurrent('demo (npm start)', () => {
  it('plays a whole call through the real AgentSession with no keys: transcript, offer, stored booking, SMS', async () => {
    const r = await cli(['demo', '--now', '2026-11-24T08:00:00Z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[ *\d+\.\d\ds\] caller: Hi, I'd like to book a 30-minute consultation\./);
    expect(r.stdout).toMatch(/\] {3}→ book_30_minute_consultation_slots\(\{\}\)/);
    expect(r.stdout).toContain('agent:  I have today at 10 AM, today at 1 PM or today at 4:30 PM. Which works for you?');
    expect(r.stdout).toContain('agent:  Let me read that back: j o dot c a l l e r at e x a m p l e dot com. Is that right?');
    expect(r.stdout).toContain("agent:  You're booked for today at 10 AM. I've texted you the details.");
    expect(r.stdout).toMatch(/Times offered:\n {2}t1 {2}2026-11-24T10:00\+01:00 Europe\/Berlin {2}"today at 10 AM"/);
    expect(r.stdout).toContain('"email": "jo.caller@example.com"');
    expect(r.stdout).toMatch(/SMS sent:\n {2}to \+14155550123: Booked: Tuesday, November 24 at 10:00 AM Central European Standard Time \(30 min\)\. Join: https:\/\/app\.cal\.com\/video\//);
  });

  it('--config with CALCOM_API_KEY: the call runs on your own Cal.com, and the scripted booking is cancelled afterwards', async () => {
    // "Your own Cal.com" here is a sandbox the CLI did not start, whose one host works around the clock, so the
    // real time (no --now on a real account) always has times to offer.
    const allDay = weekly([{ start: '00:00', end: '24:00' }]);
    const own = await startTestSandbox({
      apiKey: SECRET,
      world: world({ users: [user(1, 'UTC', allDay)], eventTypes: [personal(1, 1, { title: 'Intro Call', minimumBookingNotice: 60 })], apiKeys: [{ key: SECRET, userId: 1 }] }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'cba-cli-'));
    const config = join(dir, 'mine.yaml');
    writeFileSync(config, 'actions:\n  - eventType: 1\n    location: cal-video\n    timeZone: UTC\n');
    const r = await cli(['demo', '--config', config], { env: { CALCOM_API_KEY: SECRET, CALCOM_API_URL: `${own.url}/v2` } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Call on your own setup: your Cal.com (${own.url}/v2) with ${config}`);
    expect(r.stdout).toContain('→ book_intro_call_slots({})');
    expect(r.stdout).toMatch(/agent: {2}You're booked for /);
    expect(r.stdout).toContain('Booking as your Cal.com stored it:');
    expect(r.stdout).toMatch(/Cancelled the demo booking \S+ on your Cal\.com/);
    expect(own.sandbox.state.bookings.map((b) => b.status)).toEqual(['cancelled']);
    expect(r.stdout + r.stderr).not.toContain(SECRET);

    const pinned = await cli(['demo', '--config', config, '--now', '2026-11-24T08:00:00Z'], { env: { CALCOM_API_KEY: SECRET, CALCOM_API_URL: `${own.url}/v2` } });
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toContain('--now pins only the built-in sandbox\'s clock');
  });

  it('on the real clock it picks a working morning when today has too little left', async () => {
    const { demoNow } = await import('../../src/cli/demo-command.js');
    const { Temporal } = await import('temporal-polyfill');
    expect(demoNow(Temporal.Instant.from('2026-11-24T08:00:00Z')).toString()).toBe('2026-11-24T08:00:00Z');
    expect(demoNow(Temporal.Instant.from('2026-11-24T15:00:00Z')).toString()).toBe('2026-11-25T08:00:00Z');
    expect(demoNow(Temporal.Instant.from('2026-11-27T20:00:00Z')).toString()).toBe('2026-11-30T08:00:00Z');
    expect(demoNow(Temporal.Instant.from('2026-11-28T08:00:00Z')).toString()).toBe('2026-11-30T08:00:00Z');
  });
});

describe.concurrent('slots (preview)', () => {
  it('prints each offered slot with id, exact instant, zone and phrase, against the built-in sandbox', async () => {
    const r = await cli(['slots', '--action', 'book_30_minute_consultation', '--now', '2026-11-24T09:00:00+01:00']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('using the built-in sandbox');
    expect(r.stdout).toContain('Book 30-Minute Consultation  (tool book_30_minute_consultation, event type 101, 30 min)');
    expect(r.stdout).toMatch(/ {2}t1 {3}2026-11-24T10:00\+01:00 {2}Europe\/Berlin {2}"today at 10 AM"/);
    expect(r.stdout).toMatch(/"tomorrow at 9 AM"/);
  });

  it('--json gives instants and phrases; --preference is resolved in code', async () => {
    const r = await cli(['slots', '--action', '4', '--now', '2026-11-24T09:00:00+01:00', '--preference', 'thursday afternoon', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { toolName: string; slots: Array<{ start: string; local: string; timeZone: string; time: string }> };
    expect(out.toolName).toBe('book_sales_demo');
    expect(out.slots.length).toBeGreaterThan(0);
    for (const s of out.slots) {
      expect(s.timeZone).toBe('America/New_York');
      expect(s.local.startsWith('2026-11-26T1')).toBe(true);
      expect(s.time).toMatch(/^Thursday, November 26 at /);
    }
  });

  it('an unknown action lists the ones the config has', async () => {
    const r = await cli(['slots', '--action', 'book_massage']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No action "book_massage"\. Actions in this config:\n {2}1\. book_30_minute_consultation/);
  });

  it('an invalid config names the file, field and allowed values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cba-cli-'));
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, 'actions:\n  - eventType: 101\n    location: skype\n');
    const r = await cli(['slots', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} is not a valid booking config:`);
    expect(r.stderr).toContain('actions[0].location: got "skype"; expected one of cal-video, zoom, google-meet, ms-teams, phone, in-person');
  });
});

describe.concurrent('sms-sink', () => {
  it('prints one ready line and how to read what it received', async () => {
    const r = await cli(['sms-sink', '--port', '0'], { untilStdout: /received texts/ });
    expect(r.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\naccount SID AC0+, auth token sink-auth-token; received texts: GET http:\/\/127\.0\.0\.1:\d+\/_sink\/messages/);
  });
});

describe.concurrent('test (scenarios)', () => {
  it('runs a shipped scenario through a real AgentSession and reports it', async () => {
    const r = await cli(['test', 'scenarios/happy-path.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ Happy path/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });

  it('exits non-zero with a readable report when an expectation fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cba-cli-'));
    const file = join(dir, 'wrong.yaml');
    writeFileSync(
      file,
      [
        'name: Wrong expectation',
        'now: 2026-11-24T08:00:00Z',
        'action: book_30_minute_consultation',
        'turns:',
        '  - user: Hi, I would like an appointment',
        '    llm:',
        '      - reply: { call: book_30_minute_consultation_slots }',
        '      - when: { toolResult: available }',
        '        reply: { say: "I have {{lastTool.slots.0.time}}." }',
        '    expect:',
        '      - reply: { contains: "tomorrow at 7 AM" }',
      ].join('\n'),
    );
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ Wrong expectation/);
    expect(r.stdout).toContain('tomorrow at 7 AM');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});

describe.concurrent('chat', () => {
  it('plays the call from typed caller lines (the stand-in without a key) and prints the outcome', async () => {
    const lines = ["Hi, I'd like to book a 30-minute consultation.", "The first one, please. I'm Jo Caller.", "It's j o dot caller at example dot com.", "Yes, that's right.", ''];
    const r = await cli(['chat', '--now', '2026-11-24T08:00:00Z'], { env: { OPENAI_API_KEY: undefined }, stdin: lines.join('\n') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No OPENAI_API_KEY: the stand-in follows examples/demo-call.yaml');
    expect(r.stdout).toContain("agent:  You're booked for today at 10 AM.");
    expect(r.stdout).toContain('"email": "jo.caller@example.com"');
  });
});
