// Zod schemas for what this client sends to and reads from Cal.com API v2; every public type is inferred from them.
// Response objects are loose: Cal.com adds fields often, and an unknown field must never fail a call in progress.
// Fields we rely on are required. Where the spec and Cal.com's server source disagree (nulls, hosts, slot shapes),
// we follow the source. One file past 300 lines: it is the client's whole contract with Cal.com, read side by side
// with the OpenAPI spec; split, each endpoint's input and output would sit apart from the shapes they share.
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod/v4';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
const offsetInstant = z.iso.datetime({ offset: true });

/** Cal.com reads a time without a zone offset as UTC, which books the wrong hour, so inputs must carry one. */
const utcInstant = z.string().transform((value, ctx) => {
  try {
    return Temporal.Instant.from(value).toString();
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'expected an ISO 8601 time with a zone offset, e.g. "2026-11-25T10:00:00+01:00" or "2026-11-25T09:00:00Z"',
    });
    return z.NEVER;
  }
});

/** Slots and bookings name an event type by id, or by slug plus its owner; checking here saves a round trip on a call. */
function identifiesEventType(q: { eventTypeId?: number; eventTypeSlug?: string; username?: string; teamSlug?: string }) {
  return q.eventTypeId !== undefined || (q.eventTypeSlug !== undefined && (q.username ?? q.teamSlug) !== undefined);
}
const NAMES_EVENT_TYPE = { message: 'give eventTypeId, or eventTypeSlug with username or teamSlug' };

/** Every v2 response wraps its payload as `{status: "success", data}`; callers only ever want `data`. */
function success<T extends z.ZodType>(data: T) {
  return z.looseObject({ status: z.literal('success'), data }).transform((body) => body.data as z.output<T>);
}

export const MeSchema = z.looseObject({
  id: z.number(),
  username: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  timeZone: z.string(),
  timeFormat: z.number().optional(),
  weekStart: z.string().optional(),
  defaultScheduleId: z.number().nullish(),
  organizationId: z.number().nullish(),
});
export type Me = z.infer<typeof MeSchema>;

const AddressLocationSchema = z.looseObject({
  type: z.literal('address'),
  address: z.string(),
  public: z.boolean().optional(),
});
const LinkLocationSchema = z.looseObject({ type: z.literal('link'), link: z.string(), public: z.boolean().optional() });
const IntegrationLocationSchema = z.looseObject({
  type: z.literal('integration'),
  // A plain string, not the spec's enum: Cal.com adds video apps often, and one new app must not break a listing.
  integration: z.string(),
  link: z.string().optional(),
  credentialId: z.number().optional(),
});
const PhoneLocationSchema = z.looseObject({ type: z.literal('phone'), phone: z.string(), public: z.boolean().optional() });
const OrganizersDefaultAppLocationSchema = z.looseObject({ type: z.literal('organizersDefaultApp') });
const UnknownLocationSchema = z.looseObject({ type: z.literal('unknown'), location: z.string() });
// Types the spec does not list for output (attendeePhone, attendeeAddress, future ones) land here instead of failing.
const OtherLocationSchema = z.looseObject({ type: z.string() });

export const EventTypeLocationSchema = z.union([
  AddressLocationSchema,
  LinkLocationSchema,
  IntegrationLocationSchema,
  PhoneLocationSchema,
  OrganizersDefaultAppLocationSchema,
  UnknownLocationSchema,
  OtherLocationSchema,
]);
export type EventTypeLocation = z.infer<typeof EventTypeLocationSchema>;

/** A question on the booking form; `required` ones must be answered in `bookingFieldsResponses`. */
export const BookingFieldSchema = z.looseObject({
  type: z.string(),
  slug: z.string(),
  label: z.string().optional(),
  required: z.boolean().optional(),
  hidden: z.boolean().optional(),
});
export type BookingField = z.infer<typeof BookingFieldSchema>;

/**
 * The form's fields, read tolerantly: a field of a shape we do not know (Cal.com also sends `splitName` and
 * `{type:"unknown", slug:"unknown", bookingField}`) is skipped rather than failing the event type, and a missing
 * list means Cal.com's defaults (name and email required).
 */
const BookingFieldsSchema = z
  .array(z.unknown())
  .nullish()
  .transform((items) => (items ?? []).flatMap((item) => {
    const r = BookingFieldSchema.safeParse(item);
    return r.success ? [r.data] : [];
  }));

export const EventTypeSchema = z.looseObject({
  id: z.number(),
  title: z.string(),
  slug: z.string(),
  lengthInMinutes: z.number(),
  lengthInMinutesOptions: z.array(z.number()).optional(),
  description: z.string().nullish(),
  locations: z.array(EventTypeLocationSchema),
  bookingFields: BookingFieldsSchema,
  hidden: z.boolean(),
  minimumBookingNotice: z.number().optional(),
  beforeEventBuffer: z.number().optional(),
  afterEventBuffer: z.number().optional(),
  slotInterval: z.number().nullish(),
  seatsPerTimeSlot: z.number().nullish(),
  bookingRequiresAuthentication: z.boolean().optional(),
  requiresBookerEmailVerification: z.boolean().optional(),
  ownerId: z.number().nullish(),
  scheduleId: z.number().nullish(),
  bookingUrl: z.string().optional(),
  /**
   * The event type's "Disable cancelling" / "Disable rescheduling" settings (DisableCancellingOutput_2024_06_14:
   * `{disabled}`; rescheduling also `{minutesBefore}`, disabled that close to the start). A bare boolean is read too.
   */
  disableCancelling: z.union([z.boolean(), z.looseObject({ disabled: z.boolean().nullish() })]).nullish(),
  disableRescheduling: z.union([z.boolean(), z.looseObject({ disabled: z.boolean().nullish(), minutesBefore: z.number().nullish() })]).nullish(),
});
export type EventType = z.infer<typeof EventTypeSchema>;

const SCHEDULING_TYPES = { roundrobin: 'roundRobin', collective: 'collective', managed: 'managed' } as const;
export type SchedulingType = (typeof SCHEDULING_TYPES)[keyof typeof SCHEDULING_TYPES];

/** v2 sends camelCase (`roundRobin`); older payloads and the database use `ROUND_ROBIN`, so both map to camelCase. */
export const SchedulingTypeSchema = z.string().transform((value, ctx): SchedulingType => {
  const key = value.replaceAll('_', '').toLowerCase();
  if (key in SCHEDULING_TYPES) return SCHEDULING_TYPES[key as keyof typeof SCHEDULING_TYPES];
  ctx.addIssue({ code: 'custom', message: 'expected roundRobin, collective or managed' });
  return z.NEVER;
});

/** The spec says `hosts: string[]`, a generator artefact; Cal.com sends host objects. `mandatory` marks a fixed host. */
export const TeamHostSchema = z.looseObject({
  userId: z.number(),
  mandatory: z.boolean().optional(),
  priority: z.string().optional(),
  name: z.string().nullish(),
  username: z.string().nullish(),
  /** Round Robin Groups: the host's group (one of the event type's `hostGroups`); null or absent for none. */
  groupId: z.string().nullish(),
});
export type TeamHost = z.infer<typeof TeamHostSchema>;

/** A Round Robin Group: each booking gets one host of each group (e.g. a technical specialist and an account manager). */
export const HostGroupSchema = z.looseObject({ id: z.string(), name: z.string() });
export type HostGroup = z.infer<typeof HostGroupSchema>;

export const TeamEventTypeSchema = EventTypeSchema.extend({
  teamId: z.number().nullish(),
  hosts: z.array(TeamHostSchema),
  hostGroups: z.array(HostGroupSchema).optional(),
  schedulingType: SchedulingTypeSchema.nullable(),
  assignAllTeamMembers: z.boolean().optional(),
  parentEventTypeId: z.number().nullish(),
  team: z.looseObject({ id: z.number(), slug: z.string().nullish(), name: z.string().nullish() }).optional(),
});
export type TeamEventType = z.infer<typeof TeamEventTypeSchema>;

export const TeamSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  slug: z.string().nullish(),
  parentId: z.number().nullish(),
  isOrganization: z.boolean().optional(),
});
export type Team = z.infer<typeof TeamSchema>;

export const SlotSchema = z.object({
  /** As Cal.com returned it, in the requested time zone with its offset; convert to UTC `Z` before booking. */
  start: z.string(),
  end: z.string().optional(),
  /** The day key Cal.com grouped the slot under, in the requested time zone. */
  date: isoDate,
});
export type Slot = z.infer<typeof SlotSchema>;

// The spec says slot items are strings, its own example shows `{start}` objects, and `format=range` gives `{start, end}`.
const SlotItemSchema = z.union([offsetInstant, z.looseObject({ start: offsetInstant, end: offsetInstant.optional() })]);

export const SlotsByDateSchema = z.record(isoDate, z.array(SlotItemSchema)).transform((days): Slot[] =>
  Object.entries(days)
    .flatMap(([date, items]) =>
      items.map((item): Slot => {
        if (typeof item === 'string') return { start: item, date };
        return item.end === undefined ? { start: item.start, date } : { start: item.start, end: item.end, date };
      }),
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
);

export const SlotsQuerySchema = z
  .object({
    eventTypeId: z.number().int().positive().optional(),
    eventTypeSlug: z.string().optional(),
    username: z.string().optional(),
    teamSlug: z.string().optional(),
    organizationSlug: z.string().optional(),
    /** UTC instant or YYYY-MM-DD; a date-only `end` means the end of that day. */
    start: z.string().min(1),
    end: z.string().min(1),
    /** IANA zone to render slots in. Required here: Cal.com's UTC default has produced wrong days around DST. */
    timeZone: z.string().min(1),
    /** Only for event types with several lengths. */
    duration: z.number().int().positive().optional(),
    /** Shows that booking's own time as free, for offering reschedule times. */
    bookingUidToReschedule: z.string().optional(),
  })
  .refine(identifiesEventType, NAMES_EVENT_TYPE);
export type SlotsQuery = z.infer<typeof SlotsQuerySchema>;

export const ReservationSchema = z.looseObject({
  reservationUid: z.string(),
  reservationUntil: z.string(),
  slotStart: z.string(),
  slotEnd: z.string(),
  eventTypeId: z.number().optional(),
  slotDuration: z.number().optional(),
  reservationDuration: z.number().optional(),
});
export type Reservation = z.infer<typeof ReservationSchema>;

/** `id` is "unknown" (a string) when the booking's user was deleted, so both kinds are accepted. */
export const BookingHostSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullish(),
  email: z.string(),
  username: z.string().nullish(),
  timeZone: z.string().optional(),
});

export const BookingAttendeeSchema = z.looseObject({
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  language: z.string().nullish(),
  absent: z.boolean().optional(),
  phoneNumber: z.string().nullish(),
});

export const BookingSchema = z.looseObject({
  id: z.number(),
  uid: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  status: z.enum(['accepted', 'pending', 'cancelled', 'rejected', 'awaiting_host']),
  start: z.string(),
  end: z.string(),
  duration: z.number(),
  /** For round robin, the host Cal.com picked is `hosts[0]`. */
  hosts: z.array(BookingHostSchema),
  attendees: z.array(BookingAttendeeSchema),
  guests: z.array(z.string()).optional(),
  eventTypeId: z.number().nullish(),
  eventType: z.looseObject({ id: z.number(), slug: z.string() }).nullish(),
  /** The place actually used: a meeting URL, an address or a phone number. */
  location: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
  cancellationReason: z.string().nullish(),
  rescheduledFromUid: z.string().nullish(),
  rescheduledToUid: z.string().nullish(),
  recurringBookingUid: z.string().nullish(),
  createdAt: z.string().optional(),
  updatedAt: z.string().nullish(),
});
export type Booking = z.infer<typeof BookingSchema>;

/** A recurring booking answers with every occurrence, sorted by start; the first is the one that was asked for. */
const BookingOrOccurrencesSchema = z.union([
  BookingSchema,
  z.tuple([BookingSchema], BookingSchema).transform(([first]) => first),
]);

// A plain union: ZodDiscriminatedUnion's declared type differs between zod 3.25's v4 and zod 4, and this type is in
// the published .d.ts, so an app on either zod typechecks. The variants' literal types keep it unambiguous.
export const BookingLocationInputSchema = z.union([
  z.object({ type: z.literal('address') }),
  z.object({ type: z.literal('attendeeAddress'), address: z.string() }),
  z.object({ type: z.literal('attendeeDefined'), location: z.string() }),
  z.object({ type: z.literal('attendeePhone'), phone: z.string() }),
  z.object({ type: z.literal('integration'), integration: z.string() }),
  z.object({ type: z.literal('link') }),
  z.object({ type: z.literal('phone') }),
  z.object({ type: z.literal('organizersDefaultApp') }),
]);
export type BookingLocationInput = z.infer<typeof BookingLocationInputSchema>;

// Input objects are loose so fields we do not model (routing, emailVerificationCode, ...) still reach Cal.com.
export const CreateBookingInputSchema = z
  .looseObject({
    /** Any offset is accepted and sent as UTC `Z`, which is what Cal.com requires. */
    start: utcInstant,
    eventTypeId: z.number().int().positive().optional(),
    eventTypeSlug: z.string().optional(),
    username: z.string().optional(),
    teamSlug: z.string().optional(),
    organizationSlug: z.string().optional(),
    attendee: z.looseObject({
      name: z.string().min(1),
      /** IANA zone, e.g. "Europe/Rome"; Cal.com writes the confirmation in it. */
      timeZone: z.string().min(1),
      email: z.string().optional(),
      /** E.164, e.g. "+14155550123". */
      phoneNumber: z.string().optional(),
      language: z.string().optional(),
    }),
    guests: z.array(z.string()).optional(),
    location: BookingLocationInputSchema.optional(),
    /** Answers to the event type's booking fields, keyed by field slug. */
    bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
    /** At most 50 keys of 40 characters, values up to 500 characters; put the call id here to find the booking later. */
    metadata: z.record(z.string(), z.string()).optional(),
    lengthInMinutes: z.number().int().positive().optional(),
  })
  .refine(identifiesEventType, NAMES_EVENT_TYPE);
export type CreateBookingInput = z.infer<typeof CreateBookingInputSchema>;

export const ReserveSlotInputSchema = z.looseObject({
  eventTypeId: z.number().int().positive(),
  slotStart: utcInstant,
  slotDuration: z.number().int().positive().optional(),
  /** Minutes to hold the slot (Cal.com's default is 5). */
  reservationDuration: z.number().int().positive().optional(),
});
export type ReserveSlotInput = z.infer<typeof ReserveSlotInputSchema>;

export const RescheduleBookingInputSchema = z.looseObject({
  start: utcInstant,
  reschedulingReason: z.string().optional(),
  /** Email of whoever asked for the change. */
  rescheduledBy: z.string().optional(),
});
export type RescheduleBookingInput = z.infer<typeof RescheduleBookingInputSchema>;

export const CancelBookingInputSchema = z.looseObject({ cancellationReason: z.string().optional() });
export type CancelBookingInput = z.infer<typeof CancelBookingInputSchema>;

export const ListBookingsQuerySchema = z.object({
  attendeeEmail: z.string().optional(),
  afterStart: utcInstant.optional(),
  beforeEnd: utcInstant.optional(),
  status: z.array(z.enum(['upcoming', 'recurring', 'past', 'cancelled', 'unconfirmed'])).optional(),
  eventTypeId: z.number().int().positive().optional(),
  take: z.number().int().positive().optional(),
  skip: z.number().int().nonnegative().optional(),
  sortStart: z.enum(['asc', 'desc']).optional(),
});
export type ListBookingsQuery = z.infer<typeof ListBookingsQuerySchema>;

/** Response envelopes, one per endpoint shape. */
export const responses = {
  me: success(MeSchema),
  // With `eventSlug`, some Cal.com versions answer with the single event type instead of a list.
  eventTypes: success(z.union([z.array(EventTypeSchema), EventTypeSchema.transform((e) => [e])])),
  eventType: success(EventTypeSchema),
  teams: success(z.array(TeamSchema)),
  teamEventTypes: success(z.array(TeamEventTypeSchema)),
  slots: success(SlotsByDateSchema),
  reservation: success(ReservationSchema),
  booking: success(BookingOrOccurrencesSchema),
  bookings: success(z.array(BookingSchema)),
  // DELETE answers `{status: "success"}` with no data; an empty 204 is just as good.
  empty: z.union([z.looseObject({ status: z.literal('success') }), z.undefined()]).transform(() => undefined),
} as const;
