// Function names for an action's two tools. OpenAI accepts only /^[a-zA-Z0-9_-]{1,64}$/ and agents-js throws on
// a duplicate name, so a prefix keeps two toolsets apart and an over-long name is cut with a hash of the full one,
// which keeps it stable across restarts and distinct from its neighbours.
import { createHash } from 'node:crypto';

export const MAX_TOOL_NAME_LENGTH = 64;
const VALID = /^[a-zA-Z0-9_-]{1,64}$/;
const PREFIX = /^[a-zA-Z0-9_-]{0,32}$/;
const HASH_LENGTH = 6;

export interface ActionToolNames {
  /** Lists the times to offer. */
  slots: string;
  /** Books one offered time. */
  book: string;
}

/** `prefix + toolName` for the booking tool and the same plus `_slots` for the slots tool, each within 64. */
export function actionToolNames(toolName: string, prefix = ''): ActionToolNames {
  if (!PREFIX.test(prefix))
    throw new Error(`Invalid tool name prefix ${JSON.stringify(prefix)}: use at most 32 of a-z, A-Z, 0-9, "_" and "-"`);
  const stem = prefix + toolName;
  const names = { slots: fitToolName(stem, '_slots'), book: fitToolName(stem, '') };
  for (const name of Object.values(names))
    if (!VALID.test(name)) throw new Error(`Invalid tool name ${JSON.stringify(name)}: expected 1 to 64 of a-z, A-Z, 0-9, "_" and "-"`);
  return names;
}

/** `stem + suffix` within 64 characters (an over-long stem is cut and given a hash of itself). */
export function fitToolName(stem: string, suffix: string): string {
  if (stem.length + suffix.length <= MAX_TOOL_NAME_LENGTH) return stem + suffix;
  const hash = createHash('sha256').update(stem).digest('hex').slice(0, HASH_LENGTH);
  const head = stem.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length - HASH_LENGTH - 1).replace(/_+$/, '');
  return `${head}_${hash}${suffix}`;
}
