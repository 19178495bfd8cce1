// Booking-core figures: offer + phrasing time, Cal.com requests per booked call, and book latency as a ratio to
// one Cal.com round trip with injected latency, all measured side by side in this run.
import { Temporal } from 'temporal-polyfill';
import { CalComClient } from '../src/calcom/client.js';
import { parseBookingConfig } from '../src/booking/config.js';
import { BookingFlow } from '../src/booking/flow.js';
import { chooseOffer, type CalSlot, type OfferRules } from '../src/booking/offers.js';
import { resolveActions } from '../src/booking/resolve.js';
import { speakSlot } from '../src/booking/spoken.js';
import { defaultWorld } from '../src/sandbox/default-world.js';
import { startSandboxServer } from '../src/sandbox/server.js';

const ZONES = ['America/Los_Angeles', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin',
  'Europe/Helsinki', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney',
  'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham', 'Africa/Lagos', 'Europe/Madrid', 'America/Denver', 'Asia/Seoul'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What Cal.com returns for a 20-host round-robin team over 3 days: the union of 20 hosts' 15-minute grids. */
function twentyHostSlots(now: Temporal.Instant, zone: string): CalSlot[] {
  const seen = new Set<number>();
  const out: CalSlot[] = [];
  const today = now.toZonedDateTimeISO(zone).toPlainDate();
  for (const hostZone of ZONES)
    for (let d = -1; d < 4; d++) {
      const day = today.add({ days: d });
      for (let m = 9 * 60; m < 17 * 60; m += 15) {
        const start = day.toPlainDateTime({ hour: Math.floor(m / 60), minute: m % 60 }).toZonedDateTime(hostZone).toInstant();
        if (seen.has(start.epochMilliseconds) || Temporal.Instant.compare(start, now) < 0) continue;
        seen.add(start.epochMilliseconds);
        out.push({ start: start.toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', smallestUnit: 'millisecond' }) });
      }
    }
  return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

export async function benchBooking(): Promise<void> {
  const now = Temporal.Instant.from('2026-11-24T08:00:00Z');
  const zone = 'Europe/Berlin';
  const slots = twentyHostSlots(now, zone);
  const rules: OfferRules = { timeZone: zone, daysAhead: 3, slotsPerDay: 3, minSpacingMinutes: 60, minimumNoticeMinutes: 60 };
  const once = () => chooseOffer(slots, now, rules).map((c) => speakSlot(c.start, { now, timeZone: zone, locale: 'en-US' }));
  for (let i = 0; i < 20; i++) once();
  const runs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    once();
    runs.push(performance.now() - t);
  }
  console.log(`offer + phrasing, 3 days × 20 hosts (${slots.length} Cal.com slots): median ${median(runs).toFixed(3)} ms  (target ≤ 1 ms)`);

  const sb = await startSandboxServer({ world: defaultWorld(new Date(now.epochMilliseconds)), rateLimit: 0 });
  sb.sandbox.setClock(now.toString());
  try {
    const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2` });
    const config = parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video', sms: { enabled: false } }] }, 'bench');
    const [action] = await resolveActions(config, cal, 'bench');
    const newFlow = (call: string, ctx: Record<string, unknown> = { cal_email: `${call}@example.com` }) =>
      new BookingFlow({ calendar: cal, action: action!, call: { callId: call, dynamicContext: ctx }, now: () => now });

    const known = newFlow('known');
    const o1 = await known.getAvailableSlots();
    if (o1.status !== 'available') throw new Error(`no slots: ${o1.status}`);
    await known.book({ slotId: o1.slots[0]!.id, name: 'Known Email' });
    const asked = newFlow('asked', {});
    const o2 = await asked.getAvailableSlots();
    if (o2.status !== 'available') throw new Error(`no slots: ${o2.status}`);
    const id = o2.slots[1]!.id;
    await asked.book({ slotId: id, name: 'Asked' });
    await asked.book({ slotId: id, name: 'Asked', email: 'asked at example dot com' });
    await asked.book({ slotId: id, name: 'Asked', email: 'asked@example.com', emailConfirmed: true });
    console.log(`Cal.com requests per booked call: ${known.requestCount} with a known email, ${asked.requestCount} when the email is collected (target ≤ 4)`);

    sb.faults.set({ latencyMs: 150 });
    const trips: number[] = [];
    const books: number[] = [];
    for (let i = 0; i < 5; i++) {
      const f = newFlow(`latency-${i}`);
      const o = await f.getAvailableSlots();
      if (o.status !== 'available') throw new Error(`no slots: ${o.status}`);
      let t = performance.now();
      await cal.listTeams();
      trips.push(performance.now() - t);
      t = performance.now();
      const r = await f.book({ slotId: o.slots[2 + (i % 2)]!.id, name: `Latency ${i}` });
      books.push(performance.now() - t);
      if (r.status !== 'booked') throw new Error(`not booked: ${r.status}`);
      sb.sandbox.reset();
      sb.sandbox.setClock(now.toString());
      sb.faults.set({ latencyMs: 150 });
    }
    console.log(
      `book latency with 150 ms injected: ${median(books).toFixed(0)} ms vs one round trip ${median(trips).toFixed(0)} ms = ${(median(books) / median(trips)).toFixed(3)}×  (target ≤ 1.05×)`,
    );
  } finally {
    await sb.close();
  }
}
