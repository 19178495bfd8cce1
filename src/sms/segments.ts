// How many SMS parts a body costs: carriers bill per segment, and one character outside GSM-7 switches the whole
// message to UCS-2, which fits less than half as much per segment.

// GSM 03.38 basic table (ESC left out: it only introduces the extension table).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Each of these costs two septets: ESC plus the character.
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

const LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const;

export type SmsEncoding = keyof typeof LIMITS;

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

function gsmCost(char: string): number | undefined {
  if (GSM_BASIC.has(char)) return 1;
  return GSM_EXTENSION.has(char) ? 2 : undefined;
}

/** A character's cost in the body's encoding; UCS-2 needs two units for anything outside the BMP (most emoji). */
function costs(chars: string[]): { encoding: SmsEncoding; costs: number[] } {
  const gsm = chars.map(gsmCost);
  if (gsm.every((c) => c !== undefined)) return { encoding: 'GSM-7', costs: gsm as number[] };
  return { encoding: 'UCS-2', costs: chars.map((c) => c.length) };
}

/** Parts are filled greedily, and a character is never split across two (phones could not reassemble it). */
function partsNeeded(charCosts: number[], perPart: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of charCosts) {
    if (used + cost > perPart) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

export function smsSize(body: string): SmsSize {
  const { encoding, costs: charCosts } = costs([...body]);
  const units = charCosts.reduce((sum, c) => sum + c, 0);
  const limit = LIMITS[encoding];
  const segments = units <= limit.single ? 1 : partsNeeded(charCosts, limit.perPart);
  return { encoding, units, segments };
}
