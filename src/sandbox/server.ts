// The sandbox's HTTP server: Cal.com's API v2 routes (envelopes, status codes, versions, auth, rate limits)
// over the booking engine, plus the admin API under /_sandbox and injected faults.
import { mountBookingPages } from './booking-pages.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Router from 'find-my-way';
import { z } from 'zod';
import { isValidTimeZone } from '../time/zones.js';
import { SandboxApiError } from './api-error.js';
import { defaultWorld, DEFAULT_SANDBOX_API_KEY } from './default-world.js';
import { FaultInjector, type FaultAction } from './faults.js';
import { loadState, StateFile } from './persistence.js';
import { RateLimiter } from './rate-limit.js';
import { renderBooking, renderEventType, renderMe, renderReservation, renderSlots, renderTeam, renderTeamEventType } from './render.js';
import {
  CancelBody,
  CreateBookingBody,
  parseBody,
  parseRangeBound,
  RescheduleBody,
  ReserveBody,
  Sandbox,
  zodMessage,
} from './sandbox.js';
import { BusyEventSchema, WorldSchema, type User, type World } from './world.js';

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
    ({ sb, params, body }) => {
      if (body === undefined) throw SandboxApiError.badRequest('A request body is required (it may be {})');
      return success(renderBooking(sb, sb.cancel(params.bookingUid!, parseBody(CancelBody, body))));
    },
  ],
  [
    'POST',
    '/v2/bookings/:bookingUid/reschedule',
    'optional',
    ({ sb, params, body }) => success(renderBooking(sb, sb.reschedule(params.bookingUid!, parseBody(RescheduleBody, body))), 201),
  ],
];

function errorBody(path: string, e: SandboxApiError) {
  return {
    status: 'error',
    timestamp: new Date().toISOString(),
    path,
    error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
  };
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  res
    .writeHead(404, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(errorBody(path, SandboxApiError.notFound(`Cannot ${req.method} ${path}`))));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw SandboxApiError.badRequest('The request body is not valid JSON');
  }
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

  const router = Router({ ignoreTrailingSlash: true, defaultRoute: notFound });
  for (const [method, path, auth, handler] of v2Routes)
    router.on(method as 'GET', path, (req, res, params) => void serveV2(req, res, params, auth, handler));
  mountAdmin(router);
  mountBookingPages(router, sandbox, notFound);

  async function serveV2(
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string | undefined>,
    auth: Auth,
    handler: Handler,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '');
    let requestBody: unknown;
    let fault: FaultAction = { kind: 'none' };
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const send = (status: number, body: unknown, raw?: string) => {
      const injected = fault.kind === 'none' ? {} : { injected: fault.kind };
      opts.onExchange?.({ method, path, status, requestBody, responseBody: body, ...injected });
      res.writeHead(status, headers).end(raw ?? JSON.stringify(body));
    };
    try {
      requestBody = await readBody(req);
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
      const e = err instanceof SandboxApiError ? err : new SandboxApiError(500, 'InternalServerErrorException', 'Internal server error');
      if (!(err instanceof SandboxApiError)) console.error('sandbox: unexpected error', err);
      send(e.status, errorBody(path, e));
    }
  }

  function mountAdmin(r: typeof router): void {
    const json = (res: ServerResponse, status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    const admin = (method: string, path: string, fn: (body: unknown, query: URLSearchParams) => unknown, status = 200) =>
      r.on(method as 'GET', path, (req, res) => {
        void (async () => {
          try {
            const body = await readBody(req);
            json(res, status, fn(body, new URL(req.url ?? '/', 'http://sandbox').searchParams) ?? { ok: true });
          } catch (err) {
            const message = err instanceof z.ZodError ? zodMessage(err) : err instanceof Error ? err.message : String(err);
            const code = err instanceof SandboxApiError ? err.status : 400;
            json(res, code, { error: message });
          }
        })();
      });
    admin('GET', '/_sandbox/health', () => ({ ok: true }));
    admin('GET', '/_sandbox/world', () => sandbox.world);
    admin('GET', '/_sandbox/bookings', () => ({ bookings: sandbox.state.bookings.map((b) => renderBooking(sandbox, b)) }));
    admin('GET', '/_sandbox/reservations', () => ({ reservations: sandbox.state.reservations }));
    admin('GET', '/_sandbox/clock', () => ({ now: new Date(sandbox.now()).toISOString(), pinned: sandbox.state.pinnedNow !== null }));
    admin('POST', '/_sandbox/clock', (body) => {
      const { now } = z.object({ now: z.iso.datetime({ offset: true }).nullable() }).parse(body);
      sandbox.setClock(now);
      return { now: new Date(sandbox.now()).toISOString(), pinned: now !== null };
    });
    admin(
      'POST',
      '/_sandbox/busy',
      (body) => {
        const b = z.object({ userId: z.number().int() }).and(BusyEventSchema).parse(body);
        sandbox.addBusy({ userId: b.userId, start: b.start, end: b.end, title: b.title });
        return { ok: true };
      },
      201,
    );
    admin('POST', '/_sandbox/reset', (body) => {
      const w = (body as { world?: unknown } | undefined)?.world;
      sandbox.reset(w === undefined ? initialWorld : WorldSchema.parse(w));
      faults.clear();
      limiter.reset();
      return { ok: true };
    });
    admin('GET', '/_sandbox/faults', () => faults.current);
    admin('POST', '/_sandbox/faults', (body) => faults.set(body ?? {}));
    admin('DELETE', '/_sandbox/faults', () => {
      faults.clear();
      return faults.current;
    });
  }

  const server: Server = createServer((req, res) => {
    router.lookup(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
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
