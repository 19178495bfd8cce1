// A local stand-in for Twilio's Messages API: where confirmation texts go when no Twilio account is set up, and
// where tests and demos read them back. It checks requests as Twilio does and answers in Twilio's shapes, so
// TwilioSmsSender works against it unchanged. It stays whole past 300 lines: Twilio's shapes, checks and routes are
// one contract, and splitting them would scatter it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyError, CALCOM_BODY_LIMIT_BYTES, readBodyBytes } from '../http/body.js';
import { bearerMatches, hostAllowed, hostRefusal } from '../http/host-guard.js';
import { answerClientErrors, serverOptions, type HttpLimits } from '../http/server-limits.js';
import { requestUrl } from '../http/url.js';
import { toE164 } from './phone.js';
import { smsSize } from './segments.js';

/** A message as Twilio's API renders it (counts are strings there too). */
export interface SinkMessage {
  sid: string;
  account_sid: string;
  api_version: '2010-04-01';
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  /** Twilio says "accepted" when only a Messaging Service was given: the service picks the sender later. */
  status: 'queued' | 'accepted';
  direction: 'outbound-api';
  num_segments: string;
  num_media: '0';
  price: null;
  price_unit: 'USD';
  error_code: null;
  error_message: null;
  /** RFC 2822, as Twilio writes dates: "Tue, 24 Nov 2026 08:00:00 +0000". */
  date_created: string;
  date_updated: string;
  date_sent: null;
  uri: string;
  subresource_uris: { media: string };
}

export interface SmsSinkOptions {
  /** Default: any free port. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /** Default: a random "AC…" sid. */
  accountSid?: string;
  /** Default: random. */
  authToken?: string;
  /** When set, /_sink/messages needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** Largest request body in bytes; default 100 kB (a text is at most 1,600 characters). */
  maxBodyBytes?: number;
  /** Header size and slow-client timeouts. */
  limits?: HttpLimits;
}

export interface SmsSink {
  /** Use as TwilioSmsSender's baseUrl. */
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  /** Accepted texts, oldest first. */
  messages(): SinkMessage[];
  clear(): void;
  close(): Promise<void>;
}

interface SinkState {
  accountSid: string;
  authToken: string;
  adminToken: string | undefined;
  messages: SinkMessage[];
}

interface SinkRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  form: URLSearchParams;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const API_VERSION = '2010-04-01';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MAX_BODY_CHARS = 1600;

/**
 * Twilio's error shape. Codes follow Twilio's 20xxx-is-HTTP-xxx convention (20003, 20004, 20404); 20400, 20403,
 * 20408, 20413, 20415 and 20431 are the sink's own for refusals Twilio's API documents no code for.
 */
function twilioError(status: number, code: number, message: string): Reply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** Hashing first makes the lengths equal, which timingSafeEqual needs, and hides the secret's length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Malformed percent-encoding cannot name our account, so it reads as a mismatch rather than a crash. */
function decodedSid(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function authorised(state: SinkState, req: SinkRequest, pathSid: string): boolean {
  const creds = basicCredentials(req.authorization);
  if (creds === undefined || creds.user !== state.accountSid || decodedSid(pathSid) !== state.accountSid) return false;
  return sameSecret(creds.password, state.authToken);
}

/** A number, a 5-6 digit short code, or an alphanumeric sender ID (up to 11 characters, at least one letter). */
function isSender(from: string): boolean {
  return toE164(from) === from || /^\d{5,6}$/.test(from) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(from);
}

/** Twilio's checks and codes (the order among them is ours: Twilio documents none); undefined when acceptable. */
function creationError(form: URLSearchParams): Reply | undefined {
  const to = form.get('To') ?? '';
  const from = form.get('From') ?? '';
  const service = form.get('MessagingServiceSid') ?? '';
  const body = form.get('Body') ?? '';
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!from && !service) return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  if (!body) return twilioError(400, 21602, 'Message body is required.');
  if ([...body].length > MAX_BODY_CHARS) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (toE164(to) !== to) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (from && !isSender(from)) {
    return twilioError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
  }
  if (service && !/^MG[0-9a-f]{32}$/.test(service)) return twilioError(400, 21705, 'The Messaging Service is invalid.');
  return undefined;
}

/** Date.toUTCString is RFC 7231's form of RFC 2822; Twilio writes the zone as "+0000" rather than "GMT". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function newMessage(accountSid: string, form: URLSearchParams, now: Date): SinkMessage {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const base = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}`;
  const body = form.get('Body') ?? '';
  const from = form.get('From') || null;
  return {
    sid,
    account_sid: accountSid,
    api_version: API_VERSION,
    to: form.get('To') ?? '',
    from,
    messaging_service_sid: form.get('MessagingServiceSid') || null,
    body,
    status: from ? 'queued' : 'accepted',
    direction: 'outbound-api',
    num_segments: String(smsSize(body).segments),
    num_media: '0',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    date_created: rfc2822(now),
    date_updated: rfc2822(now),
    date_sent: null,
    uri: `${base}.json`,
    subresource_uris: { media: `${base}/Media.json` },
  };
}

function intParam(raw: string | null, fallback: number, min: number, max: number): number {
  const n = Number(raw);
  return raw === null || !Number.isInteger(n) ? fallback : Math.min(max, Math.max(min, n));
}

/** Twilio's list page: newest first, with its paging fields (Page and PageSize are honoured). */
function listPage(all: SinkMessage[], path: string, query: URLSearchParams): Reply {
  const pageSize = intParam(query.get('PageSize'), 50, 1, 1000);
  const page = intParam(query.get('Page'), 0, 0, Number.MAX_SAFE_INTEGER);
  const start = page * pageSize;
  const messages = [...all].reverse().slice(start, start + pageSize);
  const uri = (p: number) => `${path}?PageSize=${pageSize}&Page=${p}`;
  return {
    status: 200,
    body: {
      messages,
      page,
      page_size: pageSize,
      start,
      end: Math.max(start, start + messages.length - 1),
      uri: uri(page),
      first_page_uri: uri(0),
      next_page_uri: start + pageSize < all.length ? uri(page + 1) : null,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
    },
  };
}

/** The sink's own view for tests and users, oldest first: open on loopback unless an admin token is set. */
function sinkRoute(state: SinkState, req: SinkRequest): Reply {
  if (state.adminToken !== undefined && !bearerMatches(req.authorization, state.adminToken))
    return twilioError(401, 20003, 'The sink\'s /_sink routes need "Authorization: Bearer <admin token>" (the --admin-token it was started with)');
  const { method } = req;
  if (method === 'GET') return { status: 200, body: { messages: state.messages } };
  if (method === 'DELETE') {
    state.messages.length = 0;
    return { status: 204 };
  }
  return twilioError(405, 20004, 'Method not allowed');
}

function route(state: SinkState, req: SinkRequest, now: Date): Reply {
  if (req.path === '/_sink/messages') return sinkRoute(state, req);
  const pathSid = MESSAGES_PATH.exec(req.path)?.[1];
  if (pathSid === undefined) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
  if (!authorised(state, req, pathSid)) {
    return { ...twilioError(401, 20003, 'Authenticate'), headers: { 'www-authenticate': 'Basic realm="Twilio API"' } };
  }
  if (req.method === 'GET') return listPage(state.messages, req.path, req.query);
  if (req.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');
  const invalid = creationError(req.form);
  if (invalid) return invalid;
  const message = newMessage(state.accountSid, req.form, now);
  state.messages.push(message);
  return { status: 201, body: message };
}

/** Like Twilio, only a form body carries parameters: a JSON body reads as "no To given". */
async function readForm(req: IncomingMessage, maxBytes: number): Promise<URLSearchParams> {
  const bytes = await readBodyBytes(req, maxBytes);
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
  return new URLSearchParams(isForm ? bytes.toString('utf8') : '');
}

interface Listening {
  host: string;
  port: number;
  maxBodyBytes: number;
}

async function answer(state: SinkState, req: IncomingMessage, at: Listening): Promise<Reply> {
  // A DNS-rebinding page reaches a loopback server under its own domain name, with the documented default credentials.
  if (!hostAllowed(req.headers.host, at.host, at.port)) return twilioError(403, 20403, hostRefusal(req.headers.host, at.port));
  const url = requestUrl(req);
  let form: URLSearchParams;
  try {
    form = await readForm(req, at.maxBodyBytes);
  } catch (e) {
    if (e instanceof BodyError) return twilioError(e.status, 20000 + e.status, e.message);
    throw e;
  }
  const request: SinkRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, form };
  return route(state, request, new Date());
}

/** Serialised before the head is written, so nothing can fail between the two. */
function send(res: ServerResponse, reply: Reply): void {
  const json = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  if (res.headersSent) return void res.destroy();
  res.writeHead(reply.status, { ...(json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...reply.headers });
  res.end(json);
}

export async function startSmsSink(opts: SmsSinkOptions = {}): Promise<SmsSink> {
  const state: SinkState = {
    accountSid: opts.accountSid ?? `AC${randomBytes(16).toString('hex')}`,
    authToken: opts.authToken ?? randomBytes(16).toString('hex'),
    adminToken: opts.adminToken,
    messages: [],
  };
  const at: Listening = { host: opts.host ?? '127.0.0.1', port: 0, maxBodyBytes: opts.maxBodyBytes ?? CALCOM_BODY_LIMIT_BYTES };
  const server = createServer(serverOptions(opts.limits), (req, res) => {
    answer(state, req, at).then(
      (reply) => send(res, reply),
      // A client that hangs up mid-request leaves nothing to answer.
      () => res.destroy(),
    );
  });
  answerClientErrors(server, (status, message) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(twilioError(status, 20000 + status, message).body),
  }));
  const { host } = at;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  at.port = port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    accountSid: state.accountSid,
    authToken: state.authToken,
    messages: () => state.messages.map((m) => ({ ...m, subresource_uris: { ...m.subresource_uris } })),
    clear: () => {
      state.messages.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
