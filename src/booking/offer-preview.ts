// What the agent would offer right now for one action, without a call: shared by `slots`, `setup` and `init` so the
// preview is the agent's own code path.
import type { Temporal } from 'temporal-polyfill';
import { BookingFlow, type CalendarApi, type SlotsResult } from './flow.js';
import type { ResolvedAction } from './resolve.js';

export interface OfferPreview {
  result: SlotsResult;
  offer: ReturnType<BookingFlow['describeOffer']>;
}

export async function previewOffer(calendar: CalendarApi, action: ResolvedAction, now: Temporal.Instant, preference?: string): Promise<OfferPreview> {
  const flow = new BookingFlow({ calendar, action, call: { callId: 'preview' }, now: () => now });
  const result = await flow.getAvailableSlots(preference ? { preference } : {});
  return { result, offer: flow.describeOffer() };
}
