// Injected faults for the sandbox's /v2 API, set through the admin API: what Cal.com does on a bad day.
import { z } from 'zod/v4';

export const FaultsSchema = z
  .object({
    /** Added to every /v2 response, plus a uniform random 0..jitterMs. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    jitterMs: z.number().int().min(0).max(120_000).default(0),
    /** Share (0..1) of requests answered 5xx without being processed. */
    errorRate: z.number().min(0).max(1).default(0),
    /** The next N requests are answered 5xx without being processed. */
    failNext: z.number().int().min(0).default(0),
    errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
    /** The next N requests get 429, as a burst past Cal.com's limit would; `rateLimitResetSeconds` in the headers. */
    rateLimitNext: z.number().int().min(0).default(0),
    rateLimitResetSeconds: z.number().int().min(1).max(3600).default(1),
    /** The next N requests are processed, but their JSON body is cut short. */
    malformedNext: z.number().int().min(0).default(0),
    /**
     * The next N POST /v2/bookings (create or reschedule) are committed, then the response is never sent:
     * the client sees a timeout while the booking exists.
     */
    dropAfterCommitNext: z.number().int().min(0).default(0),
    /** Only requests whose path starts with one of these get faults (default: all of /v2). */
    paths: z.array(z.string().startsWith('/v2')).default(['/v2']),
  })
  .strict();
export type Faults = z.infer<typeof FaultsSchema>;

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'rateLimit'; resetSeconds: number }
  | { kind: 'malformed' }
  | { kind: 'dropAfterCommit' };

export class FaultInjector {
  #faults: Faults = FaultsSchema.parse({});

  get current(): Faults {
    return this.#faults;
  }

  /** Merges `patch` into the current faults (so counters can be topped up one at a time). */
  set(patch: unknown): Faults {
    this.#faults = FaultsSchema.parse({ ...this.#faults, ...(patch as object) });
    return this.#faults;
  }

  clear(): void {
    this.#faults = FaultsSchema.parse({});
  }

  applies(path: string): boolean {
    return this.#faults.paths.some((p) => path.startsWith(p));
  }

  delayMs(): number {
    const f = this.#faults;
    return f.latencyMs + (f.jitterMs > 0 ? Math.random() * f.jitterMs : 0);
  }

  /** Decides, and consumes, the fault for one request; counted faults take precedence over random ones. */
  next(method: string, path: string): FaultAction {
    const f = this.#faults;
    if (f.rateLimitNext > 0) {
      f.rateLimitNext--;
      return { kind: 'rateLimit', resetSeconds: f.rateLimitResetSeconds };
    }
    if (f.failNext > 0) {
      f.failNext--;
      return { kind: 'error', status: f.errorStatus };
    }
    const isBookingWrite = method === 'POST' && /^\/v2\/bookings(\/[^/]+\/reschedule)?\/?$/.test(path);
    if (f.dropAfterCommitNext > 0 && isBookingWrite) {
      f.dropAfterCommitNext--;
      return { kind: 'dropAfterCommit' };
    }
    if (f.malformedNext > 0) {
      f.malformedNext--;
      return { kind: 'malformed' };
    }
    if (f.errorRate > 0 && Math.random() < f.errorRate) return { kind: 'error', status: f.errorStatus };
    return { kind: 'none' };
  }
}
