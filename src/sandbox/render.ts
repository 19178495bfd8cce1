// Renders the sandbox's records in the shapes Cal.com's API v2 returns (the `*Output*` schemas of its spec).
import { Temporal } from 'temporal-polyfill';
import type { Slot } from './availability.js';
import { eventTypeFields, renderBookingFields } from './booking-fields.js';
import type { Sandbox } from './sandbox.js';
import type { EventType, Reservation, StoredBooking, Team, User } from './world.js';

const PUBLIC_ORIGIN = 'https://cal.com';

export function renderMe(u: User) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    name: u.name,
    avatarUrl: null,
    bio: null,
    timeFormat: u.timeFormat,
    defaultScheduleId: u.id,
    weekStart: u.weekStart,
    timeZone: u.timeZone,
    organizationId: null,
  };
}

export function renderTeam(t: Team) {
  // parentId: the organization of an org's team; left out otherwise (the spec types it a number, not nullable).
  return { id: t.id, ...(t.parentId !== null ? { parentId: t.parentId } : {}), name: t.name, slug: t.slug, isOrganization: false, isPrivate: false, hideBookATeamMember: false };
}

function renderLocations(et: EventType) {
  return et.locations.map((l) => (l.type === 'attendeePhone' ? { type: 'attendeePhone' } : l));
}

function commonEventType(sb: Sandbox, et: EventType) {
  return {
    id: et.id,
    lengthInMinutes: et.lengthInMinutes,
    title: et.title,
    slug: et.slug,
    description: et.description,
    locations: renderLocations(et),
    bookingFields: renderBookingFields(eventTypeFields(et, et.teamId === undefined ? undefined : sb.team(et.teamId))),
    disableGuests: false,
    slotInterval: et.slotInterval,
    minimumBookingNotice: et.minimumBookingNotice,
    beforeEventBuffer: et.beforeEventBuffer,
    afterEventBuffer: et.afterEventBuffer,
    recurrence: null,
    metadata: {},
    price: 0,
    currency: 'usd',
    lockTimeZoneToggleOnBookingPage: false,
    seatsPerTimeSlot: null,
    forwardParamsSuccessRedirect: null,
    successRedirectUrl: null,
    isInstantEvent: false,
    scheduleId: null,
    hidden: et.hidden,
    bookingRequiresAuthentication: false,
    requiresConfirmation: et.requiresConfirmation,
    // DisableCancellingOutput_2024_06_14 / DisableReschedulingOutput_2024_06_14.
    disableCancelling: { disabled: et.disableCancelling },
    disableRescheduling: { disabled: et.disableRescheduling },
    bookingWindow:
      et.futureBookingLimitDays === null ? undefined : { type: 'calendarDays', value: et.futureBookingLimitDays, rolling: true },
  };
}

export function renderEventType(sb: Sandbox, et: EventType) {
  const owner = sb.user(et.ownerId!);
  return {
    ...commonEventType(sb, et),
    ownerId: et.ownerId,
    users: owner ? [{ id: owner.id, name: owner.name, username: owner.username, avatarUrl: null, weekStart: owner.weekStart, brandColor: null, darkBrandColor: null, metadata: {} }] : [],
    bookingUrl: `${PUBLIC_ORIGIN}/${owner?.username ?? 'user'}/${et.slug}`,
  };
}

export function renderTeamEventType(sb: Sandbox, et: EventType) {
  const team = sb.team(et.teamId!);
  return {
    ...commonEventType(sb, et),
    teamId: et.teamId,
    ownerId: null,
    parentEventTypeId: null,
    // The spec types hosts as string[]; Cal.com returns objects (see the contract test's named deviation).
    hosts: et.hosts.map((h) => {
      const u = sb.user(h.userId);
      return {
        userId: h.userId,
        name: u?.name ?? '',
        username: u?.username ?? '',
        avatarUrl: null,
        mandatory: h.mandatory,
        priority: h.priority,
        weight: h.weight,
        ...(h.groupId ? { groupId: h.groupId } : {}),
      };
    }),
    // Round Robin Groups, as Cal.com's event type carries them (`hostGroups`, hosts' `groupId`); absent without groups.
    ...(et.hostGroups.length ? { hostGroups: et.hostGroups } : {}),
    assignAllTeamMembers: false,
    schedulingType: et.schedulingType,
    team: { id: team?.id, slug: team?.slug, name: team?.name, bannerUrl: null, logoUrl: null, weekStart: 'Monday', brandColor: null, darkBrandColor: null, theme: null },
    rescheduleWithSameRoundRobinHost: false,
    bookingUrl: `${PUBLIC_ORIGIN}/team/${team?.slug ?? 'team'}/${et.slug}`,
  };
}

/** Slots keyed by date in `timeZone`, each start with that zone's offset, as `GET /v2/slots` returns them. */
export function renderSlots(slots: Slot[], timeZone: string, range: boolean) {
  const days: Record<string, Array<{ start: string; end?: string }>> = {};
  const fmt = (ms: number) =>
    Temporal.Instant.fromEpochMilliseconds(ms)
      .toZonedDateTimeISO(timeZone)
      .toString({ smallestUnit: 'millisecond', timeZoneName: 'never' });
  for (const s of slots) {
    const start = fmt(s.start);
    const day = start.slice(0, 10);
    (days[day] ??= []).push(range ? { start, end: fmt(s.end) } : { start });
  }
  return days;
}

export function renderReservation(r: Reservation, lengthInMinutes: number, now: number) {
  return {
    eventTypeId: r.eventTypeId,
    slotStart: r.slotStart,
    slotEnd: r.slotEnd,
    slotDuration: lengthInMinutes,
    reservationUid: r.uid,
    reservationDuration: Math.round((Date.parse(r.releaseAt) - Date.parse(r.createdAt)) / 60_000),
    reservationUntil: r.releaseAt,
    ...(now > Date.parse(r.releaseAt) ? { expired: true } : {}),
  };
}

export function renderBooking(sb: Sandbox, b: StoredBooking) {
  const et = sb.eventType(b.eventTypeId);
  const isUrl = /^https?:\/\//.test(b.location);
  return {
    id: b.id,
    uid: b.uid,
    title: b.title,
    description: b.description,
    hosts: b.hostUserIds.map((id) => {
      const u = sb.user(id);
      return { id, name: u?.name ?? '', email: u?.email ?? '', displayEmail: u?.email ?? '', username: u?.username ?? '', timeZone: u?.timeZone ?? 'UTC' };
    }),
    status: b.status,
    ...(b.cancellationReason ? { cancellationReason: b.cancellationReason } : {}),
    ...(b.reschedulingReason ? { reschedulingReason: b.reschedulingReason } : {}),
    ...(b.rescheduledFromUid ? { rescheduledFromUid: b.rescheduledFromUid } : {}),
    ...(b.rescheduledToUid ? { rescheduledToUid: b.rescheduledToUid } : {}),
    start: b.start,
    end: b.end,
    duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
    eventTypeId: b.eventTypeId,
    eventType: { id: b.eventTypeId, slug: et?.slug ?? '' },
    ...(isUrl ? { meetingUrl: b.location } : {}),
    location: b.location,
    absentHost: false,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    metadata: b.metadata,
    icsUid: `${b.uid}@Cal.com`,
    attendees: [
      {
        name: b.attendee.name,
        email: b.attendee.email,
        displayEmail: b.attendee.email,
        timeZone: b.attendee.timeZone,
        language: b.attendee.language,
        absent: false,
        ...(b.attendee.phoneNumber ? { phoneNumber: b.attendee.phoneNumber } : {}),
      },
    ],
    guests: b.guests,
    bookingFieldsResponses: b.bookingFieldsResponses,
  };
}
