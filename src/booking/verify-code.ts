// The one-time code that proves a caller owns a booking found only by an email they said: texted to the phone on
// that booking, six digits, valid for ten minutes and three tries, compared in constant time.
import { randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_TRIES = 3;
export const CODE_TTL_MS = 10 * 60_000;

export class OneTimeCode {
  readonly #code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  #triesLeft = CODE_TRIES;
  readonly #expiresAt: number;

  constructor(
    /** The phone the code went to: only bookings with this attendee phone are unlocked by it. */
    readonly phone: string,
    now: number,
  ) {
    this.#expiresAt = now + CODE_TTL_MS;
  }

  get text(): string {
    return this.#code;
  }

  get triesLeft(): number {
    return this.#triesLeft;
  }

  /** Still worth asking for: not expired, tries left. */
  live(now: number): boolean {
    return this.#triesLeft > 0 && now <= this.#expiresAt;
  }

  /** True once for the right code; spoken digits with spaces or dashes are fine. Wrong, late or spent: false. */
  check(said: string, now: number): boolean {
    if (this.#triesLeft <= 0 || now > this.#expiresAt) return false;
    this.#triesLeft--;
    const digits = said.replace(/\D/g, '');
    const ok = digits.length === 6 && timingSafeEqual(Buffer.from(digits), Buffer.from(this.#code));
    if (ok) this.#triesLeft = 0;
    return ok;
  }
}
