// The booking config's JSON Schema, generated from the zod schema (so the two cannot disagree), with a description
// on every field and the IANA zones as completions. Shipped as schema/booking-config.schema.json; the YAML that
// `setup` and `init` write points editors at it (`# yaml-language-server: $schema=…`).
import { fileURLToPath } from 'node:url';
import { z } from 'zod/v4';
import { BookingConfigSchema } from '../booking/config.js';
import { SMS_PLACEHOLDERS } from '../sms/template.js';
import { TIME_ZONES } from './zones.js';

/** Resolved the same way from src/setup (tsx) and dist/setup (built). */
export const BOOKING_CONFIG_SCHEMA = fileURLToPath(new URL('../../schema/booking-config.schema.json', import.meta.url));

const DESCRIPTIONS: Record<string, string> = {
  eventType: 'The Cal.com event type: its id (run `cal-booking-action connect` to list them), {id}, {slug, username} or {slug, team} (the team slug).',
  location: 'How the meeting is held; it must be one the event type offers in Cal.com.',
  address: 'Required for in-person: the address callers are told and texted (the event type\'s own address in Cal.com).',
  timeZone: 'IANA zone the times are offered in; default the Cal.com account\'s zone.',
  daysAhead: 'How many days ahead to offer times (1 to 3).',
  slotsPerDay: 'At most this many times offered per day.',
  minSpacingMinutes: 'Offered times on one day are at least this many minutes apart.',
  earliestDate: 'Offer nothing before this date (YYYY-MM-DD); blank: from now on.',
  locale: 'How times are spoken and texted.',
  fallbackEmail: 'Booked under this email when the caller has none; blank: the agent always collects one.',
  sms: 'The SMS confirmation sent after a booking (needs TWILIO_* in the environment).',
  enabled: 'Send the SMS confirmation.',
  template: `The SMS text; placeholders: ${SMS_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}.`,
  useSchedulingScript: 'Give the agent the prebuilt scheduling script for this action.',
};

type Json = Record<string, unknown>;

export function bookingConfigJsonSchema(): Json {
  const schema = z.toJSONSchema(BookingConfigSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const describe = (props: Json | undefined) => {
    for (const [name, prop] of Object.entries(props ?? {})) {
      const p = prop as Json;
      if (DESCRIPTIONS[name]) p['description'] = DESCRIPTIONS[name];
      if (name === 'timeZone') p['examples'] = TIME_ZONES;
      describe(p['properties'] as Json | undefined);
    }
  };
  const actions = (schema['properties'] as Json)['actions'] as Json;
  actions['description'] = 'One booking action per entry; each gives the agent a find-times and a book tool.';
  describe((actions['items'] as Json)['properties'] as Json);
  return { ...schema, title: 'cal-booking-action booking config' };
}

export const renderJsonSchema = (): string => `${JSON.stringify(bookingConfigJsonSchema(), null, 2)}\n`;
