// The Twilio auth token and the recipient's number never reach an error or a log line, on any path, even when
// the server echoes them back.
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SmsError } from '../../src/sms/sender.js';
import { startSmsSink, type SmsSink } from '../../src/sms/sink.js';
import { TwilioSmsSender, type TwilioSmsOptions } from '../../src/sms/twilio.js';
import { startRawStub, type RawReply, type RawStub } from './raw-stub.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tw_SECRET_token_do_not_leak_91c2';
const BASIC = Buffer.from(`${SID}:${TOKEN}`).toString('base64');
const TO = '+14155550123';
const NATIONAL = '4155550123';

// A careless server that quotes the credentials and the number back.
const echo = (status: number): RawReply => ({
  status,
  body: { code: 20000 + status, message: `token ${TOKEN}, header Basic ${BASIC}, to ${TO}`, more_info: `https://x.test/${TOKEN}`, status },
});

let stub: RawStub;
let sink: SmsSink;
const lines: string[] = [];
const errors: unknown[] = [];
const senders: TwilioSmsSender[] = [];

async function collect(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    errors.push(error);
    return;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_MESSAGING_SERVICE_SID', 'TWILIO_API_URL']) {
    vi.stubEnv(name, '');
  }
  stub = await startRawStub();
  sink = await startSmsSink({ accountSid: SID, authToken: 'the-right-token' });
  const logger = pino({ level: 'trace' }, { write: (l: string) => lines.push(l) });
  const make = (o: TwilioSmsOptions = {}) => {
    const s = new TwilioSmsSender({ accountSid: SID, authToken: TOKEN, from: '+15005550006', baseUrl: stub.url, logger, timeoutMs: 200, ...o });
    senders.push(s);
    return s;
  };
  const send = (s: TwilioSmsSender, o?: { signal?: AbortSignal }) => s.send({ to: `sip:${TO}@pbx.example`, body: `hello ${TO}` }, o);

  stub.reply(echo(400), echo(401), echo(429), echo(500), { status: 502, body: `upstream said ${TOKEN} ${BASIC} ${TO}` }, {
    status: 201,
    body: `not json ${TOKEN} ${TO}`,
  }, { status: 201, body: { sid: 'SMlate', status: 'queued' }, delayMs: 1_000 }, { destroy: true });
  for (let i = 0; i < 8; i++) await collect(() => send(make()));
  stub.reply({ status: 201, body: { sid: 'SMlate', status: 'queued' }, delayMs: 1_000 });
  await collect(() => send(make({ timeoutMs: 5_000 }), { signal: AbortSignal.timeout(50) }));
  await collect(() => send(make({ baseUrl: `http://${SID}:${TOKEN}@127.0.0.1:9` })));
  await collect(() => send(make({ baseUrl: sink.url })));
  await collect(() => make().send({ to: `${NATIONAL}`, body: 'x' }));
  await collect(async () => make({ accountSid: '' }));
  await collect(async () => make({ from: '' }));
  await collect(async () => make({ baseUrl: `ftp://${TOKEN}@example.com` }));
  await collect(async () => make({ baseUrl: `${TOKEN} is not a url` }));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stub.close();
  await sink.close();
});

function renderings(value: unknown): string[] {
  const e = value as Error & { cause?: unknown };
  return [e.message, String(e), e.stack ?? '', inspect(e, { depth: Infinity, showHidden: true }), JSON.stringify(e), String(e.cause ?? '')];
}

describe('secrets', () => {
  it('exercised every kind of failure', () => {
    expect(errors.every((e) => e instanceof SmsError)).toBe(true);
    const kinds = new Set(errors.map((e) => (e as SmsError).kind));
    expect([...kinds].sort()).toEqual(['aborted', 'auth', 'config', 'network', 'rate-limited', 'recipient', 'rejected', 'server', 'timeout']);
    expect(errors).toHaveLength(16);
  });

  it('no error holds the token, the Basic credentials or the full number', () => {
    for (const error of errors) {
      for (const text of renderings(error)) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(BASIC);
        expect(text).not.toContain(NATIONAL);
      }
    }
  });

  it('the echoed messages still say what the server said, masked', () => {
    const rejected = errors.find((e) => (e as SmsError).kind === 'rejected') as SmsError;
    expect(rejected.message).toContain('token [redacted], header Basic [redacted], to +1******0123');
  });

  it('no log line holds them either, and every send was logged', () => {
    expect(lines.length).toBe(11);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(BASIC);
      expect(line).not.toContain(NATIONAL);
    }
  });

  it('printing a sender shows no credentials', () => {
    for (const s of senders) {
      expect(inspect(s, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
      expect(JSON.stringify(s)).not.toContain(TOKEN);
    }
  });
});
