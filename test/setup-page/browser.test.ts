// The setup page in a real browser: Debian's Chromium, headless, driven by playwright-core. Against the built-in
// sandbox it connects, adds a personal and a round-robin team action, searches and fixes zones, previews the offers,
// runs doctor and saves; the file is the expected one and `slots --config` works on it. Then the failures: a wrong
// key, an in-person action without an address, a missing platform, and a request without the token.
// Screenshots of each step go to test-results/setup-page/ (SETUP_SCREENSHOTS overrides).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSlots } from '../../src/cli/slots-command.js';
import { BOOKING_CONFIG_SCHEMA } from '../../src/setup/json-schema.js';
import { startSetupServer, type RunningSetup } from '../../src/setup/server.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = process.env['SETUP_SCREENSHOTS'] ?? join(ROOT, 'test-results/setup-page');
const NOW = '2026-11-24T08:00:00Z'; // a Tuesday: the sandbox's hosts work the next days
const WRONG_KEY = 'cal_live_never-print-this-key-wrong';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env['CI']) throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`);
if (!HAVE_CHROMIUM) console.info(`setup page browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

let browser: Browser;
const servers: RunningSetup[] = [];

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(configPath: string, env: { apiKey?: string; baseUrl?: string } = {}): Promise<RunningSetup> {
  const s = await startSetupServer({ configPath, env, now: () => Temporal.Instant.from(NOW) });
  servers.push(s);
  return s;
}

/** A page in Paris time (not the account's Berlin, so the default zone shows where it came from); every response body is kept so the test can check the key never came back. */
async function open(url: string): Promise<{ page: Page; bodies: string[] }> {
  const context = await browser.newContext({ timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const bodies: string[] = [];
  page.on('response', (r) => void r.text().then((t) => bodies.push(t), () => {}));
  page.on('pageerror', (e) => bodies.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { page, bodies };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function addAction(page: Page, eventTypeId: number, index: number): Promise<void> {
  await page.selectOption('#add-type', String(eventTypeId));
  await page.click('#add-action');
  await page.locator(`#action-${index}`).waitFor();
}

/** `slots --config <file> --json` in this process (spawning the CLI costs seconds on a small machine). */
async function slotsJson(config: string, action: string): Promise<{ code: number; slots: Array<{ time: string }> }> {
  vi.stubEnv('CALCOM_API_KEY', '');
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  try {
    const code = await runSlots({ config, action, now: NOW, json: true });
    return { code, slots: (JSON.parse(printed.join('\n')) as { slots: Array<{ time: string }> }).slots };
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe.skipIf(!HAVE_CHROMIUM)('the setup page in Chromium', () => {
  it('connects to the sandbox, adds a personal and a round-robin action, previews, runs doctor and saves a working config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setup-page-'));
    const configPath = join(dir, 'booking.yaml');
    const s = await setup(configPath);
    const { page, bodies } = await open(s.url);
    await shot(page, '01-connect');

    await page.click('#use-sandbox');
    await expect.poll(() => page.textContent('#connect-status')).toContain('Connected to the built-in sandbox: Anna Becker (anna-becker), time zone Europe/Berlin');

    await addAction(page, 101, 0);
    await addAction(page, 201, 1);
    // The zone defaults to the browser's; the round robin's facts are shown under its event type.
    expect(await page.inputValue('#a0-timeZone')).toBe('Europe/Paris');
    const facts = await page.locator('#action-1 .meta').first().textContent();
    expect(facts).toContain('round robin');
    expect(facts).toContain('distribution: even (least recently booked first)');
    expect(facts).toContain('fixed hosts: Helen Carter');

    // A near miss gets a did-you-mean next to the field; a lower-case zone is spelled canonically on leaving it.
    await page.fill('#a1-timeZone', 'America/New_Yrok');
    await expect.poll(() => page.locator('#actions-1--timeZone-error').textContent()).toContain('did you mean America/New_York');
    await shot(page, '02-zone-did-you-mean');
    await page.fill('#a1-timeZone', 'america/new_york');
    await page.locator('#a1-timeZone').blur();
    expect(await page.inputValue('#a1-timeZone')).toBe('America/New_York');

    await page.fill('#a0-slotsPerDay', '2');
    await page.fill('#a0-template', 'Booked: {date} at {time}. Join: ');
    await page.locator('#a0-template').press('End');
    await page.click('#action-0 .placeholders button:has-text("{link}")');
    expect(await page.inputValue('#a0-template')).toBe('Booked: {date} at {time}. Join: {link}');
    await expect.poll(() => page.textContent('#a0-smsPreview')).toBe('Booked: Wednesday, November 25 at 10:00 AM Central European Standard Time. Join: https://app.cal.com/video/sample-booking');
    await page.uncheck('#a1-smsEnabled');

    await expect.poll(() => page.locator('#offers article').count()).toBe(2);
    await expect.poll(() => page.locator('#offers article').nth(1).textContent()).toContain('book_sales_demo_slots');
    const phrases = await page.locator('#offers article').first().locator('li').allTextContents();
    expect(phrases).toHaveLength(4); // 2 days × 2 slots per day
    // The README's picture: the top of the page, the first action beside the live preview.
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'readme.png') });
    await page.click('details summary');
    expect(await page.textContent('#instructions')).toContain('Book 30-Minute Consultation');
    await shot(page, '03-preview');

    await page.click('#run-doctor');
    await expect.poll(() => page.textContent('#doctor'), { timeout: 15_000 }).toMatch(/\d+ passed, \d+ warning\(s\), \d+ failed/);
    expect(await page.textContent('#doctor')).toContain('✓ Cal.com connected');

    // Reorder by keyboard and back: the cards move with their contents.
    await page.focus('button[aria-label="Move action 2 up"]');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#action-0 legend')).toContain('Book Sales Demo');
    expect(await page.inputValue('#a0-timeZone')).toBe('America/New_York');
    await page.click('button[aria-label="Move action 1 down"]');
    expect(await page.textContent('#action-0 legend')).toContain('Book 30-Minute Consultation');

    await page.click('#save');
    await expect.poll(() => page.textContent('#save-status')).toContain(`Saved ${configPath}`);
    await shot(page, '04-saved');

    const schemaRef = relative(dir, BOOKING_CONFIG_SCHEMA);
    expect(readFileSync(configPath, 'utf8')).toBe(
      [
        `# yaml-language-server: $schema=${schemaRef.startsWith('.') ? schemaRef : `./${schemaRef}`}`,
        '# Booking actions for cal-booking-action (written by setup or init). Secrets never go here: CALCOM_API_KEY and TWILIO_* come from the environment or .env.',
        '',
        'actions:',
        '  - eventType: 101 # 30-Minute Consultation',
        '    location: cal-video',
        '    timeZone: Europe/Paris',
        '    daysAhead: 2',
        '    slotsPerDay: 2',
        '    minSpacingMinutes: 60',
        '    earliestDate: "" # blank: from now on',
        '    locale: en-US',
        '    fallbackEmail: "" # blank: the agent always collects an email',
        '    sms:',
        '      enabled: true',
        '      template: "Booked: {date} at {time}. Join: {link}"',
        '    useSchedulingScript: true',
        '',
        '  - eventType: 201 # Sales Demo (Sales Team, round robin)',
        '    location: google-meet',
        '    timeZone: America/New_York',
        '    daysAhead: 2',
        '    slotsPerDay: 3',
        '    minSpacingMinutes: 60',
        '    earliestDate: "" # blank: from now on',
        '    locale: en-US',
        '    fallbackEmail: "" # blank: the agent always collects an email',
        '    sms:',
        '      enabled: false',
        '      template: |-',
        '        Confirmed: {date} at {time} {timezone} ({duration}).',
        '        Your time: {caller_time}',
        '        Join: {link}',
        '        Where: {location}',
        '    useSchedulingScript: true',
        '',
      ].join('\n'),
    );

    // The CLI previews the saved file with the same code, so it offers what the page showed.
    const consultation = await slotsJson(configPath, '1');
    expect(consultation.code).toBe(0);
    expect(consultation.slots.map((x) => x.time)).toEqual(phrases.map((p) => p.replace(/^“(.*)”.*$/, '$1')));
    const demo = await slotsJson(configPath, 'book_sales_demo');
    expect(demo.code).toBe(0);
    expect(demo.slots.length).toBeGreaterThan(0);
    expect(bodies.filter((b) => b.startsWith('pageerror'))).toEqual([]);
  }, 60_000);

  it('shows a wrong key, an in-person action without an address and a missing platform next to their fields; saves the key to .env only when asked', async () => {
    const sb = await startTestSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'setup-page-'));
    const configPath = join(dir, 'booking.yaml');
    writeFileSync(configPath, '# Our front desk: keep this comment.\nactions:\n  - eventType: 101 # the consultation\n    location: zoom\n    daysAhead: 3\n');
    const s = await setup(configPath, { baseUrl: `${sb.url}/v2` });
    const { page, bodies } = await open(s.url);

    await page.fill('#api-key', WRONG_KEY);
    await page.click('#test-connection');
    await expect.poll(() => page.textContent('#connect-error')).toContain('Cal.com rejected the API key (HTTP 401). Create a new key in Cal.com Settings → Developer → API Keys and enter it here.');
    await shot(page, '05-wrong-key');

    await page.fill('#api-key', sb.apiKey);
    await page.press('#api-key', 'Enter');
    await expect.poll(() => page.textContent('#connect-status')).toContain('Connected with the key you entered');
    expect(await page.inputValue('#api-key')).toBe('');

    // The existing action offers Zoom, which 101 lacks: the resolver's words, at the location field.
    await expect.poll(() => page.locator('#actions-0--location-error').textContent()).toContain('does not offer Zoom (Meeting Platform Disabled)');
    expect(await page.isDisabled('#action-0 input[value=zoom]')).toBe(true);
    expect(await page.textContent('#action-0 .locations')).toContain('Zoom (not offered)');
    expect(await page.textContent('#a0-why')).toContain('Meeting Platform Disabled. Add the platform to this event type in Cal.com');
    expect(await page.getAttribute('#action-0 input[value=zoom]', 'aria-describedby')).toBe('a0-why');
    await shot(page, '06-missing-platform');
    await page.click('#save');
    await expect.poll(() => page.textContent('#save-error')).toContain('Not saved');

    await addAction(page, 102, 1);
    expect(await page.inputValue('#a1-address')).toBe('Friedrichstraße 123, 10117 Berlin, Germany');
    await page.fill('#a1-address', '');
    await expect.poll(() => page.locator('#actions-1--address-error').textContent()).toContain('required when location is in-person');
    expect(await page.getAttribute('#a1-address', 'aria-invalid')).toBe('true');
    await shot(page, '07-in-person-without-address');

    await page.fill('#a1-address', 'Friedrichstraße 123, 10117 Berlin, Germany');
    await page.check('#action-0 input[value=cal-video]');
    await expect.poll(() => page.locator('.error').count()).toBe(0);
    await page.click('#save');
    await expect.poll(() => page.textContent('#save-status')).toContain('and the key to');

    const saved = readFileSync(configPath, 'utf8');
    expect(saved).toContain('# Our front desk: keep this comment.');
    // Only the changed location is rewritten; the zone the file left to the account stays unset.
    expect(saved).toMatch(/^# yaml-language-server: \$schema=.*\n\n# Our front desk: keep this comment\.\nactions:\n  - eventType: 101 # the consultation\n    location: cal-video\n    daysAhead: 3\n\n  - eventType: 102 # In-Person Visit\n/);
    expect(saved).not.toMatch(/eventType: 101[^-]*timeZone/);
    expect(saved).not.toContain(sb.apiKey);
    const env = join(dir, '.env');
    expect(statSync(env).mode & 0o777).toBe(0o600);
    expect(readFileSync(env, 'utf8')).toBe(`CALCOM_API_KEY=${sb.apiKey}\nCALCOM_API_URL=${sb.url}/v2\n`);
    expect(bodies.some((b) => b.includes(WRONG_KEY) || b.includes(sb.apiKey))).toBe(false);
  }, 60_000);

  it('refuses a request without the token', async () => {
    const s = await setup(join(mkdtempSync(join(tmpdir(), 'setup-page-')), 'booking.yaml'));
    const { page } = await open(s.url.replace(/\?token=.*/, ''));
    expect(await page.textContent('body')).toContain('Missing or wrong token');
    await shot(page, '08-no-token');
  });
});
