// The SMS template's placeholder values for a booking, in the action's zone and locale.
import type { Booking } from '../calcom/schemas.js';
import type { ResolvedAction } from './resolve.js';

const DURATION: Record<string, (min: number) => string> = {
  de: (m) => `${m} Min.`,
  en: (m) => `${m} min`,
};

export function smsValues(b: Booking, action: ResolvedAction): Record<'date' | 'time' | 'link' | 'location' | 'duration', string> {
  const { locale } = action.config;
  const at = new Date(Date.parse(b.start));
  const date = new Intl.DateTimeFormat(locale, { timeZone: action.timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: action.timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
  const loc = b.location ?? '';
  const isUrl = /^https?:\/\//.test(loc);
  const minutes = Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000);
  return {
    date,
    time,
    link: isUrl ? loc : '',
    location: isUrl ? '' : loc,
    duration: (DURATION[locale.slice(0, 2)] ?? DURATION.en!)(minutes),
  };
}
