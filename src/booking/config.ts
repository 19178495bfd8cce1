// Booking action config: read from a JSON or YAML file, validated by zod, with errors that name the file, the
// field, an excerpt of the bad value and what is allowed. Secrets never live here: they come from the environment.
import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod/v4';
import { readTimeZone } from './zone-advice.js';
import { DEFAULT_SMS_TEMPLATE } from '../sms/template.js';
import { allowedKeys, describeValue, formatPath, keySuggestion, redactSecrets, structureProblem } from './config-checks.js';
import { MANAGE_FIELDS, smsTemplateField } from './manage-config.js';
import { SPOKEN_LOCALES } from './spoken.js';

export const LOCATION_KINDS = ['cal-video', 'zoom', 'google-meet', 'ms-teams', 'phone', 'in-person'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Anywhere in a key: `calcomApiKey` and `twilio_auth_token` are secrets as much as `apiKey` is. */
const SECRET_KEYS = /(api[-_]?key|token|secret|password|account[-_]?sid)/i;

const DATE_MESSAGE = 'expected a real calendar date as YYYY-MM-DD (e.g. 2026-03-01), or blank for "from now"';
/** A real calendar date: the regex alone passed 2026-02-31 and 2026-13-01. */
const isoDate = z.string({ error: DATE_MESSAGE }).refine((v) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  try {
    Temporal.PlainDate.from(v, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}, DATE_MESSAGE);

const EMAIL_MESSAGE = 'expected an email address such as team@example.com, or blank to always ask the caller';

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
    address: z.string({ error: 'expected the address as text' }).trim().min(1, 'expected the address callers are told, not blank').optional(),
    /** Presentation zone; default the Cal.com account's zone, then this machine's. Checked with the locale below. */
    timeZone: z.string({ error: 'expected an IANA time zone such as Europe/Berlin' }).optional(),
    daysAhead: intRange(1, 3).default(2),
    slotsPerDay: intRange(1, 10).default(3),
    minSpacingMinutes: intRange(0, 720, 'whole minutes').default(60),
    earliestDate: z.union([z.literal(''), isoDate], { error: DATE_MESSAGE }).optional().transform((v) => v || undefined),
    locale: z.enum(SPOKEN_LOCALES, { error: `expected one of ${SPOKEN_LOCALES.join(', ')}` }).default('en-US'),
    /** Blank forces the agent to collect an email from the caller. */
    fallbackEmail: z
      .union([z.literal(''), z.email(EMAIL_MESSAGE)], { error: EMAIL_MESSAGE })
      .optional()
      .transform((v) => v || undefined),
    sms: z
      .object({
        enabled: z.boolean({ error: 'expected true or false' }).default(true),
        template: smsTemplateField(DEFAULT_SMS_TEMPLATE),
      }, { error: 'expected sms settings: an object with enabled and template' })
      .strict()
      .default({ enabled: true, template: DEFAULT_SMS_TEMPLATE }),
    useSchedulingScript: z.boolean({ error: 'expected true or false' }).default(true),
    /**
     * Bookings one call may make for this action. Past the first, each needs the booking tool's
     * `anotherBooking: true`, which the script allows only when the caller asked for a separate appointment.
     */
    maxBookingsPerCall: intRange(1, 10).default(1),
    // Finding, cancelling and moving bookings, the booking-link text and callbacks: see manage-config.ts.
    ...MANAGE_FIELDS,
  }, { error: 'expected an action: an object with eventType and location' })
  .strict()
  .superRefine((a, ctx) => {
    if (a.location === 'in-person' && !a.address)
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'required when location is in-person (the address callers are told)' });
    if (a.timeZone !== undefined) {
      const zone = readTimeZone(a.timeZone, a.locale);
      if (!zone.ok) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: zone.reason });
    }
  });
export type ActionConfig = z.infer<typeof ActionConfigSchema>;

export const BookingConfigSchema = z
  .object(
    { actions: z.array(ActionConfigSchema, { error: 'expected a list of actions (each with eventType and location)' }).min(1, 'expected at least one action') },
    { error: 'expected a booking config: an object with "actions", a list of actions' },
  )
  .strict();
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

function findSecrets(v: unknown, path: PropertyKey[] = []): string[] {
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, child]) =>
    SECRET_KEYS.test(k) ? [formatPath([...path, k])] : findSecrets(child, [...path, Array.isArray(v) ? Number(k) : k]),
  );
}

/** One line per problem: the field, an excerpt of what was there (never a whole object) and what is allowed. */
function issueLines(issue: z.core.$ZodIssue, raw: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(BookingConfigSchema, issue.path);
    return issue.keys.map((key) => {
      const hint = keySuggestion(key, allowed);
      return `  ${formatPath([...issue.path, key])}: unknown key${hint ? `; did you mean "${hint}"?` : ''} Allowed here: ${allowed.join(', ')}`;
    });
  }
  const bad = valueAt(raw, issue.path);
  const got = bad === undefined ? 'missing' : `got ${describeValue(bad)}`;
  return [`  ${formatPath(issue.path)}: ${got}; ${redactSecrets(issue.message)}`];
}

export interface ConfigLoadOptions {
  /** Non-fatal findings (a corrected zone spelling, an earliestDate in the past). Default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** The clock for "in the past" checks. */
  now?: Temporal.Instant;
}

/** Spells zones canonically and reports what was corrected or has no effect; the config is valid by now. */
function settle(config: BookingConfig, source: string, o: ConfigLoadOptions): BookingConfig {
  const warn = o.onWarning ?? ((m: string) => process.emitWarning(m, 'ConfigWarning'));
  const now = o.now ?? Temporal.Now.instant();
  config.actions.forEach((a, i) => {
    if (a.timeZone !== undefined) {
      const zone = readTimeZone(a.timeZone, a.locale, now);
      if (zone.ok && zone.corrected) {
        warn(`${source}: actions[${i}].timeZone: read "${a.timeZone}" as ${zone.zone}; write it that way to silence this warning`);
        a.timeZone = zone.zone;
      }
    }
    const today = now.toZonedDateTimeISO(a.timeZone ?? Temporal.Now.timeZoneId()).toPlainDate();
    if (a.earliestDate !== undefined && Temporal.PlainDate.compare(Temporal.PlainDate.from(a.earliestDate), today) < 0)
      warn(`${source}: actions[${i}].earliestDate ${a.earliestDate} is in the past, so it has no effect: times are offered from now on. Remove it or set a future date`);
  });
  return config;
}

/** Validates a parsed config; every problem names `source`, the field path, an excerpt of the bad value and what is allowed. */
export function parseBookingConfig(raw: unknown, source: string, o: ConfigLoadOptions = {}): BookingConfig {
  const shape = structureProblem(raw);
  if (shape) throw new ConfigError(`${source} is not a valid booking config:\n  ${shape}`);
  const secrets = findSecrets(raw);
  if (secrets.length)
    throw new ConfigError(
      `${source}: ${secrets.join(', ')}: secrets are read from the environment only (CALCOM_API_KEY, TWILIO_AUTH_TOKEN, …); remove them from the file`,
    );
  const r = BookingConfigSchema.safeParse(raw);
  if (r.success) return settle(r.data, source, o);
  throw new ConfigError(`${source} is not a valid booking config:\n${r.error.issues.flatMap((i) => issueLines(i, raw)).join('\n')}`);
}

export function loadBookingConfig(path: string, o: ConfigLoadOptions = {}): BookingConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read booking config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const kind = /\.json$/i.test(path) ? 'JSON' : 'YAML';
  let raw: unknown;
  try {
    raw = kind === 'JSON' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    // The YAML parser recurses per nesting level; a deep enough document exhausts the stack.
    const deep = e instanceof RangeError || /call stack/i.test((e as Error).message);
    const why = deep ? `it nests too deep (a booking config needs 4 levels)` : redactSecrets((e as Error).message).slice(0, 300);
    throw new ConfigError(`${path} is not valid ${kind}: ${why}`);
  }
  return parseBookingConfig(raw, path, o);
}
