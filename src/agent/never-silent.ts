// Keeps a caller from sitting in silence while Cal.com is slow: a filler line once the tool has run ~600 ms (then
// now and again), and a hard deadline after which the tool answers with a spoken fallback instead of waiting on.
import type { llm } from '@livekit/agents';
import type { SpokenLocale } from '../booking/spoken.js';

export interface NeverSilentOptions {
  /** Speak a filler once a tool has run this long (default 600 ms). */
  fillerAfterMs?: number;
  /** Give up on finding times after this long (default 8 s) and say the calendar can't be reached. */
  slotsDeadlineMs?: number;
  /** Stop waiting for a booking after this long (default 25 s); the outcome is then looked up or left unconfirmed. */
  bookDeadlineMs?: number;
}

const FILLERS: Record<SpokenLocale, [string, string]> = {
  'en-US': ['One moment, let me check the calendar.', 'Still checking, thanks for holding.'],
  'en-GB': ['One moment, let me check the calendar.', 'Still checking, thanks for bearing with me.'],
  'de-DE': ['Einen Moment, ich schaue im Kalender nach.', 'Ich bin noch dabei, einen Moment bitte.'],
};

export function fillerLine(locale: SpokenLocale, step: number): string {
  const [first, again] = FILLERS[locale];
  return step === 0 ? first : again;
}

/**
 * Runs `work` with a signal that also fires at the deadline, speaking filler while it runs. When the deadline (not
 * the caller) ends it, `onDeadline` supplies the answer.
 */
export async function withinDeadline<T>(
  ctx: llm.ToolOptions<unknown>['ctx'],
  abortSignal: AbortSignal,
  o: { locale: SpokenLocale; fillerAfterMs: number; deadlineMs: number },
  work: (signal: AbortSignal) => Promise<T>,
  onDeadline: () => T,
): Promise<T> {
  const deadline = AbortSignal.timeout(o.deadlineMs);
  const signal = AbortSignal.any([abortSignal, deadline]);
  const run = async () => {
    try {
      return await work(signal);
    } catch (err) {
      if (deadline.aborted && !abortSignal.aborted) return onDeadline();
      throw err;
    }
  };
  return ctx.filler((step) => fillerLine(o.locale, step), { delay: o.fillerAfterMs, interval: 4_000, maxSteps: 3, signal }, run);
}
