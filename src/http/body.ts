// Reading a request body the way a server facing hostile clients must: a byte limit checked before and while
// reading, strict UTF-8, and a JSON nesting limit checked on the text before JSON.parse, so nothing later
// (validation, storage, JSON.stringify) ever recurses deeper than the limit.
import type { IncomingMessage } from 'node:http';

/**
 * Cal.com API v2 parses JSON with body-parser's `json()` and no options (apps/api/v2/src/middleware/body/
 * json.body.middleware.ts), whose default limit is 100 kB; larger bodies are refused with 413.
 */
export const CALCOM_BODY_LIMIT_BYTES = 100 * 1024;
/** Deeper than any real request (Cal.com's booking body nests 4 levels); far below what would exhaust a stack. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

export type BodyProblem = 'too_large' | 'bad_utf8' | 'bad_json' | 'too_deep';

export class BodyError extends Error {
  constructor(
    readonly problem: BodyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }

  /** The HTTP status for this problem. */
  get status(): number {
    return this.problem === 'too_large' ? 413 : 400;
  }
}

/**
 * The body's bytes, at most `maxBytes`. A declared Content-Length past the limit is refused before reading; a body
 * that grows past it while streaming stops being buffered at once. Either way the rest is read and discarded rather
 * than the connection cut, so the client sees the answer instead of a broken pipe (the server's request timeout
 * bounds how long that lasts).
 */
export function readBodyBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new BodyError('too_large', `The request body is larger than ${maxBytes} bytes (${Math.round(maxBytes / 1024)} kB), the most this server accepts`);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      chunks.length = 0;
      req.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BodyError('bad_utf8', 'The request body is not valid UTF-8');
  }
}

/** The deepest nesting of arrays and objects in JSON text, counted in one pass without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** JSON text to a value; blank text is `undefined`. Refuses nesting past `maxDepth` before parsing. */
export function parseJsonText(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepth(text) > maxDepth) throw new BodyError('too_deep', `The request body nests arrays or objects more than ${maxDepth} levels deep`);
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('bad_json', 'The request body is not valid JSON');
  }
}

/** True for `application/json` and `application/*+json`, with any parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(header ?? '');
}
