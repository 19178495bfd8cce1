// The response schemas against the shapes Cal.com really sends, including where it disagrees with its spec.
import { describe, expect, it } from 'vitest';
import {
  BookingSchema,
  CreateBookingInputSchema,
  EventTypeLocationSchema,
  SlotsByDateSchema,
  TeamEventTypeSchema,
} from '../../src/calcom/index.js';
import * as fx from './fixtures.js';

describe('slots', () => {
  it('accepts day items as strings, {start} objects and {start, end} objects, flattened and start-sorted', () => {
    const slots = SlotsByDateSchema.parse({
      '2050-09-06': ['2050-09-06T09:00:00.000+02:00'],
      '2050-09-05': [
        { start: '2050-09-05T10:00:00.000+02:00' },
        { start: '2050-09-05T09:00:00.000+02:00', end: '2050-09-05T09:30:00.000+02:00', attendeesCount: 1 },
      ],
    });
    expect(slots).toEqual([
      { start: '2050-09-05T09:00:00.000+02:00', end: '2050-09-05T09:30:00.000+02:00', date: '2050-09-05' },
      { start: '2050-09-05T10:00:00.000+02:00', date: '2050-09-05' },
      { start: '2050-09-06T09:00:00.000+02:00', date: '2050-09-06' },
    ]);
  });

  it('sorts by instant, not by text, when offsets differ', () => {
    const slots = SlotsByDateSchema.parse({
      '2026-03-29': ['2026-03-29T03:30:00.000+02:00', '2026-03-29T01:30:00.000+01:00'],
    });
    expect(slots.map((s) => s.start)).toEqual(['2026-03-29T01:30:00.000+01:00', '2026-03-29T03:30:00.000+02:00']);
  });

  it('treats no availability ({}) as an empty list', () => {
    expect(SlotsByDateSchema.parse({})).toEqual([]);
  });

  it('rejects day keys that are not dates and starts that are not times', () => {
    expect(SlotsByDateSchema.safeParse({ tomorrow: ['2026-01-01T09:00:00Z'] }).success).toBe(false);
    expect(SlotsByDateSchema.safeParse({ '2026-01-01': ['9am'] }).success).toBe(false);
    expect(SlotsByDateSchema.safeParse({ '2026-01-01': [{ end: '2026-01-01T09:00:00Z' }] }).success).toBe(false);
  });
});

describe('event type locations', () => {
  it('parses every documented kind with its fields', () => {
    const kinds = [
      { type: 'address', address: 'Via Roma 1', public: true },
      { type: 'link', link: 'https://meet.example', public: false },
      { type: 'integration', integration: 'google-meet', credentialId: 4 },
      { type: 'phone', phone: '+390200000000', public: true },
      { type: 'organizersDefaultApp' },
      { type: 'unknown', location: 'somewhere' },
    ];
    for (const location of kinds) expect(EventTypeLocationSchema.parse(location)).toEqual(location);
  });

  it('keeps undocumented kinds such as attendeePhone as a generic {type} object', () => {
    expect(EventTypeLocationSchema.parse({ type: 'attendeePhone' })).toEqual({ type: 'attendeePhone' });
    expect(EventTypeLocationSchema.parse({ type: 'brandNew', x: 1 })).toEqual({ type: 'brandNew', x: 1 });
    expect(EventTypeLocationSchema.safeParse({ address: 'no type' }).success).toBe(false);
  });
});

describe('team event types', () => {
  it.each([
    ['roundRobin', 'roundRobin'],
    ['ROUND_ROBIN', 'roundRobin'],
    ['collective', 'collective'],
    ['COLLECTIVE', 'collective'],
    ['managed', 'managed'],
    ['MANAGED', 'managed'],
  ])('maps schedulingType %s to %s', (input, expected) => {
    expect(TeamEventTypeSchema.parse({ ...fx.teamEventType, schedulingType: input }).schedulingType).toBe(expected);
  });

  it('allows a null schedulingType but not an unknown one', () => {
    expect(TeamEventTypeSchema.parse({ ...fx.teamEventType, schedulingType: null }).schedulingType).toBeNull();
    expect(TeamEventTypeSchema.safeParse({ ...fx.teamEventType, schedulingType: 'lottery' }).success).toBe(false);
  });

  it('needs host objects with a userId, whatever the spec says', () => {
    expect(TeamEventTypeSchema.parse(fx.teamEventType).hosts[0]).toMatchObject({ userId: 7, mandatory: true, priority: 'high' });
    expect(TeamEventTypeSchema.safeParse({ ...fx.teamEventType, hosts: [{ name: 'no id' }] }).success).toBe(false);
  });

  it('keeps unknown fields', () => {
    expect(TeamEventTypeSchema.parse({ ...fx.teamEventType, futureField: 1 })).toHaveProperty('futureField', 1);
  });
});

describe('bookings', () => {
  it('accepts the "unknown" host Cal.com reports for a deleted user, and null optional fields', () => {
    const parsed = BookingSchema.parse({
      ...fx.booking,
      hosts: [{ id: 'unknown', name: 'unknown', email: 'unknown', username: 'unknown' }],
      description: null,
      location: null,
      eventType: null,
      eventTypeId: null,
    });
    expect(parsed.hosts[0]?.id).toBe('unknown');
  });

  it('requires the fields callers rely on', () => {
    const { uid: _uid, ...withoutUid } = fx.booking;
    expect(BookingSchema.safeParse(withoutUid).success).toBe(false);
    expect(BookingSchema.safeParse({ ...fx.booking, status: 'ACCEPTED' }).success).toBe(false);
  });
});

describe('create-booking input', () => {
  const base = { eventTypeId: 1, attendee: { name: 'Ada', timeZone: 'Europe/Rome' } };

  it.each([
    ['2026-11-25T10:00:00.000+01:00', '2026-11-25T09:00:00Z'],
    ['2026-11-25T09:00:00Z', '2026-11-25T09:00:00Z'],
    ['2026-07-01T11:00:00+02:00', '2026-07-01T09:00:00Z'],
    ['2026-11-25T09:00:00.250-00:00', '2026-11-25T09:00:00.25Z'],
  ])('converts start %s to %s', (start, utc) => {
    expect(CreateBookingInputSchema.parse({ ...base, start }).start).toBe(utc);
  });

  it.each(['2026-11-25T10:00:00', '2026-11-25', 'tomorrow at ten'])('refuses start %s', (start) => {
    expect(CreateBookingInputSchema.safeParse({ ...base, start }).success).toBe(false);
  });

  it('needs an event type id, or a slug with a username or team', () => {
    const start = '2026-11-25T09:00:00Z';
    const attendee = base.attendee;
    expect(CreateBookingInputSchema.safeParse({ start, attendee }).success).toBe(false);
    expect(CreateBookingInputSchema.safeParse({ start, attendee, eventTypeSlug: 'x' }).success).toBe(false);
    expect(CreateBookingInputSchema.safeParse({ start, attendee, eventTypeSlug: 'x', teamSlug: 't' }).success).toBe(true);
  });

  it('forwards fields it does not model', () => {
    const parsed = CreateBookingInputSchema.parse({ ...base, start: '2026-11-25T09:00:00Z', emailVerificationCode: '123456' });
    expect(parsed).toHaveProperty('emailVerificationCode', '123456');
  });
});
