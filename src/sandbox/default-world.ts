// The world the sandbox starts with when no --world file is given: the product description's scenarios.
import { Temporal } from 'temporal-polyfill';
import { WorldSchema, type World, type WorldInput, type WeeklyHours } from './world.js';

/** Documented in the README; safe to publish because it only opens the local sandbox. */
export const DEFAULT_SANDBOX_API_KEY = 'cal_sandbox_default_key_do_not_use_in_production';

const nineToFive = { start: '09:00', end: '17:00' };
const weekdays = (ranges: Array<{ start: string; end: string }>): WeeklyHours => ({
  monday: ranges,
  tuesday: ranges,
  wednesday: ranges,
  thursday: ranges,
  friday: ranges,
  saturday: [],
  sunday: [],
});

/**
 * Busy events land on the next working days after `now`, so a fresh sandbox always shows calendars
 * blocking real slots. They are placed by wall-clock time in each owner's zone.
 */
function busyOn(now: Date, zone: string, daysAhead: number, from: string, to: string, title: string) {
  let day = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  for (let n = 0; n < daysAhead; ) {
    day = day.add({ days: 1 });
    if (day.dayOfWeek <= 5) n++;
  }
  const at = (hhmm: string) =>
    Temporal.PlainDateTime.from(`${day.toString()}T${hhmm}`).toZonedDateTime(zone).toInstant().toString();
  return { start: at(from), end: at(to), title };
}

export function defaultWorldInput(now: Date = new Date()): WorldInput {
  return {
    apiKeys: [{ key: DEFAULT_SANDBOX_API_KEY, userId: 1 }],
    users: [
      {
        id: 1,
        username: 'anna-becker',
        name: 'Anna Becker',
        email: 'anna@becker-consulting.example',
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([nineToFive]),
        dateOverrides: [{ date: `${now.getUTCFullYear()}-12-24`, ranges: [] }],
        calendars: [
          {
            provider: 'google',
            externalId: 'anna@becker-consulting.example',
            busy: [busyOn(now, 'Europe/Berlin', 1, '12:00', '13:00', 'Lunch with a client')],
          },
        ],
      },
      {
        id: 2,
        username: 'helen-carter',
        name: 'Helen Carter',
        email: 'helen@sales.example',
        timeZone: 'Europe/London',
        weeklyHours: weekdays([{ start: '08:00', end: '18:00' }]),
        calendars: [
          {
            provider: 'exchange',
            externalId: 'helen@sales.example',
            busy: [busyOn(now, 'Europe/London', 1, '14:00', '15:00', 'Pipeline review')],
          },
        ],
      },
      {
        id: 3,
        username: 'sam-rivera',
        name: 'Sam Rivera',
        email: 'sam@sales.example',
        timeZone: 'America/New_York',
        weeklyHours: weekdays([nineToFive]),
        calendars: [{ provider: 'google', externalId: 'sam@sales.example', busy: [] }],
      },
      {
        id: 4,
        username: 'oliver-grant',
        name: 'Oliver Grant',
        email: 'oliver@sales.example',
        timeZone: 'Europe/London',
        weeklyHours: weekdays([nineToFive]),
        calendars: [
          {
            provider: 'office365',
            externalId: 'oliver@sales.example',
            busy: [busyOn(now, 'Europe/London', 1, '09:00', '11:00', 'Customer visit')],
          },
        ],
      },
      {
        id: 5,
        username: 'priya-nair',
        name: 'Priya Nair',
        email: 'priya@sales.example',
        timeZone: 'Asia/Kolkata',
        weeklyHours: weekdays([nineToFive]),
        calendars: [{ provider: 'outlook', externalId: 'priya@sales.example', busy: [] }],
      },
      {
        id: 6,
        username: 'dana-kim',
        name: 'Dana Kim',
        email: 'dana@support.example',
        timeZone: 'America/Chicago',
        weeklyHours: weekdays([{ start: '08:00', end: '16:00' }]),
        calendars: [{ provider: 'google', externalId: 'dana@support.example', busy: [] }],
      },
      {
        id: 7,
        username: 'leo-martins',
        name: 'Leo Martins',
        email: 'leo@support.example',
        timeZone: 'America/Sao_Paulo',
        weeklyHours: weekdays([nineToFive]),
        calendars: [{ provider: 'icloud', externalId: 'leo@support.example', busy: [] }],
      },
      {
        id: 8,
        username: 'ava-chen',
        name: 'Ava Chen',
        email: 'ava@support.example',
        timeZone: 'America/New_York',
        weeklyHours: weekdays([nineToFive]),
        calendars: [{ provider: 'office365', externalId: 'ava@support.example', busy: [] }],
      },
      {
        id: 9,
        username: 'noah-weber',
        name: 'Noah Weber',
        email: 'noah@care.example',
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([{ start: '08:00', end: '16:00' }]),
      },
      {
        id: 10,
        username: 'emma-schulz',
        name: 'Emma Schulz',
        email: 'emma@care.example',
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([{ start: '08:00', end: '16:00' }]),
      },
      {
        id: 11,
        username: 'lena-wolf',
        name: 'Lena Wolf',
        email: 'lena@care.example',
        timeZone: 'Europe/Berlin',
        // Part-time: mornings only, and weighted at 50% on the care team's event.
        weeklyHours: weekdays([{ start: '08:00', end: '12:00' }]),
      },
    ],
    teams: [
      { id: 10, slug: 'sales-team', name: 'Sales Team', memberIds: [1, 2, 3, 4, 5] },
      // An organization's team (Cal.com's Team.parentId): its event types may take a phone-only attendee.
      { id: 20, slug: 'support-team', name: 'Support Team', memberIds: [1, 6, 7, 8], parentId: 90 },
      { id: 30, slug: 'care-team', name: 'Care Team', memberIds: [1, 9, 10, 11] },
      { id: 40, slug: 'customer-success', name: 'Customer Success', memberIds: [1, 2, 4, 6, 7] },
    ],
    eventTypes: [
      {
        id: 101,
        slug: '30-minute-consultation',
        title: '30-Minute Consultation',
        description: 'A short video consultation with Anna.',
        lengthInMinutes: 30,
        minimumBookingNotice: 60,
        afterEventBuffer: 10,
        futureBookingLimitDays: 60,
        locations: [{ type: 'integration', integration: 'cal-video' }],
        ownerId: 1,
      },
      {
        id: 102,
        slug: 'in-person-visit',
        title: 'In-Person Visit',
        description: 'Meet Anna at the Berlin office.',
        lengthInMinutes: 60,
        minimumBookingNotice: 24 * 60,
        beforeEventBuffer: 15,
        afterEventBuffer: 15,
        locations: [{ type: 'address', address: 'Friedrichstraße 123, 10117 Berlin, Germany', public: true }],
        ownerId: 1,
      },
      {
        id: 103,
        slug: 'phone-call',
        title: 'Phone Call',
        description: 'Anna calls you, or you call her.',
        lengthInMinutes: 15,
        slotInterval: 15,
        minimumBookingNotice: 30,
        locations: [{ type: 'phone', phone: '+493012345678', public: true }, { type: 'attendeePhone' }],
        ownerId: 1,
      },
      {
        id: 104,
        slug: 'strategy-session',
        title: 'Strategy Session',
        description: 'A 45-minute Zoom session.',
        lengthInMinutes: 45,
        slotInterval: 60,
        locations: [{ type: 'integration', integration: 'zoom' }],
        ownerId: 1,
      },
      {
        id: 201,
        slug: 'sales-demo',
        title: 'Sales Demo',
        description: 'A product demo with a sales rep; the sales manager always joins.',
        lengthInMinutes: 30,
        minimumBookingNotice: 60,
        locations: [{ type: 'integration', integration: 'google-meet' }],
        teamId: 10,
        schedulingType: 'roundRobin',
        distribution: 'leastRecentlyBooked',
        hosts: [
          { userId: 2, mandatory: true },
          { userId: 3 },
          { userId: 4 },
          { userId: 5 },
        ],
      },
      {
        id: 202,
        slug: 'onboarding-session',
        title: 'Onboarding Session',
        description: 'The sales manager and a London rep together.',
        lengthInMinutes: 60,
        locations: [{ type: 'integration', integration: 'office365-video' }],
        teamId: 10,
        schedulingType: 'collective',
        hosts: [{ userId: 2 }, { userId: 4 }],
      },
      {
        id: 301,
        slug: 'technical-support-call',
        title: 'Technical Support Call',
        description: 'Senior staff first, then junior staff.',
        lengthInMinutes: 30,
        minimumBookingNotice: 30,
        locations: [{ type: 'integration', integration: 'cal-video' }],
        teamId: 20,
        schedulingType: 'roundRobin',
        distribution: 'priority',
        hosts: [
          { userId: 6, priority: 'high' },
          { userId: 7, priority: 'medium' },
          { userId: 8, priority: 'medium' },
        ],
      },
      {
        // Phone-only booking, as Cal.com's org team event types allow it: the email is optional, the phone required.
        id: 302,
        slug: 'phone-support',
        title: 'Phone Support',
        description: 'A support engineer calls you back; no email needed.',
        lengthInMinutes: 15,
        minimumBookingNotice: 30,
        locations: [{ type: 'attendeePhone' }],
        teamId: 20,
        schedulingType: 'roundRobin',
        distribution: 'leastRecentlyBooked',
        hosts: [{ userId: 6 }, { userId: 7 }, { userId: 8 }],
        bookingFields: [
          { type: 'email', slug: 'email', required: false, hidden: false },
          { type: 'phone', slug: 'attendeePhoneNumber', label: 'Phone number', required: true, hidden: false },
        ],
      },
      {
        id: 401,
        slug: 'care-consultation',
        title: 'Care Consultation',
        description: 'Two full-time staff and one part-timer at 50%.',
        lengthInMinutes: 30,
        minimumBookingNotice: 60,
        locations: [{ type: 'integration', integration: 'cal-video' }],
        teamId: 30,
        schedulingType: 'roundRobin',
        distribution: 'weighted',
        hosts: [
          { userId: 9, weight: 100 },
          { userId: 10, weight: 100 },
          { userId: 11, weight: 50 },
        ],
      },
      {
        // The product description's "Multi-Role Meetings": Round Robin Groups, one host from each group.
        id: 501,
        slug: 'product-consultation',
        title: 'Product Consultation',
        description: 'A technical specialist and an account manager together.',
        lengthInMinutes: 30,
        minimumBookingNotice: 60,
        locations: [{ type: 'integration', integration: 'cal-video' }],
        teamId: 40,
        schedulingType: 'roundRobin',
        distribution: 'leastRecentlyBooked',
        hostGroups: [
          { id: 'technical-specialists', name: 'Technical specialists' },
          { id: 'account-managers', name: 'Account managers' },
        ],
        hosts: [
          { userId: 6, groupId: 'technical-specialists' },
          { userId: 7, groupId: 'technical-specialists' },
          { userId: 4, groupId: 'account-managers' },
          { userId: 2, groupId: 'account-managers' },
        ],
      },
    ],
  };
}

export function defaultWorld(now: Date = new Date()): World {
  return WorldSchema.parse(defaultWorldInput(now));
}
