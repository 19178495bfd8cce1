// The searchable IANA zone list for `setup` and `init`: canonical spelling for what a person types ("europe/berlin",
// "Berlin") and a did-you-mean for near misses ("Europe/Berln").
import { isValidTimeZone } from '../time/zones.js';

/**
 * Today's IANA names that ICU still lists under an old spelling (Intl offers "Asia/Calcutta" but not
 * "Asia/Kolkata"), so a search for either finds one, and the file keeps the name people know.
 */
const CURRENT_NAMES = [
  'Africa/Asmara', 'America/Argentina/Buenos_Aires', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'America/Nuuk',
  'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Yangon', 'Atlantic/Faroe', 'Europe/Kyiv', 'Pacific/Chuuk', 'Pacific/Kanton', 'Pacific/Pohnpei',
];

export const TIME_ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES.filter(isValidTimeZone), 'UTC'])].sort();

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

const key = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The zone as Intl spells it, for any casing or a bare city ("berlin" → "Europe/Berlin"); undefined if none fits. */
export function canonicalZone(input: string): string | undefined {
  const k = key(input);
  if (!k) return undefined;
  const exact = TIME_ZONES.find((z) => z.toLowerCase() === k);
  if (exact) return exact;
  const city = TIME_ZONES.filter((z) => z.toLowerCase().split('/').pop() === k);
  if (city.length === 1) return city[0];
  return undefined;
}

/** Up to three zones closest to a mistyped one, nearest first. */
export function suggestZones(input: string): string[] {
  const k = key(input);
  return TIME_ZONES.map((z) => {
    const lower = z.toLowerCase();
    return { z, d: Math.min(distance(k, lower), distance(k, lower.split('/').pop()!) + 1) };
  })
    .filter(({ d }) => d <= Math.max(2, Math.floor(k.length / 4)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ z }) => z);
}

/** "Europe/Berln is not an IANA time zone; did you mean Europe/Berlin?" */
export function zoneProblem(input: string): string {
  const near = suggestZones(input);
  return `${JSON.stringify(input)} is not an IANA time zone${near.length ? `; did you mean ${near.join(' or ')}?` : ' (e.g. Europe/Berlin, America/New_York)'}`;
}
