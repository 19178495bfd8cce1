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
     * The next N booking writes (POST /v2/bookings, …/reschedule, …/cancel) are committed, then the response is
     * never sent: the client sees a timeout while the change is made.
     */
    dropAfterCommitNext: z.number().int().min(0).default(0),
    /** The next N reservation POSTs are committed, then their answer is never sent: a hold whose uid is lost. */
    dropReservationNext: z.number().int().min(0).default(0),
    /** Share (0..1) of booking and reservation POSTs committed whose answer is then never sent. */
    dropAfterCommitRate: z.number().min(0).max(1).default(0),
    /**
     * Share (0..1) of booking POSTs that are checked and assigned a host at once but committed only `slowCommitMs`
     * later, as a slow calendar or video-link step in Cal.com's booking handler would: a lookup meanwhile finds
     * nothing, and the booking still lands.
     */
    slowCommitRate: z.number().min(0).max(1).default(0),
    slowCommitNext: z.number().int().min(0).default(0),
    slowCommitMs: z.number().int().min(0).max(120_000).default(2_000),
    /** Share (0..1) of requests delayed by `spikeMs` before they are processed (on top of latencyMs). */
    spikeRate: z.number().min(0).max(1).default(0),
    spikeMs: z.number().int().min(0).max(120_000).default(2_000),
    /** Share (0..1) of requests answered 429, as bursts past Cal.com's limit would. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    /** Share (0..1) of requests processed whose JSON answer is cut short. */
    malformedRate: z.number().min(0).max(1).default(0),
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
  | { kind: 'dropAfterCommit' }
  | { kind: 'slowCommit'; ms: number };

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
    const spike = f.spikeRate > 0 && Math.random() < f.spikeRate ? f.spikeMs : 0;
    return f.latencyMs + spike + (f.jitterMs > 0 ? Math.random() * f.jitterMs : 0);
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
    const isBookingWrite = method === 'POST' && /^\/v2\/bookings(\/[^/]+\/(reschedule|cancel))?\/?$/.test(path);
    const isReservation = method === 'POST' && /^\/v2\/slots\/reservations\/?$/.test(path);
    if (f.dropAfterCommitNext > 0 && isBookingWrite) {
      f.dropAfterCommitNext--;
      return { kind: 'dropAfterCommit' };
    }
    if (f.dropReservationNext > 0 && isReservation) {
      f.dropReservationNext--;
      return { kind: 'dropAfterCommit' };
    }
    const isCreate = method === 'POST' && /^\/v2\/bookings\/?$/.test(path);
    if (f.slowCommitNext > 0 && isCreate) {
      f.slowCommitNext--;
      return { kind: 'slowCommit', ms: f.slowCommitMs };
    }
    if (f.malformedNext > 0) {
      f.malformedNext--;
      return { kind: 'malformed' };
    }
    const chance = (rate: number) => rate > 0 && Math.random() < rate;
    if (chance(f.rateLimitRate)) return { kind: 'rateLimit', resetSeconds: f.rateLimitResetSeconds };
    if (chance(f.errorRate)) return { kind: 'error', status: f.errorStatus };
    if ((isBookingWrite || isReservation) && chance(f.dropAfterCommitRate)) return { kind: 'dropAfterCommit' };
    if (isCreate && chance(f.slowCommitRate)) return { kind: 'slowCommit', ms: f.slowCommitMs };
    if (chance(f.malformedRate)) return { kind: 'malformed' };
    return { kind: 'none' };
  }
}
