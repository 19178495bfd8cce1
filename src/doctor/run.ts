// `cal-booking-action doctor`: the product description's Testing steps and Troubleshooting cases as one command.
// Without a Cal.com key it runs against the built-in sandbox, so it shows what a healthy setup looks like.
import { checkManage } from './check-manage.js';
import { Temporal } from 'temporal-polyfill';
import { calTarget, type CalTarget } from '../cal-target.js';
import { loadBookingConfig, type BookingConfig } from '../booking/config.js';
import { locateBookingConfig } from '../booking-config-file.js';
import { checkActions } from './check-actions.js';
import { checkAvailability } from './check-availability.js';
import { sandboxBehind } from './check-confirmations.js';
import { checkConnection } from './check-connection.js';
import { checkInstructions } from './check-instructions.js';
import { checkSms } from './check-sms.js';
import { checkTestBooking } from './check-test-booking.js';
import { Report } from './report.js';

export interface DoctorOptions {
  /** The booking config file (JSON or YAML); default ./booking.yaml, else the example on the built-in sandbox only. */
  config?: string | undefined;
  /** Default CALCOM_API_KEY; without either, the built-in sandbox is used. */
  apiKey?: string;
  /** Default CALCOM_API_URL, else https://api.cal.com/v2. Ignored on the sandbox. */
  baseUrl?: string;
  /** Event type ids that may get a test booking (made and cancelled at once) on a real account. */
  testBookings?: number[];
  /** Send one real confirmation text here (E.164) through Twilio; without it no real text is sent. */
  smsTo?: string;
  /** The clock the checks run at (the built-in sandbox is pinned to it); default: now. */
  now?: Temporal.Instant;
  out?: (line: string) => void;
}

/** Prints one line per check; resolves to 0 when nothing failed and 1 otherwise. */
export async function runDoctor(opts: DoctorOptions): Promise<number> {
  const report = new Report(opts.out ?? ((line) => console.log(line)));
  const apiKey = opts.apiKey ?? process.env['CALCOM_API_KEY'];
  let located: ReturnType<typeof locateBookingConfig>;
  try {
    located = locateBookingConfig({ explicit: opts.config, sandbox: !apiKey });
  } catch (err) {
    report.fail(
      'Booking config',
      { cause: 'No --config and no ./booking.yaml; the shipped example only fits the built-in sandbox, not your account', fix: 'Run `cal-booking-action init` (terminal) or `cal-booking-action setup` (browser), or pass --config <file>.' },
      [(err as Error).message],
    );
    return report.summary();
  }
  let config: BookingConfig;
  try {
    config = loadBookingConfig(located.path);
  } catch (err) {
    report.fail(`Booking config ${located.path}`, { cause: 'The config file is missing or invalid', fix: 'Correct the fields named above.' }, [(err as Error).message]);
    return report.summary();
  }
  report.pass(`Booking config ${located.path}: ${config.actions.length} action(s)`, located.note ? [located.note] : []);
  const now = opts.now ?? Temporal.Now.instant();
  let target: CalTarget;
  try {
    target = await calTarget({ now, ...(apiKey ? { apiKey } : {}), ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}), maxRetries: 0 });
    if (target.sandbox) report.pass(`No CALCOM_API_KEY: checking against the built-in sandbox Cal.com and its default world`);
  } catch (err) {
    report.fail('Cal.com settings', { cause: 'CALCOM_API_URL is not usable', fix: 'Set it to the API base ending in /v2, e.g. https://api.cal.com/v2.' }, [(err as Error).message]);
    return report.summary();
  }
  const { client, sandbox } = target;
  try {
    if (!(await checkConnection(client, report))) {
      for (const title of ['Actions resolve', 'Availability', 'Test booking', 'SMS confirmation', 'Actions named in the instructions'])
        report.skip(title, 'Cal.com is not connected');
      return report.summary();
    }
    const actions = await checkActions(config, located.path, client, report);
    await checkAvailability(actions, client, () => now, report);
    // A sandbox the user runs (CALCOM_API_URL pointing at it) shows its emails and calendar events too.
    const sandboxUrl = sandbox?.url ?? (await sandboxBehind(opts.baseUrl ?? process.env['CALCOM_API_URL']));
    await checkTestBooking(actions, client, { sandbox: sandbox !== undefined, ...(sandboxUrl ? { sandboxUrl } : {}), testBookings: opts.testBookings ?? [] }, () => now, report);
    await checkManage(actions, client, { sandbox: sandbox !== undefined, testBookings: opts.testBookings ?? [] }, () => now, report);
    await checkSms(actions, opts.smsTo, now, report);
    checkInstructions(actions, client, now, report);
  } catch (err) {
    // Each check handles what it expects; anything else still ends in a verdict rather than a stack trace.
    report.fail('Doctor run', { cause: 'An unexpected error stopped the checks', fix: 'Run `cal-booking-action connect`, then doctor again.' }, [(err as Error).message]);
  } finally {
    await target.close();
  }
  return report.summary();
}
