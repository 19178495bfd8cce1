// Slot start times as the agent says them on the phone. A caller cannot ask "which 2:30?" the way a reader can
// look twice, so every phrase must name exactly one minute: no "12 PM", no bare "midnight" that could mean either
// end of a day, and a word for the clock change when a wall time happens twice. Nothing machine-shaped (ISO text,
// "UTC", offsets) may reach the caller.
//
// Choices:
// - Times are said in the presentation zone; "today"/"tomorrow" follow its local date at `now`; later days get the
//   weekday and date, and the year only when it is not the current local year.
// - en-GB uses the 12-hour clock with lower-case "am"/"pm" ("2 pm", "9:30 am"), as British speech does;
//   de-DE uses the 24-hour clock ("14 Uhr", "9:30 Uhr", midnight "0 Uhr", which is unambiguous in German).
// - English midnight is "midnight at the start of the day": "Thursday at midnight" is heard as Thursday night.
// - The presentation zone is named ("… 9 AM Central European Standard Time") when a caller zone is given and the
//   caller's clock would read differently, i.e. the two zones' offsets differ at `now` or at a slot. A different
//   id with the same offsets (Europe/Paris for Europe/Berlin, Asia/Calcutta for Asia/Kolkata) is not named, since
//   the caller's clock agrees. The name is Intl's long one, or its generic one where the long one is an offset
//   ("GMT+01:00" for Africa/Casablanca); a zone with no name at all (Etc/GMT-3) is a RangeError.
// - When the zone is named, the caller's own clock follows: "8 AM Eastern Standard Time, that's 6:45 PM your time"
//   (German "…, also 18:45 Uhr bei Ihnen"), with the caller's weekday when their date differs from the slot's.
// - If the caller's local date at `now` differs from the presentation zone's, "today"/"tomorrow" would mean
//   different days to each side, so the weekday and date are said instead.
// - Seconds are dropped (Cal.com slots start on whole minutes).
import { Temporal } from 'temporal-polyfill';
import { instantFromIso } from '../time/iso.js';

export type SpokenLocale = 'en-US' | 'en-GB' | 'de-DE';
export const SPOKEN_LOCALES: readonly SpokenLocale[] = ['en-US', 'en-GB', 'de-DE'];

export function isSpokenLocale(x: string): x is SpokenLocale {
  return (SPOKEN_LOCALES as readonly string[]).includes(x);
}

export interface SpeakOptions {
  now: Temporal.Instant;
  /** Presentation zone (IANA): the zone every time is said in. */
  timeZone: string;
  locale: SpokenLocale;
  /** The caller's own zone, when known; decides whether the presentation zone must be named. */
  callerTimeZone?: string;
}

interface Vocabulary {
  today: string;
  tomorrow: string;
  at: string;
  or: string;
  /** Follows a wall time that occurs twice on a day the clocks go back. */
  beforeClockChange: string;
  afterClockChange: string;
  /** Follows midnight where "midnight" alone could be taken for the end of the day. */
  startOfDay?: string;
  /** Around the caller's own time: "that's 6:45 PM your time". */
  callerBefore: string;
  callerAfter: string;
}

const VOCABULARY: Record<SpokenLocale, Vocabulary> = {
  'en-US': {
    today: 'today',
    tomorrow: 'tomorrow',
    at: 'at',
    or: 'or',
    beforeClockChange: 'before the clocks go back',
    afterClockChange: 'after the clocks go back',
    startOfDay: 'at the start of the day',
    callerBefore: "that's",
    callerAfter: 'your time',
  },
  'en-GB': {
    today: 'today',
    tomorrow: 'tomorrow',
    at: 'at',
    or: 'or',
    beforeClockChange: 'before the clocks go back',
    afterClockChange: 'after the clocks go back',
    startOfDay: 'at the start of the day',
    callerBefore: "that's",
    callerAfter: 'your time',
  },
  'de-DE': {
    today: 'heute',
    tomorrow: 'morgen',
    at: 'um',
    or: 'oder',
    beforeClockChange: 'vor der Zeitumstellung',
    afterClockChange: 'nach der Zeitumstellung',
    callerBefore: 'also',
    callerAfter: 'bei Ihnen',
  },
};

/** "today at 3 PM", "tomorrow at 9:30 AM", "Thursday, November 26 at 2 PM" (see the file comment for the rules). */
export function speakSlot(start: Temporal.Instant | string, o: SpeakOptions): string {
  return speakDay([start], o);
}

/** Several slots of one local day in one phrase: "tomorrow at 9 AM, 11:30 AM or 2 PM". Throws on mixed days. */
export function speakDay(starts: Array<Temporal.Instant | string>, o: SpeakOptions): string {
  const instants = distinctSorted(starts.map(toInstant));
  const first = instants[0];
  if (first === undefined) throw new RangeError('speakDay needs at least one slot start');
  const day = first.toZonedDateTimeISO(o.timeZone).toPlainDate();
  const zoned = instants.map((i) => i.toZonedDateTimeISO(o.timeZone));
  if (zoned.some((z) => !z.toPlainDate().equals(day))) {
    throw new RangeError(`speakDay: all slots must fall on ${day.toString()} in ${o.timeZone}`);
  }
  const today = o.now.toZonedDateTimeISO(o.timeZone).toPlainDate();
  const dayPhrase = callerSharesDate(o) ? speakDate(day, today, o.locale) : speakCalendarDate(day, today, o.locale);
  const nameZone = callerClockDiffers(o, instants);
  const items = zoned.map((z) => ({
    time: speakTimeOfDay(z.toPlainTime(), o.locale),
    label: labelFor(z, nameZone, o.locale),
  }));
  const said = `${dayPhrase} ${VOCABULARY[o.locale].at} ${joinTimes(items, o.locale)}`;
  return nameZone && o.callerTimeZone ? `${said}, ${callerClock(instants, day, o.callerTimeZone, o.locale)}` : said;
}

/** "that's 6:45 PM your time", with the caller's weekday when it is another date for them than `day`. */
function callerClock(instants: Temporal.Instant[], day: Temporal.PlainDate, zone: string, locale: SpokenLocale): string {
  const words = VOCABULARY[locale];
  const zoned = instants.map((i) => i.toZonedDateTimeISO(zone));
  const dates = [...new Set(zoned.map((z) => z.toPlainDate().toString()))];
  const dayOf = (z: Temporal.ZonedDateTime) => `${calendarName(z.toPlainDate(), locale, 'weekday')} ${words.at} `;
  const perTime = dates.length > 1;
  const times = zoned.map((z) => {
    const midnight = z.hour === 0 && z.minute === 0 && words.startOfDay ? ` ${words.startOfDay}` : '';
    return `${perTime ? dayOf(z) : ''}${speakTimeOfDay(z.toPlainTime(), locale)}${midnight}`;
  });
  const last = times.pop() as string;
  const list = times.length === 0 ? last : `${times.join(', ')} ${words.or} ${last}`;
  const shared = !perTime && dates[0] !== day.toString() ? dayOf(zoned[0]!) : '';
  return `${words.callerBefore} ${shared}${list} ${words.callerAfter}`;
}

/** "noon", "3 PM", "9:30 am", "14:45 Uhr": a wall-clock time as said in `locale`, seconds ignored. */
export function speakTimeOfDay(time: Temporal.PlainTime, locale: SpokenLocale): string {
  const minutes = time.minute === 0 ? '' : `:${String(time.minute).padStart(2, '0')}`;
  if (locale === 'de-DE') return `${time.hour}${minutes} Uhr`;
  if (time.minute === 0 && time.hour === 12) return 'noon';
  if (time.minute === 0 && time.hour === 0) return 'midnight';
  const meridiem = time.hour < 12 ? 'AM' : 'PM';
  return `${time.hour % 12 || 12}${minutes} ${locale === 'en-GB' ? meridiem.toLowerCase() : meridiem}`;
}

/** "today", "tomorrow", or else the weekday and date as in {@link speakCalendarDate}. */
export function speakDate(date: Temporal.PlainDate, today: Temporal.PlainDate, locale: SpokenLocale): string {
  if (date.equals(today)) return VOCABULARY[locale].today;
  if (date.equals(today.add({ days: 1 }))) return VOCABULARY[locale].tomorrow;
  return speakCalendarDate(date, today, locale);
}

/** "Thursday, November 26" / "Thursday 26 November" / "Donnerstag, 26. November"; the year only if not today's. */
export function speakCalendarDate(date: Temporal.PlainDate, today: Temporal.PlainDate, locale: SpokenLocale): string {
  const weekday = calendarName(date, locale, 'weekday');
  const month = calendarName(date, locale, 'month');
  const year = date.year === today.year ? undefined : String(date.year);
  switch (locale) {
    case 'en-US':
      return `${weekday}, ${month} ${date.day}${year === undefined ? '' : `, ${year}`}`;
    case 'en-GB':
      return `${weekday} ${date.day} ${month}${year === undefined ? '' : ` ${year}`}`;
    case 'de-DE':
      return `${weekday}, ${date.day}. ${month}${year === undefined ? '' : ` ${year}`}`;
  }
}

// Building an Intl formatter costs far more than formatting with one, and offers say many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The weekday or month name of a calendar date; formatted in UTC at noon, so no zone can shift the day. */
function calendarName(date: Temporal.PlainDate, locale: SpokenLocale, part: 'weekday' | 'month'): string {
  return formatter(locale, { [part]: 'long', timeZone: 'UTC' }).format(Date.UTC(date.year, date.month - 1, date.day, 12));
}

function toInstant(start: Temporal.Instant | string): Temporal.Instant {
  return typeof start === 'string' ? instantFromIso(start) : start;
}

function distinctSorted(instants: Temporal.Instant[]): Temporal.Instant[] {
  const sorted = [...instants].sort(Temporal.Instant.compare);
  return sorted.filter((i, n) => n === 0 || !i.equals(sorted[n - 1] as Temporal.Instant));
}

function callerSharesDate(o: SpeakOptions): boolean {
  if (o.callerTimeZone === undefined) return true;
  const here = o.now.toZonedDateTimeISO(o.timeZone).toPlainDate();
  return here.equals(o.now.toZonedDateTimeISO(o.callerTimeZone).toPlainDate());
}

function callerClockDiffers(o: SpeakOptions, instants: Temporal.Instant[]): boolean {
  const caller = o.callerTimeZone;
  if (caller === undefined) return false;
  return [o.now, ...instants].some(
    (i) => i.toZonedDateTimeISO(o.timeZone).offsetNanoseconds !== i.toZonedDateTimeISO(caller).offsetNanoseconds,
  );
}

function labelFor(z: Temporal.ZonedDateTime, nameZone: boolean, locale: SpokenLocale): string {
  const words = VOCABULARY[locale];
  const parts: string[] = [];
  if (nameZone) parts.push(zoneName(z, locale));
  const occurrence = repeatedWallTime(z);
  if (occurrence !== undefined) parts.push(occurrence === 'earlier' ? words.beforeClockChange : words.afterClockChange);
  if (words.startOfDay !== undefined && z.hour === 0 && z.minute === 0) parts.push(words.startOfDay);
  return parts.join(' ');
}

/** Which occurrence `z` is when its wall time happens twice (clocks going back), else undefined. */
function repeatedWallTime(z: Temporal.ZonedDateTime): 'earlier' | 'later' | undefined {
  if (!dayHasClockChange(z)) return undefined;
  const wall = z.toPlainDateTime();
  const earlier = wall.toZonedDateTime(z.timeZoneId, { disambiguation: 'earlier' });
  const later = wall.toZonedDateTime(z.timeZoneId, { disambiguation: 'later' });
  if (earlier.offsetNanoseconds === later.offsetNanoseconds) return undefined;
  return z.offsetNanoseconds === earlier.offsetNanoseconds ? 'earlier' : 'later';
}

// Most days have no clock change; knowing that per zone and date skips two zone conversions per phrase.
const clockChangeDays = new Map<string, boolean>();

function dayHasClockChange(z: Temporal.ZonedDateTime): boolean {
  const key = `${z.timeZoneId}|${z.toPlainDate().toString()}`;
  let changes = clockChangeDays.get(key);
  if (changes === undefined) {
    const start = z.startOfDay();
    const next = start.getTimeZoneTransition('next');
    changes = next !== null && Temporal.ZonedDateTime.compare(next, start.add({ days: 1 })) < 0;
    clockChangeDays.set(key, changes);
  }
  return changes;
}

/** Intl's long name ("Central European Standard Time"); its generic name where the long one is an offset. */
export function spokenZoneName(timeZone: string, locale: SpokenLocale, epochMs: number): string | undefined {
  for (const style of ['long', 'longGeneric'] as const) {
    const name = formatter(locale, { timeZone, timeZoneName: style })
      .formatToParts(epochMs)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name !== undefined && !/GMT|UTC|\d/.test(name)) return name;
  }
  return undefined;
}

function zoneName(z: Temporal.ZonedDateTime, locale: SpokenLocale): string {
  const name = spokenZoneName(z.timeZoneId, locale, z.epochMilliseconds);
  if (name === undefined) throw new RangeError(`time zone ${z.timeZoneId} has no spoken name; use a named IANA zone such as Europe/Berlin`);
  return name;
}

/** A label shared by every time is said once at the end; otherwise each time carries its own. */
function joinTimes(items: Array<{ time: string; label: string }>, locale: SpokenLocale): string {
  const shared = items.every((i) => i.label === items[0]?.label) ? (items[0]?.label ?? '') : undefined;
  const spoken = items.map((i) => (shared !== undefined || i.label === '' ? i.time : `${i.time} ${i.label}`));
  const last = spoken.pop() as string;
  const list = spoken.length === 0 ? last : `${spoken.join(', ')} ${VOCABULARY[locale].or} ${last}`;
  return shared ? `${list} ${shared}` : list;
}
