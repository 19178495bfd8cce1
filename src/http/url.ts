// A request's URL as a URL object, whatever the request line held: `new URL(req.url, base)` reads "//host/x" as a
// protocol-relative URL naming another host, and throws on some of those; this never does.
import type { IncomingMessage } from 'node:http';

export function requestUrl(req: IncomingMessage): URL {
  const raw = req.url ?? '/';
  try {
    return new URL(`http://server${raw.startsWith('/') ? '' : '/'}${raw}`);
  } catch {
    return new URL('http://server/');
  }
}
