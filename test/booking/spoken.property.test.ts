// Properties of every spoken phrase over random instants, zones and locales. The expectations are computed with
// Intl directly, independently of spoken.ts.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { speakDay, speakSlot, SPOKEN_LOCALES, type SpokenLocale } from '../../src/booking/spoken.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Santiago',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Tehran',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Pacific/Apia',
  'Africa/Casablanca',
  'Asia/Amman',
  'Antarctica/Troll',
];
const FORBIDDEN = /\d{4}-\d{2}-\d{2}|UTC|GMT|[+-]\d{2}:?\d{2}/;
const RELATIVE: Record<SpokenLocale, { today: RegExp; tomorrow: RegExp }> = {
  'en-US': { today: /\btoday\b/, tomorrow: /\btomorrow\b/ },
  'en-GB': { today: /\btoday\b/, tomorrow: /\btomorrow\b/ },
  'de-DE': { today: /(?<!\p{L})heute(?!\p{L})/u, tomorrow: /(?<!\p{L})morgen(?!\p{L})/u },
};

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2090, 0, 1);
const sample = fc.record({
  nowMs: fc.integer({ min: MIN_MS, max: MAX_MS }),
  aheadMinutes: fc.integer({ min: -3 * 24 * 60, max: 400 * 24 * 60 }),
  zone: fc.constantFrom(...ZONES),
  caller: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
  locale: fc.constantFrom(...SPOKEN_LOCALES),
});

/** Local calendar date per Intl, as YYYY-MM-DD. */
function intlDate(epochMs: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    epochMs,
  );
}

/** Local hour and minute per Intl. */
function intlTime(epochMs: number, zone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  })
    .formatToParts(epochMs)
    .map((p) => [p.type, p.value]);
  const get = (type: string) => Number(Object.fromEntries(parts)[type]);
  return { hour: get('hour'), minute: get('minute') };
}

/** How the minute must be said, from Intl's hour and minute. */
function expectedTime(t: { hour: number; minute: number }, locale: SpokenLocale): string {
  const mm = t.minute === 0 ? '' : `:${String(t.minute).padStart(2, '0')}`;
  if (locale === 'de-DE') return `${t.hour}${mm} Uhr`;
  if (t.minute === 0 && t.hour === 12) return 'noon';
  if (t.minute === 0 && t.hour === 0) return 'midnight';
  const meridiem = t.hour < 12 ? 'AM' : 'PM';
  return `${t.hour % 12 || 12}${mm} ${locale === 'en-GB' ? meridiem.toLowerCase() : meridiem}`;
}

function addDays(isoDate: string, days: number): string {
  return Temporal.PlainDate.from(isoDate).add({ days }).toString();
}

describe('speakSlot properties', () => {
  it('never says ISO text, UTC, GMT or an offset', () => {
    fc.assert(
      fc.property(sample, ({ nowMs, aheadMinutes, zone, caller, locale }) => {
        const now = Temporal.Instant.fromEpochMilliseconds(nowMs);
        const start = now.add({ minutes: aheadMinutes });
        const phrase = speakSlot(start, { now, timeZone: zone, locale, callerTimeZone: caller });
        expect(phrase).not.toMatch(FORBIDDEN);
      }),
      { numRuns: 3000 },
    );
  });

  it('says "today"/"tomorrow" exactly when the local date is today/tomorrow (and the caller shares the date)', () => {
    fc.assert(
      fc.property(sample, ({ nowMs, aheadMinutes, zone, caller, locale }) => {
        const now = Temporal.Instant.fromEpochMilliseconds(nowMs);
        const start = now.add({ minutes: aheadMinutes });
        const phrase = speakSlot(start, { now, timeZone: zone, locale, callerTimeZone: caller });
        const today = intlDate(nowMs, zone);
        const day = intlDate(start.epochMilliseconds, zone);
        const shared = caller === undefined || intlDate(nowMs, caller) === today;
        expect(RELATIVE[locale].today.test(phrase)).toBe(shared && day === today);
        expect(RELATIVE[locale].tomorrow.test(phrase)).toBe(shared && day === addDays(today, 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('says the local minute and, beyond tomorrow, the local weekday and day of month', () => {
    fc.assert(
      fc.property(sample, ({ nowMs, aheadMinutes, zone, locale }) => {
        const now = Temporal.Instant.fromEpochMilliseconds(nowMs);
        const start = now.add({ minutes: aheadMinutes });
        const phrase = speakSlot(start, { now, timeZone: zone, locale });
        const at = locale === 'de-DE' ? 'um' : 'at';
        expect(phrase).toContain(` ${at} ${expectedTime(intlTime(start.epochMilliseconds, zone), locale)}`);
        const today = intlDate(nowMs, zone);
        const day = intlDate(start.epochMilliseconds, zone);
        if (day !== today && day !== addDays(today, 1)) {
          const weekday = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long' }).format(
            start.epochMilliseconds,
          );
          expect(phrase.startsWith(weekday)).toBe(true);
          expect(phrase).toContain(` ${Number(day.slice(8))}`);
          expect(phrase.includes(day.slice(0, 4))).toBe(day.slice(0, 4) !== today.slice(0, 4));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('speakDay over one local day never says forbidden text either', () => {
    fc.assert(
      fc.property(
        sample,
        fc.array(fc.integer({ min: 0, max: 24 * 60 - 1 }), { minLength: 1, maxLength: 5 }),
        (s, minutes) => {
          const now = Temporal.Instant.fromEpochMilliseconds(s.nowMs);
          const day = now.add({ minutes: s.aheadMinutes }).toZonedDateTimeISO(s.zone).startOfDay();
          const starts = minutes.map((m) => day.add({ minutes: m }).toInstant());
          const sameDay = starts.filter((i) => i.toZonedDateTimeISO(s.zone).toPlainDate().equals(day.toPlainDate()));
          if (sameDay.length === 0) return;
          const phrase = speakDay(sameDay, { now, timeZone: s.zone, locale: s.locale, callerTimeZone: s.caller });
          expect(phrase).not.toMatch(FORBIDDEN);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
