// Redaction on the LiveKit agents logger. agents-js logs tool arguments (emails, phone numbers) at info level under
// `lk.pii.arguments`, transcripts under other `lk.pii.*` keys, and has no switch to leave them out: its PII
// filter covers OpenTelemetry spans only, not log lines. So the logger it keeps (a pino logger shared under a
// global symbol, so every copy of the package finds it) is replaced by a child with pino's own redaction.
import type { Logger } from 'pino';
import { scrubValue } from './scrub.js';

const LOGGER_KEY = Symbol.for('@livekit/agents:logger');
const REDACTING = Symbol.for('cal-booking-action:redacting');
type Globals = Record<symbol, unknown>;

/**
 * Every top-level field and the message (pino's `*` path reaches both, without naming the key): personal fields of
 * argument objects masked, emails and phone numbers in any text masked, URLs without credentials or queries.
 */
const censor = (value: unknown): unknown => scrubValue(value);

/**
 * Makes every later `log()` of agents-js return a redacting logger. Call it after the logger exists (agents-js's CLI
 * creates it; in a job process that is before prewarm). Returns false when there is no logger yet. Idempotent.
 */
export function redactFrameworkLogs(): boolean {
  const g = globalThis as Globals;
  const current = g[LOGGER_KEY] as (Logger & { [REDACTING]?: true }) | undefined;
  if (!current) return false;
  if (current[REDACTING]) return true;
  const redacting = current.child({}, { redact: { paths: ['*'], censor } }) as Logger & { [REDACTING]?: true };
  redacting[REDACTING] = true;
  g[LOGGER_KEY] = redacting;
  return true;
}
