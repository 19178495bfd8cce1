// Keeps a caller from sitting in silence while a tool waits on Cal.com: the first filler line once the tool has
// run ~600 ms, then a different line after every ~2 s of renewed silence, for as long as it runs, and a hard
// deadline after which the tool answers with a spoken fallback instead of waiting on. More than about 3 s of
// silence on a phone line reads as a dropped call.
import { setMaxListeners } from 'node:events';
import { voice, type llm } from '@livekit/agents';
import type { SpokenLocale } from '../booking/spoken.js';

export interface NeverSilentOptions {
  /** Speak the first filler once a tool has run this long (default 600 ms). */
  fillerAfterMs?: number;
  /**
   * After a filler has been spoken, the next one follows this much silence later (default 2,000 ms), for as long
   * as the tool runs; 0 speaks only the first. Caller or agent speech restarts the count.
   */
  fillerEveryMs?: number;
  /** Give up on finding times after this long (default 8 s) and say the calendar can't be reached. */
  slotsDeadlineMs?: number;
  /** Stop waiting for a booking after this long (default 25 s); the outcome is then looked up or left unconfirmed. */
  bookDeadlineMs?: number;
}

export interface ToolLimits {
  locale: SpokenLocale;
  fillerAfterMs: number;
  fillerEveryMs: number;
  deadlineMs: number;
}

/** Each tool kind's filler cadence and deadline, from the toolset's options and the action's locale. */
export function toolLimits(o: NeverSilentOptions, locale: SpokenLocale): { slots: ToolLimits; book: ToolLimits } {
  const filler = { locale, fillerAfterMs: o.fillerAfterMs ?? 600, fillerEveryMs: o.fillerEveryMs ?? 2_000 };
  return { slots: { ...filler, deadlineMs: o.slotsDeadlineMs ?? 8_000 }, book: { ...filler, deadlineMs: o.bookDeadlineMs ?? 25_000 } };
}

/** The first line, then lines that follow it in turn; the cycle never puts one line twice in a row. */
const FILLERS: Record<SpokenLocale, { first: string; again: readonly string[] }> = {
  'en-US': {
    first: 'One moment, let me check the calendar.',
    again: ['Still checking, thanks for holding.', "I'm still here, the calendar is a little slow.", 'Almost there, just a moment more.', 'Thanks for your patience, still working on it.'],
  },
  'en-GB': {
    first: 'One moment, let me check the calendar.',
    again: ['Still checking, thanks for bearing with me.', "I'm still here, the calendar is a little slow.", 'Nearly there, just a moment more.', 'Thanks for your patience, still working on it.'],
  },
  'de-DE': {
    first: 'Einen Moment, ich schaue im Kalender nach.',
    again: ['Ich bin noch dabei, einen Moment bitte.', 'Ich bin noch da, der Kalender braucht gerade etwas.', 'Gleich habe ich es, nur noch einen Augenblick.', 'Danke für Ihre Geduld, ich bin noch dran.'],
  },
};

/** The filler for `step` (0 = the first line): a cycle in which no line follows itself. */
export function fillerLine(locale: SpokenLocale, step: number): string {
  const { first, again } = FILLERS[locale];
  return step === 0 ? first : again[(step - 1) % again.length]!;
}

/**
 * Runs `work` with a signal that also fires at the deadline, speaking filler while it runs. When the deadline (not
 * the caller) ends it, `onDeadline` supplies the answer. Every tool that may wait on Cal.com runs through this.
 */
export async function withinDeadline<T>(
  ctx: llm.ToolOptions<unknown>['ctx'],
  abortSignal: AbortSignal,
  o: ToolLimits,
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
  // The filler is only started for a tool that is actually slow: agents-js 1.9 leaves one listener on the
  // activity's close signal per scheduler, so starting one for every call would pile them up.
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
  // The framework's scheduler speaks the first line once the session is idle; the lines after it come from
  // `cadence`, because each wait-for-idle in agents-js 1.9 leaves a listener behind, one per line.
  return ctx.filler(fillerLine(o.locale, 0), { delay: 0, signal }, async () => {
    const stop = o.fillerEveryMs > 0 ? cadence(ctx.session, (step) => fillerLine(o.locale, step), o.fillerEveryMs, signal) : () => {};
    try {
      return await work;
    } finally {
      stop();
    }
  });
}

/**
 * Says `line(1)`, `line(2)`, … each after `everyMs` in which nobody spoke, until stopped or `signal` fires. The
 * count starts when a line is created and again whenever the agent or the caller stops speaking.
 */
function cadence(session: llm.ToolOptions<unknown>['ctx']['session'], line: (step: number) => string, everyMs: number, signal: AbortSignal): () => void {
  let step = 1;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(speak, everyMs);
  };
  const speak = () => {
    if (signal.aborted) return;
    session.say(line(step++));
    arm();
  };
  const onAgent = (ev: voice.AgentStateChangedEvent) => (ev.newState === 'speaking' ? clearTimeout(timer) : ev.oldState === 'speaking' && arm());
  const onUser = (ev: voice.UserStateChangedEvent) => (ev.newState === 'speaking' ? clearTimeout(timer) : ev.oldState === 'speaking' && arm());
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, onAgent);
  session.on(voice.AgentSessionEventTypes.UserStateChanged, onUser);
  arm();
  const stop = () => {
    clearTimeout(timer);
    session.off(voice.AgentSessionEventTypes.AgentStateChanged, onAgent);
    session.off(voice.AgentSessionEventTypes.UserStateChanged, onUser);
    signal.removeEventListener('abort', stop);
  };
  signal.addEventListener('abort', stop, { once: true });
  return stop;
}
