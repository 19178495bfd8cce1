// `cal-booking-action sms-sink`: runs the local stand-in for Twilio's Messages API until interrupted.
import { exposureWarning } from '../http/host-guard.js';
import { startSmsSink } from '../sms/sink.js';

/** Documented in the README; they only open the local sink. */
export const SINK_DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SINK_DEFAULT_AUTH_TOKEN = 'sink-auth-token';

export async function runSmsSink(o: { port: number; host: string; accountSid?: string; authToken?: string; adminToken?: string }): Promise<void> {
  const sink = await startSmsSink({
    port: o.port,
    host: o.host,
    accountSid: o.accountSid ?? SINK_DEFAULT_ACCOUNT_SID,
    authToken: o.authToken ?? SINK_DEFAULT_AUTH_TOKEN,
    ...(o.adminToken === undefined ? {} : { adminToken: o.adminToken }),
  });
  const warning = exposureWarning('SMS sink', o.host, sink.port, o.adminToken === undefined ? 'open' : 'token');
  if (warning) console.error(warning);
  console.log(`listening on ${sink.url}`);
  // A token given on the command line may be a real one: it is never echoed.
  console.log(`account SID ${sink.accountSid}, auth token ${o.authToken ? '(as given)' : SINK_DEFAULT_AUTH_TOKEN}; received texts: GET ${sink.url}/_sink/messages`);
  const stop = () => void sink.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
