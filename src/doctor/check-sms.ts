// "SMS confirmation sent (if enabled)": with Twilio settings, that they are complete (a real text only to the
// number given with --sms-to); without them, one rendered confirmation through the local sink, read back, and a
// warning that production would send nothing. Settings aimed at a local sink are named as such, not as Twilio.
import type { Temporal } from 'temporal-polyfill';
import type { ResolvedAction } from '../booking/resolve.js';
import { smsValues } from '../booking/sms-values.js';
import type { Booking } from '../calcom/schemas.js';
import { redactPhone, toE164 } from '../sms/phone.js';
import { startSmsSink } from '../sms/sink.js';
import { renderSmsTemplate } from '../sms/template.js';
import { TWILIO_ENV, TwilioSmsSender } from '../sms/twilio.js';
import type { Report } from './report.js';
import { SMS_CONFIG, SMS_SEND_FAILED } from './troubleshooting.js';

/** Twilio's magic test number: valid as sender and recipient, and nobody's phone. */
const SINK_NUMBER = '+15005550006';

export async function checkSms(actions: readonly ResolvedAction[], smsTo: string | undefined, now: Temporal.Instant, report: Report): Promise<void> {
  const action = actions.find((a) => a.config.sms.enabled);
  if (!action) {
    report.skip('SMS confirmation', 'no resolved action has sms enabled');
    return;
  }
  const to = smsTo === undefined ? undefined : (toE164(smsTo) ?? undefined);
  if (smsTo !== undefined && !to) {
    report.fail('SMS confirmation', SMS_SEND_FAILED, ['--sms-to must be an E.164 number such as +14155550123']);
    return;
  }
  const body = renderSmsTemplate(action.config.sms.template, smsValues(sampleBooking(action, now), action));
  if (TWILIO_ENV.some((name) => process.env[name]?.trim())) await viaTwilio(body, to, report);
  else await viaSink(action, body, to ?? SINK_NUMBER, report);
}

async function viaTwilio(body: string, to: string | undefined, report: Report): Promise<void> {
  let sender: TwilioSmsSender;
  try {
    sender = new TwilioSmsSender();
  } catch (err) {
    report.fail('Twilio settings', SMS_CONFIG, [(err as Error).message]);
    return;
  }
  const local = localSink();
  if (local) report.warn(`TWILIO_API_URL points at ${local}: texts go to that local sink, not to phones`, ['Unset TWILIO_API_URL in production so texts reach Twilio.']);
  if (!to) {
    report.pass(`Twilio settings present (not sent: pass --sms-to <e164> to send one${local ? '' : ' real'} text)`);
    return;
  }
  try {
    const { id } = await sender.send({ to, body });
    report.pass(`SMS sent through Twilio to ${redactPhone(to)} (sid ${id})`);
  } catch (err) {
    report.fail('SMS sent through Twilio', SMS_SEND_FAILED, [(err as Error).message]);
  }
}

async function viaSink(action: ResolvedAction, body: string, to: string, report: Report): Promise<void> {
  const sink = await startSmsSink();
  try {
    const sender = new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: SINK_NUMBER });
    await sender.send({ to, body });
    const landed = sink.messages().find((m) => m.body === body);
    if (landed) {
      report.pass(`SMS for ${action.displayName} landed in the local sink (no TWILIO_* set): "${body.replaceAll('\n', ' / ')}"`);
      report.warn('Production will send no texts: no TWILIO_* is set', [
        'The worker and createBookingToolset send texts through Twilio only; without it callers get the email confirmation alone.',
        'Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) from the Twilio Console.',
      ]);
    } else report.fail('SMS through the local sink', SMS_SEND_FAILED, ['The sink accepted the request but holds no such message.']);
  } catch (err) {
    report.fail('SMS through the local sink', SMS_SEND_FAILED, [(err as Error).message]);
  } finally {
    await sink.close();
  }
}

/** The TWILIO_API_URL host when it is this machine (a sink), else undefined. */
function localSink(): string | undefined {
  const raw = process.env['TWILIO_API_URL']?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(url.hostname) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Tomorrow at 10:00 in the action's zone, at the kind of place it books: enough to fill every placeholder. */
function sampleBooking(action: ResolvedAction, now: Temporal.Instant): Booking {
  const start = now.toZonedDateTimeISO(action.timeZone).add({ days: 1 }).with({ hour: 10, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
  const end = start.add({ minutes: action.eventType.lengthInMinutes });
  const { location, address } = action.config;
  const where = location === 'in-person' ? (address ?? '') : location === 'phone' ? '' : 'https://app.cal.com/video/doctor-sample';
  // smsValues reads only start, end, location and the first host's name.
  return { start: start.toInstant().toString(), end: end.toInstant().toString(), location: where, hosts: [{ name: 'Sample Host' }] } as Booking;
}
