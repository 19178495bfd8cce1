// Writing a JSON answer safely: the body is serialised before the head is written, so a body that cannot be
// serialised becomes the fallback answer instead of a second writeHead (ERR_HTTP_HEADERS_SENT) or a crash.
import type { ServerResponse } from 'node:http';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export function sendJson(
  res: ServerResponse,
  answer: JsonAnswer,
  headers: Record<string, string> = {},
  fallback: () => JsonAnswer = () => ({ status: 500, body: { error: 'The answer could not be serialised' } }),
): void {
  let status = answer.status;
  let text: string | undefined;
  try {
    text = JSON.stringify(answer.body);
  } catch {
    const f = fallback();
    status = f.status;
    text = JSON.stringify(f.body);
  }
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
}
