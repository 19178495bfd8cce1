// What a turn did, as plain data: expectations and the report work on this, not on LiveKit's event classes, so they
// stay testable without a session.
import type { voice } from '@livekit/agents';

export interface ObservedCall {
  name: string;
  args: unknown;
}

export interface ObservedResult {
  name: string;
  output: string;
  isError: boolean;
}

export interface TurnObservation {
  calls: ObservedCall[];
  results: ObservedResult[];
  /** The assistant's text in this turn, messages joined by a space. */
  reply: string;
}

type RunEvent = voice.testing.RunEvent;

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function observeTurn(events: readonly RunEvent[]): TurnObservation {
  const calls: ObservedCall[] = [];
  const results: ObservedResult[] = [];
  const said: string[] = [];
  for (const e of events) {
    if (e.type === 'function_call') calls.push({ name: e.item.name, args: parseArgs(e.item.args) });
    else if (e.type === 'function_call_output') results.push({ name: e.item.name, output: e.item.output, isError: e.item.isError });
    else if (e.type === 'message' && e.item.role === 'assistant') said.push(e.item.textContent ?? '');
  }
  return { calls, results, reply: said.filter(Boolean).join(' ') };
}
