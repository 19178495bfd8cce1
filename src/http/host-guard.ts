// Who may talk to a local server: on a loopback bind only requests whose Host names that loopback interface
// (a DNS-rebinding page's Host names the attacker's domain), and an optional bearer token for admin routes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for a bind address only this machine can reach. */
export function isLoopbackBind(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Whether a request's Host header may reach a server bound to `bindHost`:`port`. On a loopback bind the header must
 * name a loopback name or address and the bound port; any other bind cannot tell good names from bad, so it passes
 * (and the server warns at start).
 */
export function hostAllowed(hostHeader: string | undefined, bindHost: string, port: number): boolean {
  if (!isLoopbackBind(bindHost)) return true;
  if (!hostHeader) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!m) return false;
  const name = m[1]!;
  const givenPort = m[2] === undefined ? 80 : Number(m[2]);
  const bound = bindHost.toLowerCase();
  return givenPort === port && (LOOPBACK_NAMES.has(name) || name === bound || name === `[${bound}]` || (isIP(name) === 4 && name.startsWith('127.')));
}

/** The message a refused Host gets. */
export function hostRefusal(hostHeader: string | undefined, port: number): string {
  const given = hostHeader ? `"${hostHeader.slice(0, 100)}"` : 'none';
  return `Host ${given} is not this server's loopback address: use http://127.0.0.1:${port} or http://localhost:${port} (requests naming other hosts are refused so web pages cannot reach it)`;
}

/** True when the Authorization header carries `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** What a server bound beyond loopback prints at start; undefined on a loopback bind. */
export function exposureWarning(what: string, host: string, port: number, admin: 'token' | 'open' | 'none'): string | undefined {
  if (isLoopbackBind(host)) return undefined;
  const bar = '!'.repeat(78);
  return [
    bar,
    `WARNING: the ${what} listens on ${host}:${port}, reachable from other machines on the network.`,
    'It holds test data and has no real security; anyone who can reach it can use it.',
    {
      token: 'Its admin routes need the admin token.',
      open: 'Its admin routes are OPEN: set --admin-token (or bind --host 127.0.0.1) unless this network is yours alone.',
      none: 'Bind --host 127.0.0.1 unless this network is yours alone.',
    }[admin],
    bar,
  ].join('\n');
}
