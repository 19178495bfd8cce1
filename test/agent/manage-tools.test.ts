// The changing and fallback tools exist only where they can keep their promise: no cancel or move tool where Cal.com
// forbids it, no callback that cannot be recorded; and the texted booking page is the one Cal.com names when it
// lives off cal.com (an organisation's subdomain, a custom domain).
import { describe, expect, it } from 'vitest';
import type { llm } from '@livekit/agents';
import { createManageTools } from '../../src/agent/manage-tools.js';
import { parseBookingConfig, type ActionConfig } from '../../src/booking/config.js';
import { Fallbacks } from '../../src/booking/fallbacks.js';
import { changesAllowed } from '../../src/booking/manage.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';
import type { SmsSender } from '../../src/sms/sender.js';

function action(config: Partial<ActionConfig> = {}, eventType: Partial<ResolvedAction['eventType']> = {}): ResolvedAction {
  const [parsed] = parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video', ...config }] }, 'test.yaml').actions;
  return {
    config: parsed!,
    eventType: { id: 101, title: 'Consultation', slug: '30min', lengthInMinutes: 30, minimumBookingNotice: 0, schedulingType: 'personal', locations: [], bookingPath: 'anna/30min', ...eventType },
    displayName: 'Book Consultation',
    toolName: 'book_consultation',
    timeZone: 'Europe/Berlin',
  };
}

const sms: SmsSender = { send: async () => ({ sid: 'SM1' }) } as unknown as SmsSender;
const toolNames = (a: ResolvedAction, withSms: boolean) =>
  createManageTools({ actions: [a], calendar: {}, ...(withSms ? { sms } : {}), webhookSecret: 'k', callContext: () => ({ callId: 'c' }), bookingFlows: () => [] }).tools.map(
    (t) => (t as llm.FunctionTool).name,
  );

describe('changing tools', () => {
  const calendar = Object.fromEntries(['listBookings', 'getBooking', 'cancelBooking', 'rescheduleBooking', 'reserveSlot', 'deleteReservation'].map((m) => [m, async () => []]));
  const names = (a: ResolvedAction) =>
    createManageTools({ actions: [a], calendar, callContext: () => ({ callId: 'c' }), bookingFlows: () => [] }).tools.map((t) => (t as llm.FunctionTool).name);

  it('are not offered where the event type forbids the change in Cal.com, whatever the config says', () => {
    expect(names(action())).toEqual(['book_consultation_find_bookings', 'book_consultation_cancel', 'book_consultation_reschedule']);
    expect(names(action({}, { disableCancelling: true }))).toEqual(['book_consultation_find_bookings', 'book_consultation_reschedule']);
    expect(names(action({}, { disableRescheduling: true }))).toEqual(['book_consultation_find_bookings', 'book_consultation_cancel']);
    expect(changesAllowed(action({}, { disableCancelling: true }))).toEqual({ cancel: false, reschedule: true, byCalCom: { cancel: true, reschedule: false } });
  });
});

describe('fallback tools', () => {
  it('a callback by team text is offered only when texts can be sent; by webhook always', () => {
    const byText = action({ callback: { smsTo: '+14155550100' } });
    expect(toolNames(byText, false)).toEqual([]);
    expect(toolNames(byText, true)).toEqual(['book_consultation_send_link', 'book_consultation_callback']);
    expect(toolNames(action({ callback: { webhookUrl: 'https://example.org/cb' } }), false)).toEqual(['book_consultation_callback']);
    expect(new Fallbacks({ action: byText, call: { callId: 'c' }, apiBaseUrl: 'https://api.cal.com/v2' }).offers).toEqual({ bookingLink: false, callback: false });
  });

  it("texts Cal.com's own page link off cal.com, and the page on the API's web host otherwise", () => {
    const url = (bookingUrl: string | undefined, apiBaseUrl = 'https://api.cal.com/v2') =>
      new Fallbacks({ action: action({}, bookingUrl ? { bookingUrl } : {}), call: { callId: 'c' }, apiBaseUrl }).bookingUrl();
    expect(url('https://acme.cal.com/anna/30min')).toBe('https://acme.cal.com/anna/30min');
    expect(url('https://book.example-clinic.com/anna/30min')).toBe('https://book.example-clinic.com/anna/30min');
    expect(url('https://cal.com/anna/30min')).toBe('https://cal.com/anna/30min');
    expect(url('https://cal.com/anna/30min', 'https://api.cal.eu/v2')).toBe('https://cal.eu/anna/30min');
    // The sandbox names cal.com, as Cal.com does; offline the page is the sandbox's own.
    expect(url('https://cal.com/anna/30min', 'http://127.0.0.1:5555/v2')).toBe('http://127.0.0.1:5555/anna/30min');
    expect(url(undefined)).toBe('https://cal.com/anna/30min');
  });
});
