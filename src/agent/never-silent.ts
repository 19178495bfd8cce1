// Keeps a caller from sitting in silence while Cal.com is slow: a filler line once the tool has run ~600 ms, and a
// hard deadline after which the tool answers with a spoken fallback instead of waiting on.
import { setMaxListeners } from 'node:events';
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
  run: (signal: AbortSignal) => Promise<T>,
  onDeadline: () => T,
): Promise<T> {
  const deadline = AbortSignal.timeout(o.deadlineMs);
  const signal = AbortSignal.any([abortSignal, deadline]);
  // One tool call may make several Cal.com requests (hold, book, look up, fresh slots), each listening to this
  // signal; that is expected, not the leak Node's default limit of 10 warns about.
  setMaxListeners(64, signal);
  const work = (async () => {
    try {
      return await run(signal);
    } catch (err) {
      if (deadline.aborted && !abortSignal.aborted) return onDeadline();
      throw err;
    }
  })();
  // The filler scheduler is only started for a tool that is actually slow: agents-js 1.9 leaves one listener on
  // the activity's close signal per scheduler, so starting one for every call would pile them up.
  let timer: NodeJS.Timeout | undefined;
  const slow = await Promise.race([
    work.then(
      () => false,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), o.fillerAfterMs))),
  ]);
  clearTimeout(timer);
  if (!slow) return work;
  return ctx.filler((step) => fillerLine(o.locale, step), { delay: 0, signal }, () => work);
}
