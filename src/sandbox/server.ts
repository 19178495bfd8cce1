// The sandbox's HTTP server: Cal.com's API v2 routes (envelopes, status codes, versions, auth, rate limits)
// over the booking engine, injected faults, and the limits every request passes first; the admin API is admin.ts,
// Cal.com's public booking pages booking-pages.ts.
// It stays whole past 300 lines because the route table is one contract with Cal.com's, read top to bottom.
import { mountBookingPages } from './booking-pages.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Router from 'find-my-way';
import { BodyError, CALCOM_BODY_LIMIT_BYTES, decodeUtf8, DEFAULT_MAX_JSON_DEPTH, isJsonContentType, parseJsonText, readBodyBytes } from '../http/body.js';
import { hostAllowed, hostRefusal } from '../http/host-guard.js';
import { sendJson } from '../http/respond.js';
import { answerClientErrors, serverOptions, type HttpLimits } from '../http/server-limits.js';
import { requestUrl } from '../http/url.js';
import { isValidTimeZone } from '../time/zones.js';
import { mountAdmin } from './admin.js';
import { errorEnvelope, SandboxApiError } from './api-error.js';
import { defaultWorld, DEFAULT_SANDBOX_API_KEY } from './default-world.js';
import { FaultInjector, type FaultAction } from './faults.js';
import { loadState, removeStaleTempFiles, StateFile } from './persistence.js';
import { RateLimiter } from './rate-limit.js';
import { renderBooking, renderEventType, renderMe, renderReservation, renderSlots, renderTeam, renderTeamEventType } from './render.js';
import { CancelBody, CreateBookingBody, parseBody, parseRangeBound, RescheduleBody, ReserveBody, Sandbox } from './sandbox.js';
import type { User, World } from './world.js';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  /** Set when an injected fault shaped this answer (such answers are deliberately off-contract). */
  injected?: FaultAction['kind'];
}

export interface SandboxServerOptions {
  port?: number;
  host?: string;
  world?: World;
  /** Replaces the default world's API key for user 1 (the key owner). */
  apiKey?: string;
  /** Persist state here; without it the sandbox is memory only. */
  dataFile?: string;
  /** Requests per minute per key; 0 turns the limiter off. Cal.com's default is 120. */
  rateLimit?: number;
  /** Sees every /v2 exchange (the contract tests validate them against Cal.com's spec). */
  onExchange?: (e: Exchange) => void;
  /** How long a dropped response keeps its socket open before closing it. */
  dropHoldMs?: number;
  /** When set, the admin API under /_sandbox needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** Largest request body in bytes; default Cal.com's 100 kB. */
  maxBodyBytes?: number;
  /** Deepest nesting of arrays and objects in a JSON body; default 32. */
  maxJsonDepth?: number;
  /** Header size and slow-client timeouts. */
  limits?: HttpLimits;
}

export interface RunningSandbox {
  url: string;
  port: number;
  apiKey: string;
  sandbox: Sandbox;
  faults: FaultInjector;
  close(): Promise<void>;
}

const VERSIONS: Array<[RegExp, string]> = [
  [/^\/v2\/slots/, '2024-09-04'],
  [/^\/v2\/bookings/, '2024-08-13'],
  [/^\/v2\/event-types/, '2024-06-14'],
];

type Auth = 'required' | 'optional';
interface Ctx {
  sb: Sandbox;
  user: User | undefined;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: unknown;
  /** A slow-commit fault: how long a booking waits between its checks and its commit. */
  commitDelayMs: number;
}
type Handler = (c: Ctx) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

const success = (data: unknown, status = 200) => ({ status, body: { status: 'success', data } });

function intParam(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n)) throw SandboxApiError.badRequest(`${name} must be an integer`);
  return n;
}

const v2Routes: Array<[string, string, Auth, Handler]> = [
  ['GET', '/v2/me', 'required', ({ user }) => success(renderMe(user!))],
  [
    'GET',
    '/v2/event-types',
    'optional',
    ({ sb, user, query }) => {
      const username = query.get('username');
      const owner = username ? sb.world.users.find((u) => u.username === username) : user;
      if (!owner) {
        if (!username) throw new SandboxApiError(401, 'UnauthorizedException', 'Provide an API key or a username');
        return success([]);
      }
      const slug = query.get('eventSlug');
      const list = sb.personalEventTypes(owner.id, owner.id === user?.id).filter((e) => !slug || e.slug === slug);
      return success(list.map((e) => renderEventType(sb, e)));
    },
  ],
  [
    'GET',
    '/v2/event-types/:eventTypeId',
    'required',
    ({ sb, user, params }) => {
      const et = sb.eventType(intParam(params.eventTypeId, 'eventTypeId'));
      if (!et || et.ownerId !== user!.id) throw SandboxApiError.notFound(`Event type with id=${params.eventTypeId} not found`);
      return success(renderEventType(sb, et));
    },
  ],
  ['GET', '/v2/teams', 'required', ({ sb, user }) => success(sb.teamsOf(user!.id).map(renderTeam))],
  [
    'GET',
    '/v2/teams/:teamId/event-types',
    'required',
    ({ sb, user, params, query }) => {
      const team = sb.team(intParam(params.teamId, 'teamId'));
      if (!team) throw SandboxApiError.notFound(`Team with id=${params.teamId} not found`);
      if (!team.memberIds.includes(user!.id))
        throw new SandboxApiError(403, 'ForbiddenException', `You are not a member of team ${team.id}`);
      const slug = query.get('eventSlug');
      return success(sb.teamEventTypes(team.id).filter((e) => !slug || e.slug === slug).map((e) => renderTeamEventType(sb, e)));
    },
  ],
  [
    'GET',
    '/v2/slots',
    'optional',
    ({ sb, query }) => {
      const start = query.get('start');
      const end = query.get('end');
      if (!start || !end) throw SandboxApiError.badRequest('start and end are required (ISO 8601 in UTC)');
      const timeZone = query.get('timeZone') ?? 'UTC';
      if (!isValidTimeZone(timeZone)) throw SandboxApiError.badRequest(`timeZone ${timeZone} is not a valid IANA time zone`);
      const format = query.get('format');
      if (format && format !== 'range' && format !== 'time') throw SandboxApiError.badRequest('format must be "range" or "time"');
      const id = query.get('eventTypeId');
      const { eventType, slots } = sb.slots({
        eventTypeId: id === null ? undefined : intParam(id, 'eventTypeId'),
        eventTypeSlug: query.get('eventTypeSlug') ?? undefined,
        username: query.get('username') ?? undefined,
        teamSlug: query.get('teamSlug') ?? undefined,
        start: parseRangeBound(start, 'start'),
        end: parseRangeBound(end, 'end'),
        bookingUidToReschedule: query.get('bookingUidToReschedule') ?? undefined,
      });
      const duration = query.get('duration');
      if (duration !== null && Number(duration) !== eventType.lengthInMinutes)
        throw SandboxApiError.badRequest(`duration must be ${eventType.lengthInMinutes}: the event type has one length`);
      return success(renderSlots(slots, timeZone, format === 'range'));
    },
  ],
  [
    'POST',
    '/v2/slots/reservations',
    'optional',
    ({ sb, user, body }) => {
      const r = sb.reserve(parseBody(ReserveBody, body), user !== undefined);
      return success(renderReservation(r, sb.eventType(r.eventTypeId)!.lengthInMinutes, sb.now()), 201);
    },
  ],
  [
    'GET',
    '/v2/slots/reservations/:uid',
    'optional',
    ({ sb, params }) => {
      // Cal.com's SlotsService.getReservedSlot answers an unknown uid with 200 and null data.
      const r = sb.reservation(params.uid!);
      return success(r ? renderReservation(r, sb.eventType(r.eventTypeId)!.lengthInMinutes, sb.now()) : null);
    },
  ],
  [
    'DELETE',
    '/v2/slots/reservations/:uid',
    'optional',
    ({ sb, params }) => {
      sb.release(params.uid!);
      return { body: { status: 'success' } };
    },
  ],
  [
    'POST',
    '/v2/bookings',
    'optional',
    async ({ sb, body, commitDelayMs }) => {
      const plan = sb.prepareBooking(parseBody(CreateBookingBody, body));
      if (commitDelayMs > 0) await sleep(commitDelayMs);
      return success(renderBooking(sb, sb.commitBooking(plan)), 201);
    },
  ],
  [
    'GET',
    '/v2/bookings',
    'required',
    ({ sb, user, query }) => {
      const list = (name: string) => query.get(name)?.split(',').map((s) => s.trim()).filter(Boolean);
      const time = (name: string) => {
        const v = query.get(name);
        if (v === null) return undefined;
        const ms = Date.parse(v);
        if (Number.isNaN(ms)) throw SandboxApiError.badRequest(`${name} must be an ISO 8601 date-time`);
        return ms;
      };
      const take = query.has('take') ? intParam(query.get('take') ?? undefined, 'take') : 100;
      const skip = query.has('skip') ? intParam(query.get('skip') ?? undefined, 'skip') : 0;
      if (take < 1 || take > 250) throw SandboxApiError.badRequest('take must be between 1 and 250');
      const status = list('status');
      const bad = status?.find((s) => !['upcoming', 'recurring', 'past', 'cancelled', 'unconfirmed'].includes(s));
      if (bad) throw SandboxApiError.badRequest(`status ${bad} is not one of upcoming, recurring, past, cancelled, unconfirmed`);
      const eventTypeIds = [...(list('eventTypeIds') ?? []), ...(list('eventTypeId') ?? [])].map((s) => intParam(s, 'eventTypeId'));
      const all = sb.listBookings(user!, {
        status,
        attendeeEmail: query.get('attendeeEmail') ?? undefined,
        attendeeName: query.get('attendeeName') ?? undefined,
        eventTypeIds,
        afterStart: time('afterStart'),
        beforeEnd: time('beforeEnd'),
        sortStart: query.get('sortStart') === 'desc' ? 'desc' : 'asc',
      });
      const page = all.slice(skip, skip + take);
      return {
        body: {
          status: 'success',
          data: page.map((b) => renderBooking(sb, b)),
          pagination: {
            totalItems: all.length,
            remainingItems: Math.max(0, all.length - (skip + page.length)),
            returnedItems: page.length,
            itemsPerPage: take,
            currentPage: Math.floor(skip / take) + 1,
            totalPages: Math.ceil(all.length / take),
            hasNextPage: skip + page.length < all.length,
            hasPreviousPage: skip > 0,
          },
        },
      };
    },
  ],
  ['GET', '/v2/bookings/:bookingUid', 'optional', ({ sb, params }) => success(renderBooking(sb, sb.booking(params.bookingUid!)))],
  [
    'POST',
    '/v2/bookings/:bookingUid/cancel',
    'optional',
    ({ sb, user, params, body }) => {
      if (body === undefined) throw SandboxApiError.badRequest('A request body is required (it may be {})');
      return success(renderBooking(sb, sb.cancel(params.bookingUid!, parseBody(CancelBody, body), user?.id)));
    },
  ],
  [
    'POST',
    '/v2/bookings/:bookingUid/reschedule',
    'optional',
    ({ sb, user, params, body }) => success(renderBooking(sb, sb.reschedule(params.bookingUid!, parseBody(RescheduleBody, body), user?.id)), 201),
  ],
];

const pathOf = (req: IncomingMessage) => requestUrl(req).pathname;

/** Answers in Cal.com's error envelope. */
function sendError(req: IncomingMessage, res: ServerResponse, e: SandboxApiError, headers: Record<string, string> = {}): void {
  const path = pathOf(req);
  sendJson(res, { status: e.status, body: errorEnvelope(path, e) }, headers);
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  sendError(req, res, SandboxApiError.notFound(`Cannot ${req.method} ${pathOf(req)}`));
}

/** A /v2 body: JSON only (Cal.com's body-parser ignores other types, and then validation fails without saying why). */
async function readV2Body(req: IncomingMessage, maxBytes: number, maxDepth: number): Promise<unknown> {
  const bytes = await readBodyBytes(req, maxBytes);
  if (bytes.length === 0) return undefined;
  const text = decodeUtf8(bytes);
  if (text.trim() !== '' && !isJsonContentType(req.headers['content-type']))
    throw new SandboxApiError(415, 'UnsupportedMediaTypeException', 'Send the request body as JSON with Content-Type: application/json');
  return parseJsonText(text, maxDepth);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Checks the `cal-api-version` header the way Cal.com fails without it, but with a message that says why. */
function checkVersion(method: string, path: string, header: string | undefined): void {
  const want = VERSIONS.find(([re]) => re.test(path))?.[1];
  if (!want || header === want) return;
  const why = `${method} ${path} needs the header cal-api-version: ${want} (got ${header ? JSON.stringify(header) : 'none'})`;
  if (path.startsWith('/v2/bookings'))
    // Cal.com answers a missing bookings version with a 500 and a wrong one with a 404 (API-NOTES pitfalls 1 and 2).
    throw header ? SandboxApiError.notFound(`Cannot ${method} ${path}: ${why}`) : new SandboxApiError(500, 'InternalServerErrorException', why);
  throw SandboxApiError.badRequest(why);
}

export async function startSandboxServer(opts: SandboxServerOptions = {}): Promise<RunningSandbox> {
  let world = opts.world ?? defaultWorld();
  const apiKey = opts.apiKey ?? world.apiKeys[0]!.key;
  if (opts.apiKey) world = { ...world, apiKeys: [{ key: opts.apiKey, userId: world.apiKeys[0]!.userId }, ...world.apiKeys.slice(1)] };
  const initialWorld = world;
  if (opts.dataFile) removeStaleTempFiles(opts.dataFile);
  const stateFile = opts.dataFile ? new StateFile(opts.dataFile) : undefined;
  const sandbox = new Sandbox(world, opts.dataFile ? loadState(opts.dataFile) : undefined);
  let lastSave: Promise<void> | undefined;
  // Set while the data file cannot be written: changes made then live in memory only, so new ones are refused.
  let unsaved: Error | null = null;
  if (stateFile) {
    // An unwritable path fails here, before the first booking, not as a 500 for a booking kept in memory.
    await stateFile.save(sandbox.state).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`The sandbox cannot write its data file ${opts.dataFile} (${err.code ?? err.message}); choose a writable --data path`);
    });
    sandbox.onChange = (state) =>
      void (lastSave = stateFile.save(state).then(
        () => void (unsaved = null),
        (err: NodeJS.ErrnoException) => {
          if (!unsaved) console.error(`sandbox: cannot write ${opts.dataFile} (${err.code ?? err.message}); refusing changes until it can`);
          unsaved = err;
        },
      ));
  }
  const limiter = new RateLimiter(opts.rateLimit ?? 120);
  const faults = new FaultInjector();
  const held = new Set<Socket>();
  const dropHoldMs = opts.dropHoldMs ?? 30_000;
  const maxBodyBytes = opts.maxBodyBytes ?? CALCOM_BODY_LIMIT_BYTES;
  const maxJsonDepth = opts.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;

  const router = Router({
    ignoreTrailingSlash: true,
    defaultRoute: notFound,
    onBadUrl: (path, req, res) => sendError(req, res, SandboxApiError.badRequest(`The URL path ${JSON.stringify(path.slice(0, 200))} is not validly encoded`)),
  });
  for (const [method, path, auth, handler] of v2Routes)
    router.on(method as 'GET', path, (req, res, params) => {
      serveV2(req, res, params, auth, handler).catch((err: unknown) => {
        console.error('sandbox: unexpected error', err);
        sendError(req, res, SandboxApiError.internal());
      });
    });
  mountAdmin(router, { sandbox, faults, limiter, initialWorld, adminToken: opts.adminToken, maxBodyBytes, maxJsonDepth });
  mountBookingPages(router, sandbox, notFound);

  async function serveV2(
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string | undefined>,
    auth: Auth,
    handler: Handler,
  ): Promise<void> {
    const url = requestUrl(req);
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '');
    let requestBody: unknown;
    let fault: FaultAction = { kind: 'none' };
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const send = (status: number, body: unknown, raw?: string) => {
      const injected = fault.kind === 'none' ? {} : { injected: fault.kind };
      opts.onExchange?.({ method, path, status, requestBody, responseBody: body, ...injected });
      if (raw === undefined) sendJson(res, { status, body }, headers, () => ({ status: 500, body: errorEnvelope(path, SandboxApiError.internal()) }));
      else if (!res.headersSent) res.writeHead(status, headers).end(raw);
    };
    try {
      requestBody = await readV2Body(req, maxBodyBytes, maxJsonDepth);
      const authz = req.headers.authorization;
      const key = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : undefined;
      const decision = limiter.check(key ? `key:${key}` : `ip:${req.socket.remoteAddress}`);
      Object.assign(headers, decision.headers);
      if (faults.applies(path)) fault = faults.next(method, path);
      const delay = faults.applies(path) ? faults.delayMs() : 0;
      if (delay > 0) await sleep(delay);
      if (fault.kind === 'rateLimit') {
        Object.assign(headers, { 'X-RateLimit-Remaining-Default': '0', 'X-RateLimit-Reset-Default': String(fault.resetSeconds) });
        throw new SandboxApiError(429, 'ThrottlerException', 'Too many requests. Please try again later.');
      }
      if (!decision.allowed) throw new SandboxApiError(429, 'ThrottlerException', 'Too many requests. Please try again later.');
      if (fault.kind === 'error') {
        // Nest's bare 500 body, which has neither `status` nor `error`: clients must parse errors defensively.
        send(fault.status, { statusCode: fault.status, message: 'Internal server error' });
        return;
      }
      let user: User | undefined;
      if (authz !== undefined) {
        user = key ? sandbox.userForKey(key) : undefined;
        if (!user)
          throw new SandboxApiError(
            401,
            'UnauthorizedException',
            key ? 'Invalid API key' : 'Authorization header must be "Bearer <api key>"',
          );
      } else if (auth === 'required') throw new SandboxApiError(401, 'UnauthorizedException', 'Missing Authorization header');
      checkVersion(method, path, req.headers['cal-api-version'] as string | undefined);
      if (unsaved && method !== 'GET')
        throw new SandboxApiError(503, 'ServiceUnavailableException', 'The sandbox cannot save its data file; try again later');
      const saveBefore = lastSave;
      const commitDelayMs = fault.kind === 'slowCommit' ? fault.ms : 0;
      const out = await handler({ sb: sandbox, user, params, query: url.searchParams, body: requestBody, commitDelayMs });
      // A change is acknowledged only once it is on disk, so a kill -9 never loses a booking the client saw. A
      // failed write still acknowledges what was stored in memory: answering 500 for it would make a ghost.
      if (lastSave !== saveBefore) await lastSave;
      if (fault.kind === 'dropAfterCommit') {
        // The answer never reaches the client; the exchange still carries it, so a test can name what was made.
        opts.onExchange?.({ method, path, status: 0, requestBody, responseBody: out.body, injected: fault.kind });
        held.add(req.socket);
        setTimeout(() => req.socket.destroy(), dropHoldMs).unref();
        return;
      }
      if (fault.kind === 'malformed') {
        const text = JSON.stringify(out.body);
        send(out.status ?? 200, undefined, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      }
      send(out.status ?? 200, out.body);
    } catch (err) {
      const e = err instanceof SandboxApiError ? err : err instanceof BodyError ? SandboxApiError.fromBody(err) : SandboxApiError.internal();
      if (!(err instanceof SandboxApiError || err instanceof BodyError)) console.error('sandbox: unexpected error', err);
      send(e.status, errorEnvelope(path, e));
    }
  }


  const host = opts.host ?? '127.0.0.1';
  let port = 0;
  const server: Server = createServer(serverOptions(opts.limits), (req, res) => {
    try {
      // A DNS-rebinding page reaches a loopback server under its own domain name; refuse what is not ours.
      if (!hostAllowed(req.headers.host, host, port)) sendError(req, res, new SandboxApiError(403, 'ForbiddenException', hostRefusal(req.headers.host, port)));
      else router.lookup(req, res);
    } catch (err) {
      console.error('sandbox: unexpected error', err);
      sendError(req, res, SandboxApiError.internal());
    }
  });
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server, (status, message) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(errorEnvelope('', new SandboxApiError(status, status === 431 ? 'RequestHeaderFieldsTooLargeException' : status === 408 ? 'RequestTimeoutException' : 'BadRequestException', message))),
  }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    apiKey,
    sandbox,
    faults,
    async close() {
      for (const s of held) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await stateFile?.flush();
    },
  };
}

export { DEFAULT_SANDBOX_API_KEY };
