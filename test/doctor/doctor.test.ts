import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runDoctor, TEST_ATTENDEE_EMAIL, type DoctorOptions } from '../../src/doctor/index.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import { startSmsSink } from '../../src/sms/sink.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/booking.yaml', import.meta.url));
const ENV = ['CALCOM_API_KEY', 'CALCOM_API_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_MESSAGING_SERVICE_SID', 'TWILIO_API_URL', 'OPENAI_MODEL', 'OPENAI_TEMPERATURE', 'AGENT_INSTRUCTIONS'];

interface SandboxBooking {
  uid: string;
  status: string;
  attendees: Array<{ email: string }>;
  metadata?: Record<string, string>;
}

// A Tuesday morning in Berlin: what doctor offers depends on the weekday, so its clock is pinned here.
const NOW = '2026-11-24T08:00:00Z';

/** A sandbox with the default world of NOW and its clock pinned there, as doctor's own built-in one is. */
async function pinnedSandbox(): Promise<Awaited<ReturnType<typeof startTestSandbox>>> {
  const s = await startTestSandbox({ world: defaultWorld(new Date(NOW)) });
  await admin(s, 'POST', '/clock', { now: NOW });
  return s;
}

async function doctor(opts: Omit<DoctorOptions, 'out'>): Promise<{ code: number; lines: string[]; text: string }> {
  const lines: string[] = [];
  const code = await runDoctor({ now: Temporal.Instant.from(NOW), ...opts, out: (l) => lines.push(l) });
  return { code, lines, text: lines.join('\n') };
}

function configFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'booking.yaml');
  writeFileSync(file, yaml);
  return file;
}

beforeEach(() => {
  // Blank counts as unset everywhere, so the developer's own keys never leak into these runs.
  for (const name of ENV) vi.stubEnv(name, '');
  return () => vi.unstubAllEnvs();
});

describe('doctor on the built-in sandbox', () => {
  it('passes every check for the shipped example config', async () => {
    const { code, lines, text } = await doctor({ config: EXAMPLE });
    expect(lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(code).toBe(0);
    expect(text).toMatch(/✓ Cal\.com connected: Anna Becker/);
    expect(text).toMatch(/✓ Event types visible: 4 personal, 6 team/);
    expect(text).toMatch(/✓ Book Technical Support Call \(event type 301, cal-video offered/);
    expect(text).toMatch(/✓ Availability for Book 30-Minute Consultation: \d+ time\(s\)/);
    expect(text).toMatch(/✓ Test booking for Book 30-Minute Consultation: booked .* for doctor@example\.com/);
    expect(text).toMatch(/✓ Test booking cancelled/);
    expect(text).toMatch(/✓ Meeting link works for Book 30-Minute Consultation: https:\/\/app\.cal\.com\/video\/[\w-]+ \(cal-video\)/);
    expect(text).toMatch(/✓ Email confirmation received at doctor@example\.com: "Confirmed: 30-Minute Consultation with Anna Becker on /);
    expect(text).toContain('✓ Host notified by email: anna@becker-consulting.example');
    expect(text).toContain('✓ Calendar updated: anna@becker-consulting.example (google) shows the booking as busy');
    expect(text).toMatch(/✓ SMS for Book 30-Minute Consultation landed in the local sink/);
    expect(text).toMatch(/! Production will send no texts: no TWILIO_\* is set\n {4}The worker and createBookingToolset send texts through Twilio only/);
    expect(text).toMatch(/✓ Instructions name Book Sales Demo and its tools book_sales_demo_slots, book_sales_demo/);
    expect(text).toMatch(/0 failed/);
  });

  it('fails a location the event type does not offer, with the Meeting Platform Disabled fix, and checks the rest', async () => {
    const config = configFile(['actions:', '  - eventType: 104', '    location: cal-video', '  - eventType: 101', '    location: cal-video'].join('\n'));
    const { code, text } = await doctor({ config });
    expect(code).toBe(1);
    expect(text).toMatch(/✗ Action 1 \(event type 104, cal-video\)/);
    expect(text).toContain('"Strategy Session" (104) does not offer Cal Video (Meeting Platform Disabled). It offers: zoom.');
    expect(text).toContain('Cause: Platform not connected in Cal.com (Meeting Platform Disabled)');
    expect(text).toMatch(/Fix: Go to Cal\.com's event type settings, connect the platform \(Zoom, Google Meet, etc\.\)/);
    expect(text).toMatch(/✓ Book 30-Minute Consultation \(event type 101/);
    expect(text).toMatch(/✓ Availability for Book 30-Minute Consultation/);
  });

  it('names an event type the account does not have', async () => {
    const config = configFile(['actions:', '  - eventType: 999', '    location: zoom'].join('\n'));
    const { code, text } = await doctor({ config });
    expect(code).toBe(1);
    expect(text).toContain('no event type id 999 in this Cal.com account');
    expect(text).toContain('Cause: The configured event type is not in this Cal.com account (No Event Types in Dropdown)');
    expect(text).toMatch(/- Test booking \(skipped: no action resolved\)/);
  });

  it('reports an invalid config file without touching Cal.com', async () => {
    const config = configFile(['actions:', '  - eventType: 101', '    location: skype'].join('\n'));
    const { code, text } = await doctor({ config });
    expect(code).toBe(1);
    expect(text).toMatch(/✗ Booking config/);
    expect(text).toContain('actions[0].location');
    expect(text).not.toContain('Cal.com connected');
  });

  it('warns about a model and temperature that call functions less reliably, without failing', async () => {
    vi.stubEnv('OPENAI_MODEL', 'gpt-3.5-turbo');
    vi.stubEnv('OPENAI_TEMPERATURE', '0.9');
    const { code, text } = await doctor({ config: EXAMPLE });
    expect(code).toBe(0);
    expect(text).toMatch(/! Model settings\n {4}OPENAI_MODEL is gpt-3\.5-turbo; GPT-4\.1 or GPT-4\.1-mini/);
    expect(text).toContain('OPENAI_TEMPERATURE is 0.9; 0.5 or lower');
  });
});

describe('doctor against a Cal.com it did not start', () => {
  it('fails "connected" on a wrong key with the fix, skips the rest and never prints the key', async () => {
    const s = await pinnedSandbox();
    const apiKey = 'cal_live_wrong_key_0123456789abcdef';
    const { code, text } = await doctor({ config: EXAMPLE, apiKey, baseUrl: `${s.url}/v2` });
    expect(code).toBe(1);
    expect(text).toMatch(/✗ Cal\.com connected\n {4}Cal\.com rejected the API key \(HTTP 401\)/);
    expect(text).toContain('Cause: Cal.com not connected (Booking Action Not Appearing)');
    expect(text).toContain('Settings → Developer → API Keys');
    expect(text).toMatch(/- Test booking \(skipped: Cal\.com is not connected\)/);
    expect(text).not.toContain(apiKey);
  });

  it('makes no test booking on an event type that is not marked as a test one', async () => {
    const s = await pinnedSandbox();
    const { code, text } = await doctor({ config: EXAMPLE, apiKey: s.apiKey, baseUrl: `${s.url}/v2` });
    expect(code).toBe(0);
    expect(text).toMatch(/- Test booking \(skipped: a real Cal\.com account and no action's event type is marked/);
    expect((await admin<{ bookings: SandboxBooking[] }>(s, 'GET', '/bookings')).bookings).toEqual([]);
    expect(text).not.toContain(s.apiKey);
  });

  it('books a marked event type as a test and cancels it right away', async () => {
    const s = await pinnedSandbox();
    const { code, text } = await doctor({ config: EXAMPLE, apiKey: s.apiKey, baseUrl: `${s.url}/v2`, testBookings: [103] });
    expect(code).toBe(0);
    expect(text).toMatch(/✓ Test booking for Book Phone Call: booked/);
    // Then one more, moved (a new booking, the old one cancelled) and cancelled through the managing flow.
    expect(text).toMatch(/✓ Move and cancel a test booking for Book Phone Call: moved .+ → .+, then cancelled/);
    const { bookings } = await admin<{ bookings: SandboxBooking[] }>(s, 'GET', '/bookings');
    expect(bookings).toHaveLength(3);
    expect(bookings.every((b) => b.status === 'cancelled' && b.attendees[0]!.email === TEST_ATTENDEE_EMAIL && b.metadata?.['doctorTest'] === 'true')).toBe(true);
    expect(bookings[0]).toMatchObject({ status: 'cancelled', attendees: [{ email: TEST_ATTENDEE_EMAIL }], metadata: { doctorTest: 'true', source: 'cal-booking-action' } });
    expect(bookings[0]!.metadata?.['callId']).toMatch(/^doctor-test-/);
  });
});

describe('doctor on duplicate action names', () => {
  it('warns when two actions are both "Book <title>", saying how to tell them apart', async () => {
    const config = configFile(['actions:', '  - eventType: 101', '    location: cal-video', '  - eventType: 101', '    location: cal-video', '    daysAhead: 3'].join('\n'));
    const { code, text } = await doctor({ config });
    expect(code).toBe(0);
    expect(text).toContain('! Two actions share one name');
    expect(text).toContain(
      '"Book 30-Minute Consultation" names actions 1 (tool book_30_minute_consultation, event type 101, cal-video) and 2 (tool book_30_minute_consultation_2, event type 101, cal-video)',
    );
    expect(text).toContain('Give each event type its own title in Cal.com');
  });
});

describe('doctor SMS path', () => {
  it('fails incomplete Twilio settings with the settings to add', async () => {
    vi.stubEnv('TWILIO_ACCOUNT_SID', 'AC0123456789abcdef0123456789abcdef');
    const { code, text } = await doctor({ config: EXAMPLE });
    expect(code).toBe(1);
    expect(text).toMatch(/✗ Twilio settings\n {4}Twilio credentials are missing: set TWILIO_AUTH_TOKEN/);
  });

  it('with Twilio settings sends nothing unless --sms-to is given, then sends exactly one text there', async () => {
    const sink = await startSmsSink();
    try {
      vi.stubEnv('TWILIO_ACCOUNT_SID', sink.accountSid);
      vi.stubEnv('TWILIO_AUTH_TOKEN', sink.authToken);
      vi.stubEnv('TWILIO_FROM_NUMBER', '+15005550006');
      vi.stubEnv('TWILIO_API_URL', sink.url);
      const quiet = await doctor({ config: EXAMPLE });
      expect(quiet.text).toContain(`! TWILIO_API_URL points at ${sink.url}: texts go to that local sink, not to phones`);
      expect(quiet.text).toContain('✓ Twilio settings present (not sent: pass --sms-to <e164> to send one text)');
      expect(quiet.text).not.toContain('Production will send no texts');
      expect(sink.messages()).toEqual([]);
      const sent = await doctor({ config: EXAMPLE, smsTo: '+14155550123' });
      expect(sent.code).toBe(0);
      expect(sent.text).toMatch(/✓ SMS sent through Twilio to \+1\*+0123 \(sid SM/);
      expect(sent.text).not.toContain(sink.authToken);
      expect(sink.messages().map((m) => m.to)).toEqual(['+14155550123']);
    } finally {
      await sink.close();
    }
  });
});

describe('doctor without --config', () => {
  it('with a real key and no ./booking.yaml, says to run init or setup instead of using the example', async () => {
    const s = await startTestSandbox();
    const { code, text } = await doctor({ apiKey: 'cal_live_some_key', baseUrl: `${s.url}/v2` });
    expect(code).toBe(1);
    expect(text).toContain('no booking config: run `cal-booking-action init` or `setup`');
    expect(text).not.toContain('no event type');
  });

  it('on the built-in sandbox, uses the example and says so', async () => {
    const { text } = await doctor({});
    expect(text).toMatch(/✓ Booking config .*examples\/booking\.yaml: 5 action\(s\)\n {4}no --config: using the example config \(examples\/booking\.yaml\), written for the built-in sandbox's default world/);
  }, 30_000);
});
