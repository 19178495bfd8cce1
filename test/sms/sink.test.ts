// The SMS sink over HTTP, as any Twilio client would see it: auth, validation, resource shapes, listing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmsSink, type SinkMessage, type SmsSink } from '../../src/sms/sink.js';

const TO = '+14155550123';
const FROM = '+15005550006';
const MG = 'MG0123456789abcdef0123456789abcdef';
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

let sink: SmsSink;
beforeAll(async () => {
  sink = await startSmsSink();
});
afterAll(async () => sink.close());
beforeEach(() => sink.clear());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const messagesPath = (sid = sink.accountSid) => `/2010-04-01/Accounts/${sid}/Messages.json`;

async function call(
  method: string,
  path: string,
  o: { form?: Record<string, string>; auth?: string | null; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = {};
  const auth = o.auth === undefined ? basic(sink.accountSid, sink.authToken) : o.auth;
  if (auth !== null) headers.authorization = auth;
  let body = o.body;
  if (o.form) {
    body = new URLSearchParams(o.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (o.contentType) headers['content-type'] = o.contentType;
  const res = await fetch(sink.url + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const send = (form: Record<string, string>, auth?: string | null) => call('POST', messagesPath(), { form, ...(auth === undefined ? {} : { auth }) });

function twilioError(status: number, code: number) {
  return { code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

describe('startSmsSink', () => {
  it('makes up Twilio-shaped credentials unless given some', () => {
    expect(sink.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(sink.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('uses the credentials and port it is given, and stops answering once closed', async () => {
    const own = await startSmsSink({ accountSid: 'ACmine', authToken: 'tok', host: '127.0.0.1' });
    const port = Number(new URL(own.url).port);
    await own.close();
    const again = await startSmsSink({ accountSid: 'ACmine', authToken: 'tok', port });
    try {
      expect(again).toMatchObject({ accountSid: 'ACmine', authToken: 'tok', url: `http://127.0.0.1:${port}` });
      const res = await fetch(`${again.url}/2010-04-01/Accounts/ACmine/Messages.json`, { headers: { authorization: basic('ACmine', 'tok') } });
      expect(res.status).toBe(200);
    } finally {
      await again.close();
    }
    await expect(fetch(`${again.url}/_sink/messages`)).rejects.toThrow();
  });
});

describe('POST Messages.json', () => {
  it('answers 201 with a Twilio message resource and keeps the message', async () => {
    const before = Date.now();
    const res = await send({ To: TO, From: FROM, Body: 'Hello there' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const m = res.json as SinkMessage;
    expect(m).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      account_sid: sink.accountSid,
      api_version: '2010-04-01',
      to: TO,
      from: FROM,
      messaging_service_sid: null,
      body: 'Hello there',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: expect.stringMatching(RFC_2822),
      date_updated: m.date_created,
      date_sent: null,
      uri: `/2010-04-01/Accounts/${sink.accountSid}/Messages/${m.sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${sink.accountSid}/Messages/${m.sid}/Media.json` },
    });
    expect(Date.parse(m.date_created)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(sink.messages()).toEqual([m]);
  });

  it('gives every message its own sid', async () => {
    const a = await send({ To: TO, From: FROM, Body: 'a' });
    const b = await send({ To: TO, From: FROM, Body: 'b' });
    expect(a.json.sid).not.toBe(b.json.sid);
  });

  it('accepts a Messaging Service instead of a number, as status "accepted" with no from yet', async () => {
    const res = await send({ To: TO, MessagingServiceSid: MG, Body: 'x' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ from: null, messaging_service_sid: MG, status: 'accepted' });
  });

  it.each([
    ['CalBooking', 201],
    ['Cal Booking', 201],
    ['12345', 201],
    ['123456', 201],
    ['TooLongSender1', 400],
    ['12345678', 400],
    ['+1555', 400],
    ['cal-booking', 400],
  ])('sender %j → %i', async (from, status) => {
    const res = await send({ To: TO, From: from, Body: 'x' });
    expect(res.status).toBe(status);
    if (status === 400) expect(res.json).toEqual(twilioError(400, 21212));
  });

  it.each([
    ['a', '1'],
    ['a'.repeat(160), '1'],
    ['a'.repeat(161), '2'],
    ['ç'.repeat(71), '2'],
    ['a'.repeat(1600), '11'],
  ])('counts segments (%#)', async (body, segments) => {
    expect((await send({ To: TO, From: FROM, Body: body })).json.num_segments).toBe(segments);
  });

  describe('validation, in Twilio’s codes', () => {
    it.each([
      ['no To', { From: FROM, Body: 'x' }, 21604],
      ['an empty To', { To: '', From: FROM, Body: 'x' }, 21604],
      ['no From or MessagingServiceSid', { To: TO, Body: 'x' }, 21603],
      ['no Body', { To: TO, From: FROM }, 21602],
      ['an empty Body', { To: TO, From: FROM, Body: '' }, 21602],
      ['a Body over 1600 characters', { To: TO, From: FROM, Body: 'a'.repeat(1601) }, 21617],
      ['a national To', { To: '4155550123', From: FROM, Body: 'x' }, 21211],
      ['a formatted To', { To: '+1 415 555 0123', From: FROM, Body: 'x' }, 21211],
      ['a SIP URI as To', { To: `sip:${TO}@pbx`, From: FROM, Body: 'x' }, 21211],
      ['an impossible To', { To: '+1555', From: FROM, Body: 'x' }, 21211],
      ['a malformed MessagingServiceSid', { To: TO, MessagingServiceSid: 'MGnope', Body: 'x' }, 21705],
    ])('rejects %s', async (_name, form, code) => {
      const res = await send(form as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.json).toEqual(twilioError(400, code));
      expect(sink.messages()).toEqual([]);
    });

    it('quotes the bad number back, as Twilio does', async () => {
      const res = await send({ To: '4155550123', From: FROM, Body: 'x' });
      expect(res.json.message).toBe("The 'To' number 4155550123 is not a valid phone number.");
    });

    it('reads parameters only from a form body, so JSON reads as "no To"', async () => {
      const res = await call('POST', messagesPath(), { body: JSON.stringify({ To: TO, From: FROM, Body: 'x' }), contentType: 'application/json' });
      expect(res.json).toEqual(twilioError(400, 21604));
    });

    it('accepts a form content type with a charset', async () => {
      const res = await call('POST', messagesPath(), {
        body: new URLSearchParams({ To: TO, From: FROM, Body: 'x' }).toString(),
        contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      });
      expect(res.status).toBe(201);
    });

    it('accepts exactly 1600 characters', async () => {
      expect((await send({ To: TO, From: FROM, Body: '€'.repeat(1600) })).status).toBe(201);
    });
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', null],
      ['a wrong token', basic('x', 'y')],
      ['the right sid with a wrong token', () => basic(sink.accountSid, `${sink.authToken}x`)],
      ['a wrong sid with the right token', () => basic('ACother', sink.authToken)],
      ['a token prefix', () => basic(sink.accountSid, sink.authToken.slice(0, 10))],
      ['a Bearer token', () => `Bearer ${sink.authToken}`],
      ['Basic without a colon', () => `Basic ${Buffer.from(sink.accountSid).toString('base64')}`],
      ['garbage', 'Basic !!!'],
    ])('401 20003 for %s, and nothing is kept', async (_name, auth) => {
      const header = typeof auth === 'function' ? auth() : auth;
      const res = await send({ To: TO, From: FROM, Body: 'x' }, header);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
      expect(sink.messages()).toEqual([]);
    });

    it("401 for another account's path, even with valid credentials", async () => {
      const res = await call('POST', messagesPath('ACffffffffffffffffffffffffffffffff'), { form: { To: TO, From: FROM, Body: 'x' } });
      expect(res.status).toBe(401);
    });

    it('401 for a malformed account in the path', async () => {
      const res = await call('POST', '/2010-04-01/Accounts/%E0%A4%A/Messages.json', { form: { To: TO, From: FROM, Body: 'x' } });
      expect(res.status).toBe(401);
    });

    it('checks credentials before validating the message', async () => {
      expect((await send({}, basic('x', 'y'))).status).toBe(401);
    });

    it('accepts a lower-case scheme', async () => {
      const res = await send({ To: TO, From: FROM, Body: 'x' }, basic(sink.accountSid, sink.authToken).replace('Basic', 'basic'));
      expect(res.status).toBe(201);
    });
  });
});

describe('GET Messages.json', () => {
  it("lists in Twilio's page shape, newest first", async () => {
    for (const body of ['first', 'second', 'third']) await send({ To: TO, From: FROM, Body: body });
    const res = await call('GET', messagesPath());
    expect(res.status).toBe(200);
    expect(res.json.messages.map((m: SinkMessage) => m.body)).toEqual(['third', 'second', 'first']);
    expect(res.json).toMatchObject({
      page: 0,
      page_size: 50,
      start: 0,
      end: 2,
      first_page_uri: `${messagesPath()}?PageSize=50&Page=0`,
      uri: `${messagesPath()}?PageSize=50&Page=0`,
      next_page_uri: null,
      previous_page_uri: null,
    });
  });

  it('pages with PageSize and Page', async () => {
    for (const body of ['1', '2', '3', '4', '5']) await send({ To: TO, From: FROM, Body: body });
    const first = await call('GET', `${messagesPath()}?PageSize=2`);
    expect(first.json.messages.map((m: SinkMessage) => m.body)).toEqual(['5', '4']);
    expect(first.json.next_page_uri).toBe(`${messagesPath()}?PageSize=2&Page=1`);
    const last = await call('GET', `${messagesPath()}?PageSize=2&Page=2`);
    expect(last.json).toMatchObject({ page: 2, start: 4, end: 4, next_page_uri: null, previous_page_uri: `${messagesPath()}?PageSize=2&Page=1` });
    expect(last.json.messages.map((m: SinkMessage) => m.body)).toEqual(['1']);
  });

  it('answers an empty page when there is nothing', async () => {
    const res = await call('GET', messagesPath());
    expect(res.json).toMatchObject({ messages: [], start: 0, end: 0, next_page_uri: null });
  });

  it('needs credentials too', async () => {
    expect((await call('GET', messagesPath(), { auth: null })).status).toBe(401);
  });
});

describe('the sink’s own endpoints', () => {
  it('GET /_sink/messages lists oldest first, without credentials', async () => {
    await send({ To: TO, From: FROM, Body: 'one' });
    await send({ To: TO, From: FROM, Body: 'two' });
    const res = await call('GET', '/_sink/messages', { auth: null });
    expect(res.status).toBe(200);
    expect(res.json.messages.map((m: SinkMessage) => m.body)).toEqual(['one', 'two']);
  });

  it('DELETE /_sink/messages clears them', async () => {
    await send({ To: TO, From: FROM, Body: 'one' });
    const res = await call('DELETE', '/_sink/messages', { auth: null });
    expect(res.status).toBe(204);
    expect(sink.messages()).toEqual([]);
  });

  it('messages() hands out copies', async () => {
    await send({ To: TO, From: FROM, Body: 'one' });
    const copy = sink.messages();
    copy[0]!.body = 'changed';
    copy.pop();
    expect(sink.messages()[0]!.body).toBe('one');
  });

  it('clear() empties the store', async () => {
    await send({ To: TO, From: FROM, Body: 'one' });
    sink.clear();
    expect(sink.messages()).toEqual([]);
  });
});

describe('other routes', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/2010-04-01/Accounts/x/Calls.json'],
    ['POST', '/2010-04-01/Accounts/x/Messages'],
    ['GET', '/_sink'],
  ])('%s %s → 404 20404', async (method, path) => {
    const res = await call(method, path);
    expect(res.status).toBe(404);
    expect(res.json).toEqual(twilioError(404, 20404));
  });

  it.each([
    ['PUT', () => messagesPath()],
    ['DELETE', () => messagesPath()],
    ['POST', () => '/_sink/messages'],
  ])('%s on a known path → 405 20004', async (method, path) => {
    const res = await call(method, path());
    expect(res.status).toBe(405);
    expect(res.json).toEqual(twilioError(405, 20004));
  });
});
