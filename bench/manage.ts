// Managing figures: Cal.com requests per cancel and per reschedule (find included), and the time from the caller's
// yes to the spoken answer as a ratio to one Cal.com round trip, with 150 ms injected latency, side by side.
import { Temporal } from 'temporal-polyfill';
import { parseBookingConfig } from '../src/booking/config.js';
import { BookingFlow } from '../src/booking/flow.js';
import { ManageFlow } from '../src/booking/manage.js';
import { resolveActions } from '../src/booking/resolve.js';
import { CalComClient } from '../src/calcom/client.js';
import { defaultWorld } from '../src/sandbox/default-world.js';
import { startSandboxServer } from '../src/sandbox/server.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchManage(): Promise<void> {
  const now = Temporal.Instant.from('2026-11-24T08:00:00Z');
  const sb = await startSandboxServer({ world: defaultWorld(new Date(now.epochMilliseconds)), rateLimit: 0 });
  try {
    const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2` });
    const [action] = await resolveActions(parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video', sms: { enabled: false } }] }, 'bench'), cal, 'bench');
    const requests = { cancel: [] as number[], reschedule: [] as number[] };
    const spoken = { cancel: [] as number[], reschedule: [] as number[] };
    const trips: number[] = [];
    for (let i = 0; i < 6; i++) {
      sb.sandbox.reset();
      sb.sandbox.setClock(now.toString());
      sb.faults.clear();
      const call = { callId: `bench-${i}`, callerPhone: '+14155550123', dynamicContext: { cal_email: `m${i}@example.com` } };
      const booking = new BookingFlow({ calendar: cal, action: action!, call, now: () => now });
      const first = await booking.getAvailableSlots();
      if (first.status !== 'available') throw new Error(`no slots: ${first.status}`);
      await booking.book({ slotId: first.slots[0]!.id, name: 'Bench' });
      await booking.idle();
      sb.faults.set({ latencyMs: 150 });
      const manage = new ManageFlow({ calendar: cal, action: action!, call, booking, now: () => now });
      const op = i % 2 === 0 ? 'cancel' : 'reschedule';
      let t = performance.now();
      await cal.listTeams();
      trips.push(performance.now() - t);
      const found = await manage.find();
      const id = found.status === 'found' ? found.bookings[0]!.id : '';
      if (op === 'cancel') {
        await manage.cancel({ bookingId: id });
        t = performance.now();
        const r = await manage.cancel({ bookingId: id, confirmed: true });
        spoken.cancel.push(performance.now() - t);
        if (r.status !== 'cancelled') throw new Error(`not cancelled: ${r.status}`);
      } else {
        const offer = await booking.getAvailableSlots({ preference: 'Thursday' });
        const slotId = offer.status === 'available' ? offer.slots[0]!.id : '';
        await manage.reschedule({ bookingId: id, slotId });
        t = performance.now();
        const r = await manage.reschedule({ bookingId: id, slotId, confirmed: true });
        spoken.reschedule.push(performance.now() - t);
        if (r.status !== 'rescheduled') throw new Error(`not rescheduled: ${r.status}`);
      }
      await manage.idle();
      requests[op].push(manage.requestCount);
    }
    const trip = median(trips);
    console.log(
      `Cal.com requests per cancel: ${median(requests.cancel)} (find by phone + email, cancel); per reschedule: ${median(requests.reschedule)} (find, hold, move, release; the new time's slots are the booking flow's)`,
    );
    console.log(
      `yes → spoken answer with 150 ms injected: cancel ${median(spoken.cancel).toFixed(0)} ms, reschedule ${median(spoken.reschedule).toFixed(0)} ms vs one round trip ${trip.toFixed(0)} ms = ` +
        `${(median(spoken.cancel) / trip).toFixed(2)}× / ${(median(spoken.reschedule) / trip).toFixed(2)}× (one request each; the hold goes after the answer)`,
    );
  } finally {
    await sb.close();
  }
}
