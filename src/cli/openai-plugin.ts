// The commands that run a model (demo, chat, test, agent) need @livekit/agents-plugin-openai, an optional peer: its
// version must match the app's @livekit/agents exactly, so it cannot be a dependency of ours. Missing, it gets a
// message naming the install command with that version, instead of Node's "Cannot find package".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLUGIN = '@livekit/agents-plugin-openai';

type Resolve = (specifier: string) => string;

/** Throws the install command when the plugin cannot be found from here; loads nothing. */
export function assertOpenAIPlugin(command: string, resolve: Resolve = (s) => import.meta.resolve(s)): void {
  try {
    resolve(PLUGIN);
    return;
  } catch {
    // Not installed: fall through to the message.
  }
  const agents = agentsVersion(resolve);
  throw new Error(
    `\`cal-booking-action ${command}\` runs the model through ${PLUGIN}, which is not installed. ` +
      `Install the version that matches your @livekit/agents${agents ? ` (${agents})` : ''}: npm install ${PLUGIN}@${agents ?? '<your @livekit/agents version>'}`,
  );
}

/** The installed @livekit/agents version, read from its package.json (its exports hide the file from resolve). */
function agentsVersion(resolve: Resolve): string | undefined {
  try {
    let dir = dirname(fileURLToPath(resolve('@livekit/agents')));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@livekit/agents') return pkg.version;
      } catch {
        // No package.json at this level; go up.
      }
    }
  } catch {
    // @livekit/agents itself is missing; npm reports that peer on install.
  }
  return undefined;
}
