// "Meeting link works": the location Cal.com put on a booking has the form Cal.com uses for the action's platform
// (a Cal Video room, a Zoom meeting, a Meet code, a Teams join link), or is the configured address or a phone number.
import type { LocationKind } from './config.js';
import type { ResolvedAction } from './resolve.js';

const LINK_FORMS: Partial<Record<LocationKind, { form: RegExp; example: string }>> = {
  'cal-video': { form: /^https:\/\/app\.cal\.com\/video\/[\w-]+$/, example: 'https://app.cal.com/video/<room>' },
  zoom: { form: /^https:\/\/([\w-]+\.)?zoom\.us\/j\/\d{9,11}(\?pwd=[\w.-]+)?$/, example: 'https://zoom.us/j/<meeting id>' },
  'google-meet': { form: /^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/, example: 'https://meet.google.com/abc-defg-hij' },
  'ms-teams': { form: /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/\S+$/, example: 'https://teams.microsoft.com/l/meetup-join/…' },
};

/** Why `where` is not what Cal.com gives for the action's location, or undefined when it is. */
export function meetingLinkProblem(action: Pick<ResolvedAction, 'config'>, where: string | undefined): string | undefined {
  const { location, address } = action.config;
  if (!where) return `the booking carries no ${location === 'in-person' ? 'address' : location === 'phone' ? 'phone number' : 'meeting link'}`;
  if (location === 'in-person') return where.trim() === address?.trim() ? undefined : `the booking's address "${where}" is not the configured "${address}"`;
  if (location === 'phone') return /^\+?[\d\s().-]{7,}$/.test(where) ? undefined : `"${where}" is not a phone number`;
  const link = LINK_FORMS[location];
  return !link || link.form.test(where) ? undefined : `"${where}" is not a ${location} link (expected ${link.example})`;
}

