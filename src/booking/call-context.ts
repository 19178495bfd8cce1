// What the booking core knows of the call it serves: who is calling, from where, and what the platform says about
// them. The LiveKit glue (src/agent/call-context.ts) derives it from the job and the SIP participant.
import type { Contact } from './contacts.js';

export interface CallContext {
  /** Stable for the whole call: part of every idempotency key. */
  callId: string;
  /** The context API's values; `cal_email` is the first choice of email. */
  dynamicContext?: Record<string, unknown>;
  contact?: Contact | null;
  /** The caller's number, e.g. from SIP; the SMS goes here unless the caller gives another. */
  callerPhone?: string;
  /** When known and different from the action's zone, spoken times name the zone. */
  callerTimeZone?: string;
  /**
   * `cal_email` came only from the attributes of a participant that is not a SIP call, which a WebRTC client whose
   * token lets it update its own metadata can set itself: good enough to book under, never proof that an existing
   * booking is the caller's.
   */
  contextEmailFromClient?: boolean;
}
