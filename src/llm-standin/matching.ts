// Which script step answers a request.
//
// Rule: a request is answered by the first step, in script order, that has not been used yet and either has no `when`
// or has a `when` that matches the conversation's last message:
//   - last message from the user: `when.user` must match its text;
//   - last message a tool output: `when.toolResult` must match the content of one of the trailing tool messages (a round
//     of parallel calls appends one tool message per call, and any of them may carry the interesting result).
// A pattern is a case-insensitive substring, or a regular expression when written `/source/flags`.
// Each step answers at most once, so a script reads as the conversation it expects.
import { messageText, type ChatMessage } from './request.js';
import type { ParsedScriptStep } from './script.js';

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;

export function patternMatches(pattern: string, text: string): boolean {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) return new RegExp(literal[1] ?? '', literal[2]).test(text);
  return text.toLowerCase().includes(pattern.toLowerCase());
}

function trailingToolMessages(messages: ChatMessage[]): ChatMessage[] {
  let start = messages.length;
  while (start > 0 && messages[start - 1]?.role === 'tool') start -= 1;
  return messages.slice(start);
}

function stepMatches(step: ParsedScriptStep, messages: ChatMessage[]): boolean {
  const { when } = step;
  if (!when) return true;
  const last = messages.at(-1);
  if (!last) return false;
  if (last.role === 'user') return when.user !== undefined && patternMatches(when.user, messageText(last));
  if (last.role === 'tool' && when.toolResult !== undefined) {
    const pattern = when.toolResult;
    return trailingToolMessages(messages).some((m) => patternMatches(pattern, messageText(m)));
  }
  return false;
}

export class ScriptCursor {
  readonly #steps: ParsedScriptStep[];
  readonly #used: boolean[];

  constructor(steps: ParsedScriptStep[]) {
    this.#steps = steps;
    this.#used = steps.map(() => false);
  }

  /** Claims the step that answers `messages`, or returns undefined when the script has nothing for it. */
  take(messages: ChatMessage[]): { index: number; step: ParsedScriptStep } | undefined {
    const index = this.#steps.findIndex((step, i) => !this.#used[i] && stepMatches(step, messages));
    const step = this.#steps[index];
    if (!step) return undefined;
    this.#used[index] = true;
    return { index, step };
  }

  /** Steps never used, so a test can assert the conversation went as far as the script expected. */
  unused(): number[] {
    return this.#used.flatMap((used, i) => (used ? [] : [i]));
  }
}
