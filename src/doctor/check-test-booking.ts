// "Confirm booking completes": a real booking through BookingFlow, cancelled at once. Only where nobody is hurt by
// it: the built-in sandbox, or event types the user marked as test ones. A real client's calendar never gets one.
import { randomUUID } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { BookingFlow, type CalendarApi } from '../booking/flow.js';
import type { ResolvedAction } from '../booking/resolve.js';
import type { CalComClient } from '../calcom/client.js';
import { checkConfirmations } from './check-confirmations.js';
import type { Report } from './report.js';
import { BOOKING_FAILED, CANCEL_FAILED } from './troubleshooting.js';

export const TEST_ATTENDEE_EMAIL = 'doctor@example.com';
export const TEST_METADATA = { doctorTest: 'true' } as const;

export interface TestBookingScope {
  sandbox: boolean;
  /** The sandbox's origin, whose admin API shows the emails and calendar events Cal.com would have produced. */
  sandboxUrl?: string;
  /** Event type ids the user marked as test ones. */
  testBookings: readonly number[];
}

export async function checkTestBooking(
  actions: readonly ResolvedAction[],
  client: CalComClient,
  scope: TestBookingScope,
  now: () => Temporal.Instant,
  report: Report,
): Promise<void> {
  const targets = scope.sandbox ? actions.slice(0, 1) : actions.filter((a) => scope.testBookings.includes(a.eventType.id));
  if (!targets.length) {
    report.skip(
      'Test booking',
      actions.length
        ? 'a real Cal.com account and no action\'s event type is marked as a test one (--test-booking <event type id>)'
        : 'no action resolved',
    );
    return;
  }
  const calendar = markedAsTest(client);
  for (const action of targets) {
    const title = `Test booking for ${action.displayName}`;
    const flow = new BookingFlow({
      calendar,
      action,
      call: { callId: `doctor-test-${randomUUID()}`, dynamicContext: { cal_email: TEST_ATTENDEE_EMAIL } },
      now,
    });
    const offer = await flow.getAvailableSlots();
    const slot = offer.status === 'available' ? offer.slots[0] : undefined;
    if (!slot) {
      report.skip(title, 'no free time to book');
      continue;
    }
    const booked = await flow.book({ slotId: slot.id, name: 'Doctor Test', notes: 'cal-booking-action doctor: test booking, cancelled right away' });
    if (booked.status !== 'booked') {
      report.fail(title, BOOKING_FAILED, [`${booked.status}: ${booked.next}`]);
      continue;
    }
    report.pass(`${title}: booked ${booked.time} for ${TEST_ATTENDEE_EMAIL} (uid ${booked.bookingUid})`);
    try {
      await checkConfirmations(action, await client.getBooking(booked.bookingUid), TEST_ATTENDEE_EMAIL, scope.sandboxUrl, report);
    } catch (err) {
      report.fail('Confirmations', BOOKING_FAILED, [err instanceof Error ? err.message : String(err)]);
    }
    try {
      await client.cancelBooking(booked.bookingUid, { cancellationReason: 'cal-booking-action doctor test booking' });
      report.pass(`Test booking cancelled (uid ${booked.bookingUid})`);
    } catch (err) {
      report.fail('Test booking cancelled', CANCEL_FAILED, [err instanceof Error ? err.message : String(err)]);
    }
  }
}

/** BookingFlow writes its own metadata; this adds the test mark so the booking is recognisable in Cal.com. */
function markedAsTest(client: CalComClient): CalendarApi {
  return {
    getSlots: (q, o) => client.getSlots(q, o),
    reserveSlot: (b, o) => client.reserveSlot(b, o),
    deleteReservation: (uid, o) => client.deleteReservation(uid, o),
    listBookings: (q, o) => client.listBookings(q, o),
    createBooking: (b, o) => client.createBooking({ ...b, metadata: { ...b.metadata, ...TEST_METADATA } }, o),
  };
}
