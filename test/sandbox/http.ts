// A tiny HTTP client for the sandbox tests: Cal.com's versions, auth and envelope, over real fetch.
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';
import type { World } from '../../src/sandbox/world.js';

export const VERSION = { slots: '2024-09-04', bookings: '2024-08-13', eventTypes: '2024-06-14' } as const;

export interface CallOptions {
  body?: unknown;
  /** Raw request text instead of JSON. */
  rawBody?: string;
  /** cal-api-version; default by path; null sends none. */
  version?: string | null;
  /** Authorization header; default `Bearer <key>`; null sends none. */
  auth?: string | null;
  signal?: AbortSignal;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

function defaultVersion(path: string): string | undefined {
  if (path.startsWith('/v2/slots')) return VERSION.slots;
  if (path.startsWith('/v2/bookings')) return VERSION.bookings;
  if (path.startsWith('/v2/event-types')) return VERSION.eventTypes;
  return undefined;
}

export async function call<T = any>(s: RunningSandbox, method: string, path: string, o: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = {};
  const auth = o.auth === undefined ? `Bearer ${s.apiKey}` : o.auth;
  if (auth !== null) headers.authorization = auth;
  const version = o.version === undefined ? defaultVersion(path) : o.version;
  if (version) headers['cal-api-version'] = version;
  let body: string | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${s.url}${path}`, { method, headers, body, signal: o.signal });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

/** Starts a recorded test sandbox for `world` with its clock pinned at `now`. */
export async function pinnedSandbox(world: World, now: string, extra: Parameters<typeof startTestSandbox>[0] = {}): Promise<RunningSandbox> {
  const s = await startTestSandbox({ world, ...extra });
  await admin(s, 'POST', '/clock', { now });
  return s;
}

export async function setClock(s: RunningSandbox, now: string | null): Promise<void> {
  await admin(s, 'POST', '/clock', { now });
}

/** Slot starts (UTC ISO with milliseconds) from GET /v2/slots. */
export async function slotList(s: RunningSandbox, eventTypeId: number, start: string, end: string): Promise<string[]> {
  const r = await call(s, 'GET', `/v2/slots?eventTypeId=${eventTypeId}&start=${start}&end=${end}&timeZone=UTC`);
  if (r.status !== 200) throw new Error(`GET /v2/slots failed: ${r.status} ${r.text}`);
  return Object.values(r.json.data as Record<string, Array<{ start: string }>>)
    .flat()
    .map((x) => new Date(x.start).toISOString());
}

export async function sandboxBookings(s: RunningSandbox): Promise<any[]> {
  return (await admin<{ bookings: any[] }>(s, 'GET', '/bookings')).bookings;
}

export const attendee = (email = 'jo@callers.example') => ({ name: 'Jo Caller', email, timeZone: 'Europe/Berlin' });

export function book(s: RunningSandbox, eventTypeId: number, start: string, extra: Record<string, unknown> = {}, o: CallOptions = {}) {
  return call(s, 'POST', '/v2/bookings', { ...o, body: { eventTypeId, start, attendee: attendee(), ...extra } });
}
