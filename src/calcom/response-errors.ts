// Turns a non-2xx Cal.com answer into the CalComError that says what the caller should do next.
// Error bodies come in three shapes (Cal.com's envelope, Nest's bare default, plain text), so parsing is defensive.
import {
  CalComAuthError,
  CalComError,
  type CalComErrorInit,
  CalComNotFoundError,
  CalComRateLimitError,
  CalComServerError,
  CalComSlotUnavailableError,
  CalComTimeoutError,
  CalComValidationError,
} from './errors.js';

export interface FailedResponse {
  method: string;
  /** Path below the base URL, without the query string, e.g. "/bookings/abc". */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body text, already scrubbed of the API key. */
  body: string;
  uncertainOutcome?: string;
  maxRateLimitWaitMs: number;
}

// Booking-engine codes (packages/lib/errorCodes.ts) that all mean "this time can no longer be booked".
const SLOT_TAKEN_CODES = new Set([
  'no_available_users_found_error',
  'fixed_hosts_unavailable_for_booking',
  'round_robin_host_unavailable_for_booking',
  'hosts_unavailable_for_booking',
  'booking_conflict_error',
  'booking_seats_full_error',
  'reserved_slot_not_first_in_line',
  'already_signed_up_for_this_booking_error',
]);
// Bookings 2024-08-13 rewrites no_available_users_found_error into a 400 with only this English text, and a
// duplicate of an accepted booking surfaces as a unique-constraint failure on the idempotency key. Slots 2024-09-04
// SlotsService.reserveSlot refuses a held or booked slot with a 422 that has only its text to tell it apart.
const SLOT_TAKEN_TEXT =
  /already has booking at this time or is not available|Booking_idempotencyKey_key|\bP2002\b|time slot is already reserved by another user|can't reserve a slot if the event is already booked/i;

interface ErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  // Nest's validation pipe sends one message per failed constraint.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0) return value.join('; ');
  return undefined;
}

function parseErrorBody(text: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    // An HTML error page from a proxy says nothing useful and would flood the message.
    return trimmed && !trimmed.startsWith('<') ? { message: trimmed.slice(0, 300) } : {};
  }
  if (!isRecord(json)) return {};
  const inner = isRecord(json.error) ? json.error : {};
  const body: ErrorBody = {};
  const code = textOf(inner.code);
  const message = textOf(inner.message) ?? textOf(json.message);
  const details = inner.details ?? inner.data ?? json.details ?? json.data;
  if (code !== undefined) body.code = code;
  if (message !== undefined) body.message = message;
  if (details !== undefined) body.details = details;
  return body;
}

function header(headers: FailedResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Milliseconds until the key may call again. Cal.com's throttler lets a request through once any one of its limits
 * unblocks, so the earliest `X-RateLimit-Reset-*` (seconds) wins; a proxy's `Retry-After` (seconds) overrides it.
 */
function rateLimitWaitMs(headers: FailedResponse['headers']): number | undefined {
  const retryAfter = Number(header(headers, 'retry-after'));
  if (header(headers, 'retry-after') !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    return retryAfter * 1000;
  }
  const resets = Object.keys(headers)
    .filter((name) => name.toLowerCase().startsWith('x-ratelimit-reset'))
    .map((name) => Number(header(headers, name)))
    .filter((seconds) => Number.isFinite(seconds) && seconds >= 0);
  return resets.length > 0 ? Math.min(...resets) * 1000 : undefined;
}

function secondsUntilRelease(body: ErrorBody): number | undefined {
  if (isRecord(body.details) && typeof body.details.secondsUntilRelease === 'number') {
    return body.details.secondsUntilRelease;
  }
  const match = body.message?.match(/(\d+)\s*seconds?\b/i);
  return match ? Number(match[1]) : undefined;
}

function subjectOf(path: string, code: string | undefined): string {
  if (code?.includes('event_type')) return 'event type';
  if (code?.includes('booking')) return 'booking';
  if (path.startsWith('/slots/reservations')) return 'reservation';
  if (path.startsWith('/bookings')) return 'booking';
  if (path.startsWith('/event-types') || path.startsWith('/slots') || /^\/teams\/[^/]+\/event-types/.test(path)) {
    return 'event type';
  }
  if (path.startsWith('/teams')) return 'team';
  return 'resource';
}

function isSlotTaken(status: number, body: ErrorBody): boolean {
  if (status === 409) return true;
  if ([body.code, body.message].some((text) => text !== undefined && SLOT_TAKEN_CODES.has(text))) return true;
  return [body.code, body.message].some((text) => text !== undefined && SLOT_TAKEN_TEXT.test(text));
}

export function errorFromResponse(r: FailedResponse): CalComError {
  const body = parseErrorBody(r.body);
  const idempotent = r.method !== 'POST';
  const init: CalComErrorInit = { endpoint: `${r.method} ${r.path}`, status: r.status };
  if (body.code !== undefined) init.code = body.code;
  if (body.message !== undefined) init.serverMessage = body.message;
  const requestId = header(r.headers, 'x-request-id');
  if (requestId !== undefined) init.requestId = requestId;
  if (r.uncertainOutcome !== undefined) init.uncertainOutcome = r.uncertainOutcome;

  if (r.status === 401 || r.status === 403) return new CalComAuthError(init);
  if (isSlotTaken(r.status, body)) {
    const seconds = secondsUntilRelease(body);
    return new CalComSlotUnavailableError(seconds === undefined ? init : { ...init, secondsUntilRelease: seconds });
  }
  if (r.status === 404) return new CalComNotFoundError({ ...init, subject: subjectOf(r.path, body.code) });
  if (r.status === 400 || r.status === 422) return new CalComValidationError(init);
  if (r.status === 429) {
    const waitMs = rateLimitWaitMs(r.headers);
    // The throttler rejects before doing any work, so even a booking POST may be repeated after the reset.
    // With no reset given we fall back to ordinary backoff rather than give up on a caller who is waiting.
    const retryable = waitMs === undefined || waitMs <= r.maxRateLimitWaitMs;
    return new CalComRateLimitError(
      waitMs === undefined ? { ...init, retryable } : { ...init, retryable, resetAt: new Date(Date.now() + waitMs) },
    );
  }
  if (r.status === 408) return new CalComTimeoutError({ ...init, retryable: idempotent });
  if (r.status >= 500) return new CalComServerError({ ...init, retryable: idempotent });
  return new CalComError(
    `Cal.com answered ${init.endpoint} with ${r.status}${body.message ? `: "${body.message}"` : ''}.`,
    init,
  );
}
