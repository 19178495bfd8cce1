// The fault campaign: many booking conversations at once through the toolset's own execute functions (→ BookingFlow
// → CalComClient → sandbox) under a mix of faults, then the sandbox is read back and every integrity rule counted.
// Stays whole past 300 lines: the conversation script, the fault mix and the counts are one experiment, read together.
import { EventEmitter } from 'node:events';
import { llm, voice } from '@livekit/agents';
import { Temporal } from 'temporal-polyfill';
import { createBookingToolset } from '../src/agent/toolset.js';
import { parseBookingConfig } from '../src/booking/config.js';
import type { CalendarApi } from '../src/booking/flow.js';
import { resolveActions } from '../src/booking/resolve.js';
import { phonePlaceholderEmail } from '../src/calcom/booking-fields.js';
import { CalComClient } from '../src/calcom/client.js';
import type { FaultsSchema } from '../src/sandbox/faults.js';
import { startSandboxServer, type Exchange } from '../src/sandbox/server.js';
import { WorldSchema, type WorldInput } from '../src/sandbox/world.js';
import { startSmsSink } from '../src/sms/sink.js';
import { TwilioSmsSender } from '../src/sms/twilio.js';
import type { z } from 'zod/v4';
import { countManage, MANAGE_INTEGRITY_COUNTS, returningCaller, seedBooking, stranger, type ManageCounts, type ManagingCaller } from './chaos-manage.js';

const NOW = Temporal.Instant.from('2026-11-24T07:00:00Z');
const ALL_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '08:00', end: '20:00' }]]),
);
const user = (id: number, name: string) => ({
  id,
  username: name.toLowerCase().replace(/ /g, '-'),
  name,
  email: `${name.toLowerCase().replace(/ /g, '.')}@example.com`,
  timeZone: 'Europe/Berlin',
  weeklyHours: ALL_DAY,
});
const video = [{ type: 'integration' as const, integration: 'cal-video' as const }];

/**
 * One host; a round-robin team of three; a collective of two: every kind of capacity the flow can meet. The same three
 * also take phone-only callers on an organization team's round robin (email optional, phone required).
 */
export const CHAOS_WORLD: WorldInput = {
  apiKeys: [{ key: 'cal_sandbox_chaos_key_0001', userId: 1 }],
  users: [user(1, 'Solo Host'), user(2, 'Rita One'), user(3, 'Rob Two'), user(4, 'Ria Three'), user(5, 'Cole One'), user(6, 'Cara Two')],
  teams: [
    { id: 10, slug: 'rr-team', name: 'RR Team', memberIds: [1, 2, 3, 4] },
    { id: 20, slug: 'co-team', name: 'Collective Team', memberIds: [1, 5, 6] },
    { id: 30, slug: 'org-team', name: 'Org Team', memberIds: [1, 2, 3, 4], parentId: 900 },
  ],
  eventTypes: [
    { id: 1, slug: 'solo', title: 'Solo Call', lengthInMinutes: 30, minimumBookingNotice: 0, locations: video, ownerId: 1 },
    { id: 2, slug: 'rr', title: 'Round Robin Call', lengthInMinutes: 30, minimumBookingNotice: 0, locations: video, teamId: 10, schedulingType: 'roundRobin', hosts: [{ userId: 2 }, { userId: 3 }, { userId: 4 }] },
    { id: 3, slug: 'co', title: 'Collective Call', lengthInMinutes: 30, minimumBookingNotice: 0, locations: video, teamId: 20, schedulingType: 'collective', hosts: [{ userId: 5 }, { userId: 6 }] },
    {
      id: 4,
      slug: 'phone',
      title: 'Phone Call',
      lengthInMinutes: 30,
      minimumBookingNotice: 0,
      locations: [{ type: 'attendeePhone' }],
      teamId: 30,
      schedulingType: 'roundRobin',
      hosts: [{ userId: 2 }, { userId: 3 }, { userId: 4 }],
      bookingFields: [
        { type: 'email', slug: 'email', required: false },
        { type: 'phone', slug: 'attendeePhoneNumber', required: true },
      ],
    },
  ],
};

/** The documented fault mix; each share applies per request. */
export const FAULT_MIX: z.input<typeof FaultsSchema> = {
  latencyMs: 2,
  jitterMs: 20,
  // Latency spikes past the client's 1.5 s timeout (reads are retried; booking POSTs are looked up meanwhile).
  spikeRate: 0.03,
  spikeMs: 2_000,
  // Booking POSTs checked at once and committed 1.5 s later: lookups meanwhile find nothing.
  slowCommitRate: 0.05,
  slowCommitMs: 1_500,
  // Committed, answer never sent (booking and reservation POSTs).
  dropAfterCommitRate: 0.03,
  errorRate: 0.03,
  errorStatus: 503,
  malformedRate: 0.02,
  rateLimitRate: 0.01,
  rateLimitResetSeconds: 1,
};

export interface ChaosOptions {
  conversations: number;
  /** Conversations in flight at once. */
  concurrency: number;
  faults?: z.input<typeof FaultsSchema>;
  seed?: number;
  /** Stop starting conversations after this long (the run is bounded in time). */
  maxMs?: number;
  /** Conversations per round; each round starts on an empty calendar (default 250). */
  roundSize?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface ChaosReport extends ManageCounts {
  conversations: number;
  outcomes: Record<string, number>;
  bookings: number;
  overCapacity: number;
  hostOverlaps: number;
  sharedKeys: number;
  callersWithTwoBookings: number;
  ghosts: number;
  lost: number;
  leakedHolds: number;
  orphanedHolds: number;
  smsForMissingBooking: number;
  duplicateSms: number;
  unhandledRejections: number;
  toolErrors: number;
  stillUncertain: number;
  /**
   * Bookings committed later than the flow's commit window after their POST was sent: the one assumption
   * the flow rests on. Not an integrity count: non-zero means the window was set too short for this machine.
   */
  commitsPastWindow: number;
  requests: number;
  faultsInjected: Record<string, number>;
  seconds: number;
}

/** A seeded PRNG (mulberry32), so a run can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The least of a session that the toolset touches: a close event and the framework's filler. */
class FakeSession extends EventEmitter {}
const ctxFor = (session: FakeSession) =>
  ({ session, filler: (_line: unknown, _o: unknown, run: () => Promise<unknown>) => run() }) as unknown as llm.ToolOptions<unknown>['ctx'];

type Told = { start: string; said: 'booked' | 'not_booked' | 'unconfirmed'; uid?: string; at: number };
/** `noEmail`: has no email; booked with the phone alone, so known by Cal.com's placeholder email for it. */
type Caller = ManagingCaller & { told: Told[]; noEmail?: boolean };

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const began = Date.now();
  const random = rng(o.seed ?? 1);
  let unhandled = 0;
  const onUnhandled = () => void unhandled++;
  process.on('unhandledRejection', onUnhandled);
  const exchanges: Exchange[] = [];
  // When each booking POST was sent and committed, by idempotency key and POST number (the exchange is recorded at
  // commit, before the answer).
  const committedAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const sb = await startSandboxServer({
    world: WorldSchema.parse(CHAOS_WORLD),
    rateLimit: 0,
    dropHoldMs: 5_000,
    onExchange: (e) => {
      exchanges.push(e);
      const meta = (e.requestBody as { metadata?: { idempotencyKey?: string; post?: string } } | undefined)?.metadata;
      if (meta?.idempotencyKey && e.method === 'POST' && e.path === '/v2/bookings' && (e.status === 201 || e.status === 0))
        committedAt.set(`${meta.idempotencyKey}|${meta.post}`, Date.now());
    },
  });
  const sink = await startSmsSink({});
  try {
    sb.sandbox.setClock(NOW.toString());
    const cal = new CalComClient({ apiKey: sb.apiKey, baseUrl: `${sb.url}/v2`, timeoutMs: 1_500, maxRetries: 2, maxRateLimitWaitMs: 1_500 });
    const config = parseBookingConfig(
      {
        actions: [
          { eventType: 1, location: 'cal-video', daysAhead: 3, slotsPerDay: 4 },
          { eventType: { slug: 'rr', team: 'rr-team' }, location: 'cal-video', daysAhead: 3, slotsPerDay: 4 },
          { eventType: { slug: 'co', team: 'co-team' }, location: 'cal-video', daysAhead: 3, slotsPerDay: 4 },
          { eventType: { slug: 'phone', team: 'org-team' }, location: 'phone', daysAhead: 3, slotsPerDay: 4 },
        ],
      },
      'chaos.yaml',
    );
    const actions = await resolveActions(config, cal, 'chaos.yaml');
    // Every reservation uid a flow learned: a live hold with such a uid after hang-up is a leak of ours.
    const known = new Set<string>();
    const calendar: CalendarApi & Pick<CalComClient, 'getBooking' | 'cancelBooking' | 'rescheduleBooking'> = {
      getSlots: cal.getSlots.bind(cal),
      deleteReservation: cal.deleteReservation.bind(cal),
      createBooking: (body, opts) => {
        sentAt.set(`${body.metadata?.idempotencyKey}|${body.metadata?.post}`, Date.now());
        return cal.createBooking(body, opts);
      },
      listBookings: cal.listBookings.bind(cal),
      getBooking: cal.getBooking.bind(cal),
      cancelBooking: cal.cancelBooking.bind(cal),
      rescheduleBooking: cal.rescheduleBooking.bind(cal),
      reserveSlot: async (...args) => {
        const r = await cal.reserveSlot(...args);
        known.add(r.reservationUid);
        return r;
      },
    };
    sb.faults.set(o.faults ?? FAULT_MIX);
    const sms = new TwilioSmsSender({ baseUrl: sink.url, accountSid: sink.accountSid, authToken: sink.authToken, from: '+15005550006' });
    const callers = new Map<string, Caller>();
    // A lost POST may land for 6 s (longer than any spike plus slow commit above): the flow's documented assumption.
    // A lost POST may land for 15 s: far beyond any fault's delay (2 s spike + 1.5 s slow commit), with room for a
    // loaded machine's event-loop lag. commitsPastWindow checks the assumption.
    const flowOptions = { commitWindowMs: 15_000, reconcileAfterMs: 500, lookupBackoffMs: [200, 400, 800, 1_600], patienceMs: 2_500 };
    const toolset = createBookingToolset({
      actions,
      calendar,
      sms,
      now: () => NOW,
      fillerAfterMs: 60_000,
      slotsDeadlineMs: 6_000,
      bookDeadlineMs: 8_000,
      flow: flowOptions,
      callContext: (s) => {
        const c = callers.get((s as unknown as { id: string }).id)!;
        return {
          callId: (s as unknown as { id: string }).id,
          callerPhone: c.phone,
          ...(!c.noEmail && random() < 0.6 ? { dynamicContext: { cal_email: c.email } } : {}),
        };
      },
    });
    const outcomes: Record<string, number> = {};
    let toolErrors = 0;
    const sessions: FakeSession[] = [];

    const conversation = async (i: number) => {
      const session = Object.assign(new FakeSession(), { id: `chaos-${i}` });
      sessions.push(session);
      const c: Caller = { phone: `+1415${2_000_000 + i * 37}`, email: `caller-${i}@example.com`, told: [], changes: [] };
      callers.set(session.id, c);
      const actionIx = Math.floor(random() * actions.length);
      // Half the phone-only action's callers have no email: they say so, and are booked with their number.
      if (actions[actionIx]!.eventType.contact?.phoneOnly && random() < 0.5) Object.assign(c, { noEmail: true, email: phonePlaceholderEmail(c.phone) });
      // A fifth of the callers phone about a booking they already have; one in twenty tries someone else's.
      const kind = random();
      const seedStart = () => Temporal.Instant.fromEpochMilliseconds(NOW.epochMilliseconds + (1 + Math.floor(random() * 3)) * 86_400_000 + (2 + Math.floor(random() * 21)) * 1_800_000).toString();
      if (kind < 0.25) {
        const victim = kind >= 0.2;
        const who = victim ? { email: `victim-${i}@example.com`, phone: `+1415${3_000_000 + i * 37}` } : c;
        const uid = seedBooking(sb.sandbox, actions[actionIx]!.eventType.id, seedStart(), who);
        if (victim) {
          if (uid) c.victim = uid;
        } else if (uid) c.seed = uid;
      }
      const names = toolset.toolNames[actionIx]!;
      const tool = (name: string) => toolset.tools.find((t) => (t as { name?: string }).name === name) as unknown as llm.FunctionTool<never, unknown, unknown>;
      const call = async (name: string, args: Record<string, unknown>, signal = new AbortController().signal): Promise<Record<string, unknown>> => {
        try {
          const t = tool(name);
          const parsed = (t.parameters as unknown as z.ZodType).parse(args);
          return (await t.execute(parsed as never, { ctx: ctxFor(session), toolCallId: `${i}-${name}`, abortSignal: signal })) as Record<string, unknown>;
        } catch (err) {
          if (err instanceof llm.ToolError) toolErrors++;
          else throw err;
          return { status: 'tool_error' };
        }
      };
      const note = (r: Record<string, unknown>, start: string | undefined) => {
        if (process.env.CHAOS_DEBUG && r.status === "calendar_unavailable") console.log(JSON.stringify(r));
        outcomes[String(r.status)] = (outcomes[String(r.status)] ?? 0) + 1;
        const update = r.update as { status: string; time: string } | undefined;
        if (update) outcomes[`update:${update.status}`] = (outcomes[`update:${update.status}`] ?? 0) + 1;
        if (!start) return;
        const at = Date.now();
        if (r.status === 'booked') c.told.push({ start, said: 'booked', uid: String(r.bookingUid), at });
        else if (r.status === 'unconfirmed') c.told.push({ start, said: 'unconfirmed', at });
        else if (['slot_taken', 'calendar_unavailable', 'rejected'].includes(String(r.status))) c.told.push({ start, said: 'not_booked', at });
      };
      const flow = toolset.flowsFor(session as never)[actionIx]!;
      const startOf = (id: string) => flow.describeOffer().find((x) => x.id === id)?.start;
      if (kind < 0.25) {
        const script = { caller: c, random, names: names as Required<typeof names>, call, note: (r: Record<string, unknown>) => note(r, undefined), startOf };
        if (kind < 0.2) await returningCaller(script);
        else await stranger(script, `victim-${i}@example.com`);
        session.emit(voice.AgentSessionEventTypes.Close, {});
        return;
      }
      const prefs = [undefined, 'tomorrow', 'Thursday afternoon', 'after 3', 'Wednesday morning'];
      let slots = await call(names.slots, { preference: prefs[Math.floor(random() * prefs.length)] });
      note(slots, undefined);
      for (let tries = 0; tries < 3; tries++) {
        const offered = (slots.slots ?? slots.alternatives ?? []) as Array<{ id: string }>;
        if (offered.length === 0) break;
        let pick = offered[Math.floor(random() * offered.length)]!.id;
        // Change of mind: hold one time while the name is missing, then ask for times again or pick another.
        if (random() < 0.3) {
          note(await call(names.book, { slotId: pick, name: '' }), undefined);
          if (random() < 0.5) {
            slots = await call(names.slots, {});
            const again = (slots.slots ?? []) as Array<{ id: string }>;
            if (again.length === 0) break;
            pick = again[Math.floor(random() * again.length)]!.id;
          } else pick = offered[Math.floor(random() * offered.length)]!.id;
        }
        const start = startOf(pick);
        const args: Record<string, unknown> = c.noEmail
          ? { slotId: pick, name: `Caller ${i}`, noEmail: true }
          : { slotId: pick, name: `Caller ${i}`, email: c.email, emailConfirmed: true };
        // The email path needs a read-back first; the model then repeats the call with the confirmation. A caller
        // with no email is asked once, says so, and the model repeats the call with noEmail.
        await call(names.book, c.noEmail ? { slotId: pick, name: `Caller ${i}` } : { ...args, emailConfirmed: false });
        let r: Record<string, unknown>;
        const roll = random();
        if (roll < 0.15) {
          // Two identical calls at once; the first one's deadline fires early.
          const early = new AbortController();
          setTimeout(() => early.abort(), 200).unref();
          const [x, y] = await Promise.all([call(names.book, args, early.signal).catch(() => ({ status: 'aborted' })), call(names.book, args)]);
          note(x, start);
          r = y;
        } else r = await call(names.book, args);
        note(r, start);
        if (r.status === 'unconfirmed' || roll > 0.85) note(await call(names.book, args), start);
        if (r.status === 'slot_taken') {
          slots = r;
          continue;
        }
        // An injected instruction: book every other slot too.
        if (r.status === 'booked' && random() < 0.2) {
          const other = (slots.slots as Array<{ id: string }> | undefined)?.find((s) => s.id !== pick);
          if (other) note(await call(names.book, { ...args, slotId: other.id, anotherBooking: random() < 0.5 }), startOf(other.id));
        }
        break;
      }
      // Hang up.
      session.emit(voice.AgentSessionEventTypes.Close, {});
    };

    // Rounds of `roundSize` conversations on a fresh calendar, so contention stays high for the whole run; the
    // sandbox is read back and counted at the end of each round, after every hang-up and all background work.
    let next = 0;
    let stillUncertain = 0;
    const totals: Record<string, number> = {};
    const faultsInjected: Record<string, number> = {};
    const deadline = began + (o.maxMs ?? 10 * 60_000);
    const roundSize = o.roundSize ?? 250;
    while (next < o.conversations && Date.now() < deadline) {
      const roundEnd = Math.min(o.conversations, next + roundSize);
      const worker = async () => {
        while (next < roundEnd && Date.now() < deadline) await conversation(next++);
      };
      await Promise.all(Array.from({ length: o.concurrency }, worker));
      await Promise.all(sessions.map((s) => Promise.all([...toolset.flowsFor(s as never), ...toolset.manageFor(s as never).manage].map((f) => f.idle()))));
      stillUncertain += sessions.flatMap((s) => toolset.flowsFor(s as never).flatMap((f) => f.attemptStates())).filter((a) => a.state === 'uncertain' || a.state === 'in_flight').length;
      stillUncertain += sessions.flatMap((s) => toolset.manageFor(s as never).manage.flatMap((f) => f.writes())).filter((w) => w.state === 'uncertain' || w.state === 'in_flight').length;
      const round = count(sb, exchanges.splice(0), callers, sink.messages(), known, sentAt);
      for (const [k, v] of Object.entries(round)) if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
      for (const [k, v] of Object.entries(round.faultsInjected)) faultsInjected[k] = (faultsInjected[k] ?? 0) + v;
      o.log?.(`  ${next} conversations, ${Math.round((Date.now() - began) / 1000)} s`);
      sessions.length = 0;
      callers.clear();
      known.clear();
      sink.clear();
      sb.sandbox.reset();
      sb.sandbox.setClock(NOW.toString());
    }
    sb.faults.clear();
    return {
      ...(totals as unknown as Omit<ChaosReport, 'faultsInjected'>),
      faultsInjected,
      conversations: next,
      outcomes,
      unhandledRejections: unhandled,
      toolErrors,
      stillUncertain,
      commitsPastWindow: [...committedAt].filter(([k, t]) => t - (sentAt.get(k) ?? t) > flowOptions.commitWindowMs).length,
      seconds: Math.round((Date.now() - began) / 100) / 10,
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await sink.close();
    await sb.close();
  }
}

function count(
  sb: Awaited<ReturnType<typeof startSandboxServer>>,
  exchanges: Exchange[],
  callers: Map<string, Caller>,
  allTexts: Array<{ to: string; body: string }>,
  known: Set<string>,
  sentAt: Map<string, number>,
): Omit<ChaosReport, 'conversations' | 'outcomes' | 'unhandledRejections' | 'toolErrors' | 'stillUncertain' | 'commitsPastWindow' | 'seconds'> {
  const { bookings, reservations } = sb.sandbox.state;
  // Booking confirmations only: change texts and one-time codes are counted by countManage.
  const texts = allTexts.filter((t) => !/^(Cancelled:|Moved:|Your code)/.test(t.body));
  const active = bookings.filter((b) => b.status === 'accepted' || b.status === 'pending');
  const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;
  let hostOverlaps = 0;
  const byHost = new Map<number, typeof active>();
  for (const b of active) for (const h of b.hostUserIds) byHost.set(h, [...(byHost.get(h) ?? []), b]);
  for (const list of byHost.values()) for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) if (overlaps(list[i]!, list[j]!)) hostOverlaps++;
  const capacity: Record<number, number> = { 1: 1, 2: 3, 3: 1, 4: 3 };
  const perSlot = new Map<string, number>();
  for (const b of active) perSlot.set(`${b.eventTypeId}|${b.start}`, (perSlot.get(`${b.eventTypeId}|${b.start}`) ?? 0) + 1);
  const overCapacity = [...perSlot].filter(([k, n]) => n > (capacity[Number(k.split('|')[0])] ?? 1)).length;
  const keys = new Map<string, number>();
  // Bookings seeded before a call carry no key; a moved booking keeps its predecessor's, which is then cancelled.
  for (const b of active.filter((x) => x.metadata.idempotencyKey !== undefined)) {
    const k = String(b.metadata.idempotencyKey);
    keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  const byEmail = new Map<string, number>();
  for (const b of active) byEmail.set(b.attendee.email, (byEmail.get(b.attendee.email) ?? 0) + 1);
  if (process.env.CHAOS_DEBUG)
    for (const [email, n] of byEmail)
      if (n > 1) console.log('two bookings:', JSON.stringify(bookings.filter((b) => b.attendee.email === email).map((b) => ({ uid: b.uid, status: b.status, start: b.start, et: b.eventTypeId, key: b.metadata.idempotencyKey, from: b.rescheduledFromUid, created: b.createdAt }))));
  let ghosts = 0;
  let lost = 0;
  for (const c of callers.values()) {
    const mine = active.filter((b) => b.attendee.email === c.email);
    for (const t of c.told) {
      const at = mine.find((b) => Date.parse(b.start) === Date.parse(t.start));
      // A ghost: "not booked" told after the POST that made the booking had been sent (a later retry that books
      // the same time, after the caller heard it did not go through, is the caller's own new request).
      const madeBy = at ? sentAt.get(`${at.metadata.idempotencyKey}|${at.metadata.post}`) : undefined;
      if (t.said === 'not_booked' && at && (madeBy === undefined || madeBy < t.at)) {
        ghosts++;
        if (process.env.CHAOS_DEBUG) console.log('ghost:', JSON.stringify({ told: c.told, booking: { uid: at.uid, start: at.start, key: at.metadata.idempotencyKey, created: at.createdAt } }));
      }
      if (t.said === 'booked' && !active.some((b) => b.uid === t.uid)) lost++;
    }
  }
  // A hold whose reservation answer never reached us (dropped, garbled) can never be named, so never released: it
  // lapses on its own. Every hold we learned of must be gone.
  const now = sb.sandbox.now();
  const live = reservations.filter((r) => Date.parse(r.releaseAt) > now);
  const phoneToEmail = new Map([...callers.values()].map((c) => [c.phone, c.email]));
  const smsPerCaller = new Map<string, number>();
  for (const t of texts) smsPerCaller.set(t.to, (smsPerCaller.get(t.to) ?? 0) + 1);
  let smsForMissingBooking = 0;
  let duplicateSms = 0;
  for (const [phone, n] of smsPerCaller) {
    const booked = byEmail.get(phoneToEmail.get(phone) ?? '') ?? 0;
    if (booked === 0) smsForMissingBooking += n;
    else if (n > booked) duplicateSms += n - booked;
  }
  const faultsInjected: Record<string, number> = {};
  for (const e of exchanges) if (e.injected) faultsInjected[e.injected] = (faultsInjected[e.injected] ?? 0) + 1;
  return {
    bookings: active.length,
    overCapacity,
    hostOverlaps,
    sharedKeys: [...keys.values()].filter((n) => n > 1).length,
    callersWithTwoBookings: [...byEmail.values()].filter((n) => n > 1).length,
    ghosts,
    lost,
    leakedHolds: live.filter((r) => known.has(r.uid)).length,
    orphanedHolds: live.filter((r) => !known.has(r.uid)).length,
    smsForMissingBooking,
    duplicateSms,
    requests: exchanges.length,
    faultsInjected,
    ...countManage(bookings, callers.values(), allTexts),
  };
}

/** The integrity counts that must all be zero. */
export const INTEGRITY_COUNTS = [
  'overCapacity',
  'hostOverlaps',
  'sharedKeys',
  'callersWithTwoBookings',
  'ghosts',
  'lost',
  'leakedHolds',
  'smsForMissingBooking',
  'duplicateSms',
  'unhandledRejections',
  ...MANAGE_INTEGRITY_COUNTS,
] as const satisfies ReadonlyArray<keyof ChaosReport>;
