// TwilioSmsSender against a bare HTTP stub: the exact request Twilio's Messages API expects, and every way a
// send can fail, each sent exactly once.
import { pino } from 'pino';
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmsError } from '../../src/sms/sender.js';
import { TwilioSmsSender, type TwilioSmsOptions } from '../../src/sms/twilio.js';
import { startRawStub, type RawStub } from './raw-stub.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-test-token-4f9a';
const FROM = '+15005550006';
const TO = '+14155550123';
const MG = 'MG0123456789abcdef0123456789abcdef';
const ENV = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_MESSAGING_SERVICE_SID', 'TWILIO_API_URL'];

let stub: RawStub;
beforeAll(async () => {
  stub = await startRawStub();
});
afterAll(async () => stub.close());
beforeEach(() => {
  // The machine's own Twilio settings must not leak into these tests.
  for (const name of ENV) vi.stubEnv(name, '');
  stub.requests.length = 0;
  stub.reply({ status: 201, body: { sid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', status: 'queued' } });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const sender = (o: TwilioSmsOptions = {}) => new TwilioSmsSender({ accountSid: SID, authToken: TOKEN, from: FROM, baseUrl: stub.url, ...o });

async function failure(p: Promise<unknown>): Promise<SmsError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsError);
  return error as SmsError;
}

const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

describe('request format', () => {
  it('POSTs a form to /2010-04-01/Accounts/{sid}/Messages.json with Basic auth', async () => {
    const result = await sender().send({ to: TO, body: 'Confirmed: Mon at 9 AM.' });
    expect(result).toEqual({ id: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(req.headers.accept).toBe('application/json');
    const form = new URLSearchParams(req.body);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(Object.fromEntries(form)).toEqual({ To: TO, From: FROM, Body: 'Confirmed: Mon at 9 AM.' });
  });

  it('encodes the body so newlines, &, =, + and non-ASCII survive', async () => {
    const body = 'Line 1\nA&B = C+D? 100% Grüße 👋 https://x.test/?a=1&b=2';
    await sender().send({ to: TO, body });
    const raw = stub.requests[0]!.body;
    expect(raw).not.toContain('\n');
    expect(new URLSearchParams(raw).get('Body')).toBe(body);
  });

  it('sends MessagingServiceSid instead of From when only a service is configured', async () => {
    await sender({ from: '', messagingServiceSid: MG }).send({ to: TO, body: 'x' });
    expect(Object.fromEntries(new URLSearchParams(stub.requests[0]!.body))).toEqual({ To: TO, MessagingServiceSid: MG, Body: 'x' });
  });

  it('sends both when both are configured (Twilio then picks that number from the service)', async () => {
    await sender({ messagingServiceSid: MG }).send({ to: TO, body: 'x' });
    const form = new URLSearchParams(stub.requests[0]!.body);
    expect(form.get('From')).toBe(FROM);
    expect(form.get('MessagingServiceSid')).toBe(MG);
  });

  it.each([
    ['sip:+14155550123@pbx.example', TO],
    ['tel:+49301234567', '+49301234567'],
    ['+1 (415) 555-0123', TO],
  ])('normalises the recipient %s to %s', async (to, e164) => {
    await sender().send({ to, body: 'x' });
    expect(new URLSearchParams(stub.requests[0]!.body).get('To')).toBe(e164);
  });

  it('keeps a base URL path prefix and drops trailing slashes', async () => {
    await sender({ baseUrl: `${stub.url}/proxy/twilio//` }).send({ to: TO, body: 'x' });
    expect(stub.requests[0]!.url).toBe(`/proxy/twilio/2010-04-01/Accounts/${SID}/Messages.json`);
  });

  it('percent-encodes the account sid in the path', async () => {
    await sender({ accountSid: 'AC/../x' }).send({ to: TO, body: 'x' });
    expect(stub.requests[0]!.url).toBe('/2010-04-01/Accounts/AC%2F..%2Fx/Messages.json');
  });

  it('refuses a recipient that is not a phone number without calling Twilio', async () => {
    for (const to of ['4155550123', 'sip:alice@pbx', '', '+1 555 555 5555']) {
      const e = await failure(sender().send({ to, body: 'x' }));
      expect(e).toMatchObject({ kind: 'recipient', retryable: false });
    }
    expect(stub.requests).toHaveLength(0);
  });
});

describe('settings', () => {
  it('reads every default from the environment', async () => {
    vi.stubEnv('TWILIO_ACCOUNT_SID', SID);
    vi.stubEnv('TWILIO_AUTH_TOKEN', TOKEN);
    vi.stubEnv('TWILIO_FROM_NUMBER', FROM);
    vi.stubEnv('TWILIO_MESSAGING_SERVICE_SID', MG);
    vi.stubEnv('TWILIO_API_URL', stub.url);
    await new TwilioSmsSender().send({ to: TO, body: 'x' });
    const req = stub.requests[0]!;
    expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ To: TO, Body: 'x', From: FROM, MessagingServiceSid: MG });
  });

  it('prefers options over the environment', async () => {
    vi.stubEnv('TWILIO_ACCOUNT_SID', 'ACenv');
    vi.stubEnv('TWILIO_FROM_NUMBER', '+15005550009');
    await sender().send({ to: TO, body: 'x' });
    expect(stub.requests[0]!.url).toContain(SID);
    expect(new URLSearchParams(stub.requests[0]!.body).get('From')).toBe(FROM);
  });

  it.each([
    [{ accountSid: '', authToken: '' }, /TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/],
    [{ accountSid: '' }, /missing: set TWILIO_ACCOUNT_SID \(/],
    [{ authToken: '  ' }, /missing: set TWILIO_AUTH_TOKEN \(/],
    [{ from: '', messagingServiceSid: '' }, /TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID/],
    [{ baseUrl: 'not a url' }, /baseUrl or TWILIO_API_URL\) is not a URL/],
    [{ baseUrl: 'ftp://api.twilio.com' }, /must start with https:\/\/ or http:\/\//],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive/],
    [{ timeoutMs: Number.NaN }, /timeoutMs must be a positive/],
  ] as Array<[TwilioSmsOptions, RegExp]>)('refuses %j with a clear message', (o, message) => {
    let error: unknown;
    try {
      sender(o);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({ kind: 'config', retryable: false });
    expect((error as Error).message).toMatch(message);
  });

  it('defaults to https://api.twilio.com', async () => {
    const previous = getGlobalDispatcher();
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://api.twilio.com')
      .intercept({ method: 'POST', path: `/2010-04-01/Accounts/${SID}/Messages.json` })
      .reply(201, { sid: 'SMfromtwilio', status: 'queued' });
    setGlobalDispatcher(mock);
    try {
      await expect(new TwilioSmsSender({ accountSid: SID, authToken: TOKEN, from: FROM }).send({ to: TO, body: 'x' })).resolves.toEqual({
        id: 'SMfromtwilio',
      });
      mock.assertNoPendingInterceptors();
    } finally {
      setGlobalDispatcher(previous);
      await mock.close();
    }
  });
});

describe('errors, each after exactly one request', () => {
  it.each([
    [twilioError(400, 21211, "The 'To' number +14155550123 is not a valid phone number."), 'rejected', false, 21211],
    [twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'), 'rejected', false, 21610],
    [twilioError(401, 20003, 'Authenticate'), 'auth', false, 20003],
    [twilioError(403, 20003, 'Authenticate'), 'auth', false, 20003],
    [twilioError(429, 20429, 'Too Many Requests'), 'rate-limited', true, 20429],
    [twilioError(500, 20500, 'Internal Server Error'), 'server', false, 20500],
    [twilioError(503, 20503, 'Service Unavailable'), 'server', false, 20503],
  ] as const)('%j → %s', async (reply, kind, retryable, code) => {
    stub.reply(reply);
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind, retryable, code, status: reply.status });
    expect(e.message).toContain(`HTTP ${reply.status}, error ${code}`);
    expect(e.message).toContain(reply.body.message.replace('+14155550123', '+1******0123'));
    expect(e.message).toContain(reply.body.more_info);
    expect(stub.requests).toHaveLength(1);
  });

  it('quotes Twilio with the number masked', async () => {
    stub.reply(twilioError(400, 21211, "The 'To' number +14155550123 is not a valid phone number."));
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e.message).toBe(
      `Twilio refused the text (HTTP 400, error 21211). Twilio said: "The 'To' number +1******0123 is not a valid phone number." (https://www.twilio.com/docs/errors/21211).`,
    );
  });

  it('says what to check when the credentials are wrong', async () => {
    stub.reply(twilioError(401, 20003, 'Authenticate'));
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e.message).toMatch(/did not accept the credentials.*Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/);
  });

  it('copes with an error body that is not Twilio JSON', async () => {
    stub.reply({ status: 502, body: '<html>Bad gateway</html>' });
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind: 'server', status: 502, retryable: false });
    expect(e.code).toBeUndefined();
    expect(e.message).toMatch(/^Twilio failed \(HTTP 502\)\. The text may or may not have been sent/);
  });

  it('treats a success without a message resource as uncertain', async () => {
    stub.reply({ status: 201, body: 'not json' });
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind: 'server', status: 201, retryable: false });
    expect(e.message).toMatch(/without a message resource/);
  });

  it('times out without retrying', async () => {
    stub.reply({ status: 201, body: { sid: 'SMlate', status: 'queued' }, delayMs: 500 });
    const e = await failure(sender({ timeoutMs: 50 }).send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind: 'timeout', retryable: false });
    expect(e.message).toBe('Twilio did not answer within 50 ms. The text may or may not have been sent, so it was not retried.');
    expect(stub.requests).toHaveLength(1);
  });

  it('does not retry after a dropped connection, whose outcome is unknown', async () => {
    stub.reply({ destroy: true });
    const e = await failure(sender().send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind: 'network', retryable: false });
    expect(e.message).toMatch(/may or may not have been sent/);
    expect(stub.requests).toHaveLength(1);
  });

  it('marks a refused connection retryable: nothing reached Twilio', async () => {
    const e = await failure(sender({ baseUrl: 'http://127.0.0.1:9' }).send({ to: TO, body: 'x' }));
    expect(e).toMatchObject({ kind: 'network', retryable: true });
    expect(e.message).toBe('Could not reach Twilio at 127.0.0.1:9 (ECONNREFUSED); nothing was sent.');
  });

  it("reports the caller's abort as such", async () => {
    stub.reply({ status: 201, body: { sid: 'SMlate', status: 'queued' }, delayMs: 500 });
    const e = await failure(sender().send({ to: TO, body: 'x' }, { signal: AbortSignal.timeout(30) }));
    expect(e).toMatchObject({ kind: 'aborted', retryable: false });
  });
});

describe('logging', () => {
  it('logs the masked recipient, sid, status and duration; never the body or the number', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (l: string) => lines.push(l) });
    await sender({ logger }).send({ to: TO, body: 'secret appointment details' });
    stub.reply(twilioError(400, 21211, "The 'To' number +14155550123 is not a valid phone number."));
    await failure(sender({ logger }).send({ to: TO, body: 'secret appointment details' }));
    expect(lines).toHaveLength(2);
    const [sent, failed] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(sent).toMatchObject({ msg: 'sms sent', to: '+1******0123', sid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', status: 'queued' });
    expect(sent!.durationMs).toEqual(expect.any(Number));
    expect(failed).toMatchObject({ msg: 'sms failed', to: '+1******0123', kind: 'rejected', httpStatus: 400, code: 21211 });
    for (const line of lines) {
      expect(line).not.toContain('4155550123');
      expect(line).not.toContain('secret appointment');
    }
  });
});
