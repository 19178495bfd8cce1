// Phone numbers as texts need them: E.164, whatever form the call or a contact record gave us, and masked for logs.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * SIP and tel URIs carry the number in the user part, followed by parameters (";user=phone") and, for SIP,
 * "@host". A display-name form such as `"Jo" <sip:+1415…@pbx>` is common in SIP headers.
 */
function userPart(raw: string): string {
  const bracketed = /<([^>]*)>/.exec(raw)?.[1] ?? raw;
  const uri = /^(?:sips?|tel):(.*)$/i.exec(bracketed.trim());
  if (!uri) return raw;
  return (uri[1] ?? '').split('@')[0]!.split(';')[0]!;
}

/**
 * The number in E.164 ("+14155550123"), or null when it is not a valid number. Numbers written without a
 * country code need `defaultCountry`. An extension is dropped: a text cannot be sent to one.
 */
export function toE164(raw: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(userPart(raw.trim()), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * A number as it is read back to a caller, digit by digit in its usual groups: "+14155550142" for an en-US line is
 * "4 1 5, 5 5 5, 0 1 4 2"; a number of another country starts with its code ("plus 4 9, 1 5 1, …").
 */
export function spokenDigits(e164: string, locale: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164.replace(/\D/g, '').split('').join(' ');
  const home = locale.split('-')[1]?.toUpperCase();
  const groups = (parsed.country === home ? parsed.formatNational() : parsed.formatInternational()).match(/\d+/g) ?? [];
  const spoken = groups.map((g) => g.split('').join(' ')).join(', ');
  return parsed.country === home ? spoken : `plus ${spoken}`;
}

/**
 * "+14155550123" → "+1******0123": the country code says where a text went and the last four digits tell
 * numbers apart, which is all a log reader needs. Anything that is not E.164 is masked completely.
 */
export function redactPhone(e164: string): string {
  const parsed = /^\+\d{6,15}$/.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return '***';
  const national = e164.slice(1 + parsed.countryCallingCode.length);
  const shown = national.length >= 8 ? 4 : 2;
  return `+${parsed.countryCallingCode}${'*'.repeat(national.length - shown)}${national.slice(-shown)}`;
}
