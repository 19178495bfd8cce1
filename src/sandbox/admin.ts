// The sandbox's admin API under /_sandbox: health, the world (without its API keys), bookings, holds, the clock,
// busy events, reset and faults. Writes must be JSON (a cross-site page can only send text/plain, form or
// multipart without a preflight) and, with an admin token set, carry it as a bearer token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from 'find-my-way';
import { z } from 'zod/v4';
import { BodyError, decodeUtf8, isJsonContentType, parseJsonText, readBodyBytes } from '../http/body.js';
import { bearerMatches } from '../http/host-guard.js';
import { sendJson } from '../http/respond.js';
import { requestUrl } from '../http/url.js';
import { errorEnvelope, SandboxApiError } from './api-error.js';
import type { FaultInjector } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import { calendarWrites, sentEmails } from './notifications.js';
import { renderBooking } from './render.js';
import { zodMessage, type Sandbox } from './sandbox.js';
import { BusyEventSchema, WorldSchema, type World } from './world.js';

export interface AdminDeps {
  sandbox: Sandbox;
  faults: FaultInjector;
  limiter: RateLimiter;
  initialWorld: World;
  adminToken?: string;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

type AdminFn = (body: unknown, query: URLSearchParams) => unknown;

/** The world as the admin API shows it: API keys are reduced to whose they are. */
export function publicWorld(world: World) {
  return { ...world, apiKeys: world.apiKeys.map(({ userId }) => ({ userId, key: '(hidden)' })) };
}

export function mountAdmin(router: Router.Instance<Router.HTTPVersion.V1>, d: AdminDeps): void {
  const fail = (res: ServerResponse, path: string, e: SandboxApiError) =>
    sendJson(res, { status: e.status, body: errorEnvelope(path, e) });

  async function handle(req: IncomingMessage, res: ServerResponse, fn: AdminFn, status: number): Promise<void> {
    const path = requestUrl(req).pathname;
    try {
      if (d.adminToken !== undefined && !bearerMatches(req.headers.authorization, d.adminToken))
        throw new SandboxApiError(401, 'UnauthorizedException', 'The admin API needs "Authorization: Bearer <admin token>" (the --admin-token the sandbox was started with)');
      const bytes = await readBodyBytes(req, d.maxBodyBytes);
      if (req.method === 'POST' && !isJsonContentType(req.headers['content-type']))
        throw new SandboxApiError(415, 'UnsupportedMediaTypeException', 'Admin writes must be sent with Content-Type: application/json');
      const body = parseJsonText(decodeUtf8(bytes), d.maxJsonDepth);
      sendJson(res, { status, body: fn(body, requestUrl(req).searchParams) ?? { ok: true } }, {}, () => ({ status: 500, body: errorEnvelope(path, SandboxApiError.internal()) }));
    } catch (err) {
      if (err instanceof SandboxApiError) fail(res, path, err);
      else if (err instanceof BodyError) fail(res, path, SandboxApiError.fromBody(err));
      else if (err instanceof z.ZodError) fail(res, path, SandboxApiError.badRequest(zodMessage(err)));
      else fail(res, path, SandboxApiError.badRequest(err instanceof Error ? err.message : String(err)));
    }
  }

  const on = (method: 'GET' | 'POST' | 'DELETE', path: string, fn: AdminFn, status = 200) =>
    router.on(method, `/_sandbox${path}`, (req, res) => {
      handle(req, res, fn, status).catch(() => res.destroy());
    });

  const { sandbox, faults } = d;
  on('GET', '/health', () => ({ ok: true }));
  on('GET', '/world', () => publicWorld(sandbox.world));
  on('GET', '/bookings', () => ({ bookings: sandbox.state.bookings.map((b) => renderBooking(sandbox, b)) }));
  on('GET', '/reservations', () => ({ reservations: sandbox.state.reservations }));
  // What Cal.com would have emailed and written to hosts' calendars ("Check Confirmations"); ?to= filters emails.
  on('GET', '/emails', (_b, q) => ({ emails: sentEmails(sandbox).filter((e) => !q.get('to') || e.to.toLowerCase() === q.get('to')!.toLowerCase()) }));
  on('GET', '/calendar-events', (_b, q) => ({ events: calendarWrites(sandbox).filter((e) => !q.get('userId') || e.userId === Number(q.get('userId'))) }));
  on('GET', '/clock', () => ({ now: new Date(sandbox.now()).toISOString(), pinned: sandbox.state.pinnedNow !== null }));
  on('POST', '/clock', (body) => {
    const { now } = z.object({ now: z.iso.datetime({ offset: true }).nullable() }).parse(body);
    sandbox.setClock(now);
    return { now: new Date(sandbox.now()).toISOString(), pinned: now !== null };
  });
  on(
    'POST',
    '/busy',
    (body) => {
      const b = z.object({ userId: z.number().int() }).and(BusyEventSchema).parse(body);
      sandbox.addBusy({ userId: b.userId, start: b.start, end: b.end, title: b.title });
      return { ok: true };
    },
    201,
  );
  on('POST', '/reset', (body) => {
    const w = z.object({ world: z.unknown().optional() }).loose().optional().parse(body)?.world;
    sandbox.reset(w === undefined ? d.initialWorld : WorldSchema.parse(w));
    faults.clear();
    d.limiter.reset();
    return { ok: true };
  });
  on('GET', '/faults', () => faults.current);
  on('POST', '/faults', (body) => faults.set(body ?? {}));
  on('DELETE', '/faults', () => {
    faults.clear();
    return faults.current;
  });
}
