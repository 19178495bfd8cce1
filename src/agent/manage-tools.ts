// The LiveKit tools for managing bookings and for the fallbacks, per action: find the caller's bookings, cancel,
// reschedule, text the booking link, record a callback. Every rule lives in src/booking/manage.ts and fallbacks.ts;
// this file names the tools, describes their parameters and keeps one ManageFlow and Fallbacks per call.
import { llm, voice } from '@livekit/agents';
import type { Logger } from 'pino';
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod/v4';
import type { BookingFlow } from '../booking/flow.js';
import type { CallContext } from '../booking/call-context.js';
import { fallbackOffers, Fallbacks } from '../booking/fallbacks.js';
import { changesAllowed, ManageFlow, type ManageCalendar } from '../booking/manage.js';
import { MANAGE_UNAVAILABLE_NEXT } from '../booking/manage-results.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { SmsSender } from '../sms/sender.js';
import { toolLimits, withinDeadline } from './never-silent.js';
import type { AnySession, FlowTimings } from './session-flows.js';
import { guardedTool as guarded } from './tool-error.js';
import { fitToolName } from './tool-names.js';

export interface ManageToolNames {
  find: string;
  cancel: string;
  reschedule: string;
  link: string;
  callback: string;
}

export function manageToolNames(toolName: string, prefix = ''): ManageToolNames {
  const stem = prefix + toolName;
  return {
    find: fitToolName(stem, '_find_bookings'),
    cancel: fitToolName(stem, '_cancel'),
    reschedule: fitToolName(stem, '_reschedule'),
    link: fitToolName(stem, '_send_link'),
    callback: fitToolName(stem, '_callback'),
  };
}

const FindParameters = z.object({
  email: z
    .string()
    .optional()
    .describe('The email the booking was made with, as the caller said it. Leave out at first: the number they call from is tried first.'),
  emailConfirmed: z.boolean().optional().describe('True only after you read the email back and the caller said it is right.'),
  code: z.string().optional().describe('The 6-digit code the caller read out from the text this tool sent. Only when the tool asked for it.'),
});

const CancelParameters = z.object({
  bookingId: z.string().describe("The booking's id from the latest find result, e.g. 'b1'."),
  confirmed: z.boolean().optional().describe('True only after you read the booking back and the caller clearly said yes, cancel it.'),
  reason: z.string().optional().describe("The caller's reason, briefly in their words, if they gave one."),
});

const RescheduleParameters = z.object({
  bookingId: z.string().describe("The booking's id from the latest find result, e.g. 'b1'."),
  slotId: z.string().describe("The new time's id from the latest slots result, e.g. 't3'. Never a date or time."),
  confirmed: z.boolean().optional().describe('True only after you read the move back (from and to) and the caller clearly said yes.'),
  reason: z.string().optional().describe("The caller's reason, briefly, if they gave one."),
});

const LinkParameters = z.object({
  phone: z.string().optional().describe('A mobile number the caller gave for the text, only if it differs from the one they call from.'),
});

const CallbackParameters = z.object({
  name: z.string().optional().describe("The caller's name, if known."),
  wanted: z.string().describe('What the caller wants, in one sentence (e.g. "book a consultation next week").'),
  preferredTime: z.string().optional().describe('When they would like to be called, in their words.'),
  phone: z.string().optional().describe('A number to call back, only if it differs from the one they call from.'),
});

export interface ManageToolsOptions {
  actions: readonly ResolvedAction[];
  /** Needs the management calls; without them (a fake calendar) no management tools are made. */
  calendar: Partial<ManageCalendar> & { baseUrl?: string };
  sms?: SmsSender;
  now?: () => Temporal.Instant;
  logger?: Logger;
  namePrefix?: string;
  flow?: FlowTimings;
  fillerAfterMs?: number;
  bookDeadlineMs?: number;
  callContext: (session: AnySession) => CallContext;
  /** Signs callback webhooks; default: CALLBACK_WEBHOOK_SECRET from the environment. */
  webhookSecret?: string;
  /** The booking flows of a session, in action order. */
  bookingFlows: (session: AnySession) => BookingFlow[];
}

export interface PerCall {
  manage: ManageFlow[];
  fallbacks: Fallbacks[];
}

function canManage(c: ManageToolsOptions['calendar']): c is ManageCalendar & { baseUrl?: string } {
  return ['listBookings', 'getBooking', 'cancelBooking', 'rescheduleBooking', 'reserveSlot', 'deleteReservation'].every((m) => typeof (c as Record<string, unknown>)[m] === 'function');
}

/** Each action's management and fallback tools, as configured; the per-call state is created on first use. */
export function createManageTools(o: ManageToolsOptions): { tools: llm.ToolContextEntry[]; names: Array<Partial<ManageToolNames>>; forSession: (s: AnySession) => PerCall } {
  const calendar = o.calendar;
  const apiBaseUrl = calendar.baseUrl ?? process.env.CALCOM_API_URL ?? 'https://api.cal.com/v2';
  const bySession = new WeakMap<AnySession, PerCall>();
  const secret = o.webhookSecret === undefined ? {} : { webhookSecret: o.webhookSecret };
  const forSession = (session: AnySession): PerCall => {
    let per = bySession.get(session);
    if (per) return per;
    const call = o.callContext(session);
    const booking = o.bookingFlows(session);
    const common = { ...(o.sms ? { sms: o.sms } : {}), ...(o.now ? { now: o.now } : {}), ...(o.logger ? { logger: o.logger } : {}) };
    per = {
      manage: canManage(calendar) ? o.actions.map((action, i) => new ManageFlow({ ...o.flow, ...common, calendar, action, call, booking: booking[i]! })) : [],
      fallbacks: o.actions.map((action) => new Fallbacks({ ...common, ...secret, action, call, apiBaseUrl })),
    };
    bySession.set(session, per);
    const flows = per.manage;
    session.once(voice.AgentSessionEventTypes.Close, () => void Promise.all(flows.map((f) => f.close())));
    return per;
  };
  // A webhook without its secret is a config error at start, not on the first callback.
  for (const action of o.actions) new Fallbacks({ action, call: { callId: 'startup-check' }, apiBaseUrl, ...secret });
  const all = o.actions.map((a) => manageToolNames(a.toolName, o.namePrefix));
  /** Only the tools each action got. */
  const names = o.actions.map((): Partial<ManageToolNames> => ({}));
  const deadlineMs = o.bookDeadlineMs ?? 25_000;
  const tools = o.actions.flatMap((action, i) => {
    const n = all[i]!;
    // The booking tool's filler cadence, with this tool's own deadline.
    const limits = { ...toolLimits(o, action.config.locale).book, deadlineMs };
    const m = action.config.manage;
    const allowed = changesAllowed(action);
    const out: llm.ToolContextEntry[] = [];
    const add = (key: keyof ManageToolNames, tool: llm.ToolContextEntry) => {
      out.push(tool);
      names[i]![key] = n[key];
    };
    const unconfirmed = () => ({ status: 'unconfirmed', next: 'The calendar is slow. Say you are still checking, and call the same tool again in a moment; it never repeats a change.' });
    if (canManage(calendar) && m.find)
      add(
'find',
        llm.tool({
          name: n.find,
          description:
            `Finds the caller's upcoming "${action.displayName}" appointments, to cancel or move one. Call it when the caller wants to change, cancel or check an appointment. ` +
            'Read the bookings as worded; follow its "next". It may ask you to read an email back or for a code the caller was texted.',
          parameters: FindParameters,
          execute: (input, { ctx, abortSignal }) =>
            guarded(abortSignal, () =>
              withinDeadline(ctx, abortSignal, limits, (signal) => forSession(ctx.session).manage[i]!.find(input, signal), () => ({ status: 'calendar_unavailable', next: MANAGE_UNAVAILABLE_NEXT })),
            ),
        }),
      );
    if (canManage(calendar) && allowed.cancel)
      add(
'cancel',
        llm.tool({
          name: n.cancel,
          description: `Cancels one of the caller's "${action.displayName}" appointments by its id from ${n.find}. Read it back first; call with confirmed: true only after the caller says yes.`,
          parameters: CancelParameters,
          onDuplicate: 'reject',
          execute: (input, { ctx, abortSignal }) =>
            guarded(abortSignal, () => withinDeadline(ctx, abortSignal, limits, (signal) => forSession(ctx.session).manage[i]!.cancel(input, signal), unconfirmed)),
        }),
      );
    if (canManage(calendar) && allowed.reschedule)
      add(
'reschedule',
        llm.tool({
          name: n.reschedule,
          description:
            `Moves one of the caller's "${action.displayName}" appointments (id from ${n.find}) to a new time (slotId from the latest slots result). ` +
            'Use it, never a new booking, when the caller wants a different time for an appointment they have. Read the move back; confirmed: true only after their yes.',
          parameters: RescheduleParameters,
          onDuplicate: 'reject',
          execute: (input, { ctx, abortSignal }) =>
            guarded(abortSignal, () => withinDeadline(ctx, abortSignal, limits, (signal) => forSession(ctx.session).manage[i]!.reschedule(input, signal), unconfirmed)),
        }),
      );
    // A text or a webhook with retries can take seconds: fillers meanwhile, and an answer by the deadline. Both are
    // once per call, so a call after the deadline hears how it ended without sending again.
    const stillGoing = () => ({ status: 'in_progress', next: 'Say: "One moment, I\'m passing that on." Then call the same tool again for how it went; it never sends twice.' });
    const offers = fallbackOffers(action, o.sms);
    if (offers.bookingLink)
      add(
'link',
        llm.tool({
          name: n.link,
          description: `Texts the caller a link to book "${action.displayName}" themselves. Use it when the calendar cannot be reached or no offered time suits, after the caller agrees.`,
          parameters: LinkParameters,
          execute: (input, { ctx, abortSignal }) =>
            guarded(abortSignal, () => withinDeadline(ctx, abortSignal, limits, () => forSession(ctx.session).fallbacks[i]!.sendBookingLink(input), stillGoing)),
        }),
      );
    if (offers.callback)
      add(
'callback',
        llm.tool({
          name: n.callback,
          description: `Records a request for the team to call the caller back about "${action.displayName}". Use it when the caller prefers a callback, or booking by voice cannot go on.`,
          parameters: CallbackParameters,
          execute: (input, { ctx, abortSignal }) =>
            guarded(abortSignal, () => withinDeadline(ctx, abortSignal, limits, () => forSession(ctx.session).fallbacks[i]!.requestCallback(input), stillGoing)),
        }),
      );
    return out;
  });
  return { tools, names, forSession };
}

