// What a caller asked for, resolved from their words into dates and times in the presentation zone.
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod/v4';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => {
    try {
      return Temporal.PlainDate.from(d, { overflow: 'reject' }).toString() === d;
    } catch {
      return false;
    }
  }, 'not a real calendar date');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

/**
 * A caller's preference. Dates are local dates and times are wall-clock times, both in the presentation zone.
 * Every field narrows the offer; an empty object means "anything".
 */
export const PreferenceSchema = z.object({
  /** Only these local dates (inclusive). */
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  /** Only slots starting at or after `timeFrom` and before `timeTo`, local wall-clock time. */
  timeFrom: hhmm.optional(),
  timeTo: hhmm.optional(),
  /** "Thursday or Friday": only these local dates, each within dateFrom..dateTo (which span them). */
  dates: z.array(isoDate).min(2).optional(),
  /** "Not Monday", "any day but tomorrow": never these local dates … */
  exceptDates: z.array(isoDate).min(1).optional(),
  /** … nor these ISO weekdays (1 = Monday … 7 = Sunday). */
  exceptWeekdays: z.array(z.number().int().min(1).max(7)).min(1).optional(),
  /** "The earliest you have": offer the soonest slots instead of spreading them over the day. */
  earliest: z.boolean().optional(),
});
export type Preference = z.infer<typeof PreferenceSchema>;
