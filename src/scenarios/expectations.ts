// Judging one expectation against what a turn did and what the sandbox and SMS sink hold. Each failure says what was
// expected and what was there instead, in words a scenario author can act on.
import { Temporal } from 'temporal-polyfill';
import type { Expectation } from './schema.js';
import type { TurnObservation } from './observation.js';
import type { ReceivedWebhook } from './webhook-receiver.js';

export interface ObservedBooking {
  uid: string;
  start: string;
  status: string;
  eventTypeId: number;
  location?: string;
  attendees: Array<{ name: string; email: string }>;
  hosts: Array<{ id: number; name: string }>;
}

/** What the sandbox's admin API reports Cal.com sent and wrote (`/_sandbox/emails`, `/_sandbox/calendar-events`). */
export interface ObservedEmail {
  to: string;
  role: string;
  kind: string;
  bookingUid: string;
  subject: string;
}
export interface ObservedCalendarEvent {
  userId: number;
  calendar: string;
  bookingUid: string;
}

/** The call's side effects, read only when an expectation asks. */
export interface CallProbe {
  bookings(): Promise<ObservedBooking[]>;
  smsBodies(): Promise<string[]>;
  /** What the model is told: the instructions, then each tool as "name: description". */
  prompt(): string;
  emails(): Promise<ObservedEmail[]>;
  calendarEvents(): Promise<ObservedCalendarEvent[]>;
  /** The booked action's meeting-link problem for a location, or undefined when it has Cal.com's form. */
  linkProblem(eventTypeId: number, location: string | undefined): string | undefined;
  /** The zone `startLocal` is read in: the booked action's. */
  zoneOf(eventTypeId: number): string | undefined;
  /** Deliveries to the scenario's callback receiver (none without `webhook: true`). */
  webhooks(): ReceivedWebhook[];
  /** The public booking page of each action in the call. */
  bookingPages(): string[];
  /** Resolves to a failure reason, or undefined when the reply fits the intent; absent in scripted mode. */
  judge?: (intent: string) => Promise<string | undefined>;
}

export interface ExpectationOutcome {
  label: string;
  status: 'passed' | 'failed' | 'skipped';
  detail?: string;
}

const LIVE_STATUSES = new Set(['accepted', 'pending']);

const includesCi = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());

/** True when every key of `expected` is in `actual` with a matching value (objects recursively, the rest by equality). */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => partialMatch(v, (actual as Record<string, unknown>)[k]));
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

function statusOf(output: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(output);
    return parsed !== null && typeof parsed === 'object' && 'status' in parsed ? String(parsed.status) : undefined;
  } catch {
    return undefined;
  }
}

export function labelOf(e: Expectation): string {
  const [kind, value] = Object.entries(e)[0] ?? ['?', undefined];
  return `${kind} ${JSON.stringify(value)}`;
}

function describeBooking(b: ObservedBooking, zone: string | undefined): string {
  const start = zone ? localStart(b.start, zone) : b.start;
  return `${start}${zone ? ` ${zone}` : ''} for ${b.attendees.map((a) => `${a.name} <${a.email}>`).join(', ')} with ${b.hosts.map((h) => h.name).join(', ')} (${b.status})`;
}

function localStart(iso: string, zone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

async function judgeBooking(want: NonNullable<Expectation['booking']>, probe: CallProbe): Promise<string | undefined> {
  const live = (await probe.bookings()).filter((b) => LIVE_STATUSES.has(b.status));
  const matching = live.filter(
    (b) =>
      (want.attendee === undefined || b.attendees.some((a) => includesCi(a.email, want.attendee!) || includesCi(a.name, want.attendee!))) &&
      (want.host === undefined || b.hosts.some((h) => includesCi(h.name, want.host!))) &&
      (want.startLocal === undefined || localStart(b.start, probe.zoneOf(b.eventTypeId) ?? 'UTC') === want.startLocal),
  );
  const ok = want.count === undefined ? matching.length > 0 : matching.length === want.count;
  if (ok) return undefined;
  const seen = live.length ? live.map((b) => describeBooking(b, probe.zoneOf(b.eventTypeId))).join('; ') : 'no bookings';
  return `expected ${want.count ?? 'at least 1'} matching booking(s), found ${matching.length}; the sandbox has: ${seen}`;
}

async function judgeSms(want: NonNullable<Expectation['sms']>, probe: CallProbe): Promise<string | undefined> {
  const bodies = await probe.smsBodies();
  const seen = bodies.length ? bodies.map((b) => JSON.stringify(b)).join('; ') : 'no texts';
  if (want.count !== undefined && bodies.length !== want.count) return `expected ${want.count} text(s), the sink got ${bodies.length}: ${seen}`;
  if (want.contains !== undefined && !bodies.some((b) => includesCi(b, want.contains!))) return `expected a text containing ${JSON.stringify(want.contains)}; the sink got: ${seen}`;
  return undefined;
}

async function judgeEmail(want: NonNullable<Expectation['email']>, probe: CallProbe): Promise<string | undefined> {
  const confirmations = (await probe.emails()).filter((e) => e.role === 'attendee' && e.kind !== 'cancelled');
  const matching = confirmations.filter((e) => (!want.to || e.to.toLowerCase() === want.to.toLowerCase()) && (!want.contains || includesCi(e.subject, want.contains)));
  const seen = confirmations.length ? confirmations.map((e) => `${e.to}: ${JSON.stringify(e.subject)}`).join('; ') : 'no confirmation emails';
  if (want.count !== undefined ? matching.length === want.count : matching.length > 0) return undefined;
  return `expected ${want.count ?? 'at least 1'} confirmation email(s)${want.to ? ` to ${want.to}` : ''}${want.contains ? ` mentioning ${JSON.stringify(want.contains)}` : ''}, found ${matching.length}; Cal.com sent: ${seen}`;
}

async function judgeMeetingLink(probe: CallProbe): Promise<string | undefined> {
  const live = (await probe.bookings()).filter((b) => LIVE_STATUSES.has(b.status));
  if (!live.length) return 'expected a booking whose meeting link to check; the sandbox has none';
  const problems = live.flatMap((b) => {
    const p = probe.linkProblem(b.eventTypeId, b.location);
    return p ? [p] : [];
  });
  return problems.length ? problems.join('; ') : undefined;
}

async function judgeCalendar(want: NonNullable<Expectation['calendar']>, probe: CallProbe): Promise<string | undefined> {
  const live = (await probe.bookings()).filter((b) => LIVE_STATUSES.has(b.status));
  const hostIds = new Map(live.flatMap((b) => b.hosts.map((h) => [Number(h.id), h.name] as const)));
  const events = (await probe.calendarEvents()).filter((e) => live.some((b) => b.uid === e.bookingUid));
  const matching = events.filter((e) => !want.host || includesCi(hostIds.get(e.userId) ?? '', want.host));
  const seen = events.length ? events.map((e) => `${hostIds.get(e.userId) ?? e.userId} on ${e.calendar}`).join('; ') : 'no calendar events';
  if (want.count !== undefined ? matching.length === want.count : matching.length > 0) return undefined;
  return `expected ${want.count ?? 'at least 1'} busy event(s) on ${want.host ? `${want.host}'s` : 'a host'} calendar, found ${matching.length}: ${seen}`;
}

async function judgeBookingLink(probe: CallProbe): Promise<string | undefined> {
  const pages = probe.bookingPages();
  if (!pages.length) return 'no action in this call has a public booking page';
  const bodies = await probe.smsBodies();
  const texted = pages.filter((url) => bodies.some((b) => b.includes(url)));
  if (!texted.length) return `expected a text with the booking page (${pages.join(' or ')}); the sink got: ${bodies.length ? bodies.map((b) => JSON.stringify(b)).join('; ') : 'no texts'}`;
  for (const url of texted) {
    const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await r.arrayBuffer();
    if (!r.ok) return `the texted booking page ${url} answered ${r.status}`;
  }
  return undefined;
}

function judgeWebhook(want: NonNullable<Expectation['webhook']>, probe: CallProbe): string | undefined {
  const got = probe.webhooks();
  const forged = got.filter((w) => !w.signatureValid);
  if (forged.length) return `${forged.length} callback delivery(ies) had a missing, stale or wrong signature`;
  const matching = got.filter((w) => want.contains === undefined || includesCi(w.body, want.contains));
  if (want.count !== undefined ? matching.length === want.count : matching.length > 0) return undefined;
  const seen = got.length ? got.map((w) => w.body).join('; ') : 'nothing (is `webhook: true` set, and does the call record a callback?)';
  return `expected ${want.count ?? 'at least 1'} callback request(s)${want.contains ? ` mentioning ${JSON.stringify(want.contains)}` : ''}, the receiver got ${matching.length}: ${seen}`;
}

function judgeTurn(e: Expectation, turn: TurnObservation): string | undefined {
  if (e.toolCall) {
    const want = e.toolCall;
    const named = turn.calls.filter((c) => c.name === want.name);
    if (!named.length) return `expected a call to ${want.name}; none in this turn`;
    if (want.args && !named.some((c) => partialMatch(want.args, c.args)))
      return `expected ${want.name} with args including ${JSON.stringify(want.args)}; called with ${named.map((c) => JSON.stringify(c.args)).join(', ')}`;
    return undefined;
  }
  if (e.toolResult) {
    const want = e.toolResult;
    const found = turn.results.some(
      (r) =>
        (want.name === undefined || r.name === want.name) &&
        (want.status === undefined || statusOf(r.output) === want.status) &&
        (want.contains === undefined || includesCi(r.output, want.contains)) &&
        (want.isError === undefined || r.isError === want.isError),
    );
    if (found) return undefined;
    const statuses = turn.results.map((r) => `${r.name} → ${statusOf(r.output) ?? (r.isError ? 'error' : 'no status')}`);
    return `expected a tool result matching ${JSON.stringify(want)}; got ${statuses.length ? statuses.join(', ') : 'no tool results in this turn'}`;
  }
  if (e.reply) return missingFrom('the reply', turn.reply, e.reply.contains);
  return undefined;
}

function missingFrom(where: string, text: string, contains: string | string[]): string | undefined {
  const missing = (typeof contains === 'string' ? [contains] : contains).filter((p) => !includesCi(text, p));
  return missing.length ? `expected ${where} to contain ${missing.map((m) => JSON.stringify(m)).join(', ')}` : undefined;
}

export async function judgeExpectation(e: Expectation, turn: TurnObservation, probe: CallProbe): Promise<ExpectationOutcome> {
  const label = labelOf(e);
  try {
    let failure: string | undefined;
    if (e.intent !== undefined) {
      if (!probe.judge) return { label, status: 'skipped', detail: 'intent is judged only with a real LLM (--real)' };
      failure = await probe.judge(e.intent);
    } else if (e.booking) failure = await judgeBooking(e.booking, probe);
    else if (e.sms) failure = await judgeSms(e.sms, probe);
    else if (e.email) failure = await judgeEmail(e.email, probe);
    else if (e.meetingLink) failure = await judgeMeetingLink(probe);
    else if (e.calendar) failure = await judgeCalendar(e.calendar, probe);
    else if (e.noBooking) failure = await judgeBooking({ count: 0 }, probe);
    else if (e.bookingLink) failure = await judgeBookingLink(probe);
    else if (e.webhook) failure = judgeWebhook(e.webhook, probe);
    else if (e.prompt) failure = missingFrom('the instructions and tool descriptions', probe.prompt(), e.prompt.contains);
    else failure = judgeTurn(e, turn);
    return failure === undefined ? { label, status: 'passed' } : { label, status: 'failed', detail: failure };
  } catch (err) {
    return { label, status: 'failed', detail: `could not be checked: ${(err as Error).message}` };
  }
}
