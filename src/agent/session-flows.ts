// One BookingFlow per action per call. The flows live in a WeakMap keyed by the AgentSession rather than in
// userData: the toolset then works with any userData type (or none), one toolset instance can serve many
// sessions in a worker, and a session's flows are collected with it. Holds are released when the session closes.
import { voice } from '@livekit/agents';
import type { Logger } from 'pino';
import { Temporal } from 'temporal-polyfill';
import { BookingFlow, type CalendarApi, type FlowOptions } from '../booking/flow.js';
import type { CallContext } from '../booking/call-context.js';
import { existingBookingGuard } from '../booking/caller-bookings.js';
import { changesAllowed } from '../booking/manage.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { SmsSender } from '../sms/sender.js';

export type FlowTimings = Pick<FlowOptions, 'commitWindowMs' | 'reconcileAfterMs' | 'lookupBackoffMs' | 'patienceMs' | 'holdMinutes'>;

// Any userData type: the flows never read it.
export type AnySession = voice.AgentSession<any>;

export interface SessionFlowOptions {
  actions: readonly ResolvedAction[];
  calendar: CalendarApi;
  sms?: SmsSender;
  now?: () => Temporal.Instant;
  logger?: Logger;
  /** The call a session serves: its id, dynamic context, contact, SIP caller number and zone. */
  callContext: (session: AnySession) => CallContext;
  flow?: FlowTimings;
}

export class SessionFlows {
  readonly #o: SessionFlowOptions;
  readonly #bySession = new WeakMap<AnySession, BookingFlow[]>();

  constructor(o: SessionFlowOptions) {
    this.#o = o;
  }

  /** The session's flows, in action order, created on first use. */
  for(session: AnySession): BookingFlow[] {
    const existing = this.#bySession.get(session);
    if (existing) return existing;
    const { actions, calendar, sms, now, logger, flow } = this.#o;
    const call = this.#o.callContext(session);
    const callerSaid = { noEmail: false };
    const flows = actions.map(
      (action) =>
        new BookingFlow({
          ...flow,
          calendar,
          action,
          call,
          callerSaid,
          ...(sms ? { sms } : {}),
          ...(now ? { now } : {}),
          ...(logger ? { logger } : {}),
          // Where moving is possible, a new booking beside an upcoming one of the same kind needs `anotherBooking`.
          ...(changesAllowed(action).reschedule
            ? { existingBooking: existingBookingGuard(calendar, action, now ?? (() => Temporal.Now.instant())) }
            : {}),
        }),
    );
    this.#bySession.set(session, flows);
    // Hang-up: holds go at once; a booking whose answer was lost keeps being reconciled (and texted) after it.
    session.once(voice.AgentSessionEventTypes.Close, () => void Promise.all(flows.map((f) => f.releaseHold())));
    return flows;
  }
}
