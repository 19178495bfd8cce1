// `cal-booking-action setup`: serves the setup page on loopback and prints its one-time URL; runs until stopped.
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../booking-config-file.js';
import { startSetupServer } from '../setup/server.js';

export interface SetupCommandOptions {
  port: number;
  host: string;
  config?: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function runSetup(o: SetupCommandOptions): Promise<void> {
  if (!LOOPBACK.has(o.host))
    console.error(`warning: --host ${o.host} exposes the setup page beyond this machine; anyone with the URL's token can configure your agent`);
  const setup = await startSetupServer({
    port: o.port,
    host: o.host,
    configPath: resolve(o.config ?? DEFAULT_CONFIG_FILE),
    env: { apiKey: process.env['CALCOM_API_KEY'], baseUrl: process.env['CALCOM_API_URL'] },
  });
  console.log(`setup page: ${setup.url}`);
  const stop = () => void setup.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
