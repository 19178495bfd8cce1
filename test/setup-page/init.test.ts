// `init` driven the way a person types: real @clack/prompts over scripted terminal streams, each answer sent once
// its question is on screen, against the built-in sandbox with the clock pinned.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { runInit } from '../../src/cli/init-command.js';
import { runSlots } from '../../src/cli/slots-command.js';

const NOW = '2026-11-24T08:00:00Z';
const ENTER = '\r';
const DOWN = '\x1b[B';
const BACKSPACE = '\x7f';

/** A terminal that answers each question when its text appears; `screen()` is everything shown so far. */
function terminal(script: Array<[RegExp, string]>) {
  const input = new PassThrough();
  let shown = '';
  let from = 0;
  const pending = [...script];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      shown += chunk.toString();
      // Answer on the next tick, after the prompt has started listening.
      setImmediate(() => {
        const next = pending[0];
        if (next && next[0].test(shown.slice(from))) {
          from = shown.length;
          pending.shift();
          input.write(next[1]);
        }
      });
      done();
    },
  });
  Object.assign(output, { columns: 120, rows: 40 });
  return { input, output, screen: () => shown, unanswered: () => pending.map(([q]) => q.source) };
}

describe('init', () => {
  it('connects to the sandbox, picks a personal and a round-robin type, answers with defaults and fixes, previews and writes a working config', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'init-')), 'booking.yaml');
    const t = terminal([
      [/Connect to Cal\.com/, DOWN + ENTER],
      [/Which event types/, ' ' + DOWN.repeat(4) + ' ' + ENTER],
      // Book 30-Minute Consultation
      [/How is the meeting held\?/, ENTER],
      [/Time zone/, 'Europe/Berln' + ENTER],
      [/did you mean Europe\/Berlin/, BACKSPACE.repeat(12) + 'berlin' + ENTER],
      [/Days ahead/, ENTER],
      [/Times offered per day/, '7' + ENTER],
      [/Minimum minutes/, ENTER],
      [/Earliest date/, ENTER],
      [/How times are spoken/, ENTER],
      [/Fallback email/, 'front-desk@' + ENTER],
      [/expected an email address/, 'example.com' + ENTER],
      [/Text an SMS confirmation/, ENTER],
      [/Use the default text\?/, ENTER],
      [/scheduling script/, ENTER],
      // Book Sales Demo: round robin, Google Meet only
      [/How is the meeting held\?/, ENTER],
      [/Time zone/, 'america/new_york' + ENTER],
      [/Days ahead/, '3' + ENTER],
      [/Times offered per day/, ENTER],
      [/Minimum minutes/, '90' + ENTER],
      [/Earliest date/, ENTER],
      [/How times are spoken/, ENTER],
      [/Fallback email/, ENTER],
      [/Text an SMS confirmation/, 'n' + ENTER],
      [/scheduling script/, ENTER],
      [/Write .*booking\.yaml\?/, ENTER],
    ]);
    const code = await runInit({ config: file, input: t.input, output: t.output, env: {}, now: () => Temporal.Instant.from(NOW) });
    expect(t.unanswered()).toEqual([]);
    expect(code).toBe(0);
    const screen = t.screen();
    expect(screen).toContain('Sales Demo · 30 min · Sales Team, round robin (4 hosts)');
    expect(screen).toContain('Zoom (Meeting Platform Disabled: not offered by this event type in Cal.com)');
    expect(screen).toMatch(/Book 30-Minute Consultation would offer now[\s\S]*“today at 10 AM”/);
    expect(screen).toContain('tools book_sales_demo_slots, book_sales_demo · America/New_York');
    expect(screen).toContain(`Wrote ${file}. Next: cal-booking-action doctor`);

    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/booking-config\.schema\.json\n/);
    expect(yaml).toContain('  - eventType: 101 # 30-Minute Consultation\n    location: cal-video\n    timeZone: Europe/Berlin\n    daysAhead: 2\n    slotsPerDay: 7\n');
    expect(yaml).toContain('    fallbackEmail: front-desk@example.com\n');
    expect(yaml).toContain('  - eventType: 201 # Sales Demo (Sales Team, round robin)\n    location: google-meet\n    timeZone: America/New_York\n    daysAhead: 3\n    slotsPerDay: 3\n    minSpacingMinutes: 90\n');
    expect(yaml).toContain('    sms:\n      enabled: false\n');

    vi.stubEnv('CALCOM_API_KEY', '');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const note = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await runSlots({ config: file, action: 'book_sales_demo', now: NOW, json: true })).toBe(0);
    } finally {
      log.mockRestore();
      note.mockRestore();
      vi.unstubAllEnvs();
    }
  }, 30_000);
});

describe('init with a wrong CALCOM_API_KEY', () => {
  it('says what is wrong, never shows the key, and writes nothing', async () => {
    const sb = await startTestSandbox();
    const file = join(mkdtempSync(join(tmpdir(), 'init-')), 'booking.yaml');
    const key = 'cal_live_never-print-this-key-init';
    const t = terminal([]);
    const code = await runInit({ config: file, input: t.input, output: t.output, env: { apiKey: key, baseUrl: `${sb.url}/v2` } });
    expect(code).toBe(1);
    expect(t.screen()).toContain('Using CALCOM_API_KEY from the environment.');
    expect(t.screen()).toContain('Cal.com rejected the API key (HTTP 401)');
    expect(t.screen()).toContain('Fix CALCOM_API_KEY (or unset it to choose the built-in sandbox), then run init again; nothing written.');
    expect(t.screen().includes(key)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});
