// The sandbox's world model: who works when, what is on their calendars, and which event types they offer.
// A world file (`--world`) is validated against these schemas, so a typo fails at start, not mid-test.
import { z } from 'zod/v4';
import { isValidTimeZone } from '../time/zones.js';
import { fieldProblems, WorldBookingFieldSchema } from './booking-fields.js';

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (24-hour), e.g. "09:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true });
const ianaZone = z.string().refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. "Europe/Berlin")' });

export const TimeRangeSchema = z
  .object({ start: timeOfDay, end: timeOfDay })
  .refine((r) => r.start < r.end, { message: 'start must be before end' });
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WeeklyHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(TimeRangeSchema).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof TimeRangeSchema>>
  >)
  .strict();
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

/** A date override replaces that day's weekly hours; empty `ranges` means the whole day off. */
export const DateOverrideSchema = z.object({ date: isoDate, ranges: z.array(TimeRangeSchema) }).strict();
export type DateOverride = z.infer<typeof DateOverrideSchema>;

export const CALENDAR_PROVIDERS = ['google', 'office365', 'outlook', 'exchange', 'icloud'] as const;
export const BusyEventSchema = z
  .object({ start: instant, end: instant, title: z.string().default('Busy') })
  .strict()
  .refine((e) => Date.parse(e.start) < Date.parse(e.end), { message: 'busy event must end after it starts' });
export type BusyEvent = z.infer<typeof BusyEventSchema>;

export const CalendarSchema = z
  .object({
    provider: z.enum(CALENDAR_PROVIDERS),
    externalId: z.string().min(1),
    busy: z.array(BusyEventSchema).default([]),
  })
  .strict();
export type Calendar = z.infer<typeof CalendarSchema>;

export const UserSchema = z
  .object({
    id: z.number().int().positive(),
    username: z.string().min(1),
    name: z.string().min(1),
    email: z.email(),
    timeZone: ianaZone,
    weekStart: z.string().default('Monday'),
    timeFormat: z.union([z.literal(12), z.literal(24)]).default(24),
    weeklyHours: WeeklyHoursSchema,
    dateOverrides: z.array(DateOverrideSchema).default([]),
    calendars: z.array(CalendarSchema).default([]),
  })
  .strict();
export type User = z.infer<typeof UserSchema>;

/** Event-type locations in Cal.com's own output shape (`Output*Location_2024_06_14`). */
// A plain union: ZodDiscriminatedUnion's declared type differs between zod 3.25's v4 and zod 4, and this type is in
// the published .d.ts, so an app on either zod typechecks. The variants' literal types keep it unambiguous.
export const EventLocationSchema = z.union([
  z.object({ type: z.literal('integration'), integration: z.enum(['cal-video', 'zoom', 'google-meet', 'office365-video']) }).strict(),
  z.object({ type: z.literal('address'), address: z.string().min(1), public: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('phone'), phone: z.string().min(1), public: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('attendeePhone') }).strict(),
]);
export type EventLocation = z.infer<typeof EventLocationSchema>;

export const PRIORITIES = ['lowest', 'low', 'medium', 'high', 'highest'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const HostSchema = z
  .object({
    userId: z.number().int().positive(),
    /** Cal.com's `mandatory`: a fixed host who attends every booking of a round-robin event. */
    mandatory: z.boolean().default(false),
    priority: z.enum(PRIORITIES).default('medium'),
    /** Percent; Cal.com's default weight is 100. */
    weight: z.number().int().min(0).max(1000).default(100),
    /**
     * Cal.com's Round Robin Groups: the id of one of the event type's `hostGroups`. A booking gets one host from
     * each group; hosts without a group form one group of their own (Cal.com's DEFAULT_GROUP_ID).
     */
    groupId: z.string().min(1).nullable().default(null),
  })
  .strict();
export type Host = z.infer<typeof HostSchema>;

/** A Round Robin Group, as Cal.com's event type `hostGroups` entry: a uuid-like id and a name. */
export const HostGroupSchema = z.object({ id: z.string().min(1), name: z.string().min(1) }).strict();
export type HostGroup = z.infer<typeof HostGroupSchema>;

export const DISTRIBUTIONS = ['leastRecentlyBooked', 'priority', 'weighted'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export const EventTypeSchema = z
  .object({
    id: z.number().int().positive(),
    slug: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1),
    description: z.string().default(''),
    lengthInMinutes: z.number().int().min(5).max(24 * 60),
    /** Minutes between slot starts; null means the event's length, as in Cal.com. */
    slotInterval: z.number().int().min(5).nullable().default(null),
    minimumBookingNotice: z.number().int().min(0).default(120),
    beforeEventBuffer: z.number().int().min(0).default(0),
    afterEventBuffer: z.number().int().min(0).default(0),
    /** Bookable at most this many days ahead (rolling); null means no limit. */
    futureBookingLimitDays: z.number().int().positive().nullable().default(null),
    locations: z.array(EventLocationSchema).min(1),
    requiresConfirmation: z.boolean().default(false),
    /** Cal.com's "Disable cancelling" / "Disable rescheduling": cancels are refused; the agent offers neither. */
    disableCancelling: z.boolean().default(false),
    disableRescheduling: z.boolean().default(false),
    hidden: z.boolean().default(false),
    /** Personal event types have an owner; team event types have a teamId and hosts. */
    ownerId: z.number().int().positive().optional(),
    teamId: z.number().int().positive().optional(),
    schedulingType: z.enum(['roundRobin', 'collective']).optional(),
    distribution: z.enum(DISTRIBUTIONS).default('leastRecentlyBooked'),
    hosts: z.array(HostSchema).default([]),
    hostGroups: z.array(HostGroupSchema).default([]),
    /** Changes to the booking form's fields (Cal.com's defaults otherwise: name and email required). */
    bookingFields: z.array(WorldBookingFieldSchema).default([]),
  })
  .strict()
  .refine((e) => (e.ownerId === undefined) !== (e.teamId === undefined), {
    message: 'an event type has exactly one of ownerId (personal) or teamId (team)',
  })
  .refine((e) => e.teamId === undefined || (e.schedulingType !== undefined && e.hosts.length > 0), {
    message: 'a team event type needs a schedulingType and at least one host',
  });
export type EventType = z.infer<typeof EventTypeSchema>;

export const TeamSchema = z
  .object({
    id: z.number().int().positive(),
    slug: z.string().min(1),
    name: z.string().min(1),
    memberIds: z.array(z.number().int().positive()).min(1),
    /** The organization the team belongs to (Cal.com's Team.parentId); only org team event types allow phone-only booking. */
    parentId: z.number().int().positive().nullable().default(null),
  })
  .strict();
export type Team = z.infer<typeof TeamSchema>;

export const ApiKeySchema = z.object({ key: z.string().min(8), userId: z.number().int().positive() }).strict();

export const WorldSchema = z
  .object({
    users: z.array(UserSchema).min(1),
    teams: z.array(TeamSchema).default([]),
    eventTypes: z.array(EventTypeSchema).default([]),
    apiKeys: z.array(ApiKeySchema).min(1),
  })
  .strict()
  .superRefine((w, ctx) => {
    const userIds = new Set(w.users.map((u) => u.id));
    const teamIds = new Set(w.teams.map((t) => t.id));
    const dup = (ids: number[]) => ids.find((id, i) => ids.indexOf(id) !== i);
    for (const [what, ids] of [
      ['user', w.users.map((u) => u.id)],
      ['team', w.teams.map((t) => t.id)],
      ['event type', w.eventTypes.map((e) => e.id)],
    ] as const) {
      const d = dup(ids);
      if (d !== undefined) ctx.addIssue({ code: 'custom', message: `duplicate ${what} id ${d}` });
    }
    w.eventTypes.forEach((e, i) => {
      if (e.ownerId !== undefined && !userIds.has(e.ownerId))
        ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'ownerId'], message: `no user with id ${e.ownerId}` });
      if (e.teamId !== undefined && !teamIds.has(e.teamId))
        ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'teamId'], message: `no team with id ${e.teamId}` });
      const slugs = e.bookingFields.map((f) => f.slug);
      const twice = slugs.find((x, j) => slugs.indexOf(x) !== j);
      if (twice) ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'bookingFields'], message: `the booking field "${twice}" is given twice` });
      for (const problem of fieldProblems(e, w.teams.find((t) => t.id === e.teamId)))
        ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'bookingFields'], message: problem });
      const groupIds = new Set(e.hostGroups.map((g) => g.id));
      if (e.hostGroups.length && e.schedulingType !== 'roundRobin')
        ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'hostGroups'], message: 'Round Robin Groups need schedulingType roundRobin' });
      e.hostGroups.forEach((g, j) => {
        if (!e.hosts.some((h) => h.groupId === g.id && !h.mandatory))
          ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'hostGroups', j], message: `group ${g.id} has no round-robin host` });
      });
      e.hosts.forEach((h, j) => {
        if (!userIds.has(h.userId))
          ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'hosts', j, 'userId'], message: `no user with id ${h.userId}` });
        if (h.groupId !== null && !groupIds.has(h.groupId))
          ctx.addIssue({ code: 'custom', path: ['eventTypes', i, 'hosts', j, 'groupId'], message: `no host group "${h.groupId}" in this event type's hostGroups` });
      });
    });
    w.apiKeys.forEach((k, i) => {
      if (!userIds.has(k.userId))
        ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'userId'], message: `no user with id ${k.userId}` });
    });
  });
export type World = z.infer<typeof WorldSchema>;
export type WorldInput = z.input<typeof WorldSchema>;

/** A booking as the sandbox stores it; the HTTP layer renders Cal.com's `BookingOutput_2024_08_13` from it. */
export const StoredBookingSchema = z.object({
  id: z.number().int(),
  uid: z.string(),
  eventTypeId: z.number().int(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['accepted', 'pending', 'cancelled', 'rejected']),
  start: z.string(),
  end: z.string(),
  /** hostUserIds[0] is the organiser (the round-robin pick, the first group's with Round Robin Groups); the other groups' picks, then fixed hosts, follow. */
  hostUserIds: z.array(z.number().int()),
  attendee: z.object({
    name: z.string(),
    /** For a phone-only attendee, Cal.com's placeholder built from the phone ("14155550123@sms.cal.com"). */
    email: z.string(),
    timeZone: z.string(),
    language: z.string(),
    phoneNumber: z.string().optional(),
  }),
  guests: z.array(z.string()),
  location: z.string(),
  metadata: z.record(z.string(), z.string()),
  bookingFieldsResponses: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancellationReason: z.string().optional(),
  reschedulingReason: z.string().optional(),
  rescheduledFromUid: z.string().optional(),
  rescheduledToUid: z.string().optional(),
});
export type StoredBooking = z.infer<typeof StoredBookingSchema>;

export const ReservationSchema = z.object({
  uid: z.string(),
  eventTypeId: z.number().int(),
  slotStart: z.string(),
  slotEnd: z.string(),
  createdAt: z.string(),
  releaseAt: z.string(),
});
export type Reservation = z.infer<typeof ReservationSchema>;
