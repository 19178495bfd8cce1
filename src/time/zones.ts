// IANA zone checks shared by config and world validation; Intl's own list is the source of truth.
const known = new Set(Intl.supportedValuesOf('timeZone'));

/** True for any zone Intl can format in, including aliases such as "UTC" that the canonical list omits. */
export function isValidTimeZone(zone: string): boolean {
  if (known.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
