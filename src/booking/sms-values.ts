// The SMS template's placeholder values for a booking, in the action's zone and locale. Every text names the zone
// of its time: {time} carries the zone's short name ("10:00 AM EST") unless the template places {timezone} itself.
import type { Booking } from '../calcom/schemas.js';
import type { ResolvedAction } from './resolve.js';

const DURATION: Record<string, (min: number) => string> = {
  de: (m) => `${m} Min.`,
  en: (m) => `${m} min`,
};

export type SmsValues = Record<'date' | 'time' | 'timezone' | 'caller_time' | 'host' | 'link' | 'location' | 'duration', string>;

/** `template` is the one being filled (default: the confirmation's); it decides whether {time} carries the zone. */
export function smsValues(b: Booking, action: ResolvedAction, call: { callerTimeZone?: string } = {}, template = action.config.sms.template): SmsValues {
  const { locale } = action.config;
  const at = new Date(Date.parse(b.start));
  const format = (timeZone: string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone, ...o }).format(at);
  const date = format(action.timeZone, { weekday: 'long', month: 'long', day: 'numeric' });
  const time = format(action.timeZone, { hour: 'numeric', minute: '2-digit' });
  const loc = b.location ?? '';
  const isUrl = /^https?:\/\//.test(loc);
  const minutes = Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000);
  return {
    date,
    time: template.includes('{timezone}') ? time : `${time} ${zoneName(at, action.timeZone, locale, 'short')}`,
    timezone: zoneName(at, action.timeZone, locale, 'long'),
    caller_time: callerTime(at, action, call.callerTimeZone),
    host: b.hosts[0]?.name ?? '',
    link: isUrl ? loc : '',
    location: isUrl ? '' : loc,
    duration: (DURATION[locale.slice(0, 2)] ?? DURATION.en!)(minutes),
  };
}

/** The caller's clock at the booking ("Wednesday 12:45 AM Nepal Time"), or '' when it reads like the host's. */
function callerTime(at: Date, action: ResolvedAction, callerTimeZone: string | undefined): string {
  if (!callerTimeZone) return '';
  const { locale } = action.config;
  const wall = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(at);
  if (wall(callerTimeZone) === wall(action.timeZone)) return '';
  const sameDate = wall(callerTimeZone).slice(0, 10) === wall(action.timeZone).slice(0, 10);
  const text = new Intl.DateTimeFormat(locale, { timeZone: callerTimeZone, ...(sameDate ? {} : { weekday: 'long' }), hour: 'numeric', minute: '2-digit' }).format(at);
  return `${text} ${zoneName(at, callerTimeZone, locale, 'long')}`;
}

/**
 * Intl's zone name: long ("Eastern Standard Time") or short ("EST", "MEZ"). Where a style gives only an offset
 * ("GMT+1"), the next one that names the zone is used, and an offset only when no name exists.
 */
function zoneName(at: Date, timeZone: string, locale: string, style: 'long' | 'short'): string {
  const styles = style === 'long' ? (['long', 'longGeneric', 'short'] as const) : (['short', 'long', 'longGeneric'] as const);
  let name = '';
  for (const s of styles) {
    name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: s }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name && !/GMT|UTC|\d/.test(name)) return name;
  }
  return name;
}
