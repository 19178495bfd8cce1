// TwilioSmsSender and the sink together, over HTTP: what the product does when no Twilio account is set up.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmsError } from '../../src/sms/sender.js';
import { startSmsSink, type SmsSink } from '../../src/sms/sink.js';
import { DEFAULT_SMS_TEMPLATE, renderSmsTemplate } from '../../src/sms/template.js';
import { TwilioSmsSender, type TwilioSmsOptions } from '../../src/sms/twilio.js';

const FROM = '+15005550006';
const MG = 'MG0123456789abcdef0123456789abcdef';

let sink: SmsSink;
beforeAll(async () => {
  sink = await startSmsSink();
});
afterAll(async () => sink.close());
beforeEach(() => {
  for (const name of ['TWILIO_FROM_NUMBER', 'TWILIO_MESSAGING_SERVICE_SID']) vi.stubEnv(name, '');
  sink.clear();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const sender = (o: TwilioSmsOptions = {}) =>
  new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: FROM, ...o });

async function failure(p: Promise<unknown>): Promise<SmsError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsError);
  return error as SmsError;
}

describe('TwilioSmsSender → sink', () => {
  it('delivers a rendered confirmation to the caller from their SIP identity', async () => {
    const body = renderSmsTemplate(DEFAULT_SMS_TEMPLATE, {
      date: 'Tuesday, November 24',
      time: '10:00 AM',
      duration: '30 min',
      link: 'https://app.cal.com/video/abc?x=1&y=2',
    });
    const { id } = await sender().send({ to: 'sip:+14155550123@pbx.example', body });
    const [m] = sink.messages();
    expect(m).toMatchObject({ sid: id, to: '+14155550123', from: FROM, body, status: 'queued', account_sid: sink.accountSid });
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('keeps the body byte for byte', async () => {
    const body = 'Grüße 👋\nA&B=C+D 100% "quoted" <tag>';
    await sender().send({ to: '+49301234567', body });
    expect(sink.messages()[0]!.body).toBe(body);
  });

  it('sends through a Messaging Service', async () => {
    await sender({ from: '', messagingServiceSid: MG }).send({ to: '+14155550123', body: 'x' });
    expect(sink.messages()[0]).toMatchObject({ from: null, messaging_service_sid: MG, status: 'accepted' });
  });

  it('sees its texts in the Twilio list as well', async () => {
    await sender().send({ to: '+14155550123', body: 'one' });
    const res = await fetch(`${sink.url}/2010-04-01/Accounts/${sink.accountSid}/Messages.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${sink.accountSid}:${sink.authToken}`).toString('base64')}` },
    });
    expect(((await res.json()) as { messages: Array<{ body: string }> }).messages.map((m) => m.body)).toEqual(['one']);
  });

  it.each([
    ['a wrong token', { authToken: 'wrong' }, { kind: 'auth', status: 401, code: 20003 }],
    ['a wrong account', { accountSid: 'ACffffffffffffffffffffffffffffffff' }, { kind: 'auth', status: 401, code: 20003 }],
    ['an invalid sender', { from: 'not-a-sender!' }, { kind: 'rejected', status: 400, code: 21212 }],
    ['a malformed service sid', { from: '', messagingServiceSid: 'MGbad' }, { kind: 'rejected', status: 400, code: 21705 }],
  ] as const)('fails cleanly with %s', async (_name, o, expected) => {
    const e = await failure(sender(o).send({ to: '+14155550123', body: 'x' }));
    expect(e).toMatchObject({ ...expected, retryable: false });
    expect(sink.messages()).toEqual([]);
  });

  it.each([
    ['an empty body', '', 21602],
    ['a body over 1600 characters', 'a'.repeat(1601), 21617],
  ])('passes on Twilio’s refusal of %s', async (_name, body, code) => {
    const e = await failure(sender().send({ to: '+14155550123', body }));
    expect(e).toMatchObject({ kind: 'rejected', status: 400, code });
  });

  it('masks the number Twilio quotes back in its error', async () => {
    const e = await failure(sender({ from: '+15555555555' }).send({ to: '+14155550123', body: 'x' }));
    expect(e.message).toContain("The 'From' number +1******5555 is not a valid phone number");
    expect(e.message).not.toContain('5555555555');
  });
});
