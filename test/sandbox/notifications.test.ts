// "Check Confirmations" offline: the sandbox records the emails Cal.com sends (attendee and every host, each in
// their own zone, with the meeting link or address) and the busy event written to each host's calendar.
import { describe, expect, it } from 'vitest';
import { CalComClient } from '../../src/calcom/client.js';
import { defaultWorld } from '../../src/sandbox/default-world.js';
import type { CalendarWrite, SentEmail } from '../../src/sandbox/notifications.js';
import { admin, startTestSandbox } from '../helpers/sandbox.js';

const NOW = '2026-11-24T08:00:00Z';

async function setUp() {
  const s = await startTestSandbox({ world: defaultWorld(new Date(NOW)) });
  s.sandbox.setClock(NOW);
  return { s, cal: new CalComClient({ apiKey: s.apiKey, baseUrl: `${s.url}/v2` }) };
}

describe('emails and calendar write-backs', () => {
  it('a booking emails the attendee and the host, each in their zone, and puts a busy event on the host calendar', async () => {
    const { s, cal } = await setUp();
    const b = await cal.createBooking({ eventTypeId: 101, start: '2026-11-24T09:00:00Z', attendee: { name: 'Jo Caller', email: 'Jo@Example.com', timeZone: 'America/New_York' } });
    const { emails } = await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails');
    expect(emails).toHaveLength(2);
    expect(emails[0]).toMatchObject({
      to: 'Jo@Example.com',
      role: 'attendee',
      kind: 'scheduled',
      bookingUid: b.uid,
      subject: 'Confirmed: 30-Minute Consultation with Anna Becker on 4:00am - Tuesday 24 November 2026 (America/New_York)',
      startLocal: '2026-11-24T04:00-05:00',
      timeZone: 'America/New_York',
    });
    expect(emails[0]!.where).toMatch(/^https:\/\/app\.cal\.com\/video\/[\w-]+$/);
    expect(emails[1]).toMatchObject({ to: 'anna@becker-consulting.example', role: 'host', subject: 'New event: Jo Caller - 10:00am - Tuesday 24 November 2026 (Europe/Berlin) - 30-Minute Consultation', startLocal: '2026-11-24T10:00+01:00' });
    expect((await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails?to=jo@example.com')).emails).toHaveLength(1);
    const { events } = await admin<{ events: CalendarWrite[] }>(s, 'GET', '/calendar-events');
    expect(events).toEqual([
      { userId: 1, provider: 'google', calendar: 'anna@becker-consulting.example', bookingUid: b.uid, title: b.title, start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z', busy: true, where: emails[0]!.where },
    ]);

    await cal.cancelBooking(b.uid, { cancellationReason: 'changed my mind' });
    const after = await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails');
    expect(after.emails.map((e) => [e.role, e.kind])).toEqual([
      ['attendee', 'scheduled'],
      ['host', 'scheduled'],
      ['attendee', 'cancelled'],
      ['host', 'cancelled'],
    ]);
    expect((await admin<{ events: CalendarWrite[] }>(s, 'GET', '/calendar-events')).events).toEqual([]);
  });

  it('Round Robin Groups: both assigned hosts get the email and the calendar event; an in-person visit carries the address', async () => {
    const { s, cal } = await setUp();
    const [slot] = await cal.getSlots({ eventTypeId: 501, start: NOW, end: '2026-11-24T23:59:59Z', timeZone: 'UTC' });
    const b = await cal.createBooking({ eventTypeId: 501, start: slot!.start, attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' } });
    const { emails } = await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails');
    expect(emails.filter((e) => e.role === 'host').map((e) => e.to)).toEqual(b.hosts.map((h) => h.email));
    expect(emails[0]!.subject).toContain(`with ${b.hosts.map((h) => h.name).join(', ')} on`);
    const { events } = await admin<{ events: CalendarWrite[] }>(s, 'GET', '/calendar-events');
    expect(events.map((e) => e.userId).sort()).toEqual(b.hosts.map((h) => Number(h.id)).sort());

    const visit = await cal.createBooking({ eventTypeId: 102, start: '2026-11-26T08:00:00Z', attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' }, location: { type: 'address' } });
    const mails = (await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails')).emails.filter((e) => e.bookingUid === visit.uid);
    expect(mails[0]!.where).toBe('Friedrichstraße 123, 10117 Berlin, Germany');
  });

  it('a booking that needs the host to confirm sends a request, and writes no calendar event yet', async () => {
    const w = defaultWorld(new Date(NOW));
    w.eventTypes.find((e) => e.id === 101)!.requiresConfirmation = true;
    const s = await startTestSandbox({ world: w });
    s.sandbox.setClock(NOW);
    const cal = new CalComClient({ apiKey: s.apiKey, baseUrl: `${s.url}/v2` });
    await cal.createBooking({ eventTypeId: 101, start: '2026-11-24T09:00:00Z', attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' } });
    const { emails } = await admin<{ emails: SentEmail[] }>(s, 'GET', '/emails');
    expect(emails.map((e) => e.subject.split(':')[0])).toEqual(['Booking request submitted', 'Awaiting your confirmation']);
    expect((await admin<{ events: CalendarWrite[] }>(s, 'GET', '/calendar-events')).events).toEqual([]);
  });

  // packages/features/bookings/lib/handleCancelBooking.ts: "This event type does not allow cancellations".
  it('refuses to cancel a booking of an event type that disables cancelling, and says so in its output', async () => {
    const w = defaultWorld(new Date(NOW));
    w.eventTypes.find((e) => e.id === 101)!.disableCancelling = true;
    const s = await startTestSandbox({ world: w });
    s.sandbox.setClock(NOW);
    const cal = new CalComClient({ apiKey: s.apiKey, baseUrl: `${s.url}/v2` });
    expect(await cal.getEventType(101)).toMatchObject({ disableCancelling: { disabled: true }, disableRescheduling: { disabled: false } });
    const b = await cal.createBooking({ eventTypeId: 101, start: '2026-11-24T09:00:00Z', attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' } });
    await expect(cal.cancelBooking(b.uid, { cancellationReason: 'plans changed' })).rejects.toThrow('This event type does not allow cancellations');
    expect((await cal.getBooking(b.uid)).status).toBe('accepted');
  });

  // packages/features/bookings/lib/handleNewBooking (getRequiresConfirmationFlags): a reschedule by the booking's
  // organiser is confirmed by default, so the organiser's key moves a pending booking to an accepted one.
  it('the organiser moving a booking that needed confirmation gets an accepted one', async () => {
    const w = defaultWorld(new Date(NOW));
    w.eventTypes.find((e) => e.id === 101)!.requiresConfirmation = true;
    const s = await startTestSandbox({ world: w });
    s.sandbox.setClock(NOW);
    const cal = new CalComClient({ apiKey: s.apiKey, baseUrl: `${s.url}/v2` });
    const b = await cal.createBooking({ eventTypeId: 101, start: '2026-11-24T09:00:00Z', attendee: { name: 'Jo Caller', email: 'jo@example.com', timeZone: 'Europe/Berlin' } });
    expect(b.status).toBe('pending');
    const moved = await cal.rescheduleBooking(b.uid, { start: '2026-11-24T10:00:00Z' });
    expect(moved).toMatchObject({ status: 'accepted', rescheduledFromUid: b.uid });
  });
});
