// The errors a Cal.com call can end in, one class per thing the caller should do differently.
// Messages are written to be read by an engineer or spoken by an agent: what happened, then what to do.
// None of them ever holds the API key; server text reaches them only after http.ts has scrubbed it.

const BRAND = Symbol.for('cal-booking-action.CalComError');
const KEY_HELP = 'Create a key in Cal.com Settings → Developer → API Keys and set CALCOM_API_KEY.';

export interface CalComErrorInit {
  /** Method and path, e.g. "POST /bookings" or "GET /bookings/abc123". */
  endpoint: string;
  status?: number;
  /** Cal.com's `error.code`, e.g. "booking_conflict_error" or "BadRequestException". */
  code?: string;
  /** Cal.com's `error.message`, verbatim. */
  serverMessage?: string;
  /** The `x-request-id` response header, for Cal.com support. */
  requestId?: string;
  /**
   * True when repeating the same call soon is safe and may succeed.
   * False means change something first, or (for a 429) wait for `resetAt`.
   */
  retryable?: boolean;
  /**
   * For calls that change something: the sentence to add when we cannot tell whether the change happened,
   * e.g. "The booking may or may not have been made: look it up before booking again."
   */
  uncertainOutcome?: string;
  cause?: unknown;
}

export class CalComError extends Error {
  override name = 'CalComError';
  readonly endpoint: string;
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly retryable: boolean;

  constructor(message: string, init: CalComErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.endpoint = init.endpoint;
    this.retryable = init.retryable ?? false;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  // A symbol on the prototype survives duplicate copies of this module, where instanceof does not.
  get [BRAND](): true {
    return true;
  }

  /** So `JSON.stringify(error)` and structured loggers keep the message, which Error leaves out. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

export function isCalComError(value: unknown): value is CalComError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

function sentences(...parts: Array<string | undefined | false>): string {
  return parts.filter(Boolean).join(' ');
}

function said(init: CalComErrorInit): string | undefined {
  return init.serverMessage ? `Cal.com said: "${init.serverMessage}".` : undefined;
}

function statusLabel(init: CalComErrorInit): string {
  return [init.status, init.code].filter((v) => v !== undefined).join(' ');
}

/** The client cannot start: a setting is missing or malformed. */
export class CalComConfigError extends CalComError {
  override name = 'CalComConfigError';
  constructor(message: string) {
    super(message, { endpoint: 'new CalComClient()' });
  }

  static missingApiKey(): CalComConfigError {
    return new CalComConfigError(`No Cal.com API key was given (apiKey option or CALCOM_API_KEY). ${KEY_HELP}`);
  }
}

/** 401/403: the key is wrong, revoked, or may not touch this resource. Retrying will not help. */
export class CalComAuthError extends CalComError {
  override name = 'CalComAuthError';
  constructor(init: CalComErrorInit) {
    super(
      init.status === 403
        ? sentences(
            `Cal.com refused ${init.endpoint} (403): the API key lacks access to this resource.`,
            'Use a key from the account or team that owns it.',
            said(init),
          )
        : sentences(
            `Cal.com rejected the API key (${init.status ?? 401} on ${init.endpoint}): it is wrong or revoked.`,
            KEY_HELP,
          ),
      { ...init, retryable: false },
    );
  }
}

/** 404: the event type, booking or reservation does not exist (or this key cannot see it). */
export class CalComNotFoundError extends CalComError {
  override name = 'CalComNotFoundError';
  /** What was looked for: "event type", "booking", "reservation", "team" or "resource". */
  readonly subject: string;
  constructor(init: CalComErrorInit & { subject: string }) {
    const hint =
      init.subject === 'event type' || init.subject === 'team'
        ? `Check the ${init.subject} id; run \`cal-booking-action connect\` to list event types.`
        : `Check the ${init.subject} id.`;
    super(sentences(`Cal.com found no such ${init.subject} (404 on ${init.endpoint}).`, hint, said(init)), {
      ...init,
      retryable: false,
    });
    this.subject = init.subject;
  }
}

/** The time is taken (or held by someone else's reservation): fetch fresh slots and offer another time. */
export class CalComSlotUnavailableError extends CalComError {
  override name = 'CalComSlotUnavailableError';
  /** When another booker's reservation holds the slot: seconds until that hold lapses. */
  readonly secondsUntilRelease?: number;
  constructor(init: CalComErrorInit & { secondsUntilRelease?: number }) {
    super(
      sentences(
        `That time slot is no longer available (${statusLabel(init)} on ${init.endpoint}).`,
        init.secondsUntilRelease !== undefined &&
          `Another booker holds it; the hold lapses in ${init.secondsUntilRelease} seconds.`,
        'Fetch fresh slots and offer the caller another time.',
        said(init),
      ),
      { ...init, retryable: false },
    );
    if (init.secondsUntilRelease !== undefined) this.secondsUntilRelease = init.secondsUntilRelease;
  }
}

/** 400/422, or bad input caught before sending: the request itself must change. */
export class CalComValidationError extends CalComError {
  override name = 'CalComValidationError';
  constructor(init: CalComErrorInit & { problem?: string }) {
    super(
      sentences(
        init.status === undefined
          ? `The request for ${init.endpoint} is invalid and was not sent: ${init.problem ?? 'unknown problem'}.`
          : `Cal.com rejected ${init.endpoint} as invalid (${statusLabel(init)}).`,
        init.status !== undefined && (said(init) ?? 'Cal.com gave no reason.'),
        'Fix the request before trying again.',
      ),
      { ...init, retryable: false },
    );
  }
}

/** 429: this key used up its 120 requests per minute. */
export class CalComRateLimitError extends CalComError {
  override name = 'CalComRateLimitError';
  readonly resetAt?: Date;
  constructor(init: CalComErrorInit & { resetAt?: Date }) {
    const when = init.resetAt
      ? `It resets in ${Math.max(0, Math.ceil((init.resetAt.getTime() - Date.now()) / 1000))} s (${init.resetAt.toISOString()}).`
      : 'Wait a minute before trying again.';
    super(
      sentences(`Cal.com is rate limiting this API key (429 on ${init.endpoint}; 120 requests/min per key).`, when),
      init,
    );
    if (init.resetAt) this.resetAt = init.resetAt;
  }
}

/** 5xx: Cal.com is having problems. */
export class CalComServerError extends CalComError {
  override name = 'CalComServerError';
  constructor(init: CalComErrorInit) {
    super(
      sentences(
        `Cal.com is having problems (${statusLabel(init)} on ${init.endpoint}).`,
        init.uncertainOutcome ?? 'Try again later.',
        said(init),
      ),
      init,
    );
  }
}

/** No answer within the per-attempt timeout (or Cal.com answered 408). */
export class CalComTimeoutError extends CalComError {
  override name = 'CalComTimeoutError';
  readonly timeoutMs?: number;
  constructor(init: CalComErrorInit & { timeoutMs?: number }) {
    super(
      sentences(
        init.timeoutMs === undefined
          ? `Cal.com timed out on ${init.endpoint} (${init.status ?? 408}).`
          : `Cal.com did not answer ${init.endpoint} within ${init.timeoutMs} ms.`,
        init.uncertainOutcome,
      ),
      init,
    );
    if (init.timeoutMs !== undefined) this.timeoutMs = init.timeoutMs;
  }
}

/** The connection failed: DNS, refused, reset, TLS. */
export class CalComNetworkError extends CalComError {
  override name = 'CalComNetworkError';
  constructor(init: CalComErrorInit & { host: string; reason: string }) {
    super(
      sentences(
        `Could not reach Cal.com at ${init.host} for ${init.endpoint} (${init.reason}).`,
        'Check CALCOM_API_URL and the network.',
        init.uncertainOutcome,
      ),
      init,
    );
  }
}

/** A 2xx answer that is not JSON or does not match the expected shape. */
export class CalComResponseError extends CalComError {
  override name = 'CalComResponseError';
  constructor(init: CalComErrorInit & { problem: string }) {
    super(
      sentences(
        `Cal.com answered ${init.endpoint} with something unexpected: ${init.problem}.`,
        'The API may have changed; report this with the request id if there is one.',
        init.uncertainOutcome,
      ),
      { ...init, retryable: false },
    );
  }
}

/**
 * The caller's AbortSignal fired. We surface it as a CalComError (not the raw AbortError) so callers have one
 * error family to handle, and so a cancelled booking call can still say the booking may have been made.
 */
export class CalComAbortError extends CalComError {
  override name = 'CalComAbortError';
  constructor(init: CalComErrorInit) {
    super(sentences(`The caller cancelled ${init.endpoint}.`, init.uncertainOutcome), { ...init, retryable: false });
  }
}
