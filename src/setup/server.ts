// The setup page's local HTTP server: the static page, its vendored libraries (no CDN), and a JSON API over a
// SetupSession. Security: loopback by default, a random token on every request (from the printed URL, then an
// HttpOnly SameSite=Strict cookie), a Host-header check against DNS rebinding, writes only as application/json
// (so no plain form can post cross-site), a same-origin Origin when one is sent, and the key never sent back.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from 'find-my-way';
import { z } from 'zod/v4';
import { LOCATION_KINDS } from '../booking/config.js';
import { SPOKEN_LOCALES } from '../booking/spoken.js';
import { SMS_PLACEHOLDERS } from '../sms/template.js';
import { SetupSession, type SessionOptions } from './session.js';
import { TIME_ZONES } from './zones.js';

const PAGE_DIR = fileURLToPath(new URL('../../src/setup/page/', import.meta.url));
const require = createRequire(import.meta.url);
/** A dependency's folder, found as Node finds packages (neither preact nor htm exports its package.json). */
function pkgDir(name: string): string {
  const dir = (require.resolve.paths(name) ?? []).map((d) => join(d, name)).find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`The setup page needs the ${name} package; reinstall cal-booking-action`);
  return dir;
}
const VENDOR: Record<string, string> = {
  'preact.mjs': join(pkgDir('preact'), 'dist/preact.mjs'),
  'hooks.mjs': join(pkgDir('preact'), 'hooks/dist/hooks.mjs'),
  'htm.mjs': join(pkgDir('htm'), 'dist/htm.mjs'),
};
const STATIC: Record<string, string> = { 'app.js': 'text/javascript', 'style.css': 'text/css' };
const MAX_BODY = 1_000_000;

const DraftActionSchema = z.looseObject({ eventType: z.number() });
const EntriesSchema = z.array(z.object({ action: DraftActionSchema, origin: z.number().int().nonnegative().optional() })).max(50);
const bodies = {
  connect: z.object({ apiKey: z.string().max(500).optional(), sandbox: z.boolean().optional() }).strict(),
  defaults: z.object({ eventType: z.number().int(), browserZone: z.string().max(100).optional() }).strict(),
  entries: z.object({ entries: EntriesSchema }).strict(),
  save: z.object({ entries: EntriesSchema, writeEnv: z.boolean().optional() }).strict(),
};

export interface SetupServerOptions extends SessionOptions {
  port?: number;
  host?: string;
  /** Fixed in tests; random otherwise. */
  token?: string;
}

export interface RunningSetup {
  url: string;
  port: number;
  token: string;
  session: SetupSession;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The body as JSON. An oversized one is still read to its end (dropping it), so the client gets the 413. */
function readJson(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
    req.resume();
    return Promise.reject(new HttpError(413, 'The request body is too large.'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new HttpError(413, 'The request body is too large.'));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new HttpError(400, 'The request body is not valid JSON.'));
      }
    });
  });
}

function parse<T extends z.ZodType>(schema: T, v: unknown): z.output<T> {
  const r = schema.safeParse(v);
  if (!r.success) throw new HttpError(400, `Bad request: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return r.data;
}

function importMap(): string {
  return JSON.stringify({ imports: { preact: '/vendor/preact.mjs', 'preact/hooks': '/vendor/hooks.mjs', htm: '/vendor/htm.mjs' } });
}

export async function startSetupServer(o: SetupServerOptions): Promise<RunningSetup> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const session = new SetupSession(o);
  const host = o.host ?? '127.0.0.1';
  const cookieName = () => `cal_setup_${port}`;
  const map = importMap();
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'sha256-${createHash('sha256').update(map).digest('base64')}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const page = readFileSync(join(PAGE_DIR, 'index.html'), 'utf8').replace('{{IMPORT_MAP}}', map);
  let port = 0;

  const tokenOk = (given: string | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const cookieToken = (req: IncomingMessage) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === cookieName())?.[1];

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': csp,
      ...extra,
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');

  const router = Router({ defaultRoute: (_req, res) => json(res, 404, { error: 'Not found' }) });
  const get = (path: string, h: (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>) => void) =>
    router.on('GET', path, (req, res, params) => h(req, res, params));
  const post = (path: string, h: (body: unknown) => Promise<unknown>) =>
    router.on('POST', path, (req, res) => {
      void (async () => {
        try {
          json(res, 200, await h(await readJson(req)));
        } catch (err) {
          if (err instanceof HttpError) json(res, err.status, { error: err.message });
          else json(res, 422, { error: err instanceof Error ? err.message : String(err) });
        }
      })();
    });

  get('/', (_req, res) => send(res, 200, page, 'text/html; charset=utf-8', { 'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/` }));
  get('/:file', (_req, res, { file }) => {
    if (!file || !STATIC[file]) return json(res, 404, { error: 'Not found' });
    send(res, 200, readFileSync(join(PAGE_DIR, file)), `${STATIC[file]}; charset=utf-8`);
  });
  get('/vendor/:file', (_req, res, { file }) => {
    const path = file ? VENDOR[file] : undefined;
    if (!path) return json(res, 404, { error: 'Not found' });
    send(res, 200, readFileSync(path), 'text/javascript; charset=utf-8');
  });
  const state = () => {
    let existing: ReturnType<SetupSession['existing']> | undefined;
    let existingError: string | undefined;
    if (session.connected) {
      try {
        existing = session.existing();
      } catch (err) {
        existingError = (err as Error).message;
      }
    }
    return {
      configPath: session.configPath,
      environmentKey: session.hasEnvironmentKey,
      connected: session.connected ?? null,
      existing: existing?.entries ?? null,
      existingError: existingError ?? null,
      zones: TIME_ZONES,
      locales: SPOKEN_LOCALES,
      locationKinds: LOCATION_KINDS,
      placeholders: SMS_PLACEHOLDERS,
    };
  };
  get('/api/state', (_req, res) => json(res, 200, state()));
  post('/api/connect', async (b) => {
    await session.connect(parse(bodies.connect, b));
    return state();
  });
  post('/api/defaults', async (b) => {
    const { eventType, browserZone } = parse(bodies.defaults, b);
    return session.defaults(eventType, browserZone);
  });
  const entries = (b: unknown) => parse(bodies.entries, b).entries as never;
  post('/api/preview', async (b) => session.preview(entries(b)));
  post('/api/doctor', async (b) => session.doctor(entries(b)));
  post('/api/save', async (b) => {
    const { entries: e, writeEnv } = parse(bodies.save, b);
    return session.save(e as never, { writeEnv: writeEnv ?? false });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://setup.invalid');
    if (!allowedHosts().has(req.headers.host ?? '')) return json(res, 421, { error: `Host ${req.headers.host ?? '(none)'} is not this setup server; open the URL it printed.` });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return json(res, 403, { error: 'Cross-origin requests are refused.' });
    const given = url.searchParams.get('token') ?? (req.headers['x-setup-token'] as string | undefined) ?? cookieToken(req);
    if (!tokenOk(given)) {
      const error = 'Missing or wrong token: open the exact URL `cal-booking-action setup` printed.';
      // A person who opened a bare or stale URL reads a sentence, not JSON.
      return /text\/html/.test(req.headers.accept ?? '') ? send(res, 401, error, 'text/plain; charset=utf-8') : json(res, 401, { error });
    }
    if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return json(res, 415, { error: 'Writes must be application/json.' });
    if (req.method !== 'GET' && req.method !== 'POST') return json(res, 405, { error: 'Only GET and POST.' });
    router.lookup(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    session,
    close: async () => {
      await session.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
