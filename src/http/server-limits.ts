// Limits every local server (sandbox, SMS sink, LLM stand-in) sets on its node:http server, and the answer it gives
// to a request Node refuses before any handler runs (headers too large, too slow, malformed).
import type { Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpLimits {
  /** Total size of the request line and headers; Node's default is 16 KiB. */
  maxHeaderBytes?: number;
  /** A client must finish sending its headers within this time. */
  headersTimeoutMs?: number;
  /** A client must finish sending its whole request within this time. */
  requestTimeoutMs?: number;
}

export const DEFAULT_HTTP_LIMITS: Required<HttpLimits> = { maxHeaderBytes: 16 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

/** Options for `createServer`: the limits, and a timeout check often enough to enforce them. */
export function serverOptions(limits: HttpLimits = {}): ServerOptions {
  const l = { ...DEFAULT_HTTP_LIMITS, ...limits };
  return {
    maxHeaderSize: l.maxHeaderBytes,
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
  };
}

/** An answer in the server's own error shape. */
export type ErrorRenderer = (status: number, message: string) => { contentType: string; body: string };

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are larger than this server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'The request headers took too long to arrive'],
};

/**
 * Node answers requests it cannot parse with a bare status line; this answers them in the server's error shape
 * instead, and never throws (the socket may already be gone).
 */
export function answerClientErrors(server: Server, render: ErrorRenderer): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'The request is not valid HTTP'];
    const { contentType, body } = render(status, message);
    const head = `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
    socket.end(head + body);
  });
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
