// The product description's troubleshooting list, worded for this package's commands: each doctor failure quotes
// the case it matches, so the fix a user reads is the one the product documents.
import type { Remedy } from './report.js';

export const NOT_CONNECTED: Remedy = {
  cause: 'Cal.com not connected (Booking Action Not Appearing)',
  fix:
    'Check CALCOM_API_KEY (and CALCOM_API_URL, which must end in /v2). Create a key in Cal.com Settings → Developer → API Keys, ' +
    'then run `cal-booking-action connect` until it shows the account.',
};

export const NO_EVENT_TYPES: Remedy = {
  cause: 'No event types in Cal.com, or a sync issue (No Event Types in Dropdown)',
  fix: 'Create event types in Cal.com (Event Types → New), then disconnect and reconnect: run `cal-booking-action connect` again.',
};

export const EVENT_TYPE_MISSING: Remedy = {
  cause: 'The configured event type is not in this Cal.com account (No Event Types in Dropdown)',
  fix: 'Run `cal-booking-action connect` to list the event types this key sees and point the action at one of them, or create it in Cal.com.',
};

export const PLATFORM_DISABLED: Remedy = {
  cause: 'Platform not connected in Cal.com (Meeting Platform Disabled)',
  fix:
    "Go to Cal.com's event type settings, connect the platform (Zoom, Google Meet, etc.), " +
    'then disconnect and reconnect to sync the change: run `cal-booking-action connect` and `doctor` again.',
};

export const ACTION_UNUSED: Remedy = {
  cause: "Action name not referenced in the instructions (Agent Doesn't Use Action)",
  fix:
    "Reference the exact auto-generated name (e.g. 'Book 30-Minute Consultation') and its tool names in the instructions, " +
    'keep useSchedulingScript on or add an explicit booking flow, test with "I want to book an appointment", ' +
    'try GPT-4.1 or GPT-4.1-mini for the most reliable function calling, and lower the temperature.',
};

export const ADDRESS_MISMATCH: Remedy = {
  cause: "The config's address differs from the one Cal.com books",
  fix: "Make the action's address the event type's address in Cal.com, so callers hear where they are actually booked.",
};

export const CALENDAR_UNREACHABLE: Remedy = {
  cause: 'Cal.com did not answer as expected',
  fix: 'Run `cal-booking-action connect`; if it works, try again in a minute (Cal.com may be rate limiting or down).',
};

export const BOOKING_FAILED: Remedy = {
  cause: 'The test booking did not complete',
  fix: 'Check the event type in Cal.com (required booking questions, requires confirmation, limits), then run doctor again.',
};

export const CANCEL_FAILED: Remedy = {
  cause: 'The test booking was made but could not be cancelled',
  fix: 'Cancel it by hand in Cal.com (Bookings → Upcoming); it is the one for doctor@example.com.',
};

export const SMS_CONFIG: Remedy = {
  cause: 'Twilio settings incomplete (SMS confirmation not sent)',
  fix: 'Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) from the Twilio Console, or unset them all to use the local sink.',
};

export const SMS_SEND_FAILED: Remedy = {
  cause: 'The text was not accepted (SMS confirmation not sent)',
  fix: 'Check the Twilio Console (number capabilities, geo permissions, trial verified numbers) and the number given with --sms-to.',
};

export const EMAIL_NOT_RECEIVED: Remedy = {
  cause: 'Wrong email address, the spam folder, or Cal.com email settings (Email Confirmation Not Received)',
  fix:
    'Verify the email in the booking confirmation (the caller spells it and the agent reads it back), check the spam/junk folder, ' +
    "and check Cal.com's notification settings (Settings → Notifications; the event type's Advanced tab can turn confirmation emails off).",
};

export const MEETING_LINK_BROKEN: Remedy = {
  cause: "The booking's location is not the form Cal.com uses for the configured platform (Meeting Platform Disabled)",
  fix: "Connect the platform in Cal.com (event type settings → Location), or correct the action's location or address, then run doctor again.",
};

export const CALENDAR_NOT_UPDATED: Remedy = {
  cause: "No host calendar got the booking (Calendar updated)",
  fix: "Connect the host's calendar in Cal.com (Settings → Calendars) and pick it as the event's destination calendar.",
};
