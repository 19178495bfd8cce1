// "Verify agent presents available times": each action's offer, exactly as a caller would hear it right now.
import type { Temporal } from 'temporal-polyfill';
import { BookingFlow, type CalendarApi } from '../booking/flow.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { Report } from './report.js';
import { CALENDAR_UNREACHABLE } from './troubleshooting.js';

export async function checkAvailability(actions: readonly ResolvedAction[], calendar: CalendarApi, now: () => Temporal.Instant, report: Report): Promise<void> {
  for (const action of actions) {
    const title = `Availability for ${action.displayName}`;
    const flow = new BookingFlow({ calendar, action, call: { callId: 'doctor-availability' }, now });
    const result = await flow.getAvailableSlots();
    if (result.status === 'available') {
      report.pass(`${title}: ${result.slots.length} time(s), first "${result.slots[0]?.time ?? ''}"`);
    } else if (result.status === 'no_availability') {
      // An empty window is a calendar that is full or off, not a broken integration.
      report.warn(`${title}: nothing free in the next ${action.config.daysAhead} bookable day(s)`, [
        'Callers will be told there is nothing free. Check the event type\'s availability and minimum notice in Cal.com, or raise daysAhead.',
      ]);
    } else {
      report.fail(title, CALENDAR_UNREACHABLE, ['problem' in result ? `${result.status}: ${result.problem}` : result.status]);
    }
  }
}
