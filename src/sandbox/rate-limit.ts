// Cal.com's API v2 throttler: a fixed 60-second window per tracker (the API key, or the IP without one);
// going past the limit blocks the tracker for 60 seconds. Uses real time, not the sandbox's pinned clock. Idle
// trackers are pruned once a window, so a stream of made-up keys cannot grow memory without bound.
const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  readonly #trackers = new Map<string, { windowStart: number; count: number; blockedUntil: number }>();
  #lastPrune = 0;

  /** `limit` 0 turns limiting off (for load tests past Cal.com's 120 a minute). */
  constructor(readonly limit: number, private readonly clock: () => number = Date.now) {}

  check(tracker: string): RateDecision {
    if (this.limit <= 0) return { allowed: true, headers: {} };
    const now = this.clock();
    if (now - this.#lastPrune >= WINDOW_MS) this.#prune(now);
    let t = this.#trackers.get(tracker);
    if (!t || now - t.windowStart >= WINDOW_MS) {
      t = { windowStart: now, count: 0, blockedUntil: t?.blockedUntil ?? 0 };
      this.#trackers.set(tracker, t);
    }
    const blocked = now < t.blockedUntil;
    if (!blocked) t.count++;
    if (!blocked && t.count > this.limit) t.blockedUntil = now + WINDOW_MS;
    const allowed = now >= t.blockedUntil;
    const resetAt = allowed ? t.windowStart + WINDOW_MS : t.blockedUntil;
    return {
      allowed,
      headers: {
        'X-RateLimit-Limit-Default': String(this.limit),
        'X-RateLimit-Remaining-Default': String(allowed ? Math.max(0, this.limit - t.count) : 0),
        'X-RateLimit-Reset-Default': String(Math.max(1, Math.ceil((resetAt - now) / 1000))),
      },
    };
  }

  /** How many trackers are remembered (for tests of the pruning). */
  get size(): number {
    return this.#trackers.size;
  }

  /** Forgets trackers whose window has ended and that are not blocked: they would start afresh anyway. */
  #prune(now: number): void {
    this.#lastPrune = now;
    for (const [k, t] of this.#trackers) if (now - t.windowStart >= WINDOW_MS && now >= t.blockedUntil) this.#trackers.delete(k);
  }

  reset(): void {
    this.#trackers.clear();
  }
}
