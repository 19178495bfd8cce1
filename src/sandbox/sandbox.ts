// The sandbox's booking engine: slots, holds, bookings, cancel and reschedule over one world, with Cal.com's rules
// and error codes. Every check-and-write runs synchronously, so concurrent requests can never double-book. It stays
// whole past 300 lines for that reason: the checks and writes share one state and one busy index, and only one
// object can promise they never interleave (availability, round robin, booking fields and rendering live beside it).
import { randomBytes, randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod/v4';
import { isValidTimeZone } from '../time/zones.js';
import { SandboxApiError } from './api-error.js';
import { bookingWindowEnd, holdsOn, openSlots, computeSlots, type Slot } from './availability.js';
import { checkResponses, eventTypeFields } from './booking-fields.js';
import { BusyIndex } from './busy-index.js';
import { assignHosts } from './round-robin.js';
import type { EventLocation, EventType, Reservation, StoredBooking, Team, User, World } from './world.js';

const MINUTE = 60_000;

export interface SandboxState {
  bookings: StoredBooking[];
  reservations: Reservation[];
  extraBusy: Array<{ userId: number; start: string; end: string; title: string }>;
  nextBookingId: number;
  /** A pinned clock (ISO instant), or null for real time. */
  pinnedNow: string | null;
}

export const emptyState = (): SandboxState => ({
  bookings: [],
  reservations: [],
  extraBusy: [],
  nextBookingId: 1,
  pinnedNow: null,
});

const LANGUAGES = ['ar', 'ca', 'de', 'es', 'eu', 'he', 'id', 'ja', 'lv', 'pl', 'ro', 'sr', 'th', 'vi', 'az', 'cs', 'el',
  'es-419', 'fi', 'hr', 'it', 'km', 'nl', 'pt', 'ru', 'sv', 'tr', 'zh-CN', 'bg', 'da', 'en', 'et', 'fr', 'hu', 'iw',
  'ko', 'no', 'pt-BR', 'sk', 'ta', 'uk', 'zh-TW', 'bn'] as const;

const utcInstant = z
  .string()
  .refine((s) => /T.*(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO 8601 date-time in UTC, e.g. 2024-08-13T09:00:00Z',
  });

// A plain union: ZodDiscriminatedUnion's declared type differs between zod 3.25's v4 and zod 4, and this type is in
// the published .d.ts, so an app on either zod typechecks. The variants' literal types keep it unambiguous.
const BookingLocationInput = z.union([
  z.object({ type: z.literal('integration'), integration: z.string() }),
  z.object({ type: z.literal('address') }),
  z.object({ type: z.literal('phone') }),
  z.object({ type: z.literal('attendeePhone'), phone: z.string() }),
  z.object({ type: z.literal('attendeeAddress'), address: z.string() }),
  z.object({ type: z.literal('attendeeDefined'), location: z.string() }),
  z.object({ type: z.literal('link') }),
  z.object({ type: z.literal('organizersDefaultApp') }),
]);
type BookingLocationInput = z.infer<typeof BookingLocationInput>;

const e164 = /^\+[1-9]\d{6,14}$/;

const Attendee = z.object({
  name: z.string().trim().min(1, 'attendee.name is required'),
  timeZone: z.string().refine(isValidTimeZone, 'attendee.timeZone must be a valid IANA time zone'),
  email: z.email('attendee.email must be a valid email').optional(),
  phoneNumber: z.string().regex(e164, 'attendee.phoneNumber must be in E.164 format, e.g. +14155550123').optional(),
  language: z.enum(LANGUAGES).default('en'),
});

const Metadata = z
  .record(z.string().max(40, 'metadata keys are at most 40 characters'), z.string().max(500, 'metadata values are at most 500 characters'))
  .refine((m) => Object.keys(m).length <= 50, 'metadata has at most 50 keys');

export const CreateBookingBody = z.object({
  start: utcInstant,
  attendee: Attendee,
  eventTypeId: z.number().int().optional(),
  eventTypeSlug: z.string().optional(),
  username: z.string().optional(),
  teamSlug: z.string().optional(),
  organizationSlug: z.string().optional(),
  guests: z.array(z.email()).default([]),
  location: BookingLocationInput.optional(),
  metadata: Metadata.default({}),
  bookingFieldsResponses: z.record(z.string(), z.unknown()).default({}),
  lengthInMinutes: z.number().int().optional(),
  /** Not in Cal.com's published spec, but accepted by its API (e2e tests send it in the body). */
  reservedSlotUid: z.string().optional(),
}).refine((b) => !!b.attendee.email?.trim() || !!b.attendee.phoneNumber?.trim(), {
  // API v2's @RequireEmailOrPhone on the attendee (packages/platform/types/bookings/2024-08-13/inputs/create-booking.input.ts).
  message: 'Attendee must have at least one contact method (email or phone number)',
});
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const ReserveBody = z.object({
  eventTypeId: z.number().int(),
  slotStart: utcInstant,
  slotDuration: z.number().int().positive().optional(),
  reservationDuration: z.number().int().min(1).max(60 * 24).optional(),
});

export const CancelBody = z.object({ cancellationReason: z.string().optional(), cancelSubsequentBookings: z.boolean().optional() });

export const RescheduleBody = z.object({
  start: utcInstant,
  reschedulingReason: z.string().optional(),
  rescheduledBy: z.string().optional(),
});

export interface SlotQuery {
  eventTypeId?: number;
  eventTypeSlug?: string;
  username?: string;
  teamSlug?: string;
  start: number;
  end: number;
  /** Cal.com's `bookingUidToReschedule`: that booking's own time shows as free. */
  bookingUidToReschedule?: string;
}

export interface BookingFilter {
  status?: string[];
  attendeeEmail?: string;
  attendeeName?: string;
  eventTypeIds?: number[];
  afterStart?: number;
  beforeEnd?: number;
  sortStart?: 'asc' | 'desc';
}

/** Formats a validation failure the way Cal.com's ValidationPipe does: one readable line per problem. */
export function zodMessage(err: z.ZodError): string {
  // zod 4 reports a bad record key only as "Invalid key in record" and nests the key schema's own message
  // (e.g. "metadata keys are at most 40 characters") inside; surface the nested message instead.
  const text = (i: z.core.$ZodIssue): string =>
    i.code === 'invalid_key' && i.issues.length > 0 ? i.issues.map(text).join('; ') : i.message;
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${text(i)}` : text(i))).join('; ');
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw SandboxApiError.badRequest(zodMessage(r.error));
  return r.data;
}

type BookingFields = Pick<StoredBooking, 'attendee' | 'guests' | 'location' | 'metadata' | 'bookingFieldsResponses'> & {
  rescheduledFromUid?: string;
  reschedulingReason?: string | undefined;
  /** The organiser moved it with their own key: accepted even where the event type needs confirmation. */
  confirmedByOwner?: boolean;
};

/** A checked booking with its hosts chosen, or the attendee's existing booking that Cal.com returns instead. */
export type BookingPlan =
  | { existing: StoredBooking }
  | { eventTypeId: number; start: number; hostUserIds: number[]; reservedSlotUid: string | undefined; fields: BookingFields };

// API v2's texts (bookings 2024-08-13 ErrorsBookingsService_2024_08_13.handleBookingError).
export const TAKEN_USER = 'User either already has booking at this time or is not available';
export const TAKEN_TEAM = 'One of the hosts either already has booking at this time or is not available';
export const OUT_OF_BOUNDS =
  'The event type can\'t be booked at the "start" time provided. This could be because it\'s too soon (violating the minimum booking notice) or too far in the future (outside the event\'s scheduling window). Try fetching available slots first using the GET /v2/slots endpoint and then make a booking with "start" time equal to one of the available slots: https://cal.com/docs/api-reference/v2/slots';

// randomUUID draws from a pooled buffer, far cheaper per call than randomBytes on the booking hot path.
const token = (length: number) => Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url').slice(0, length);

export class Sandbox {
  #world: World;
  #state: SandboxState;
  #busy: BusyIndex;
  /** An index with nothing busy: tells a booked slot (422 to a reservation) from one that never existed. */
  #nothingBusy: BusyIndex;
  /** Called after every change to the state, with the new state. */
  onChange: (state: SandboxState) => void = () => {};

  constructor(world: World, state: SandboxState = emptyState()) {
    this.#world = world;
    this.#state = state;
    this.#busy = this.#index();
    this.#nothingBusy = new BusyIndex({ ...this.#world, users: this.#world.users.map((u) => ({ ...u, calendars: [] })) });
  }

  get world(): World {
    return this.#world;
  }

  get state(): SandboxState {
    return this.#state;
  }

  now(): number {
    return this.#state.pinnedNow ? Date.parse(this.#state.pinnedNow) : Date.now();
  }

  reset(world: World = this.#world): void {
    this.#world = world;
    this.#state = emptyState();
    this.#busy = this.#index();
    this.#nothingBusy = new BusyIndex({ ...this.#world, users: this.#world.users.map((u) => ({ ...u, calendars: [] })) });
    this.onChange(this.#state);
  }

  setClock(iso: string | null): void {
    this.#state.pinnedNow = iso === null ? null : new Date(Date.parse(iso)).toISOString();
    this.onChange(this.#state);
  }

  addBusy(e: { userId: number; start: string; end: string; title: string }): void {
    if (!this.user(e.userId)) throw SandboxApiError.notFound(`No user with id ${e.userId}`);
    this.#state.extraBusy.push(e);
    this.#busy.addBusy(e.userId, e);
    this.onChange(this.#state);
  }

  user(id: number): User | undefined {
    return this.#world.users.find((u) => u.id === id);
  }

  userForKey(key: string): User | undefined {
    const k = this.#world.apiKeys.find((a) => a.key === key);
    return k ? this.user(k.userId) : undefined;
  }

  teamsOf(userId: number): Team[] {
    return this.#world.teams.filter((t) => t.memberIds.includes(userId));
  }

  team(id: number): Team | undefined {
    return this.#world.teams.find((t) => t.id === id);
  }

  eventType(id: number): EventType | undefined {
    return this.#world.eventTypes.find((e) => e.id === id);
  }

  personalEventTypes(userId: number, includeHidden: boolean): EventType[] {
    return this.#world.eventTypes.filter((e) => e.ownerId === userId && (includeHidden || !e.hidden));
  }

  teamEventTypes(teamId: number): EventType[] {
    return this.#world.eventTypes.filter((e) => e.teamId === teamId);
  }

  /** Finds an event type the way /v2/slots and /v2/bookings accept it: by id, or slug + username / teamSlug. */
  resolveEventType(q: { eventTypeId?: number; eventTypeSlug?: string; username?: string; teamSlug?: string }): EventType {
    let et: EventType | undefined;
    if (q.eventTypeId !== undefined) et = this.eventType(q.eventTypeId);
    else if (q.eventTypeSlug && q.username) {
      const owner = this.#world.users.find((u) => u.username === q.username);
      et = this.#world.eventTypes.find((e) => e.ownerId === owner?.id && e.slug === q.eventTypeSlug);
    } else if (q.eventTypeSlug && q.teamSlug) {
      const team = this.#world.teams.find((t) => t.slug === q.teamSlug);
      et = this.#world.eventTypes.find((e) => e.teamId === team?.id && e.slug === q.eventTypeSlug);
    } else
      throw SandboxApiError.badRequest(
        'Provide eventTypeId, or eventTypeSlug with username or teamSlug, to identify the event type',
      );
    if (!et) throw SandboxApiError.notFound('Event type not found', 'event_type_not_found_error');
    return et;
  }

  slots(q: SlotQuery): { eventType: EventType; slots: Slot[] } {
    const eventType = this.resolveEventType(q);
    if (q.end < q.start) throw SandboxApiError.badRequest('end must be after start');
    if (q.end - q.start > 31 * 24 * 60 * MINUTE)
      throw SandboxApiError.badRequest('The range between start and end can be at most 31 days');
    this.#expireHolds();
    const ctx = this.#ctx(q.bookingUidToReschedule);
    return { eventType, slots: openSlots(ctx, this.#state.reservations, eventType, q.start, q.end + 1) };
  }

  reserve(body: z.infer<typeof ReserveBody>, authenticated: boolean): Reservation {
    const et = this.eventType(body.eventTypeId);
    if (!et) throw SandboxApiError.notFound(`Event type with id=${body.eventTypeId} not found`, 'event_type_not_found_error');
    if (body.slotDuration !== undefined && body.slotDuration !== et.lengthInMinutes)
      throw SandboxApiError.badRequest(`slotDuration must be ${et.lengthInMinutes}: the event type has one length`);
    if (body.reservationDuration !== undefined && !authenticated)
      throw new SandboxApiError(401, 'UnauthorizedException', 'reservationDuration can only be set by authenticated requests');
    const start = Date.parse(body.slotStart);
    this.#expireHolds();
    // Cal.com's slots 2024-09-04 SlotsService.reserveSlot (checkSlotOverlap) answers 422 for a slot already held.
    const slot = this.#slotAt(et, start, { reserving: true });
    const holds = holdsOn(this.#state.reservations, et.id, start, this.now());
    if (holds.length >= slot.capacity)
      throw new SandboxApiError(422, 'UnprocessableEntityException', 'This time slot is already reserved by another user. Please choose a different time.');
    const now = this.now();
    const minutes = body.reservationDuration ?? 5;
    const r: Reservation = {
      uid: randomUUID(),
      eventTypeId: et.id,
      slotStart: new Date(start).toISOString(),
      slotEnd: new Date(start + et.lengthInMinutes * MINUTE).toISOString(),
      createdAt: new Date(now).toISOString(),
      releaseAt: new Date(now + minutes * MINUTE).toISOString(),
    };
    this.#state.reservations.push(r);
    this.onChange(this.#state);
    return r;
  }

  /** Cal.com's getReservedSlot: an unknown uid is not an error, the answer's data is null. */
  reservation(uid: string): Reservation | null {
    this.#expireHolds();
    return this.#state.reservations.find((x) => x.uid === uid) ?? null;
  }

  /** Cal.com's deleteSlot uses deleteMany: releasing an unknown or already released uid succeeds too. */
  release(uid: string): void {
    const before = this.#state.reservations.length;
    this.#state.reservations = this.#state.reservations.filter((x) => x.uid !== uid);
    if (this.#state.reservations.length !== before) this.onChange(this.#state);
  }

  /** Checks a booking and picks its hosts; nothing is stored until `commitBooking`. */
  prepareBooking(body: CreateBookingBody): BookingPlan {
    const et = this.resolveEventType(body);
    if (body.lengthInMinutes !== undefined && body.lengthInMinutes !== et.lengthInMinutes)
      throw SandboxApiError.badRequest(`lengthInMinutes must be ${et.lengthInMinutes} for this event type`);
    const fields = eventTypeFields(et, et.teamId === undefined ? undefined : this.team(et.teamId));
    const { email, responses } = checkResponses(et, fields, body.attendee, body.bookingFieldsResponses);
    const location = this.#resolveLocation(et, body.location, body.attendee.phoneNumber);
    const start = Date.parse(body.start);
    this.#expireHolds();
    const existing = this.#sameAttendeeBooking(et, start, email, body.attendee.phoneNumber);
    if (existing) return { existing };
    const slot = this.#slotAt(et, start);
    if (body.reservedSlotUid !== undefined) this.#checkFirstInLine(et, start, body.reservedSlotUid);
    return {
      eventTypeId: et.id,
      start,
      hostUserIds: this.#pickHosts(et, slot),
      reservedSlotUid: body.reservedSlotUid,
      fields: {
        attendee: { ...body.attendee, email },
        guests: body.guests,
        location,
        metadata: body.metadata,
        bookingFieldsResponses: responses,
      },
    };
  }

  /**
   * Stores a prepared booking. Between the two steps (a slow commit) the chosen hosts may have been booked by
   * someone else: the same host at the same time collides on Cal.com's idempotency key (a unique column, P2002),
   * which RegularBookingService turns into 409 booking_conflict_error.
   */
  commitBooking(plan: BookingPlan): StoredBooking {
    if ('existing' in plan) return plan.existing;
    const et = this.eventType(plan.eventTypeId)!;
    const slot = computeSlots(this.#ctx(), et, plan.start, plan.start + 1, true)[0];
    const free = slot !== undefined && plan.hostUserIds.every((id) => slot.freeHostIds.includes(id) || slot.fixedHostIds.includes(id));
    if (!free) throw SandboxApiError.conflict('booking_conflict_error', 'booking_conflict_error');
    if (plan.reservedSlotUid !== undefined) this.release(plan.reservedSlotUid);
    return this.#insert(et, slot, plan.hostUserIds, plan.fields);
  }

  createBooking(body: CreateBookingBody): StoredBooking {
    return this.commitBooking(this.prepareBooking(body));
  }

  booking(uid: string): StoredBooking {
    const b = this.#state.bookings.find((x) => x.uid === uid);
    if (!b) throw SandboxApiError.notFound(`Booking with uid=${uid} not found`, 'booking_not_found_error');
    return b;
  }

  /** Bookings `viewer` may see (theirs, and their teams'), filtered as GET /v2/bookings does. */
  listBookings(viewer: User, f: BookingFilter): StoredBooking[] {
    const teamIds = new Set(this.teamsOf(viewer.id).map((t) => t.id));
    const now = this.now();
    const statusOf = (b: StoredBooking): string[] => {
      if (b.status === 'cancelled' || b.status === 'rejected') return ['cancelled'];
      const upcoming = Date.parse(b.end) > now;
      if (!upcoming) return ['past'];
      return b.status === 'pending' ? ['upcoming', 'unconfirmed'] : ['upcoming'];
    };
    const visible = this.#state.bookings.filter((b) => {
      const et = this.eventType(b.eventTypeId);
      return b.hostUserIds.includes(viewer.id) || et?.ownerId === viewer.id || (et?.teamId !== undefined && teamIds.has(et.teamId));
    });
    const out = visible.filter(
      (b) =>
        (!f.status?.length || statusOf(b).some((s) => f.status!.includes(s))) &&
        // Cal.com matches the trimmed value exactly, on any attendee, guests included (bookings get.handler's
        // "Filter by Attendee Email": attendees: { some: { email: attendeeEmail.trim() } }).
        (!f.attendeeEmail || [b.attendee.email, ...b.guests].includes(f.attendeeEmail.trim())) &&
        (!f.attendeeName || b.attendee.name.toLowerCase().includes(f.attendeeName.toLowerCase())) &&
        (!f.eventTypeIds?.length || f.eventTypeIds.includes(b.eventTypeId)) &&
        (f.afterStart === undefined || Date.parse(b.start) >= f.afterStart) &&
        (f.beforeEnd === undefined || Date.parse(b.end) <= f.beforeEnd),
    );
    const dir = f.sortStart === 'desc' ? -1 : 1;
    return out.sort((a, b) => dir * (Date.parse(a.start) - Date.parse(b.start)) || a.id - b.id);
  }

  /**
   * As Cal.com's handleCancelBooking (packages/features/bookings/lib/handleCancelBooking.ts): a cancelled booking is
   * refused, and so is any on an event type that disables cancelling; the organiser cancelling with their own key
   * must give a reason; an ended booking cannot be cancelled.
   */
  cancel(uid: string, body: z.infer<typeof CancelBody>, byUserId?: number): StoredBooking {
    const b = this.booking(uid);
    if (b.status === 'cancelled') throw SandboxApiError.badRequest('This booking has already been cancelled.');
    if (this.eventType(b.eventTypeId)?.disableCancelling) throw SandboxApiError.badRequest('This event type does not allow cancellations');
    if (byUserId !== undefined && b.hostUserIds[0] === byUserId && !body.cancellationReason?.trim())
      throw SandboxApiError.badRequest('Cancellation reason is required when you are the host');
    if (Date.parse(b.end) < this.now()) throw SandboxApiError.badRequest('Cannot cancel a booking that has already ended');
    b.status = 'cancelled';
    if (body.cancellationReason) b.cancellationReason = body.cancellationReason;
    b.updatedAt = new Date(this.now()).toISOString();
    this.#busy.removeBooking(b);
    this.onChange(this.#state);
    return b;
  }

  /**
   * As Cal.com: the old booking is cancelled and points at its successor. An event type that needs confirmation
   * leaves the new booking pending, unless the organiser moves it with their own key (handleNewBooking's
   * getRequiresConfirmationFlags: isConfirmedByDefault when userReschedulingIsOwner).
   */
  reschedule(uid: string, body: z.infer<typeof RescheduleBody>, byUserId?: number): StoredBooking {
    const old = this.booking(uid);
    if (old.status === 'cancelled' || old.status === 'rejected')
      throw new SandboxApiError(400, 'cancelled_bookings_cannot_be_rescheduled', 'Cancelled bookings cannot be rescheduled');
    const et = this.eventType(old.eventTypeId);
    if (!et) throw SandboxApiError.notFound('Event type not found', 'event_type_not_found_error');
    const start = Date.parse(body.start);
    this.#expireHolds();
    const slot = this.#slotAt(et, start, { ignoreBookingUid: old.uid, asTeam: false });
    const hostUserIds = this.#pickHosts(et, slot);
    const now = new Date(this.now()).toISOString();
    old.status = 'cancelled';
    old.updatedAt = now;
    if (body.reschedulingReason) old.reschedulingReason = body.reschedulingReason;
    this.#busy.removeBooking(old);
    const fresh = this.#insert(et, slot, hostUserIds, {
      attendee: old.attendee,
      guests: old.guests,
      location: old.location,
      metadata: old.metadata,
      bookingFieldsResponses: old.bookingFieldsResponses,
      rescheduledFromUid: old.uid,
      reschedulingReason: body.reschedulingReason,
      confirmedByOwner: byUserId !== undefined && old.hostUserIds[0] === byUserId,
    });
    old.rescheduledToUid = fresh.uid;
    this.onChange(this.#state);
    return fresh;
  }

  #ctx(ignoreBookingUid?: string) {
    return { world: this.#world, busy: this.#busy, now: this.now(), ignoreBookingUid };
  }

  #index(): BusyIndex {
    const idx = new BusyIndex(this.#world);
    for (const e of this.#state.extraBusy) idx.addBusy(e.userId, e);
    for (const b of this.#state.bookings) if (b.status === 'accepted' || b.status === 'pending') idx.addBooking(b);
    return idx;
  }

  /** Forgets holds that lapsed over an hour ago; until then a lapsed one is still readable (getReservedSlot) but holds nothing. */
  #expireHolds(): void {
    const forgetBefore = this.now() - 60 * MINUTE;
    const before = this.#state.reservations.length;
    this.#state.reservations = this.#state.reservations.filter((r) => Date.parse(r.releaseAt) > forgetBefore);
    if (this.#state.reservations.length !== before) this.onChange(this.#state);
  }

  /**
   * The slot starting at `start` (on the grid or not), or Cal.com's answer when there is none. The messages are
   * API v2's: bookings 2024-08-13 ErrorsBookingsService_2024_08_13.handleBookingError maps the booking engine's
   * BookingDateInPastError, booking_time_out_of_bounds_error (validateBookingTimeIsNotOutOfBounds) and
   * no_available_users_found_error (ensureAvailableUsers: outside every host's hours or clashing) to 400s;
   * reschedules always get the one-user text. A reservation (slots 2024-09-04 SlotsService.reserveSlot) of a
   * booked slot is a 422.
   */
  #slotAt(et: EventType, start: number, o: { ignoreBookingUid?: string; asTeam?: boolean; reserving?: boolean } = {}): Slot {
    const now = this.now();
    if (start < now) throw SandboxApiError.badRequest('Attempting to book a meeting in the past.');
    const latest = et.futureBookingLimitDays === null ? Infinity : bookingWindowEnd(this.#ctx(), et, et.futureBookingLimitDays);
    if (start < now + et.minimumBookingNotice * MINUTE || start >= latest) throw SandboxApiError.badRequest(OUT_OF_BOUNDS);
    const ctx = this.#ctx(o.ignoreBookingUid);
    const slot = computeSlots(ctx, et, start, start + 1, true)[0];
    if (slot) return slot;
    const team = o.asTeam ?? et.teamId !== undefined;
    if (o.reserving && computeSlots({ ...ctx, busy: this.#nothingBusy }, et, start, start + 1, true).length > 0)
      throw new SandboxApiError(422, 'UnprocessableEntityException', "Can't reserve a slot if the event is already booked.");
    throw SandboxApiError.badRequest(team ? TAKEN_TEAM : TAKEN_USER);
  }

  /**
   * Cal.com's createBookingWithReservedSlot: in one transaction, the earliest live hold on the slot must be this
   * uid, else 409 reserved_slot_not_first_in_line with secondsUntilRelease. An expired or unknown uid with no live
   * hold ahead of it books normally (reserved-slot-bookings.e2e-spec: an expired reservedSlotUid gets 201).
   * A booking without a uid never looks at holds: holds only hide slots from GET /v2/slots.
   */
  #checkFirstInLine(et: EventType, start: number, reservedSlotUid: string): void {
    const first = holdsOn(this.#state.reservations, et.id, start, this.now())[0];
    if (!first || first.uid === reservedSlotUid) return;
    const seconds = Math.max(1, Math.ceil((Date.parse(first.releaseAt) - this.now()) / 1000));
    throw SandboxApiError.conflict(
      'reserved_slot_not_first_in_line',
      `Someone else reserved this booking time slot before you. This time slot will be freed up in ${seconds} seconds.`,
      { secondsUntilRelease: seconds },
    );
  }

  /**
   * RegularBookingService returns the attendee's existing booking instead of making another for a round-robin or
   * confirmation-requiring event type at the same start. BookingRepository.getValidBookingFromEventTypeForAttendee
   * (packages/features/bookings/repositories/BookingRepository.ts) matches an attendee with the booker's email (for a
   * phone-only booker, the placeholder built from the phone) exactly, when one was given the same phone number, and
   * the status the event type's bookings start in (pending where it needs confirmation, else accepted).
   */
  #sameAttendeeBooking(et: EventType, start: number, email: string, phone: string | undefined): StoredBooking | undefined {
    if (et.schedulingType !== 'roundRobin' && !et.requiresConfirmation) return undefined;
    const at = new Date(start).toISOString();
    return this.#state.bookings.find(
      (b) =>
        b.eventTypeId === et.id &&
        b.start === at &&
        b.status === (et.requiresConfirmation ? 'pending' : 'accepted') &&
        b.attendee.email === email &&
        (phone === undefined || b.attendee.phoneNumber === phone),
    );
  }

  #pickHosts(et: EventType, slot: Slot): number[] {
    return assignHosts(et, slot, this.#state.bookings.filter((b) => b.eventTypeId === et.id));
  }

  #resolveLocation(et: EventType, input: BookingLocationInput | undefined, attendeePhone?: string): string {
    const offered = (pred: (l: EventLocation) => boolean) => et.locations.find(pred);
    const describe = () => et.locations.map((l) => (l.type === 'integration' ? l.integration : l.type)).join(', ');
    const refuse = (what: string) =>
      SandboxApiError.badRequest(`Location '${what}' is not one of the event type's locations: ${describe()}`);
    const render = (l: EventLocation, phone?: string): string => {
      switch (l.type) {
        case 'integration':
          return meetingUrl(l.integration);
        case 'address':
          return l.address;
        case 'phone':
          return l.phone;
        case 'attendeePhone':
          if (!phone) throw SandboxApiError.badRequest('location.phone is required for an attendee phone location');
          return phone;
      }
    };
    if (!input) return render(et.locations[0]!, attendeePhone);
    switch (input.type) {
      case 'integration': {
        const l = offered((x) => x.type === 'integration' && x.integration === input.integration);
        if (!l) throw refuse(input.integration);
        return render(l);
      }
      case 'address':
      case 'phone': {
        const l = offered((x) => x.type === input.type);
        if (!l) throw refuse(input.type);
        return render(l);
      }
      case 'attendeePhone': {
        const l = offered((x) => x.type === 'attendeePhone');
        if (!l) throw refuse(input.type);
        if (!e164.test(input.phone)) throw SandboxApiError.badRequest('location.phone must be in E.164 format, e.g. +14155550123');
        return render(l, input.phone);
      }
      default:
        throw refuse(input.type);
    }
  }

  #insert(et: EventType, slot: Slot, hostUserIds: number[], p: BookingFields): StoredBooking {
    const organiser = this.user(hostUserIds[0]!);
    const now = new Date(this.now()).toISOString();
    const b: StoredBooking = {
      id: this.#state.nextBookingId++,
      uid: token(22),
      eventTypeId: et.id,
      title: `${et.title} between ${organiser?.name ?? 'host'} and ${p.attendee.name}`,
      description: et.description,
      status: et.requiresConfirmation && !p.confirmedByOwner ? 'pending' : 'accepted',
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
      hostUserIds,
      attendee: p.attendee,
      guests: p.guests,
      location: p.location,
      metadata: p.metadata,
      bookingFieldsResponses: { ...p.bookingFieldsResponses, name: p.attendee.name, email: p.attendee.email },
      createdAt: now,
      updatedAt: now,
      ...(p.rescheduledFromUid ? { rescheduledFromUid: p.rescheduledFromUid } : {}),
      ...(p.reschedulingReason ? { reschedulingReason: p.reschedulingReason } : {}),
    };
    this.#state.bookings.push(b);
    this.#busy.addBooking(b);
    this.onChange(this.#state);
    return b;
  }
}

function meetingUrl(integration: string): string {
  const letters = () => Array.from(randomBytes(10), (x) => String.fromCharCode(97 + (x % 26)));
  switch (integration) {
    case 'cal-video':
      return `https://app.cal.com/video/${token(16)}`;
    case 'google-meet': {
      const l = letters();
      return `https://meet.google.com/${l.slice(0, 3).join('')}-${l.slice(3, 7).join('')}-${l.slice(7, 10).join('')}`;
    }
    case 'zoom':
      return `https://zoom.us/j/${Array.from(randomBytes(10), (x) => x % 10).join('')}`;
    case 'office365-video':
      return `https://teams.microsoft.com/l/meetup-join/${token(20)}`;
    default:
      return `https://app.cal.com/video/${token(16)}`;
  }
}

/** A date-only `start` means 00:00:00Z and a date-only `end` means 23:59:59Z, as Cal.com reads them. */
export function parseRangeBound(value: string, bound: 'start' | 'end'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return Temporal.PlainDate.from(value)
      .toPlainDateTime(bound === 'start' ? '00:00:00' : '23:59:59')
      .toZonedDateTime('UTC').epochMilliseconds;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/T/.test(value)) throw SandboxApiError.badRequest(`${bound} must be an ISO 8601 date or date-time in UTC`);
  return ms;
}
