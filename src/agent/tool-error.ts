// What a tool failure tells the model. agents-js replaces any error that is not a ToolError with "An internal
// error occurred", which leaves the model guessing; these messages are specific, speakable and secret-free.
import { llm } from '@livekit/agents';
import { isCalComError } from '../calcom/errors.js';

const WHAT_TO_SAY =
  "Tell the caller the calendar can't be reached right now, apologise, and offer a callback or a text. Do not say anything was booked and do not promise a time.";

/** A ToolError stays as it is; a Cal.com error keeps its own message (never the key); anything else only its name. */
export function toToolError(err: unknown): llm.ToolError {
  if (err instanceof llm.ToolError) return err;
  // Cal.com error messages are written to be safe to speak and have server text scrubbed of secrets.
  if (isCalComError(err)) return new llm.ToolError(`${err.message} ${WHAT_TO_SAY}`);
  const name = err instanceof Error ? err.name : typeof err;
  return new llm.ToolError(`The booking tool failed unexpectedly (${name}). ${WHAT_TO_SAY}`);
}

/** Runs a tool's work; a failure becomes a speakable ToolError, except after an abort, whose output is dropped. */
export async function guardedTool<T>(signal: AbortSignal, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (signal.aborted) throw err;
    throw toToolError(err);
  }
}
