// A local stand-in for api.cal.com: records every request and answers from per-route reply queues.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path below /v2, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Strings are sent as-is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering, to provoke client timeouts. */
  delayMs?: number;
  /** Drop the connection instead of answering, to provoke a network error. */
  destroy?: boolean;
}

export const ok = (data: unknown, status = 200): Reply => ({ status, body: { status: 'success', data } });
export const calError = (status: number, code: string, message: string, details?: unknown): Reply => ({
  status,
  body: {
    status: 'error',
    timestamp: '2026-01-01T00:00:00.000Z',
    path: '/v2/x',
    error: details === undefined ? { code, message } : { code, message, details },
  },
});

export interface Stub {
  /** Base URL including /v2, as the client expects. */
  url: string;
  requests: RecordedRequest[];
  /** TCP connections accepted so far, to check keep-alive reuse. */
  connections: () => number;
  /** Queue replies for a route such as "POST /bookings"; the last one repeats. */
  on: (route: string, ...replies: Reply[]) => void;
  close: () => Promise<void>;
}

export async function startStub(): Promise<Stub> {
  const routes = new Map<string, Reply[]>();
  const requests: RecordedRequest[] = [];
  let connections = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname.replace(/^\/v2/, '');
      requests.push({
        method: req.method ?? '',
        path,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const queue = routes.get(`${req.method} ${path}`);
      const reply: Reply = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? calError(404, 'NotFoundException', 'no stub');
      const send = () => {
        if (res.destroyed) return;
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v2`,
    requests,
    connections: () => connections,
    on: (route, ...replies) => {
      routes.set(route, replies);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
