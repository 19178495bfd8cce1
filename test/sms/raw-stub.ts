// A bare node:http server standing in for api.twilio.com: records each request as sent and answers from a queue,
// so the sender's wire format is checked independently of the sink.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawReply {
  status?: number;
  /** Strings are sent as-is; anything else as JSON. */
  body?: unknown;
  delayMs?: number;
  /** Drop the connection instead of answering. */
  destroy?: boolean;
}

export interface RawStub {
  url: string;
  requests: RawRequest[];
  /** Replies in order; the last one repeats. */
  reply(...replies: RawReply[]): void;
  close(): Promise<void>;
}

export async function startRawStub(): Promise<RawStub> {
  const requests: RawRequest[] = [];
  let queue: RawReply[] = [{ status: 201, body: { sid: 'SM00000000000000000000000000000000', status: 'queued' } }];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const r = (queue.length > 1 ? queue.shift() : queue[0]) ?? {};
      const answer = () => {
        if (r.destroy) {
          req.socket.destroy();
          return;
        }
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (r.delayMs) setTimeout(answer, r.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    reply: (...replies) => {
      queue = replies;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
