// `cal-booking-action doctor`: the product description's Testing steps and Troubleshooting cases as one command.
// Without a Cal.com key it runs against the built-in sandbox, so it shows what a healthy setup looks like.
import { checkManage } from './check-manage.js';
import { Temporal } from 'temporal-polyfill';
import { calTarget, type CalTarget } from '../cal-target.js';
import { loadBookingConfig, type BookingConfig } from '../booking/config.js';
import { checkActions } from './check-actions.js';
import { checkAvailability } from './check-availability.js';
import { checkConnection } from './check-connection.js';
import { checkInstructions } from './check-instructions.js';
import { checkSms } from './check-sms.js';
import { checkTestBooking } from './check-test-booking.js';
import { Report } from './report.js';

export interface DoctorOptions {
  /** The booking config file (JSON or YAML). */
  config: string;
  /** Default CALCOM_API_KEY; without either, the built-in sandbox is used. */
  apiKey?: string;
  /** Default CALCOM_API_URL, else https://api.cal.com/v2. Ignored on the sandbox. */
  baseUrl?: string;
  /** Event type ids that may get a test booking (made and cancelled at once) on a real account. */
  testBookings?: number[];
  /** Send one real confirmation text here (E.164) through Twilio; without it no real text is sent. */
  smsTo?: string;
  out?: (line: string) => void;
  /** The instant the checks run at (default: the real clock); pinned by tests, since offers depend on the weekday. */
  now?: Temporal.Instant;
}

/** Prints one line per check; resolves to 0 when nothing failed and 1 otherwise. */
export async function runDoctor(opts: DoctorOptions): Promise<number> {
  const report = new Report(opts.out ?? ((line) => console.log(line)));
  let config: BookingConfig;
  try {
    config = loadBookingConfig(opts.config);
  } catch (err) {
    report.fail(`Booking config ${opts.config}`, { cause: 'The config file is missing or invalid', fix: 'Correct the fields named above.' }, [(err as Error).message]);
    return report.summary();
  }
  report.pass(`Booking config ${opts.config}: ${config.actions.length} action(s)`);
  const now = opts.now ?? Temporal.Now.instant();
  const apiKey = opts.apiKey ?? process.env['CALCOM_API_KEY'];
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
    const actions = await checkActions(config, opts.config, client, report);
    await checkAvailability(actions, client, () => now, report);
    await checkTestBooking(actions, client, { sandbox: sandbox !== undefined, testBookings: opts.testBookings ?? [] }, () => now, report);
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
