// What a person typed as a time zone, read generously but never guessed: the canonical IANA spelling (with a note
// when the spelling was corrected), a refusal with a reason for abbreviations and for zones the agent cannot name
// aloud (the offset-only Etc/GMT±N), and a did-you-mean from Intl's own zone list.
import { closest, distance } from 'fastest-levenshtein';
import { Temporal } from 'temporal-polyfill';
import { spokenZoneName, type SpokenLocale } from './spoken.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const BY_LOWER = new Map(ZONES.map((z) => [z.toLowerCase(), z]));
for (const z of ['UTC', 'Etc/UTC']) BY_LOWER.set(z.toLowerCase(), z);

/**
 * Abbreviations people write for a zone. Intl accepts some of them and reads them in ways no one means ("EST" is
 * America/Panama there, with no daylight saving time), so each is refused with the place-based zone to write.
 */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver (or America/Phoenix, which keeps standard time all year)', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', HST: 'Pacific/Honolulu',
  GMT: 'Europe/London (or UTC for no local time at all)', BST: 'Europe/London', WET: 'Europe/Lisbon', WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin (or Europe/Paris, Europe/Madrid, …)', CEST: 'Europe/Berlin (or Europe/Paris, Europe/Madrid, …)', MEZ: 'Europe/Berlin',
  EET: 'Europe/Athens (or Europe/Helsinki, …)', EEST: 'Europe/Athens (or Europe/Helsinki, …)', MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)', PKT: 'Asia/Karachi', SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong', JST: 'Asia/Tokyo', KST: 'Asia/Seoul', AEST: 'Australia/Sydney (or Australia/Brisbane, which keeps standard time)',
  AEDT: 'Australia/Sydney', ACST: 'Australia/Adelaide', AWST: 'Australia/Perth', NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
  BRT: 'America/Sao_Paulo', ART: 'America/Argentina/Buenos_Aires', SAST: 'Africa/Johannesburg', WAT: 'Africa/Lagos', EAT: 'Africa/Nairobi',
};

export type ZoneReading =
  | { ok: true; zone: string; corrected: boolean }
  | { ok: false; reason: string };

const OFFSET_ONLY = /^(etc\/)?(gmt|utc)?[+-]\d{1,2}(:?\d{2})?$/i;

function offsetsThisYear(zone: string, year: number): [number, number] {
  const at = (month: number) => Temporal.ZonedDateTime.from({ timeZone: zone, year, month, day: 1 }).offsetNanoseconds;
  return [at(1), at(7)];
}

/** Named zones that keep exactly this zone's offsets all year, for the refusal of an offset-only zone. */
function namedTwins(zone: string, locale: SpokenLocale, year: number): string[] {
  const [jan, jul] = offsetsThisYear(zone, year);
  return ZONES.filter((z) => z.includes('/') && !z.startsWith('Etc/'))
    .filter((z) => {
      const [j, u] = offsetsThisYear(z, year);
      return j === jan && u === jul && spokenZoneName(z, locale, Date.UTC(year, 0, 1)) !== undefined;
    })
    .slice(0, 3);
}

function suggestion(input: string): string | undefined {
  const lower = input.toLowerCase().replace(/\s+/g, '_');
  const byCity = ZONES.find((z) => z.toLowerCase().split('/').pop() === lower);
  if (byCity) return byCity;
  const best = closest(lower, [...BY_LOWER.keys()]);
  return distance(lower, best) <= Math.max(2, Math.floor(lower.length / 4)) ? BY_LOWER.get(best) : undefined;
}

/**
 * Reads a configured zone for an agent speaking `locale`. `now` picks the year whose offsets an offset-only zone is
 * compared against when suggesting a named one.
 */
export function readTimeZone(input: string, locale: SpokenLocale, now: Temporal.Instant = Temporal.Now.instant()): ZoneReading {
  const trimmed = input.trim();
  const abbreviation = ABBREVIATIONS[trimmed.toUpperCase()];
  if (abbreviation)
    return {
      ok: false,
      reason: `"${trimmed}" is an abbreviation, not a place: abbreviations are ambiguous and do not follow daylight saving time changes. Write the IANA zone of the place instead, e.g. ${abbreviation}`,
    };
  const exact = BY_LOWER.get(trimmed.toLowerCase());
  let zone = exact;
  if (zone === undefined) {
    try {
      // Intl also knows aliases its list leaves out ("US/Eastern" → America/New_York).
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
      if (trimmed.includes('/') || OFFSET_ONLY.test(trimmed)) zone = resolved;
    } catch {
      // not a zone Intl knows
    }
  }
  if (zone === undefined && OFFSET_ONLY.test(trimmed))
    return { ok: false, reason: `"${trimmed}" is an offset, not a place: it does not follow daylight saving time changes. Write the IANA zone of the place, e.g. Europe/Berlin or America/New_York` };
  if (zone === undefined) {
    const guess = suggestion(trimmed);
    return { ok: false, reason: `"${trimmed.slice(0, 60)}" is not an IANA time zone${guess ? `; did you mean ${guess}?` : '.'} Write it as Area/City, e.g. Europe/Berlin or America/New_York` };
  }
  const year = now.toZonedDateTimeISO('UTC').year;
  if (spokenZoneName(zone, locale, now.epochMilliseconds) === undefined) {
    const twins = namedTwins(zone, locale, year);
    return {
      ok: false,
      reason:
        `${zone} is an offset, not a place, and has no name the agent can say aloud. ` +
        (twins.length
          ? `Use the named zone of the place, e.g. ${twins.join(', ')} (the same offset all year)`
          : 'No named zone keeps this offset; use the IANA zone of the place your callers are in, e.g. Pacific/Pago_Pago or Pacific/Auckland'),
    };
  }
  return { ok: true, zone, corrected: zone !== trimmed };
}
