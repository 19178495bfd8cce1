// `cal-booking-action sandbox`: runs the offline Cal.com until interrupted.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod/v4';
import { exposureWarning } from '../http/host-guard.js';
import { startSandboxServer } from '../sandbox/server.js';
import { WorldSchema, type World } from '../sandbox/world.js';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  data?: string;
  apiKey?: string;
  world?: string;
  rateLimit: number;
  adminToken?: string;
}

/** Reads a world file (JSON or YAML); every problem names the file and the field path. */
export function readWorldFile(path: string): World {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new Error(`Cannot read world file ${path}: ${(e as Error).message}`);
  }
  const r = WorldSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`World file ${path} is invalid:\n${lines.join('\n')}`);
  }
  return r.data;
}

export async function runSandbox(o: SandboxCommandOptions): Promise<void> {
  const running = await startSandboxServer({
    port: o.port,
    host: o.host,
    dataFile: o.data,
    apiKey: o.apiKey,
    world: o.world ? readWorldFile(o.world) : undefined,
    rateLimit: o.rateLimit,
    adminToken: o.adminToken,
  });
  const warning = exposureWarning('sandbox', o.host, running.port, o.adminToken === undefined ? 'open' : 'token');
  if (warning) console.error(warning);
  console.log(`listening on ${running.url}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export const portSchema = z.coerce.number().int().min(0).max(65535);
