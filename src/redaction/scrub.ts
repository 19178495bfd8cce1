// What may be printed of text and values that can carry personal data or credentials: URLs lose their userinfo,
// query and fragment; emails and phone numbers are masked; argument objects lose the values of personal fields.
import { redactEmail } from '../booking/email.js';
import { redactPhone } from '../sms/phone.js';

/** "https://user:pass@host/v2?apiKey=…#x" → "https://host/v2": the host and path say where, the rest may be secret. */
export function stripUrlSecrets(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//').replace(/[?#]\S*/, '');
  }
}

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const EMAIL_RE = /[^\s@"'<>(),;:[\]{}]+@[^\s@"'<>(),;:[\]{}]+\.[A-Za-z]{2,}/g;
// "+1 415 555 0123", "+14155550123", "(415) 555-0123", "415.555.0123", and bare runs of 10–15 digits.
const PHONE_RE = /\+\d[\d\s().-]{6,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b\d{10,15}\b/g;
// Spoken emails as callers say them and tools receive them: "jo dot smith at gmail dot com", spelled letters
// included ("j o dot s m i t h at g mail dot com"): words up to "at", then words up to "dot <tld>".
const SPOKEN_EMAIL_RE = /\b(?:[\w-]+\s+){1,16}at\s+(?:[\w-]+\s+){1,8}dot\s+[a-z]{2,}\b/gi;

/** Every URL in `text` without userinfo, query or fragment. */
export function scrubUrls(text: string): string {
  return text.replace(URL_RE, (u) => stripUrlSecrets(u));
}

export function scrubText(text: string): string {
  return scrubUrls(text)
    .replace(EMAIL_RE, (e) => redactEmail(e))
    .replace(SPOKEN_EMAIL_RE, '[email]')
    .replace(PHONE_RE, (p) => {
      const digits = p.replace(/[^\d+]/g, '');
      return redactPhone(digits.startsWith('+') ? digits : `+${digits}`);
    });
}

/** Keys whose values are personal whatever they look like (a name, a spelled-out email, notes). */
const PERSONAL_KEY = /^(name|email|phone|notes|attendee|attendees|cal_email|callerPhone|phoneNumber|to|body)$/i;

/** A copy of `value` with personal fields masked and every string scrubbed; bounded in depth and size. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    // Tool arguments reach the log as JSON text when they failed to parse into the schema.
    if (/^\s*[[{]/.test(value) && value.length < 100_000) {
      try {
        return JSON.stringify(scrubValue(JSON.parse(value), depth + 1));
      } catch {
        // not JSON after all
      }
    }
    return scrubText(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, PERSONAL_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? '[redacted]' : scrubValue(v, depth + 1)]),
  );
}
