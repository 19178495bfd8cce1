// The sandbox's booking fields against Cal.com's own code: how an event type renders them, which booking POSTs they
// refuse, and the phone-only attendee an organization team event type allows. Each test names the file it follows.
import { describe, expect, it } from 'vitest';
import { admin, offContract } from '../helpers/sandbox.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import { book, call, pinnedSandbox, sandboxBookings } from './http.js';
import { teamEvent, user, weekly, WEEKDAYS_ONLY, world } from './worlds.js';
import { WorldSchema } from '../../src/sandbox/world.js';

const NOW = '2026-05-04T06:00:00Z'; // a Monday
const at = (hhmm: string) => `2026-05-04T${hhmm}:00.000Z`;
const nineToFive = weekly([{ start: '09:00', end: '17:00' }], WEEKDAYS_ONLY);
const PHONE = '+14155550123';

const phoneOnly = [
  { type: 'email' as const, slug: 'email', required: false, hidden: false },
  { type: 'phone' as const, slug: 'attendeePhoneNumber', label: 'Phone number', required: true, hidden: false },
];
const W = world({
  users: [user(1, 'UTC', nineToFive), user(2, 'UTC', nineToFive), user(3, 'UTC', nineToFive)],
  teams: [
    { id: 1, slug: 'org-team', name: 'Org Team', memberIds: [1, 2, 3], parentId: 900 },
    { id: 2, slug: 'plain-team', name: 'Plain Team', memberIds: [1, 2, 3] },
  ],
  eventTypes: [
    // Round robin over two hosts, so Cal.com's same-attendee check applies.
    teamEvent(1, 1, 'roundRobin', [{ userId: 2 }, { userId: 3 }], { bookingFields: phoneOnly, locations: [{ type: 'attendeePhone' }] }),
    teamEvent(2, 1, 'roundRobin', [{ userId: 2 }, { userId: 3 }]),
    teamEvent(3, 2, 'roundRobin', [{ userId: 2 }, { userId: 3 }], {
      bookingFields: [{ type: 'text', slug: 'company', label: 'Company', required: true, hidden: false }],
    }),
  ],
});


const fresh = () => pinnedSandbox(W, NOW);
const phoneAttendee = (phoneNumber = PHONE) => ({ name: 'Jo Caller', phoneNumber, timeZone: 'Europe/Berlin' });

describe('the event type output', () => {
  it('renders the system fields as API v2 does, and an org team event type has a hidden optional attendeePhoneNumber', async () => {
    // apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/booking-fields.ts
    // (transformBookingFieldsInternalToApi) over packages/features/bookings/lib/getBookingFields.ts
    // (getBookingFieldsWithSystemFields: isOrgTeamEvent adds attendeePhoneNumber {required:false, hidden:true}).
    const s = await fresh();
    const r = await call(s, 'GET', '/v2/teams/1/event-types');
    const plain = r.json.data.find((e: { id: number }) => e.id === 2);
    expect(plain.bookingFields.map((f: { slug: string }) => f.slug)).toEqual(['name', 'email', 'attendeePhoneNumber', 'location', 'title', 'notes', 'guests', 'rescheduleReason']);
    expect(plain.bookingFields[0]).toEqual({ isDefault: true, type: 'name', slug: 'name', required: true, disableOnPrefill: false });
    expect(plain.bookingFields[1]).toEqual({ isDefault: true, type: 'email', slug: 'email', required: true, disableOnPrefill: false, hidden: false });
    expect(plain.bookingFields[2]).toMatchObject({ isDefault: true, type: 'phone', slug: 'attendeePhoneNumber', required: false, hidden: true });
    expect(plain.bookingFields[4]).toMatchObject({ slug: 'title', required: true, hidden: true });
    const team2 = await call(s, 'GET', '/v2/teams/2/event-types');
    expect(team2.json.data[0].bookingFields.map((f: { slug: string }) => f.slug)).toEqual(['name', 'email', 'location', 'company', 'title', 'notes', 'guests', 'rescheduleReason']);
    expect(team2.json.data[0].bookingFields[3]).toEqual({ isDefault: false, type: 'text', slug: 'company', label: 'Company', required: true, disableOnPrefill: false, hidden: false });
    // TeamOutputDto.parentId: the organization of an org's team.
    const teams = (await call(s, 'GET', '/v2/teams')).json.data as Array<{ id: number; parentId?: number }>;
    expect(teams.map((t) => t.parentId)).toEqual([900, undefined]);
  });

  it('renders the phone-only event type: email optional, attendeePhoneNumber a required user field', async () => {
    // The API v2 spec (EmailDefaultFieldOutput_2024_06_14.required, PhoneFieldOutput_2024_06_14.slug) and
    // apps/api/v2/src/ee/bookings/2024-08-13/controllers/e2e/team-bookings.e2e-spec.ts ("phoneOnlyEventType").
    const s = await fresh();
    const r = await call(s, 'GET', '/v2/teams/1/event-types');
    const fields = r.json.data.find((e: { id: number }) => e.id === 1).bookingFields;
    expect(fields.find((f: { slug: string }) => f.slug === 'email')).toMatchObject({ isDefault: true, required: false, hidden: false });
    expect(fields.find((f: { slug: string }) => f.slug === 'attendeePhoneNumber')).toEqual({
      isDefault: false,
      type: 'phone',
      slug: 'attendeePhoneNumber',
      label: 'Phone number',
      required: true,
      disableOnPrefill: false,
      hidden: false,
    });
  });

  it('the default world: Support Team is an org team and Phone Support (302) takes a phone-only attendee', () => {
    const w = defaultWorld(new Date(NOW));
    expect(w.teams.find((t) => t.id === 20)?.parentId).not.toBeNull();
    expect(w.eventTypes.find((e) => e.id === 302)?.bookingFields).toEqual(phoneOnly);
  });
});

describe('booking POSTs the fields refuse', () => {
  it('no email and no phone: 400 "Attendee must have at least one contact method (email or phone number)"', async () => {
    // packages/platform/types/bookings/2024-08-13/inputs/create-booking.input.ts: @RequireEmailOrPhone on the attendee.
    const s = await fresh();
    const r = await offContract(() => book(s, 1, at('10:00'), { attendee: { name: 'Jo Caller', timeZone: 'Europe/Berlin' } }));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Attendee must have at least one contact method (email or phone number)');
    expect(await sandboxBookings(s)).toHaveLength(0);
  });

  it('a required phone missing: 400 "Missing attendee phone number …", even with an email', async () => {
    // apps/api/v2/src/ee/bookings/2024-08-13/services/bookings.service.ts: hasRequiredBookingFieldsResponses.
    const s = await fresh();
    const r = await book(s, 1, at('10:00'), { attendee: { name: 'Jo Caller', email: 'jo@callers.example', timeZone: 'Europe/Berlin' } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Missing attendee phone number - it is required by the event type. Pass it as "attendee.phoneNumber" string in the request.');
  });

  it('a required custom field missing or of the wrong type: the same service\'s messages', async () => {
    // apps/api/v2/src/ee/bookings/2024-08-13/services/bookings.service.ts: hasRequiredBookingFieldsResponses.
    const s = await fresh();
    const missing = await book(s, 3, at('10:00'));
    expect(missing.json.error.message).toBe(
      'Missing required booking field response: company - it is required by the event type booking fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID 3 to see the required fields.',
    );
    const wrong = await book(s, 3, at('10:00'), { bookingFieldsResponses: { company: 42 } });
    expect(wrong.json.error.message).toBe("Invalid type for booking field 'company'. Expected type string (compatible with field type 'text'), but received number.");
    expect((await book(s, 3, at('10:00'), { bookingFieldsResponses: { company: 'Acme' } })).status).toBe(201);
  });

  it('a phone-only attendee on an event type whose email is required: 400 "responses - {email}error_required_field"', async () => {
    // packages/features/bookings/lib/getBookingResponsesSchema.ts: a required, shown field left empty.
    const s = await fresh();
    const r = await book(s, 2, at('10:00'), { attendee: phoneAttendee() });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('responses - {email}error_required_field');
  });
});

describe('a phone-only booking', () => {
  it('is made, with the email Cal.com builds from the phone and the phone in bookingFieldsResponses', async () => {
    // packages/features/bookings/lib/getCalEventResponses.ts sets the placeholder with contructEmailFromPhoneNumber
    // (packages/lib/contructEmailFromPhoneNumber.ts); team-bookings.e2e-spec.ts "should create a phone based booking"
    // expects attendees[0].email and displayEmail "919876543210@sms.cal.com" for "+919876543210".
    const s = await fresh();
    const r = await book(s, 1, at('10:00'), { attendee: phoneAttendee('+919876543210'), location: { type: 'attendeePhone', phone: '+919876543210' } });
    expect(r.status).toBe(201);
    expect(r.json.data.attendees[0]).toEqual({
      name: 'Jo Caller',
      email: '919876543210@sms.cal.com',
      displayEmail: '919876543210@sms.cal.com',
      phoneNumber: '+919876543210',
      timeZone: 'Europe/Berlin',
      language: 'en',
      absent: false,
    });
    expect(r.json.data.bookingFieldsResponses.attendeePhoneNumber).toBe('+919876543210');
    expect(r.json.data.location).toBe('+919876543210');
    // Found again by GET /v2/bookings?attendeeEmail=<the placeholder>, as Cal.com's filter would.
    const list = await call(s, 'GET', '/v2/bookings?attendeeEmail=919876543210@sms.cal.com');
    expect(list.json.data.map((b: { uid: string }) => b.uid)).toEqual([r.json.data.uid]);
    // No email goes to the placeholder (packages/emails/templates/_base-email.ts skips isSmsCalEmail addresses).
    const mails = (await admin<{ emails: Array<{ role: string }> }>(s, 'GET', '/emails')).emails;
    expect(mails.map((m) => m.role)).toEqual(['host']);
  });

  it('round robin: the same phone-only attendee at the same start gets the existing booking; another phone a new one', async () => {
    // packages/features/bookings/repositories/BookingRepository.ts getValidBookingFromEventTypeForAttendee: the
    // booker's email (here the placeholder) and phone number.
    const s = await fresh();
    const first = await book(s, 1, at('10:00'), { attendee: phoneAttendee() });
    const again = await book(s, 1, at('10:00'), { attendee: phoneAttendee() });
    expect(again.status).toBe(201);
    expect(again.json.data.uid).toBe(first.json.data.uid);
    const other = await book(s, 1, at('10:00'), { attendee: phoneAttendee('+14155550199') });
    expect(other.json.data.uid).not.toBe(first.json.data.uid);
    expect(await sandboxBookings(s)).toHaveLength(2);
  });

  it('an email given with the phone is kept', async () => {
    const s = await fresh();
    const r = await book(s, 1, at('10:00'), { attendee: { ...phoneAttendee(), email: 'jo@callers.example' } });
    expect(r.json.data.attendees[0]).toMatchObject({ email: 'jo@callers.example', phoneNumber: PHONE });
  });
});

describe('world files', () => {
  const base = (team: { parentId?: number | null }, fields: unknown[]) => ({
    users: [user(1, 'UTC', nineToFive)],
    apiKeys: [{ key: 'cal_test_key_for_world', userId: 1 }],
    teams: [{ id: 1, slug: 't', name: 'T', memberIds: [1], ...team }],
    eventTypes: [teamEvent(1, 1, 'roundRobin', [{ userId: 1 }], { bookingFields: fields as never })],
  });
  const problems = (input: unknown) => {
    const r = WorldSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('refuse what Cal.com\'s event type settings refuse', () => {
    // packages/trpc/server/routers/viewer/eventTypes/util.ts: ensureEmailOrPhoneNumberIsPresent; the spec's
    // EmailDefaultFieldOutput_2024_06_14.required: optional email only on an organization team event type.
    expect(problems(base({}, phoneOnly))).toContain('the email can be optional or hidden only on an organization team event type (a team with parentId)');
    expect(problems(base({ parentId: 9 }, [{ type: 'email', slug: 'email', required: false }]))).toContain('the email or the attendeePhoneNumber field must be required');
    expect(problems(base({ parentId: 9 }, [{ type: 'email', slug: 'email', required: true, hidden: true }, { type: 'phone', slug: 'attendeePhoneNumber', required: true, hidden: true }]))).toContain(
      'the email and the attendeePhoneNumber field cannot both be hidden',
    );
    expect(problems(base({ parentId: 9 }, phoneOnly))).toEqual([]);
  });
});
