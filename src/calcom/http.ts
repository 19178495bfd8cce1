// Sends one Cal.com request: auth and version headers, per-attempt timeout, retries, error mapping, redacted logs.
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { Agent, type Dispatcher, request } from 'undici';
import type { z } from 'zod/v4';
import {
  CalComAbortError,
  type CalComError,
  type CalComErrorInit,
  CalComNetworkError,
  CalComRateLimitError,
  CalComResponseError,
  CalComTimeoutError,
  isCalComError,
} from './errors.js';
import { describeIssues } from './issues.js';
import { errorFromResponse } from './response-errors.js';

/** `cal-api-version` values per endpoint group; a wrong or missing one silently selects an older API. */
export const API_VERSIONS = {
  slots: '2024-09-04',
  bookings: '2024-08-13',
  eventTypes: '2024-06-14',
} as const;
export type ApiVersion = (typeof API_VERSIONS)[keyof typeof API_VERSIONS];

export interface HttpSettings {
  apiKey: string;
  /** No trailing slash; includes the `/v2` prefix. */
  baseUrl: string;
  maxRetries: number;
  maxRateLimitWaitMs: number;
  dispatcher: Dispatcher;
  logger?: Logger;
}

export interface CalComRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the base URL, already percent-encoded, e.g. "/bookings/abc". */
  path: string;
  query?: Record<string, string | number | undefined>;
  version?: ApiVersion;
  body?: unknown;
  schema: z.ZodType<T>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** For calls that change something: what to tell the caller when the answer is lost (see CalComErrorInit). */
  uncertainOutcome?: string;
}

export type Send = <T>(req: CalComRequest<T>) => Promise<T>;

let sharedAgent: Agent | undefined;

/**
 * One process-wide pool, so every client reuses warm TLS connections: a fresh handshake costs a caller on the
 * phone 100-300 ms. Idle sockets live 20 s (less if the server's Keep-Alive header says so), under the common
 * 60 s load-balancer idle limit, so we rarely write a booking onto a socket the far end has just closed.
 */
export function sharedDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({ keepAliveTimeout: 20_000, keepAliveMaxTimeout: 60_000 });
  return sharedAgent;
}

function queryString(query: CalComRequest<unknown>['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function networkReason(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return 'connection failed';
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : 'connection failed';
}

/**
 * Retries use p-retry rather than undici's RetryAgent: the decision depends on our own error classes (a POST is
 * retried on 429 but never on 5xx or a timeout), and a 429 must wait for Cal.com's reset, which p-retry's
 * async `onFailedAttempt` lets us do. Its jittered backoff (250 ms · 2^n, ×1-2) then spreads out callers who
 * all waited for the same reset.
 */
export function createSend(settings: HttpSettings): Send {
  const { apiKey, logger } = settings;
  // Server text (error bodies, echoed headers) passes through here before it can reach a message or a log.
  const scrub = (text: string) => text.replaceAll(apiKey, '[redacted]');
  const host = new URL(settings.baseUrl).host;

  return async function send<T>(req: CalComRequest<T>): Promise<T> {
    const idempotent = req.method !== 'POST';
    const base: CalComErrorInit = { endpoint: `${req.method} ${req.path}` };
    if (req.uncertainOutcome !== undefined) base.uncertainOutcome = req.uncertainOutcome;
    const url = settings.baseUrl + req.path + queryString(req.query);
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
    if (req.version) headers['cal-api-version'] = req.version;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['content-type'] = 'application/json';

    /** One round trip; transport failures (abort, timeout, network) come back as CalComErrors. */
    const exchange = async () => {
      const timeout = AbortSignal.timeout(req.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      try {
        const response = await request(url, { method: req.method, headers, body, signal, dispatcher: settings.dispatcher });
        // Reading the whole body, even on errors, returns the socket to the keep-alive pool.
        const text = scrub(await response.body.text());
        return { status: response.statusCode, headers: response.headers, text };
      } catch (cause) {
        if (req.signal?.aborted) throw new CalComAbortError({ ...base, cause: req.signal.reason });
        if (timeout.aborted) throw new CalComTimeoutError({ ...base, timeoutMs: req.timeoutMs, retryable: idempotent });
        const reason = scrub(networkReason(cause));
        throw new CalComNetworkError({ ...base, host, reason, retryable: idempotent, cause });
      }
    };

    /** The parsed data of a 2xx answer, or the error that any other answer means. */
    const interpret = (res: Awaited<ReturnType<typeof exchange>>): T => {
      if (res.status < 200 || res.status >= 300) {
        throw errorFromResponse({
          method: req.method,
          path: req.path,
          status: res.status,
          headers: res.headers,
          body: res.text,
          maxRateLimitWaitMs: settings.maxRateLimitWaitMs,
          ...(req.uncertainOutcome === undefined ? {} : { uncertainOutcome: req.uncertainOutcome }),
        });
      }
      const requestId = res.headers['x-request-id'];
      const init = { ...base, status: res.status, ...(typeof requestId === 'string' ? { requestId } : {}) };
      let json: unknown;
      try {
        json = res.text === '' ? undefined : JSON.parse(res.text);
      } catch {
        throw new CalComResponseError({ ...init, problem: 'the body is not JSON' });
      }
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) throw new CalComResponseError({ ...init, problem: describeIssues(parsed.error) });
      return parsed.data;
    };

    const attempt = async (attemptNumber: number): Promise<T> => {
      const started = performance.now();
      let status: number | undefined;
      try {
        const res = await exchange();
        status = res.status;
        const data = interpret(res);
        logger?.debug({ ...logFields(req, attemptNumber, started), status }, 'cal.com request');
        return data;
      } catch (error) {
        const { name, code } = error as CalComError;
        logger?.warn({ ...logFields(req, attemptNumber, started), status, error: name, code }, 'cal.com request failed');
        throw error;
      }
    };

    try {
      return await pRetry(attempt, {
        retries: settings.maxRetries,
        factor: 2,
        minTimeout: 250,
        maxTimeout: 4_000,
        randomize: true,
        signal: req.signal,
        shouldRetry: ({ error }) => isCalComError(error) && error.retryable,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (retriesLeft > 0 && error instanceof CalComRateLimitError && error.retryable && error.resetAt) {
            await sleep(Math.max(0, error.resetAt.getTime() - Date.now()), undefined, { signal: req.signal });
          }
        },
      });
    } catch (error) {
      // p-retry rejects with the signal's own reason when the caller aborts between attempts.
      if (!isCalComError(error) && req.signal?.aborted) {
        throw new CalComAbortError({ ...base, cause: req.signal.reason });
      }
      throw error;
    }
  };
}

/** Never headers, query strings or bodies: they carry the key, attendee emails and phone numbers. */
function logFields(req: CalComRequest<unknown>, attempt: number, started: number) {
  return { method: req.method, path: req.path, attempt, durationMs: Math.round(performance.now() - started) };
}
