// `cal-booking-action chat`: the demo call, typed by you in the terminal. With OPENAI_API_KEY the model is real
// OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL); without it the local stand-in answers from the demo
// script, so type the demo's lines (see examples/demo-call.yaml). With `--config` and CALCOM_API_KEY it is a test
// call on your own actions and Cal.com, with no LiveKit: what you book is really booked.
import { createInterface } from 'node:readline';
import { demoSetup, printOutcome, playTurn, startDemoCall } from './demo-command.js';

export async function runChat(o: { port: number; now?: string; config?: string; apiUrl?: string }): Promise<number> {
  const { now, target } = demoSetup(o);
  const realLlm = Boolean(process.env.OPENAI_API_KEY);
  const call = await startDemoCall({ now, port: o.port, keepSandbox: false, realLlm, ...(target ? { target } : {}) });
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    console.log(call.describe());
    console.log(realLlm ? 'Talk to the agent; an empty line ends the call.\n' : 'No OPENAI_API_KEY: the stand-in follows examples/demo-call.yaml, so say its lines. An empty line ends the call.\n');
    const t0 = performance.now();
    rl.setPrompt('you> ');
    rl.prompt();
    // Lines are read as a stream, not with question(), so piped input (a script of caller lines) works too.
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) break;
      await playTurn(call.session, line, t0, console.log);
      rl.prompt();
    }
    await printOutcome(call, console.log);
    return 0;
  } finally {
    rl.close();
    await call.close();
  }
}
