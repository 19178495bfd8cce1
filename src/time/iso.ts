// Parsing ISO instants: Cal.com's millisecond strings exactly and fast through Date.parse, anything finer through Temporal.
import { Temporal } from 'temporal-polyfill';

/** An ISO date-time with an offset and at most millisecond precision, which Date.parse reads exactly. */
export const MS_PRECISION_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function instantFromIso(iso: string): Temporal.Instant {
  return MS_PRECISION_ISO.test(iso) ? Temporal.Instant.fromEpochMilliseconds(Date.parse(iso)) : Temporal.Instant.from(iso);
}
