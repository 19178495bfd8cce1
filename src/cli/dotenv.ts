// The CLI reads `.env` from the working folder, as most tools a developer runs next to an app do. The real
// environment always wins: a variable already set (even to empty) is never replaced by the file's value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Adds the file's variables that are not already set; returns their names. A missing file is no error. */
export function loadDotEnv(dir: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read ${join(dir, '.env')}: ${(err as Error).message}`);
  }
  const added: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (Object.hasOwn(env, name)) continue;
    env[name] = value;
    added.push(name);
  }
  return added;
}
