// CalComClient: one method per Cal.com API v2 endpoint the booking action uses, with inputs checked before sending.
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { z } from 'zod/v4';
import { CalComConfigError, CalComValidationError } from './errors.js';
import { describeIssues } from './issues.js';
import { API_VERSIONS, type CalComRequest, createSend, type Send, sharedDispatcher } from './http.js';
import {
  type Booking,
  type CancelBookingInput,
  CancelBookingInputSchema,
  type CreateBookingInput,
  CreateBookingInputSchema,
  type EventType,
  type ListBookingsQuery,
  ListBookingsQuerySchema,
  type Me,
  type RescheduleBookingInput,
  RescheduleBookingInputSchema,
  type Reservation,
  type ReserveSlotInput,
  ReserveSlotInputSchema,
  responses,
  type Slot,
  type SlotsQuery,
  SlotsQuerySchema,
  type Team,
  type TeamEventType,
} from './schemas.js';

export interface CalComClientOptions {
  /** Default: `process.env.CALCOM_API_KEY`. */
  apiKey?: string;
  /** Includes `/v2`. Default: `process.env.CALCOM_API_URL`, else https://api.cal.com/v2 (EU: https://api.cal.eu/v2). */
  baseUrl?: string;
  /** Per attempt, for everything except the booking POSTs. Default 10 000 ms. */
  timeoutMs?: number;
  /** Per attempt, for create, reschedule and cancel, which check calendars and send emails. Default 20 000 ms. */
  bookingTimeoutMs?: number;
  /** Retries for GET and DELETE, and for any call rejected with 429. Default 2. */
  maxRetries?: number;
  /** Wait for a 429 reset only if it is this close; otherwise fail at once, as a caller is waiting. Default 5 000 ms. */
  maxRateLimitWaitMs?: number;
  /** Receives one line per attempt: method, path, status, duration, attempt. Never headers, keys, emails or phones. */
  logger?: Logger;
  /** Default: one keep-alive undici Agent shared by every client in the process. */
  dispatcher?: Dispatcher;
}

export interface RequestOptions {
  /** Aborting it ends the call with a CalComAbortError; an aborted call is never retried. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call only. */
  timeoutMs?: number;
}

const DEFAULT_BASE_URL = 'https://api.cal.com/v2';

// Said when a call that changes something fails without a clear answer, so nobody is booked twice.
const UNCERTAIN = {
  booking:
    'The booking may or may not have been made: look it up (listBookings with the attendee email and start) ' +
    'before booking again.',
  reschedule: 'The reschedule may or may not have happened: check the booking with getBooking before trying again.',
  cancel: 'The cancellation may or may not have happened: check the booking with getBooking before trying again.',
  reservation: 'The slot may or may not have been reserved; an unused hold lapses on its own.',
} as const;

type Call<T> = Omit<CalComRequest<T>, 'timeoutMs' | 'signal'>;

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new CalComConfigError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds.`);
  }
  return value;
}

function normalizeBaseUrl(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  let protocol: string;
  try {
    protocol = new URL(trimmed).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    // The value itself stays out of the message: a key pasted into the wrong variable must not be printed.
    throw new CalComConfigError(
      'CALCOM_API_URL (or baseUrl) must be an http(s) URL such as https://api.cal.com/v2 (EU: https://api.cal.eu/v2).',
    );
  }
  return trimmed;
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown, endpoint: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CalComValidationError({ endpoint, problem: describeIssues(parsed.error) });
}

function idSegment(id: number, endpoint: string): string {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new CalComValidationError({ endpoint, problem: 'the id must be a positive integer' });
  }
  return String(id);
}

function uidSegment(uid: string, endpoint: string): string {
  if (typeof uid !== 'string' || uid.trim() === '') {
    throw new CalComValidationError({ endpoint, problem: 'the uid must be a non-empty string' });
  }
  return encodeURIComponent(uid);
}

export class CalComClient {
  readonly baseUrl: string;
  // Private, so the key is not an enumerable property: it cannot leak through logging or serialising the client.
  readonly #send: Send;
  readonly #timeoutMs: number;
  readonly #bookingTimeoutMs: number;

  constructor(opts: CalComClientOptions = {}) {
    const apiKey = (opts.apiKey ?? process.env.CALCOM_API_KEY)?.trim();
    if (!apiKey) throw CalComConfigError.missingApiKey();
    this.baseUrl = normalizeBaseUrl(opts.baseUrl ?? (process.env.CALCOM_API_URL || DEFAULT_BASE_URL));
    this.#timeoutMs = positive('timeoutMs', opts.timeoutMs, 10_000);
    this.#bookingTimeoutMs = positive('bookingTimeoutMs', opts.bookingTimeoutMs, 20_000);
    const maxRetries = opts.maxRetries ?? 2;
    if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) {
      throw new CalComConfigError('maxRetries must be a non-negative integer.');
    }
    this.#send = createSend({
      apiKey,
      baseUrl: this.baseUrl,
      maxRetries,
      maxRateLimitWaitMs: positive('maxRateLimitWaitMs', opts.maxRateLimitWaitMs, 5_000, true),
      dispatcher: opts.dispatcher ?? sharedDispatcher(),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  }

  async #call<T>(call: Call<T>, o: RequestOptions | undefined, defaultTimeoutMs = this.#timeoutMs): Promise<T> {
    const timeoutMs = o?.timeoutMs ?? defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new CalComValidationError({
        endpoint: `${call.method} ${call.path}`,
        problem: 'timeoutMs must be a positive number of milliseconds',
      });
    }
    return this.#send({ ...call, timeoutMs, ...(o?.signal ? { signal: o.signal } : {}) });
  }

  /** The key's owner; a cheap way to test the key. `username` and `timeZone` feed later slot and booking calls. */
  async me(o?: RequestOptions): Promise<Me> {
    return this.#call({ method: 'GET', path: '/me', schema: responses.me }, o);
  }

  /** Personal event types (no `schedulingType`); use listTeamEventTypes for team ones. */
  async listEventTypes(q: { username?: string; eventSlug?: string } = {}, o?: RequestOptions): Promise<EventType[]> {
    return this.#call(
      {
        method: 'GET',
        path: '/event-types',
        version: API_VERSIONS.eventTypes,
        query: { username: q.username, eventSlug: q.eventSlug },
        schema: responses.eventTypes,
      },
      o,
    );
  }

  async getEventType(id: number, o?: RequestOptions): Promise<EventType> {
    const path = `/event-types/${idSegment(id, 'GET /event-types/{id}')}`;
    return this.#call({ method: 'GET', path, version: API_VERSIONS.eventTypes, schema: responses.eventType }, o);
  }

  async listTeams(o?: RequestOptions): Promise<Team[]> {
    return this.#call({ method: 'GET', path: '/teams', schema: responses.teams }, o);
  }

  async listTeamEventTypes(teamId: number, q: { eventSlug?: string } = {}, o?: RequestOptions): Promise<TeamEventType[]> {
    const path = `/teams/${idSegment(teamId, 'GET /teams/{teamId}/event-types')}/event-types`;
    return this.#call({ method: 'GET', path, query: { eventSlug: q.eventSlug }, schema: responses.teamEventTypes }, o);
  }

  /**
   * Free slots as one start-sorted list. Starts keep the offset of `timeZone`; `date` is the day they fall on there.
   * Always asks for `format=range`, so each slot normally has an `end` too.
   */
  async getSlots(q: SlotsQuery, o?: RequestOptions): Promise<Slot[]> {
    const query = parseInput(SlotsQuerySchema, q, 'GET /slots');
    return this.#call(
      {
        method: 'GET',
        path: '/slots',
        version: API_VERSIONS.slots,
        query: { ...query, format: 'range' },
        schema: responses.slots,
      },
      o,
    );
  }

  /** Holds a slot while the caller confirms details; `slotStart` may carry any offset and is sent as UTC. */
  async reserveSlot(b: ReserveSlotInput, o?: RequestOptions): Promise<Reservation> {
    const body = parseInput(ReserveSlotInputSchema, b, 'POST /slots/reservations');
    return this.#call(
      {
        method: 'POST',
        path: '/slots/reservations',
        version: API_VERSIONS.slots,
        body,
        schema: responses.reservation,
        uncertainOutcome: UNCERTAIN.reservation,
      },
      o,
    );
  }

  async deleteReservation(uid: string, o?: RequestOptions): Promise<void> {
    const path = `/slots/reservations/${uidSegment(uid, 'DELETE /slots/reservations/{uid}')}`;
    return this.#call({ method: 'DELETE', path, version: API_VERSIONS.slots, schema: responses.empty }, o);
  }

  /**
   * Never retried except on 429: after a timeout or 5xx the booking may exist, so look it up before calling again.
   * `start` may carry any offset; Cal.com gets it as UTC `Z`.
   */
  async createBooking(b: CreateBookingInput, o?: RequestOptions): Promise<Booking> {
    const body = parseInput(CreateBookingInputSchema, b, 'POST /bookings');
    return this.#call(
      {
        method: 'POST',
        path: '/bookings',
        version: API_VERSIONS.bookings,
        body,
        schema: responses.booking,
        uncertainOutcome: UNCERTAIN.booking,
      },
      o,
      this.#bookingTimeoutMs,
    );
  }

  async getBooking(uid: string, o?: RequestOptions): Promise<Booking> {
    const path = `/bookings/${uidSegment(uid, 'GET /bookings/{uid}')}`;
    return this.#call({ method: 'GET', path, version: API_VERSIONS.bookings, schema: responses.booking }, o);
  }

  /** `afterStart`/`beforeEnd` may carry any offset and are sent as UTC. Cal.com returns at most `take` (default 100). */
  async listBookings(q: ListBookingsQuery = {}, o?: RequestOptions): Promise<Booking[]> {
    const query = parseInput(ListBookingsQuerySchema, q, 'GET /bookings');
    return this.#call(
      {
        method: 'GET',
        path: '/bookings',
        version: API_VERSIONS.bookings,
        query: { ...query, status: query.status?.join(',') },
        schema: responses.bookings,
      },
      o,
    );
  }

  async cancelBooking(uid: string, b: CancelBookingInput = {}, o?: RequestOptions): Promise<Booking> {
    const path = `/bookings/${uidSegment(uid, 'POST /bookings/{uid}/cancel')}/cancel`;
    // Cal.com rejects a cancel without a body, so an empty input is still sent as `{}`.
    const body = parseInput(CancelBookingInputSchema, b, 'POST /bookings/{uid}/cancel');
    return this.#call(
      {
        method: 'POST',
        path,
        version: API_VERSIONS.bookings,
        body,
        schema: responses.booking,
        uncertainOutcome: UNCERTAIN.cancel,
      },
      o,
      this.#bookingTimeoutMs,
    );
  }

  /** Returns the new booking: it has a new `uid`, and `rescheduledFromUid` points at the old one. */
  async rescheduleBooking(uid: string, b: RescheduleBookingInput, o?: RequestOptions): Promise<Booking> {
    const path = `/bookings/${uidSegment(uid, 'POST /bookings/{uid}/reschedule')}/reschedule`;
    const body = parseInput(RescheduleBookingInputSchema, b, 'POST /bookings/{uid}/reschedule');
    return this.#call(
      {
        method: 'POST',
        path,
        version: API_VERSIONS.bookings,
        body,
        schema: responses.booking,
        uncertainOutcome: UNCERTAIN.reschedule,
      },
      o,
      this.#bookingTimeoutMs,
    );
  }
}
