// Turns the config's own error messages (zod validation and resolution against Cal.com) into per-field errors for
// the setup page, in the CLI's words: "actions[0].address: missing; required when location is in-person …".
import { ConfigError } from '../booking/config.js';

export interface FieldErrors {
  /** Keyed by the CLI's field path, e.g. "actions[1].timeZone". */
  fields: Record<string, string[]>;
  /** Problems that belong to no single field. */
  general: string[];
}

const LINE = /^(actions(?:\[\d+\])?(?:\.[\w.]+)?|\(top level\)): (.+)$/;

export function fieldErrors(err: unknown, source: string): FieldErrors {
  const out: FieldErrors = { fields: {}, general: [] };
  if (!(err instanceof ConfigError)) {
    out.general.push(err instanceof Error ? err.message : String(err));
    return out;
  }
  for (const raw of err.message.split('\n')) {
    // The heading of a multi-line message ("<file> is not a valid booking config:") names no field.
    if (/ is not a valid booking config:$/.test(raw)) continue;
    const line = raw.trim().startsWith(`${source}: `) ? raw.trim().slice(source.length + 2) : raw.trim();
    const m = LINE.exec(line);
    if (m && m[1] !== '(top level)') (out.fields[m[1]!] ??= []).push(m[2]!);
    else if (line) out.general.push(line);
  }
  return out;
}
