// Dead air: the longest silence a caller hears while a tool waits on Cal.com, with today's filler (one line at
// 600 ms, then nothing) side by side with the cadence (a different line after every ~2 s of silence). Phases:
// listing slots at 800 ms, 3 s and 20 s of Cal.com latency (past the 8 s deadline the tool answers "calendar
// unavailable"), and a booking POST whose answer is lost, so it times out (20 s) and is looked up.
// Silence is measured between the caller's request, each filler line's creation and the tool's answer; the
// session runs in text mode, so a line takes no time to say and the figures are upper bounds.
import { voice } from '@livekit/agents';
import type { Temporal } from 'temporal-polyfill';
import { createBookingToolset } from '../src/agent/index.js';
import type { ResolvedAction } from '../src/booking/resolve.js';
import type { CalComClient } from '../src/calcom/client.js';
import type { RunningSandbox } from '../src/sandbox/server.js';
import { withAgentBench } from './agent-setup.js';

const SLOTS = 'book_30_minute_consultation_slots';
const BOOK = 'book_30_minute_consultation';
const TODAY = { label: 'today (one line)', fillerEveryMs: 0 };
const CADENCE = { label: 'cadence', fillerEveryMs: 2_000 };

interface Phase {
  name: string;
  /** Faults set just before the measured request. */
  faults: Record<string, unknown>;
  /** The request measured: finding times, or booking the first offered one. */
  book: boolean;
}

const PHASES: Phase[] = [
  { name: 'slots, 800 ms Cal.com latency', faults: { latencyMs: 800, paths: ['/v2/slots'] }, book: false },
  { name: 'slots, 3 s Cal.com latency', faults: { latencyMs: 3_000, paths: ['/v2/slots'] }, book: false },
  { name: 'slots, 20 s Cal.com latency (8 s deadline)', faults: { latencyMs: 20_000, paths: ['/v2/slots'] }, book: false },
  { name: 'booking POST times out (20 s) and is looked up', faults: { dropAfterCommitNext: 1 }, book: true },
];

async function longestSilence(sb: RunningSandbox, cal: CalComClient, actions: ResolvedAction[], phase: Phase, fillerEveryMs: number, now: Temporal.Instant) {
  sb.faults.clear();
  const toolset = createBookingToolset({
    actions,
    calendar: cal,
    now: () => now,
    fillerEveryMs,
    callContext: () => ({ callId: `bench-${phase.name}-${fillerEveryMs}`, dynamicContext: { cal_email: 'jo@example.com' } }),
  });
  const llm = new voice.testing.FakeLLM([
    { input: 'what is free?', toolCalls: [{ name: SLOTS, args: {} }] },
    { input: 'the first one', toolCalls: [{ name: BOOK, args: { slotId: 't1', name: 'Jo Caller' } }] },
  ]);
  const session = new voice.AgentSession({ llm });
  await session.start({ agent: new voice.Agent({ instructions: 'Book.', tools: [toolset] }) });
  try {
    if (phase.book) await session.run({ userInput: 'what is free?' }).wait();
    sb.faults.set(phase.faults);
    const spoken: number[] = [];
    session.on(voice.AgentSessionEventTypes.SpeechCreated, (ev) => {
      if (ev.source === 'say') spoken.push(performance.now());
    });
    const t0 = performance.now();
    await session.run({ userInput: phase.book ? 'the first one' : 'what is free?' }).wait();
    const marks = [t0, ...spoken, performance.now()];
    return { longest: Math.max(...marks.slice(1).map((m, i) => m - marks[i]!)), lines: spoken.length, total: marks.at(-1)! - t0 };
  } finally {
    sb.faults.clear();
    await session.close();
  }
}

export async function benchSilence(): Promise<void> {
  await withAgentBench(async ({ now, sb, cal, actions }) => {
    console.log('longest silence while a tool waits (target: none longer than 2.5 s):');
    for (const phase of PHASES) {
      const cells: string[] = [];
      for (const mode of [TODAY, CADENCE]) {
        const r = await longestSilence(sb, cal, actions, phase, mode.fillerEveryMs, now);
        cells.push(`${mode.label} ${(r.longest / 1000).toFixed(1)} s (${r.lines} line(s) in ${(r.total / 1000).toFixed(1)} s)`);
      }
      console.log(`  ${phase.name}: ${cells.join(' | ')}`);
    }
  });
}
