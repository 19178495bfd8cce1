// An event type's booking fields (the questions of its booking form) as Cal.com builds, renders and enforces them:
// the system fields every event type has, the world file's changes to them, the API v2 output shape, and the checks
// a booking POST must pass, including the phone-only attendee that organization team event types allow.
import { z } from 'zod/v4';
import { SandboxApiError } from './api-error.js';

/**
 * A booking field the world gives an event type, in API v2's input shape (`*FieldInput_2024_06_14`): `email` changes
 * the email system field, `attendeePhoneNumber` (type phone) asks for the attendee's phone, other slugs add questions.
 * The system fields (name, email, location, title, notes, guests, rescheduleReason) are always there; see
 * eventTypeFields below.
 */
export const WorldBookingFieldSchema = z
  .object({
    type: z.enum(['email', 'phone', 'text', 'textarea', 'number', 'boolean', 'address', 'url']),
    slug: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dashes and underscores'),
    label: z.string().optional(),
    required: z.boolean().default(false),
    hidden: z.boolean().default(false),
  })
  .strict()
  .refine((f) => (f.slug === 'email') === (f.type === 'email'), { message: 'the slug "email" and the type email go together' })
  .refine((f) => f.slug !== 'attendeePhoneNumber' || f.type === 'phone', { message: 'attendeePhoneNumber is a phone field' })
  .refine((f) => !['name', 'location'].includes(f.slug), { message: 'name and location are fixed system fields' });
export type WorldBookingField = z.infer<typeof WorldBookingFieldSchema>;

/** What the fields are read from: an event type of the world, and its team's organization. */
interface FieldsOwner {
  id: number;
  bookingFields: WorldBookingField[];
}
interface TeamOfFields {
  parentId?: number | null | undefined;
}

/** A field as Cal.com stores it on the event type (`EventType.bookingFields`), reduced to what the sandbox uses. */
export interface StoredField {
  name: string;
  type: string;
  /** System fields are "system" or "system-but-optional"; fields added on the form (or through API v2) are "user". */
  editable: 'system' | 'system-but-optional' | 'user';
  required: boolean;
  hidden: boolean;
  label?: string;
}

const system = (name: string, type: string, editable: StoredField['editable'], required: boolean, hidden = false): StoredField => ({
  name,
  type,
  editable,
  required,
  hidden,
});

/**
 * Cal.com's getBookingFieldsWithSystemFields (packages/features/bookings/lib/getBookingFields.ts): name, email (an
 * org team event's email is "system-but-optional"), for org team events a hidden optional attendeePhoneNumber, the
 * location, then the form's own fields, then title (hidden), notes, guests and rescheduleReason. A field the world
 * file names replaces the system field of that name ({...system, ...stored}); attendeePhoneNumber given there is a
 * user field, as API v2 creates it (PhoneFieldInput_2024_06_14 with the special slug) and as Cal.com's own
 * team-bookings e2e spec stores it for its phone-only event type.
 */
export function eventTypeFields(et: FieldsOwner, team: TeamOfFields | undefined): StoredField[] {
  const org = team?.parentId != null;
  const given = new Map(et.bookingFields.map((f) => [f.slug, f]));
  const before = [
    system('name', 'name', 'system', true),
    system('email', 'email', org ? 'system-but-optional' : 'system', true),
    ...(org ? [system('attendeePhoneNumber', 'phone', 'system-but-optional', false, true)] : []),
    system('location', 'radioInput', 'system', false),
  ];
  const after = [
    system('title', 'text', 'system-but-optional', true, true),
    system('notes', 'textarea', 'system-but-optional', false),
    system('guests', 'multiemail', 'system-but-optional', false),
    system('rescheduleReason', 'textarea', 'system-but-optional', false),
  ];
  const apply = (f: StoredField): StoredField => {
    const w = given.get(f.name);
    if (!w) return f;
    given.delete(f.name);
    return { ...f, ...fromWorld(w), editable: w.slug === 'attendeePhoneNumber' ? 'user' : f.editable };
  };
  const head = before.map(apply);
  const tail = after.map(apply);
  const phone = given.get('attendeePhoneNumber');
  if (phone) {
    // A non-org event type has no system phone field: the one given sits where the org one would.
    given.delete('attendeePhoneNumber');
    head.splice(2, 0, { ...fromWorld(phone), editable: 'user' });
  }
  return [...head, ...[...given.values()].map((w) => ({ ...fromWorld(w), editable: 'user' as const })), ...tail];
}

function fromWorld(w: WorldBookingField): StoredField {
  return { name: w.slug, type: w.type, editable: 'user', required: w.required, hidden: w.hidden, ...(w.label ? { label: w.label } : {}) };
}

/**
 * API v2's output of the fields (transformBookingFieldsInternalToApi in
 * apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/booking-fields.ts): system
 * fields with isDefault true and no label unless one was set, user fields with isDefault false.
 */
export function renderBookingFields(fields: readonly StoredField[]) {
  return fields.map((f) => {
    const label = f.label ? { label: f.label } : {};
    if (f.editable === 'user') return { isDefault: false, type: f.type, slug: f.name, label: f.label ?? '', required: f.required, disableOnPrefill: false, hidden: f.hidden };
    switch (f.name) {
      case 'name':
        return { isDefault: true, type: 'name', slug: 'name', required: f.required, disableOnPrefill: false };
      case 'location':
        return { isDefault: true, type: 'radioInput', slug: 'location', required: f.required, hidden: f.hidden, ...label };
      default:
        return { isDefault: true, type: f.type, slug: f.name, required: f.required, ...label, disableOnPrefill: false, hidden: f.hidden };
    }
  });
}

/** Cal.com's contructEmailFromPhoneNumber (packages/lib/contructEmailFromPhoneNumber.ts): the phone's "+" dropped. */
export function placeholderEmail(phone: string): string {
  return `${phone.replace(/\+/g, '')}@sms.cal.com`;
}

const EXPECTED: Record<string, [string, (v: unknown) => boolean]> = {
  phone: ['string', (v) => typeof v === 'string'],
  address: ['string', (v) => typeof v === 'string'],
  text: ['string', (v) => typeof v === 'string'],
  textarea: ['string', (v) => typeof v === 'string'],
  url: ['string', (v) => typeof v === 'string'],
  number: ['number', (v) => typeof v === 'number'],
  boolean: ['boolean', (v) => typeof v === 'boolean'],
  multiemail: ['array', Array.isArray],
};

/**
 * Checks a booking's answers against the fields and returns the attendee email Cal.com stores, in Cal.com's order:
 * 1. API v2's hasRequiredBookingFieldsResponses (bookings 2024-08-13 services/bookings.service.ts): a required user
 *    field without an answer (attendee.phoneNumber answers attendeePhoneNumber) or with an answer of the wrong type.
 * 2. The booking engine's getBookingResponsesSchema (packages/features/bookings/lib/getBookingResponsesSchema.ts):
 *    a hidden field is never required; an email field hidden while the phone field is shown drops the email given;
 *    a required field left empty is "responses - {field}error_required_field".
 * 3. getCalEventResponses (packages/features/bookings/lib/getCalEventResponses.ts): no email left means the
 *    placeholder built from the phone.
 */
export function checkResponses(
  et: FieldsOwner,
  fields: readonly StoredField[],
  attendee: { name: string; email?: string | undefined; phoneNumber?: string | undefined },
  answers: Record<string, unknown>,
): { email: string; responses: Record<string, unknown> } {
  const byApi: Record<string, unknown> = { ...answers, attendeePhoneNumber: attendee.phoneNumber, smsReminderNumber: attendee.phoneNumber };
  for (const f of fields.filter((x) => x.editable === 'user')) {
    const value = byApi[f.name];
    if (f.required && (value === undefined || value === null)) {
      if (f.name === 'attendeePhoneNumber')
        throw SandboxApiError.badRequest('Missing attendee phone number - it is required by the event type. Pass it as "attendee.phoneNumber" string in the request.');
      throw SandboxApiError.badRequest(
        `Missing required booking field response: ${f.name} - it is required by the event type booking fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID ${et.id} to see the required fields.`,
      );
    }
    const expected = EXPECTED[f.type];
    if (value !== undefined && expected && !expected[1](value))
      throw SandboxApiError.badRequest(
        `Invalid type for booking field '${f.name}'. Expected type ${expected[0]} (compatible with field type '${f.type}'), but received ${typeof value}.`,
      );
  }
  const emailField = fields.find((f) => f.name === 'email');
  const phoneField = fields.find((f) => f.name === 'attendeePhoneNumber');
  const responses: Record<string, unknown> = {
    ...answers,
    name: attendee.name,
    email: emailField?.hidden && !phoneField?.hidden ? '' : (attendee.email ?? ''),
    ...(attendee.phoneNumber ? { attendeePhoneNumber: attendee.phoneNumber } : {}),
  };
  for (const f of fields) {
    if (f.hidden || !f.required) continue;
    const value = responses[f.name];
    if (value === undefined || value === null || value === '') throw SandboxApiError.badRequest(`responses - {${f.name}}error_required_field`);
  }
  const given = responses['email'] as string;
  if (given) return { email: given, responses };
  if (!attendee.phoneNumber) throw SandboxApiError.badRequest('Both Phone and Email are missing');
  const email = placeholderEmail(attendee.phoneNumber);
  return { email, responses: { ...responses, email } };
}

/**
 * What Cal.com's event type settings refuse (ensureEmailOrPhoneNumberIsPresent in
 * packages/trpc/server/routers/viewer/eventTypes/util.ts, and the API v2 spec's EmailDefaultFieldOutput_2024_06_14:
 * the email may be optional or hidden only on an organization team event type that asks for the phone), as world
 * file problems.
 */
export function fieldProblems(et: FieldsOwner, team: TeamOfFields | undefined): string[] {
  const fields = eventTypeFields(et, team);
  const email = fields.find((f) => f.name === 'email')!;
  const phone = fields.find((f) => f.name === 'attendeePhoneNumber');
  const problems: string[] = [];
  const emailOptional = !email.required || email.hidden;
  if (emailOptional && team?.parentId == null)
    problems.push('the email can be optional or hidden only on an organization team event type (a team with parentId)');
  if (email.hidden && phone?.hidden) problems.push('the email and the attendeePhoneNumber field cannot both be hidden');
  if (!email.required && !phone?.required) problems.push('the email or the attendeePhoneNumber field must be required');
  if (email.hidden && (!phone?.required || phone.hidden)) problems.push('a hidden email needs a required, shown attendeePhoneNumber field');
  if (phone?.hidden && !email.required) problems.push('a hidden attendeePhoneNumber field needs a required email');
  return problems;
}
