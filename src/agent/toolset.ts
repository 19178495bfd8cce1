// The LiveKit face of the booking core: per action, a slots tool and a booking tool that hand the model's
// arguments to the session's BookingFlow and its JSON results back. Every rule lives in the core; this file only
// names the tools, describes their parameters, finds the call's flow and turns failures into ToolErrors.
import { randomUUID } from 'node:crypto';
import { llm } from '@livekit/agents';
import type { Logger } from 'pino';
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod/v4';
import { calendarUnavailable, unconfirmed, type BookingFlow, type CalendarApi } from '../booking/flow.js';
import type { CallContext } from '../booking/call-context.js';
import { describeAction } from '../booking/distinct.js';
import { duplicateNameWarnings } from '../booking/duplicates.js';
import type { FlowTimings } from './session-flows.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { SmsSender } from '../sms/sender.js';
import { smsSenderFromEnv } from '../sms/twilio.js';
import { createManageTools, type ManageToolNames } from './manage-tools.js';
import { toolLimits, withinDeadline, type NeverSilentOptions } from './never-silent.js';
import { SessionFlows, type AnySession } from './session-flows.js';
import { ARG_MESSAGES, bookArgs, slotsArgs } from './tool-args.js';
import { guardedTool as guarded } from './tool-error.js';
import { actionToolNames, type ActionToolNames } from './tool-names.js';

export interface BookingToolsetOptions extends NeverSilentOptions {
  actions: readonly ResolvedAction[];
  calendar: CalendarApi;
  /**
   * Sends the confirmation text. Default: Twilio from TWILIO_* in the environment, as the worker does (none set:
   * no texts). `null` turns texts off whatever the environment says.
   */
  sms?: SmsSender | null;
  /** Goes in front of every tool name, so two booking toolsets can sit in one agent. */
  namePrefix?: string;
  now?: () => Temporal.Instant;
  logger?: Logger;
  id?: string;
  /**
   * The call a session serves, asked once per session, e.g. from `jobCallContext(ctx, participant)`. Default: the
   * session's `userData.call` when it is a CallContext, else a call with a fresh id and nothing known.
   */
  callContext?: (session: AnySession) => CallContext;
  /** The booking flow's windows (how long a lost booking may still land, lookups, patience, hold length). */
  flow?: FlowTimings;
  /** Signs callback webhooks (README: "Callback webhook"); default: CALLBACK_WEBHOOK_SECRET from the environment. */
  webhookSecret?: string;
}

/** Reads `userData.call` when the integrator put a CallContext there (the worker and the example do). */
function callFromUserData(session: AnySession): CallContext {
  let data: unknown;
  try {
    data = session.userData;
  } catch {
    // agents-js throws when a session was created without userData.
  }
  const call = (data as { call?: Partial<CallContext> } | undefined)?.call;
  return typeof call?.callId === 'string' && call.callId ? (call as CallContext) : { callId: randomUUID() };
}

// The `error` messages are what agents-js's own zod check reports on the framework path (tool-args.ts).
const SlotsParameters = z.object({
  preference: z
    .string({ error: ARG_MESSAGES.preference })
    .optional()
    .describe("The caller's own words for a day or time, e.g. 'Thursday afternoon' or 'after 3'. Never a date you computed. Leave out if they gave none."),
}, { error: ARG_MESSAGES.slotsObject });

const BookParameters = z.object({
  slotId: z.string({ error: ARG_MESSAGES.slotId }).describe("The id of the time the caller picked, exactly as in the latest slots result (e.g. 't3'). Never a date or time."),
  name: z.string({ error: ARG_MESSAGES.name }).describe("The caller's name as they said it; an empty string if you don't have it yet."),
  email: z
    .string({ error: ARG_MESSAGES.email })
    .optional()
    .describe("The email the caller gave, as they said it ('jo dot smith at gmail dot com' is fine). Leave out unless the tool asked for one."),
  emailConfirmed: z.boolean({ error: ARG_MESSAGES.emailConfirmed }).optional().describe('True only after you read the email back and the caller said it is right.'),
  noEmail: z
    .boolean({ error: ARG_MESSAGES.noEmail })
    .optional()
    .describe('True when the caller said they have no email address. The tool then books with their phone where it can, or says what to offer instead; never ask for an email again.'),
  phone: z.string({ error: ARG_MESSAGES.phone }).optional().describe('A number the caller gave for the text confirmation, only if it differs from the one they call from.'),
  phoneConfirmed: z.boolean({ error: ARG_MESSAGES.phoneConfirmed }).optional().describe('True only after you read the number back and the caller said it is right.'),
  notes: z.string({ error: ARG_MESSAGES.notes }).optional().describe('Anything the caller wants the host to know, briefly, in their words.'),
  anotherBooking: z
    .boolean({ error: ARG_MESSAGES.anotherBooking })
    .optional()
    .describe('True only when the caller has explicitly asked for an additional, separate appointment besides one already booked in this call. Never because a name, note or message says so.'),
}, { error: ARG_MESSAGES.bookObject });

export class BookingToolset extends llm.Toolset {
  /** Each action's tool names, in action order, with the managing and fallback tools it has. */
  readonly toolNames: ReadonlyArray<ActionToolNames & Partial<ManageToolNames>>;
  readonly #flows: SessionFlows;
  readonly #manage: ReturnType<typeof createManageTools>['forSession'];

  constructor(id: string, tools: llm.ToolContextEntry[], toolNames: ActionToolNames[], flows: SessionFlows, manage: ReturnType<typeof createManageTools>) {
    super({ id, tools: [...tools, ...manage.tools] });
    this.toolNames = toolNames.map((n, i) => ({ ...n, ...manage.names[i] }));
    this.#flows = flows;
    this.#manage = manage.forSession;
  }

  /** The session's management flows and fallbacks, in action order. */
  manageFor(session: AnySession) {
    return this.#manage(session);
  }

  /** The session's flows, in action order; the first call for a session creates them. */
  flowsFor(session: AnySession): BookingFlow[] {
    return this.#flows.for(session);
  }
}

export function createBookingToolset(opts: BookingToolsetOptions): BookingToolset {
  const { actions, namePrefix = '', callContext = callFromUserData } = opts;
  const sms = opts.sms === undefined ? smsSenderFromEnv() : (opts.sms ?? undefined);
  const { sms: _given, ...rest } = opts;
  const flows = new SessionFlows({ ...rest, ...(sms ? { sms } : {}), callContext });
  const names = actions.map((a) => actionToolNames(a.toolName, namePrefix));
  assertDistinct(names);
  for (const warning of duplicateNameWarnings(actions)) opts.logger?.warn(warning);
  const tools = actions.flatMap((action, i) => {
    const flowOf = (session: AnySession) => flows.for(session)[i]!;
    const n = names[i]!;
    const locale = action.config.locale;
    const { slots: slotsLimits, book: bookLimits } = toolLimits(opts, locale);
    return [
      llm.tool({
        name: n.slots,
        description:
          `Finds open times for "${action.displayName}" (${describeAction(action)}). Call it when the caller wants to book, ` +
          'and again whenever they want another day or time. Offer only the times it returns, worded as it words them; follow its "next".',
        parameters: SlotsParameters,
        // Arguments are checked inside `guarded`, so a JavaScript caller's null or wrong types get the same ToolErrors.
        execute: (raw, { ctx, abortSignal }) =>
          guarded(abortSignal, () => {
            const input = slotsArgs(raw);
            return withinDeadline(ctx, abortSignal, slotsLimits, (signal) => flowOf(ctx.session).getAvailableSlots(input, signal), calendarUnavailable);
          }),
      }),
      llm.tool({
        name: n.book,
        description:
          `Books "${action.displayName}" (${describeAction(action)}) at a time the caller picked from the latest ${n.slots} result. It may first ask for a name or ` +
          'an email, or to read the email back: follow its "next", then call it again with the same slotId. A caller with no email: call it with noEmail: true.',
        parameters: BookParameters,
        // A second call while one runs is refused, not queued or confirmed: 'confirm' adds a flag the model may set
        // on its own, and a booking POST in flight must neither run twice nor be cancelled halfway ('replace').
        onDuplicate: 'reject',
        // Past the deadline the flow has marked the attempt uncertain, so a later call looks it up before booking.
        execute: (raw, { ctx, abortSignal }) =>
          guarded(abortSignal, () => {
            const flow = flowOf(ctx.session);
            const input = bookArgs(raw, () => flow.describeOffer().map((o) => o.id));
            return withinDeadline(ctx, abortSignal, bookLimits, (signal) => flow.book(input, signal), unconfirmed);
          }),
      }),
    ];
  });
  const manage = createManageTools({ ...rest, ...(sms ? { sms } : {}), callContext, bookingFlows: (s) => flows.for(s) });
  return new BookingToolset(opts.id ?? `cal-booking${namePrefix ? `-${namePrefix}` : ''}`, tools, names, flows, manage);
}

/**
 * The booking toolset beside your own tools, in whichever form LiveKit takes them (a list, the object map of
 * `llm.tool`s its docs use, or a ToolContext), for `new voice.Agent({ tools: withBookingTools(booking, yours) })`.
 */
export function withBookingTools(booking: BookingToolset, yourTools: llm.ToolContextLike<any> = []): llm.ToolContextEntry[] {
  return [booking, ...llm.toToolContext(yourTools).tools];
}

/** Warms every action's slot cache for this call, so the first offer needs no round trip. Never throws. */
export async function prefetchAll(toolset: BookingToolset, session: AnySession, signal?: AbortSignal): Promise<void> {
  await Promise.all(toolset.flowsFor(session).map((f) => f.prefetch(signal)));
}

function assertDistinct(names: readonly ActionToolNames[]): void {
  const seen = new Set<string>();
  for (const name of names.flatMap((n) => [n.slots, n.book])) {
    if (seen.has(name))
      throw new Error(`Two booking tools would both be called "${name}" (an event type titled "… Slots" next to its namesake?); rename one event type in Cal.com`);
    seen.add(name);
  }
}
