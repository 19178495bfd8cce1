// Booking action config: read from a JSON or YAML file, validated by zod, with errors that name the file, the
// field, the bad value and what is allowed. Secrets never live here: they come from the environment.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isValidTimeZone } from '../time/zones.js';
import { DEFAULT_SMS_TEMPLATE, findUnknownPlaceholders, SMS_PLACEHOLDERS } from '../sms/template.js';
import { MANAGE_FIELDS } from './manage-config.js';
import { SPOKEN_LOCALES } from './spoken.js';

export const LOCATION_KINDS = ['cal-video', 'zoom', 'google-meet', 'ms-teams', 'phone', 'in-person'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

const SECRET_KEYS = /^(api[-_]?key|token|auth[-_]?token|secret|password|account[-_]?sid)$/i;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD, or blank for "from now"');

/** A whole number in [lo, hi] whose every failure says what is allowed. */
function intRange(lo: number, hi: number, unit = 'a whole number') {
  const message = `expected ${unit} from ${lo} to ${hi}`;
  return z.number({ error: message }).int(message).min(lo, message).max(hi, message);
}

export const EventTypeRefSchema = z.union(
  [
    z.number().int().positive(),
    z.object({ id: z.number().int().positive() }).strict(),
    z.object({ slug: z.string().min(1), username: z.string().min(1) }).strict(),
    z.object({ slug: z.string().min(1), team: z.string().min(1) }).strict(),
  ],
  { error: 'expected an event type id (e.g. 101), {id}, {slug, username} or {slug, team} (the team slug)' },
);
export type EventTypeRef = z.infer<typeof EventTypeRefSchema>;

export const ActionConfigSchema = z
  .object({
    eventType: EventTypeRefSchema,
    location: z.enum(LOCATION_KINDS, { error: `expected one of ${LOCATION_KINDS.join(', ')}` }),
    /** Required for in-person: what the caller is told and texted. */
    address: z.string().trim().min(1).optional(),
    /** Presentation zone; default the Cal.com account's zone, then this machine's. */
    timeZone: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin').optional(),
    daysAhead: intRange(1, 3).default(2),
    slotsPerDay: intRange(1, 10).default(3),
    minSpacingMinutes: intRange(0, 720, 'whole minutes').default(60),
    earliestDate: z.union([z.literal(''), isoDate]).optional().transform((v) => v || undefined),
    locale: z.enum(SPOKEN_LOCALES, { error: `expected one of ${SPOKEN_LOCALES.join(', ')}` }).default('en-US'),
    /** Blank forces the agent to collect an email from the caller. */
    fallbackEmail: z
      .union([z.literal(''), z.email('expected an email address, or blank to always ask the caller')])
      .optional()
      .transform((v) => v || undefined),
    sms: z
      .object({
        enabled: z.boolean().default(true),
        template: z
          .string()
          .min(1)
          .default(DEFAULT_SMS_TEMPLATE)
          .superRefine((t, ctx) => {
            const unknown = findUnknownPlaceholders(t);
            if (unknown.length)
              ctx.addIssue({
                code: 'custom',
                message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; allowed: ${SMS_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
              });
          }),
      })
      .strict()
      .default({ enabled: true, template: DEFAULT_SMS_TEMPLATE }),
    useSchedulingScript: z.boolean().default(true),
    /**
     * Bookings one call may make for this action. Past the first, each needs the booking tool's
     * `anotherBooking: true`, which the script allows only when the caller asked for a separate appointment.
     */
    maxBookingsPerCall: intRange(1, 10).default(1),
    // Finding, cancelling and moving bookings, the booking-link text and callbacks: see manage-config.ts.
    ...MANAGE_FIELDS,
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.location === 'in-person' && !a.address)
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'required when location is in-person (the address callers are told)' });
  });
export type ActionConfig = z.infer<typeof ActionConfigSchema>;

export const BookingConfigSchema = z.object({ actions: z.array(ActionConfigSchema).min(1, 'at least one action') }).strict();
export type BookingConfig = z.infer<typeof BookingConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || '(top level)';
}

function findSecrets(v: unknown, path: PropertyKey[] = []): string[] {
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, child]) =>
    SECRET_KEYS.test(k) ? [formatPath([...path, k])] : findSecrets(child, [...path, Array.isArray(v) ? Number(k) : k]),
  );
}

/** Validates a parsed config; every problem names `source`, the field path, the bad value and what is allowed. */
export function parseBookingConfig(raw: unknown, source: string): BookingConfig {
  const secrets = findSecrets(raw);
  if (secrets.length)
    throw new ConfigError(
      `${source}: ${secrets.join(', ')}: secrets are read from the environment only (CALCOM_API_KEY, TWILIO_AUTH_TOKEN, …); remove them from the file`,
    );
  const r = BookingConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const bad = valueAt(raw, i.path);
    const got = bad === undefined ? 'missing' : `got ${JSON.stringify(bad)}`;
    return `  ${formatPath(i.path)}: ${got}; ${i.message}`;
  });
  throw new ConfigError(`${source} is not a valid booking config:\n${lines.join('\n')}`);
}

export function loadBookingConfig(path: string): BookingConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read booking config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return parseBookingConfig(raw, path);
}
