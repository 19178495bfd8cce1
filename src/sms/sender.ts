// What the booking flow needs from an SMS provider, and the one error type every provider fails with.

export interface SmsMessage {
  /** The recipient, E.164 ("+14155550123"); SIP and tel URIs are accepted too. */
  to: string;
  body: string;
}

export interface SmsSender {
  /** Resolves once the provider has accepted the text; `id` is the provider's message id. */
  send(msg: SmsMessage, o?: { signal?: AbortSignal }): Promise<{ id: string }>;
}

/** What went wrong, by what the caller should do about it. */
export type SmsErrorKind =
  /** Credentials or sender missing or malformed: fix the settings. */
  | 'config'
  /** The recipient is not a number a text can go to. */
  | 'recipient'
  /** The provider refused this message (bad number, body, sender…): nothing was sent. */
  | 'rejected'
  /** The provider did not accept the credentials. */
  | 'auth'
  /** Too many requests: nothing was sent, try again later. */
  | 'rate-limited'
  /** The provider failed (5xx) or answered something unreadable: the text may or may not have gone. */
  | 'server'
  | 'timeout'
  | 'network'
  | 'aborted';

export interface SmsErrorInit {
  kind: SmsErrorKind;
  /**
   * True only when the text certainly was not sent and the same request may succeed later. A POST is never
   * repeated blindly: a confirmation sent twice confuses a caller more than one that is late.
   */
  retryable?: boolean;
  status?: number;
  /** The provider's error code, e.g. Twilio's 21211. */
  code?: number;
  cause?: unknown;
}

/** Messages never hold credentials or a full phone number: providers scrub their text before building one. */
export class SmsError extends Error {
  override name = 'SmsError';
  readonly kind: SmsErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: number;

  constructor(message: string, init: SmsErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.retryable = init.retryable ?? false;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
  }
}
