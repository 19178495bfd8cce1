// Which booking config a command uses when none is named: the user's own `booking.yaml` (what `init` and `setup`
// write), else the shipped example, but only on the built-in sandbox whose world it was written for. With a real
// Cal.com account the example's event type ids mean nothing, so the user is sent to `init` or `setup` instead.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXAMPLE_BOOKING_CONFIG } from './paths.js';

/** The file `init` and `setup` write by default, and the one every command looks for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'booking.yaml';

export const NO_BOOKING_CONFIG = 'no booking config: run `cal-booking-action init` or `setup` (or pass --config <file>)';

export class NoBookingConfigError extends Error {
  constructor(message = NO_BOOKING_CONFIG) {
    super(message);
    this.name = 'NoBookingConfigError';
  }
}

export interface LocatedConfig {
  path: string;
  /** Said to the user when the file was not named by them. */
  note?: string;
}

export function locateBookingConfig(o: { explicit?: string | undefined; sandbox: boolean; cwd?: string }): LocatedConfig {
  if (o.explicit) return { path: o.explicit };
  const own = resolve(o.cwd ?? process.cwd(), DEFAULT_CONFIG_FILE);
  if (existsSync(own)) return { path: own, note: `no --config: using ${DEFAULT_CONFIG_FILE} in the working directory` };
  if (o.sandbox)
    return {
      path: EXAMPLE_BOOKING_CONFIG,
      note: 'no --config: using the example config (examples/booking.yaml), written for the built-in sandbox\'s default world',
    };
  throw new NoBookingConfigError();
}
