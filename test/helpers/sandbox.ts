// Starts a sandbox for a test and records every /v2 exchange, so the suite-wide contract check sees them all.
import { startSandboxServer, type RunningSandbox, type SandboxServerOptions } from '../../src/sandbox/server.js';
import { openSandboxes, recordedExchanges } from './file-scope.js';

export { recordedExchanges };

/** A sandbox on a random port with rate limiting off unless asked for; closed after the file's tests. */
export async function startTestSandbox(opts: SandboxServerOptions = {}): Promise<RunningSandbox> {
  const s = await startSandboxServer({
    rateLimit: 0,
    ...opts,
    onExchange: (e) => {
      recordedExchanges.push(e);
      opts.onExchange?.(e);
    },
  });
  openSandboxes.add(s);
  return s;
}

/** Calls the sandbox's admin API. */
export async function admin<T = unknown>(s: RunningSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${s.url}/_sandbox${path}`, {
    method,
    // Admin writes must say JSON even without a body: that is what keeps cross-site pages out.
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json()) as T;
  if (!r.ok) throw new Error(`admin ${method} ${path} failed: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Runs requests that are off-contract on purpose (they test the sandbox's 400s). They stay recorded, so the
 * suite-wide contract check still validates the sandbox's answers to them, but their request bodies are
 * dropped from the record: those are meant to break Cal.com's request schema.
 */
export async function offContract<T>(fn: () => Promise<T>): Promise<T> {
  const from = recordedExchanges.length;
  try {
    return await fn();
  } finally {
    for (const e of recordedExchanges.slice(from)) e.requestBody = undefined;
  }
}
