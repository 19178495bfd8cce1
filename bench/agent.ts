// Agent figures: how long the caller waits for the first offer with and without prefetch at call start, and the
// longest silence a caller hears with 800 ms of Cal.com latency (a filler line speaks at 600 ms).
import { voice } from '@livekit/agents';
import { createBookingToolset, prefetchAll } from '../src/agent/index.js';
import { withAgentBench } from './agent-setup.js';

const SLOTS = 'book_30_minute_consultation_slots';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAgent(): Promise<void> {
  await withAgentBench(async ({ now, sb, cal, actions }) => {
    sb.faults.set({ latencyMs: 800 });

    /** One call: returns when the offer reached the model and when the first speech (filler) was created. */
    const call = async (prefetch: boolean) => {
      const toolset = createBookingToolset({ actions, calendar: cal, now: () => now });
      const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM([{ input: 'what is free?', toolCalls: [{ name: SLOTS, args: {} }] }]) });
      await session.start({ agent: new voice.Agent({ instructions: 'Book.', tools: [toolset] }) });
      // The worker prefetches while the greeting plays; the caller's request comes a few seconds later.
      if (prefetch) await prefetchAll(toolset, session);
      let firstSpeech = Infinity;
      const t0 = performance.now();
      // The reply's own speech is created at once but says nothing until the tool returns; the filler is a `say`.
      session.on(voice.AgentSessionEventTypes.SpeechCreated, (ev) => {
        if (ev.source === 'say') firstSpeech = Math.min(firstSpeech, performance.now() - t0);
      });
      const r = await session.run({ userInput: 'what is free?' }).wait();
      const offerMs = performance.now() - t0;
      if (!r.events.some((e) => e.type === 'function_call_output' && e.item.output.includes('"available"'))) throw new Error('no offer');
      await session.close();
      return { offerMs, silenceMs: Math.min(offerMs, firstSpeech) };
    };
    const cold: number[] = [];
    const warm: number[] = [];
    const silence: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await call(false);
      cold.push(c.offerMs);
      silence.push(c.silenceMs);
      warm.push((await call(true)).offerMs);
    }
    console.log(
      `offer ready after the caller asks, 800 ms Cal.com latency: ${median(cold).toFixed(0)} ms without prefetch, ${median(warm).toFixed(0)} ms with prefetch = ${(median(warm) / median(cold)).toFixed(3)}×`,
    );
    console.log(`longest silence while the tool runs (filler at 600 ms): ${median(silence).toFixed(0)} ms  (target ≈ ≤ 1 s)`);
  });
}
