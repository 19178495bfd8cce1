// The scenario format's seeded bookings and callback receiver: a seed Cal.com refuses stops the scenario with
// Cal.com's words, a forged or missing webhook delivery fails the `webhook` expectation, and a booking link that
// was never texted fails `bookingLink`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../src/booking/fallbacks.js';
import { parseScenario, runScenarios } from '../../src/scenarios/index.js';
import { judgeExpectation, type CallProbe } from '../../src/scenarios/expectations.js';
import { startWebhookReceiver } from '../../src/scenarios/webhook-receiver.js';

const turn = { calls: [], results: [], reply: '' } as unknown as Parameters<typeof judgeExpectation>[1];

function probe(over: Partial<CallProbe>): CallProbe {
  return {
    bookings: async () => [],
    smsBodies: async () => [],
    prompt: () => '',
    emails: async () => [],
    calendarEvents: async () => [],
    linkProblem: () => undefined,
    zoneOf: () => undefined,
    webhooks: () => [],
    bookingPages: () => ['http://127.0.0.1:1/anna/30min'],
    ...over,
  };
}

it('a seeded booking names its field when malformed', () => {
  const bad = { name: 'x', now: '2026-11-24T08:00:00Z', sandbox: { bookings: [{ start: '2026-11-25T09:00:00Z', attendee: { email: 'a@b.co' } }] }, turns: [{ user: 'hi' }] };
  expect(() => parseScenario(bad, 's.yaml')).toThrow(/sandbox\.bookings\[0\]\.attendee\.name/);
});

it('a seeded booking Cal.com refuses stops the scenario with Cal.com\'s answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
  const file = join(dir, 'night.yaml');
  // 03:00 in Berlin: outside Anna's hours, so Cal.com's booking handler refuses it.
  writeFileSync(
    file,
    `name: Seeds a booking at night
action: book_30_minute_consultation
now: 2026-11-24T08:00:00Z
sandbox:
  bookings: [{ start: 2026-11-25T02:00:00Z, attendee: { name: Sam, email: sam@example.com } }]
turns: [{ user: hi }]
`,
  );
  const lines: string[] = [];
  const r = await runScenarios([file], { out: (l) => lines.push(l) });
  expect(r).toMatchObject({ passed: 0, failed: 1 });
  expect(r.results[0]!.error).toMatch(/could not run: .*(not available|User either|hours)/i);
});

it('the receiver checks each signature and answers 401 to a forged one', async () => {
  const rx = await startWebhookReceiver();
  try {
    const body = JSON.stringify({ type: 'callback_request', wanted: 'x' });
    const ts = String(Math.floor(Date.now() / 1000));
    const post = (sig: string, stamp = ts, b = body) => fetch(rx.url, { method: 'POST', headers: { [TIMESTAMP_HEADER]: stamp, [SIGNATURE_HEADER]: sig }, body: b });
    expect((await post(signWebhook(rx.secret, ts, body))).status).toBe(200);
    expect((await post(signWebhook('not-the-secret', ts, body))).status).toBe(401);
    expect((await post(signWebhook(rx.secret, ts, body), ts, body.replace('x', 'y'))).status).toBe(401);
    const stale = String(Number(ts) - 3600);
    expect((await post(signWebhook(rx.secret, stale, body), stale)).status).toBe(401);
    expect(rx.received().map((w) => w.signatureValid)).toEqual([true, false, false, false]);
  } finally {
    await rx.close();
  }
});

it('`webhook` fails on a forged delivery, on a missing one, and passes on a signed match', async () => {
  const signed = { body: '{"caller":{"phone":"+14155550123"}}', signatureValid: true };
  const judge = (want: { count?: number; contains?: string }, webhooks: Array<{ body: string; signatureValid: boolean }>) =>
    judgeExpectation({ webhook: want }, turn, probe({ webhooks: () => webhooks }));
  expect(await judge({ count: 1, contains: '+14155550123' }, [signed])).toMatchObject({ status: 'passed' });
  expect(await judge({ count: 1 }, [signed, { body: '{}', signatureValid: false }])).toMatchObject({ status: 'failed', detail: expect.stringMatching(/signature/) });
  expect(await judge({}, [])).toMatchObject({ status: 'failed', detail: expect.stringMatching(/webhook: true/) });
  expect(await judge({ contains: 'tomorrow' }, [signed])).toMatchObject({ status: 'failed', detail: expect.stringMatching(/mentioning "tomorrow"/) });
});

it('`bookingLink` fails when the page was not texted, naming the page', async () => {
  const outcome = await judgeExpectation({ bookingLink: true }, turn, probe({ smsBodies: async () => ['Booked: Tuesday'] }));
  expect(outcome).toMatchObject({ status: 'failed', detail: expect.stringContaining('http://127.0.0.1:1/anna/30min') });
});
