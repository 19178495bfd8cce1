// The promises the scheduling script makes when booking by voice cannot go on: a text with the event type's public
// booking page, and a callback request recorded where the team sees it (a text to the team, a signed webhook).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import pRetry, { AbortError } from 'p-retry';
import { Temporal } from 'temporal-polyfill';
import { redactPhone, toE164 } from '../sms/phone.js';
import type { SmsSender } from '../sms/sender.js';
import { ConfigError } from './config.js';
import type { CallContext } from './call-context.js';
import type { ResolvedAction } from './resolve.js';

/** The environment variable holding the callback webhook's signing secret. */
export const WEBHOOK_SECRET_ENV = 'CALLBACK_WEBHOOK_SECRET';
export const SIGNATURE_HEADER = 'x-cal-booking-signature';
export const TIMESTAMP_HEADER = 'x-cal-booking-timestamp';

/** The webhook's JSON body (documented in README.md, "Fallbacks"). */
export interface CallbackRequest {
  type: 'callback_request';
  /** Stable across retries: a receiver drops repeats by it. */
  id: string;
  requestedAt: string;
  callId: string;
  action: { eventTypeId: number; title: string };
  caller: { phone: string | null; name: string | null };
  /** What the caller wanted, in a sentence. */
  wanted: string;
  /** When they would like the call, in their words. */
  preferredTime: string | null;
}

/**
 * The Cal.com web host for an API base URL: api.cal.com/v2 → https://cal.com, api.cal.eu → https://cal.eu; a
 * self-hosted or sandbox API is served by its own host. CALCOM_WEB_URL overrides.
 */
export function webHost(apiBaseUrl: string, override = process.env.CALCOM_WEB_URL): string {
  if (override?.trim()) return override.trim().replace(/\/+$/, '');
  const u = new URL(apiBaseUrl);
  const host = u.host.replace(/^api\./, '');
  return `${u.protocol}//${host}`;
}

/** HMAC-SHA256 over `${timestamp}.${body}`, hex, as sent in x-cal-booking-signature ("sha256=…"). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver checks on each delivery: the signature over its raw body, and a timestamp within
 * `toleranceSeconds` (default 300) of now, so a captured request cannot be replayed later.
 */
export function verifyWebhook(
  secret: string,
  d: { timestamp: string | null | undefined; signature: string | null | undefined; body: string },
  o: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  if (!d.timestamp || !d.signature || !/^\d+$/.test(d.timestamp)) return false;
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(d.timestamp)) > (o.toleranceSeconds ?? 300)) return false;
  const want = Buffer.from(signWebhook(secret, d.timestamp, d.body));
  const got = Buffer.from(d.signature);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A callback can be recorded: by webhook, or by a text to the team when texts can be sent. */
export function canRecordCallback(c: { smsTo?: string | undefined; webhookUrl?: string | undefined } | undefined, canText: boolean): boolean {
  return !!c?.webhookUrl || (!!c?.smsTo && canText);
}

export type LinkResult =
  | { status: 'sent'; url: string; next: string }
  | { status: 'disabled' | 'no_phone' | 'unavailable' | 'failed'; next: string };

export type CallbackResult =
  | { status: 'recorded'; via: Array<'sms' | 'webhook'>; next: string }
  | { status: 'not_configured' | 'failed'; next: string };

export interface FallbackOptions {
  action: ResolvedAction;
  call: CallContext;
  /** The Cal.com API base URL (with /v2); the booking page lives on its web host. */
  apiBaseUrl: string;
  sms?: SmsSender;
  now?: () => Temporal.Instant;
  logger?: Logger;
  /** Default: process.env.CALLBACK_WEBHOOK_SECRET; required when a webhook URL is configured. */
  webhookSecret?: string;
  /** Per delivery attempt (default 5 s) and attempts in all (default 3). */
  webhookTimeoutMs?: number;
  webhookAttempts?: number;
}

/**
 * What the script may promise when booking by voice can't go on: the booking-link text needs the action's
 * `bookingLink`, a public booking page and a way to text; a callback needs `callback` configured, and a team text alone needs a way to text. The tools exist
 * exactly when these are true (src/agent/manage-tools.ts).
 */
export function fallbackOffers(action: ResolvedAction, sms: SmsSender | undefined): { bookingLink: boolean; callback: boolean } {
  const c = action.config;
  return { bookingLink: c.bookingLink && !!action.eventType.bookingPath && !!sms, callback: canRecordCallback(c.callback, !!sms) };
}

export class Fallbacks {
  readonly #o: FallbackOptions;
  readonly #secret: string | undefined;
  /** One link text per call: asked again, it says it was sent. */
  #linkSent: Promise<LinkResult> | null = null;
  #callback: Promise<CallbackResult> | null = null;

  constructor(o: FallbackOptions) {
    this.#o = o;
    this.#secret = (o.webhookSecret ?? process.env[WEBHOOK_SECRET_ENV])?.trim() || undefined;
    if (o.action.config.callback?.webhookUrl && !this.#secret)
      throw new ConfigError(`actions: "${o.action.displayName}" has callback.webhookUrl but ${WEBHOOK_SECRET_ENV} is not set; set it to the secret the receiver checks signatures with`);
  }

  /** What the script may promise: only what is configured, and can be carried out (a team text needs a sender). */
  get offers(): { bookingLink: boolean; callback: boolean } {
    return fallbackOffers(this.#o.action, this.#o.sms);
  }

  /**
   * Cal.com's own page link where it points off cal.com / cal.eu (an organisation's subdomain, a custom domain, a
   * self-hosted instance); otherwise the page's path on the API's web host, which is the same page on cal.com and
   * the sandbox's own page offline. CALCOM_WEB_URL overrides both.
   */
  bookingUrl(): string | undefined {
    const { bookingPath, bookingUrl } = this.#o.action.eventType;
    if (bookingUrl && !process.env.CALCOM_WEB_URL?.trim() && !/^https:\/\/(www\.)?cal\.(com|eu)\//.test(bookingUrl)) return bookingUrl;
    return bookingPath ? `${webHost(this.#o.apiBaseUrl)}/${bookingPath}` : undefined;
  }

  #phone(given?: string): string | undefined {
    const country = this.#o.action.config.locale.split('-')[1] as Parameters<typeof toE164>[1];
    for (const raw of [given, this.#o.call.callerPhone]) {
      const e = raw ? toE164(raw, country) : null;
      if (e) return e;
    }
    return undefined;
  }

  /** Texts the booking page once per call. Never throws. */
  sendBookingLink(input: { phone?: string } = {}): Promise<LinkResult> {
    this.#linkSent ??= this.#sendLink(input.phone);
    return this.#linkSent.then((r) => {
      if (r.status !== 'sent') this.#linkSent = null;
      return r;
    });
  }

  async #sendLink(given?: string): Promise<LinkResult> {
    const url = this.bookingUrl();
    if (!this.#o.action.config.bookingLink || !url) return { status: 'disabled', next: 'No booking link can be sent for this appointment. Offer a callback if the tools allow it.' };
    const to = this.#phone(given);
    if (!to) return { status: 'no_phone', next: 'Ask for a mobile number to text the link to, then call this tool again with it.' };
    if (!this.#o.sms) return { status: 'unavailable', next: 'Texts cannot be sent right now. Offer a callback if the tools allow it.' };
    try {
      await this.#o.sms.send({ to, body: `Book "${this.#o.action.eventType.title}" here: ${url}` });
      this.#o.logger?.info({ to: redactPhone(to) }, 'booking link SMS sent');
      return { status: 'sent', url, next: 'Say: "I\'ve texted you a link where you can pick a time yourself."' };
    } catch (err) {
      this.#o.logger?.warn({ to: redactPhone(to), reason: err instanceof Error ? err.message : String(err) }, 'booking link SMS failed');
      return { status: 'failed', next: 'The text could not be sent. Apologise, and offer a callback if the tools allow it.' };
    }
  }

  /** Records a callback request once per call: a text to the team and/or the signed webhook. Never throws. */
  requestCallback(input: { name?: string; wanted: string; preferredTime?: string; phone?: string }): Promise<CallbackResult> {
    this.#callback ??= this.#record(input);
    return this.#callback.then((r) => {
      if (r.status !== 'recorded') this.#callback = null;
      return r;
    });
  }

  async #record(input: { name?: string; wanted: string; preferredTime?: string; phone?: string }): Promise<CallbackResult> {
    const cfg = this.#o.action.config.callback;
    if (!cfg) return { status: 'not_configured', next: 'Callbacks are not offered here. Do not promise one; offer the booking link if the tools allow it.' };
    const phone = this.#phone(input.phone) ?? null;
    const request: CallbackRequest = {
      type: 'callback_request',
      id: randomUUID(),
      requestedAt: (this.#o.now?.() ?? Temporal.Now.instant()).toString(),
      callId: this.#o.call.callId,
      action: { eventTypeId: this.#o.action.eventType.id, title: this.#o.action.eventType.title },
      caller: { phone, name: input.name?.trim() || null },
      wanted: input.wanted.trim().slice(0, 500),
      preferredTime: input.preferredTime?.trim().slice(0, 200) || null,
    };
    const via: Array<'sms' | 'webhook'> = [];
    const [texted, posted] = await Promise.all([
      cfg.smsTo && this.#o.sms ? this.#textTeam(cfg.smsTo, request) : Promise.resolve(false),
      cfg.webhookUrl ? this.#post(cfg.webhookUrl, request) : Promise.resolve(false),
    ]);
    if (texted) via.push('sms');
    if (posted) via.push('webhook');
    if (via.length === 0) return { status: 'failed', next: 'The callback request could not be recorded. Apologise, and offer the booking link if the tools allow it.' };
    return { status: 'recorded', via, next: 'Say: "I\'ve passed that on; someone from the team will call you back."' + (phone ? '' : ' Ask for a number to call, as none is known.') };
  }

  async #textTeam(to: string, r: CallbackRequest): Promise<boolean> {
    const body = `Callback request: ${r.caller.name ?? 'a caller'} (${r.caller.phone ?? 'no number'}) about "${r.action.title}": ${r.wanted}${r.preferredTime ? `. Best time: ${r.preferredTime}` : ''}`;
    try {
      await this.#o.sms!.send({ to, body });
      return true;
    } catch (err) {
      this.#o.logger?.warn({ reason: err instanceof Error ? err.message : String(err) }, 'callback SMS to the team failed');
      return false;
    }
  }

  async #post(url: string, r: CallbackRequest): Promise<boolean> {
    const body = JSON.stringify(r);
    try {
      await pRetry(
        async () => {
          const timestamp = String(Math.floor(Date.now() / 1000));
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signWebhook(this.#secret!, timestamp, body) },
            body,
            signal: AbortSignal.timeout(this.#o.webhookTimeoutMs ?? 5_000),
          });
          await res.arrayBuffer().catch(() => undefined);
          // 4xx other than 408/429 will not get better by sending again.
          if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new AbortError(`webhook answered ${res.status}`);
          if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        },
        { retries: (this.#o.webhookAttempts ?? 3) - 1, minTimeout: 300, factor: 2 },
      );
      return true;
    } catch (err) {
      this.#o.logger?.warn({ reason: err instanceof Error ? err.message : String(err) }, 'callback webhook failed');
      return false;
    }
  }
}
