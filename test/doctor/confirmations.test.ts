// The "Check Confirmations" checks on their own: the meeting link's form per platform, and what doctor says on a
// real account, where it cannot read an inbox ("Email Confirmation Not Received").
import { describe, expect, it } from 'vitest';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import type { Booking } from '../../src/calcom/schemas.js';
import { meetingLinkProblem } from '../../src/booking/meeting-link.js';
import { checkConfirmations } from '../../src/doctor/check-confirmations.js';
import { Report } from '../../src/doctor/report.js';

const action = (location: string, address?: string) =>
  ({ displayName: 'Book Visit', config: { location, ...(address ? { address } : {}) } }) as unknown as ResolvedAction;

describe('meetingLinkProblem', () => {
  it('accepts the forms Cal.com uses and names what is wrong otherwise', () => {
    expect(meetingLinkProblem(action('cal-video'), 'https://app.cal.com/video/abcDEF123')).toBeUndefined();
    expect(meetingLinkProblem(action('zoom'), 'https://us02web.zoom.us/j/81234567890?pwd=abc.1')).toBeUndefined();
    expect(meetingLinkProblem(action('google-meet'), 'https://meet.google.com/abc-defg-hij')).toBeUndefined();
    expect(meetingLinkProblem(action('ms-teams'), 'https://teams.microsoft.com/l/meetup-join/19%3ameeting')).toBeUndefined();
    expect(meetingLinkProblem(action('zoom'), 'integrations:zoom')).toBe('"integrations:zoom" is not a zoom link (expected https://zoom.us/j/<meeting id>)');
    expect(meetingLinkProblem(action('google-meet'), undefined)).toBe('the booking carries no meeting link');
    expect(meetingLinkProblem(action('in-person', 'Main St 1'), 'Main St 1')).toBeUndefined();
    expect(meetingLinkProblem(action('in-person', 'Main St 1'), 'Other St 2')).toBe('the booking\'s address "Other St 2" is not the configured "Main St 1"');
    expect(meetingLinkProblem(action('phone'), '+1 415 555 0123')).toBeUndefined();
  });
});

describe('checkConfirmations on a real account', () => {
  const booking = (email: string) => ({ uid: 'b1', location: 'https://app.cal.com/video/room1', attendees: [{ name: 'Doctor Test', email, timeZone: 'UTC' }], hosts: [] }) as unknown as Booking;

  it('shows the address Cal.com booked and the Email Confirmation Not Received checklist', async () => {
    const lines: string[] = [];
    await checkConfirmations(action('cal-video'), booking('doctor@example.com'), 'doctor@example.com', undefined, new Report((l) => lines.push(l)));
    const text = lines.join('\n');
    expect(text).toContain('! Email confirmation: Cal.com sends it to doctor@example.com; doctor cannot read that inbox');
    expect(text).toContain('check the spam/junk folder, verify the address in the booking confirmation');
    expect(text).toContain("check Cal.com's notification settings");
    expect(text).toMatch(/- Calendar updated \(skipped: /);
  });

  it('fails when Cal.com booked another address than the one given', async () => {
    const lines: string[] = [];
    const report = new Report((l) => lines.push(l));
    await checkConfirmations(action('cal-video'), booking('doctor@exmaple.com'), 'doctor@example.com', undefined, report);
    expect(report.counts.failed).toBe(1);
    expect(lines.join('\n')).toContain('Cal.com booked doctor@exmaple.com, not doctor@example.com.');
    expect(lines.join('\n')).toContain('Cause: Wrong email address, the spam folder, or Cal.com email settings (Email Confirmation Not Received)');
  });
});
