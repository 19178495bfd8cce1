// The per-action config fields for managing bookings and for the fallbacks (issue 10), kept apart from config.ts
// so both can change independently; config.ts spreads them into the action's schema.
import { z } from 'zod/v4';
import { findUnknownPlaceholders, SMS_PLACEHOLDERS } from '../sms/template.js';

export const DEFAULT_SMS_CANCEL_TEMPLATE = 'Cancelled: your appointment on {date} at {time}.';
export const DEFAULT_SMS_RESCHEDULE_TEMPLATE = 'Moved: your appointment is now {date} at {time} ({duration}).\nJoin: {link}\nWhere: {location}';

/** An SMS template field: text with only the known placeholders, defaulting to `fallback`. */
export function smsTemplateField(fallback: string) {
  return z
    .string({ error: 'expected the text of the message, with placeholders such as {date} and {time}' })
    .min(1, 'expected the text of the message, not blank')
    .default(fallback)
    .superRefine((t, ctx) => {
      const unknown = findUnknownPlaceholders(t);
      if (unknown.length)
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; allowed: ${SMS_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        });
    });
}

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected a phone number in E.164 form, e.g. +14155550123');

export const MANAGE_FIELDS = {
  /** Which management tools the agent gets for this action. */
  manage: z
    .object({
      find: z.boolean().default(true),
      cancel: z.boolean().default(true),
      reschedule: z.boolean().default(true),
      /**
       * The number a caller calls from proves a booking is theirs. Caller ID can be spoofed on the public phone
       * network; false asks for the code texted to the booking's phone even then (a spoofer never gets the text).
       */
      trustCallerId: z.boolean().default(true),
    })
    .strict()
    .default({ find: true, cancel: true, reschedule: true, trustCallerId: true }),
  smsCancelTemplate: smsTemplateField(DEFAULT_SMS_CANCEL_TEMPLATE),
  smsRescheduleTemplate: smsTemplateField(DEFAULT_SMS_RESCHEDULE_TEMPLATE),
  /** The agent may text the event type's public booking page when booking by voice cannot go on. */
  bookingLink: z.boolean().default(true),
  /** Where a callback request goes: a text to the team, a signed webhook, or both. Without it none is offered. */
  callback: z
    .object({
      smsTo: e164.optional(),
      webhookUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL for the callback webhook' }).optional(),
    })
    .strict()
    .refine((c) => c.smsTo || c.webhookUrl, 'set smsTo, webhookUrl or both (or leave callback out to offer no callbacks)')
    .optional(),
};
