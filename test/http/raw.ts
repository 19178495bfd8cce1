// A raw HTTP/1.1 client over a TCP socket for the hostile-input tests: it sends bytes no fetch would (bad UTF-8,
// broken request lines, oversized or slowly dribbled headers) and reads whatever comes back.
import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawOptions {
  /** Send the request in pieces of this many bytes, `pauseMs` apart (a slow client). */
  pieceBytes?: number;
  pauseMs?: number;
  /** Give up (and report status 0) after this long. */
  timeoutMs?: number;
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < body.length) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export function parseAnswer(bytes: Buffer): RawAnswer {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: bytes.toString('utf8') };
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0), headers, body: body.toString('utf8') };
}

/** Sends `request` (which should say `connection: close`) and resolves with the answer when the server closes. */
export function rawRequest(port: number, request: Buffer | string, o: RawOptions = {}): Promise<RawAnswer> {
  const bytes = typeof request === 'string' ? Buffer.from(request, 'latin1') : request;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(got)));
    };
    const timer = setTimeout(finish, o.timeoutMs ?? 10_000);
    socket.on('data', (d) => got.push(d));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', async () => {
      if (!o.pieceBytes) {
        socket.write(bytes);
        return;
      }
      for (let i = 0; i < bytes.length && !done; i += o.pieceBytes) {
        socket.write(bytes.subarray(i, i + o.pieceBytes));
        await new Promise((r) => setTimeout(r, o.pauseMs ?? 10));
      }
    });
  });
}

/** A request with a JSON-ish body and the headers a well-behaved client sends. */
export function requestText(port: number, method: string, path: string, body: Buffer | string = '', headers: Record<string, string> = {}): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...(b.length ? { 'content-length': String(b.length) } : {}), ...headers };
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}
