// Sends texts through Twilio's Messages API, or anything that speaks it, such as the local sink (sink.ts).
import type { Logger } from 'pino';
import { request } from 'undici';
import { z } from 'zod/v4';
import { redactPhone, toE164 } from './phone.js';
import { SmsError, type SmsMessage, type SmsSender } from './sender.js';

export interface TwilioSmsOptions {
  /** Default: TWILIO_ACCOUNT_SID. */
  accountSid?: string;
  /** Default: TWILIO_AUTH_TOKEN. */
  authToken?: string;
  /** A Twilio number or alphanumeric sender ID. Default: TWILIO_FROM_NUMBER. */
  from?: string;
  /** Default: TWILIO_MESSAGING_SERVICE_SID. Given with `from`, Twilio sends from that number of the service's pool. */
  messagingServiceSid?: string;
  /** Default: TWILIO_API_URL, else https://api.twilio.com. */
  baseUrl?: string;
  /** For the whole exchange; default 10000. */
  timeoutMs?: number;
  /** Lines carry the masked recipient, message sid, status and duration: never the body, the token or the number. */
  logger?: Logger;
}

interface Settings {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  baseUrl: string;
  timeoutMs: number;
}

const DEFAULT_BASE_URL = 'https://api.twilio.com';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Failures before a connection existed: no byte reached Twilio, so sending again cannot duplicate the text. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const UNCERTAIN = 'The text may or may not have been sent, so it was not retried.';

const MessageResource = z.object({ sid: z.string().min(1), status: z.string() });
const TwilioErrorBody = z.object({ code: z.number(), message: z.string(), more_info: z.string().optional() });
type TwilioErrorBody = z.infer<typeof TwilioErrorBody>;

const configError = (message: string) => new SmsError(message, { kind: 'config' });

/** An option, else its environment variable; blank counts as unset, as an empty line in a .env file means. */
function setting(option: string | undefined, envName: string): string | undefined {
  const value = (option ?? process.env[envName])?.trim();
  return value ? value : undefined;
}

function resolveSettings(o: TwilioSmsOptions): Settings {
  const accountSid = setting(o.accountSid, 'TWILIO_ACCOUNT_SID');
  const authToken = setting(o.authToken, 'TWILIO_AUTH_TOKEN');
  if (!accountSid || !authToken) {
    const missing = [accountSid ? undefined : 'TWILIO_ACCOUNT_SID', authToken ? undefined : 'TWILIO_AUTH_TOKEN'];
    throw configError(
      `Twilio credentials are missing: set ${missing.filter(Boolean).join(' and ')} (or pass accountSid and authToken). ` +
        'Both are on the Twilio Console dashboard.',
    );
  }
  const from = setting(o.from, 'TWILIO_FROM_NUMBER');
  const messagingServiceSid = setting(o.messagingServiceSid, 'TWILIO_MESSAGING_SERVICE_SID');
  if (!from && !messagingServiceSid) {
    throw configError('No Twilio sender: set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID (or pass from or messagingServiceSid).');
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw configError('timeoutMs must be a positive number of milliseconds.');
  return {
    accountSid,
    authToken,
    ...(from ? { from } : {}),
    ...(messagingServiceSid ? { messagingServiceSid } : {}),
    baseUrl: baseUrl(setting(o.baseUrl, 'TWILIO_API_URL') ?? DEFAULT_BASE_URL),
    timeoutMs,
  };
}

/** The URL itself stays out of the message: one with user:password@ in it would leak them. */
function baseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError('The Twilio base URL (baseUrl or TWILIO_API_URL) is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('The Twilio base URL (baseUrl or TWILIO_API_URL) must start with https:// or http://.');
  }
  return raw.replace(/\/+$/, '');
}

function formBody(s: Settings, to: string, body: string): string {
  const form = new URLSearchParams({ To: to, Body: body });
  if (s.from) form.set('From', s.from);
  if (s.messagingServiceSid) form.set('MessagingServiceSid', s.messagingServiceSid);
  return form.toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'connection failed';
}

/** '(HTTP 400, error 21211). Twilio said: "…" (https://www.twilio.com/docs/errors/21211).' */
function describeReply(status: number, err: TwilioErrorBody | undefined): string {
  if (!err) return `(HTTP ${status}).`;
  const more = err.more_info ? ` (${err.more_info})` : '';
  return `(HTTP ${status}, error ${err.code}). Twilio said: "${err.message}"${more}.`;
}

function errorFromReply(status: number, err: TwilioErrorBody | undefined): SmsError {
  const init = { status, ...(err ? { code: err.code } : {}) };
  const reply = describeReply(status, err);
  if (status === 401 || status === 403) {
    return new SmsError(`Twilio did not accept the credentials ${reply} Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.`, {
      ...init,
      kind: 'auth',
    });
  }
  if (status === 429) {
    return new SmsError(`Twilio is limiting the request rate ${reply} Nothing was sent; try again later.`, {
      ...init,
      kind: 'rate-limited',
      retryable: true,
    });
  }
  if (status >= 500) return new SmsError(`Twilio failed ${reply} ${UNCERTAIN}`, { ...init, kind: 'server' });
  return new SmsError(`Twilio refused the text ${reply}`, { ...init, kind: 'rejected' });
}

/**
 * A Twilio SMS sender. One send is one POST and is never repeated: Twilio has no idempotency key for messages,
 * so after a timeout or a dropped connection a second POST could text the caller twice. `SmsError.retryable`
 * tells the caller when trying again is safe.
 */
export class TwilioSmsSender implements SmsSender {
  readonly #s: Settings;
  readonly #logger: Logger | undefined;
  readonly #authorization: string;
  readonly #scrub: (text: string) => string;

  /** Throws an SmsError (kind "config") when credentials or a sender are missing. */
  constructor(options: TwilioSmsOptions = {}) {
    this.#s = resolveSettings(options);
    this.#logger = options.logger;
    const basic = Buffer.from(`${this.#s.accountSid}:${this.#s.authToken}`).toString('base64');
    this.#authorization = `Basic ${basic}`;
    // Server text passes through here before it reaches a message or a log: Twilio quotes numbers back, and a
    // misbehaving proxy might echo the Authorization header.
    this.#scrub = (text) =>
      text
        .replaceAll(this.#s.authToken, '[redacted]')
        .replaceAll(basic, '[redacted]')
        .replace(/\+\d{6,15}/g, (n) => redactPhone(n));
  }

  async send(msg: SmsMessage, o: { signal?: AbortSignal } = {}): Promise<{ id: string }> {
    const to = toE164(msg.to);
    if (!to) {
      throw new SmsError('The recipient is not a phone number a text can go to (expected E.164, such as +14155552671).', {
        kind: 'recipient',
      });
    }
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const message = await this.#post(to, msg.body, o.signal);
      this.#logger?.info({ to: redactPhone(to), sid: message.sid, status: message.status, durationMs: durationMs() }, 'sms sent');
      return { id: message.sid };
    } catch (error) {
      const e = error as SmsError;
      this.#logger?.warn(
        { to: redactPhone(to), kind: e.kind, httpStatus: e.status, code: e.code, durationMs: durationMs(), reason: e.message },
        'sms failed',
      );
      throw error;
    }
  }

  async #post(to: string, body: string, callerSignal: AbortSignal | undefined): Promise<z.infer<typeof MessageResource>> {
    const s = this.#s;
    const url = `${s.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}/Messages.json`;
    const timeout = AbortSignal.timeout(s.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: {
          authorization: this.#authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: formBody(s, to, body),
        signal,
      });
      status = response.statusCode;
      text = this.#scrub(await response.body.text());
    } catch (cause) {
      throw this.#transportError(cause, callerSignal, timeout);
    }
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const message = MessageResource.safeParse(json);
      if (message.success) return message.data;
      throw new SmsError(`Twilio answered HTTP ${status} without a message resource. ${UNCERTAIN}`, { kind: 'server', status });
    }
    const err = TwilioErrorBody.safeParse(json);
    throw errorFromReply(status, err.success ? err.data : undefined);
  }

  #transportError(cause: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): SmsError {
    if (callerSignal?.aborted) return new SmsError('Sending the text was cancelled; it may or may not have been sent.', { kind: 'aborted' });
    if (timeout.aborted) return new SmsError(`Twilio did not answer within ${this.#s.timeoutMs} ms. ${UNCERTAIN}`, { kind: 'timeout' });
    const code = this.#scrub(errorCode(cause));
    const host = new URL(this.#s.baseUrl).host;
    if (NOT_CONNECTED.has(code)) {
      return new SmsError(`Could not reach Twilio at ${host} (${code}); nothing was sent.`, { kind: 'network', retryable: true, cause });
    }
    return new SmsError(`The connection to Twilio at ${host} failed (${code}). ${UNCERTAIN}`, { kind: 'network', cause });
  }
}

/** The Twilio variables that configure a sender; any one set means the user meant to send texts. */
export const TWILIO_ENV = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_MESSAGING_SERVICE_SID'] as const;

/**
 * A Twilio sender from the environment, or undefined when no TWILIO_* variable is set (no texts: the caller gets
 * the email only). Half a configuration throws the sender's own message naming what is missing, at start-up
 * rather than on the first booked call.
 */
export function smsSenderFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TwilioSmsSender | undefined {
  if (!TWILIO_ENV.some((name) => env[name]?.trim())) return undefined;
  return new TwilioSmsSender({
    accountSid: env['TWILIO_ACCOUNT_SID'] ?? '',
    authToken: env['TWILIO_AUTH_TOKEN'] ?? '',
    ...(env['TWILIO_FROM_NUMBER']?.trim() ? { from: env['TWILIO_FROM_NUMBER'] } : {}),
    ...(env['TWILIO_MESSAGING_SERVICE_SID']?.trim() ? { messagingServiceSid: env['TWILIO_MESSAGING_SERVICE_SID'] } : {}),
    ...(env['TWILIO_API_URL']?.trim() ? { baseUrl: env['TWILIO_API_URL'] } : {}),
  });
}
