// Turns the chosen script step into the concrete assistant reply. Script problems (no step left, an unresolvable
// placeholder) become an assistant message saying so: the agent then simply speaks it, and the test fails on a readable
// transcript instead of hanging or retrying.
import { PlaceholderError, resolvePlaceholders } from './placeholders.js';
import { messageText, type ChatMessage } from './request.js';
import type { ParsedTurn } from './script.js';

export interface PlannedToolCall {
  id: string;
  name: string;
  /** JSON text, as OpenAI sends it. */
  arguments: string;
}

export interface PlannedReply {
  content?: string;
  toolCalls: PlannedToolCall[];
}

const EXCERPT_CHARS = 160;

function describeLastMessage(messages: ChatMessage[]): string {
  const last = messages.at(-1);
  if (!last) return '(no messages)';
  const text = messageText(last).replace(/\s+/g, ' ').trim();
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  return `${last.role}: ${JSON.stringify(excerpt)}`;
}

export function unmatchedReply(messages: ChatMessage[]): PlannedReply {
  return { content: `[llm-standin] no scripted reply for: ${describeLastMessage(messages)}`, toolCalls: [] };
}

function turnCalls(turn: ParsedTurn): Array<{ name: string; args: Record<string, unknown> }> {
  if ('calls' in turn) return turn.calls;
  if ('call' in turn) return [{ name: turn.call, args: turn.args }];
  return [];
}

export function planReply(
  turn: ParsedTurn,
  stepIndex: number,
  messages: ChatMessage[],
  nextCallId: () => string,
): PlannedReply {
  let calls: PlannedToolCall[];
  let content: string | undefined;
  try {
    // Spoken text may quote tool output too ("I have {{lastTool.slots.0.time}}"), as a real model would.
    content = turn.say === undefined ? undefined : String(resolvePlaceholders(turn.say, messages));
    calls = turnCalls(turn).map(({ name, args }) => ({
      id: nextCallId(),
      name,
      arguments: JSON.stringify(resolvePlaceholders(args, messages)),
    }));
  } catch (error) {
    if (!(error instanceof PlaceholderError)) throw error;
    return { content: `[llm-standin] script step ${stepIndex}: ${error.message}`, toolCalls: [] };
  }
  return { ...(content === undefined ? {} : { content }), toolCalls: calls };
}
