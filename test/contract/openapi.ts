/**
 * Contract checker against Cal.com's published OpenAPI v2 spec.
 *
 * The spec is read at runtime from `process.env.CALCOM_OPENAPI`, or from
 * `<project root>/../shared/calcom/openapi-v2.json`. It is never copied into the project.
 *
 * How it works:
 *  - The spec is parsed once. A deep copy is patched at each KNOWN_DEVIATIONS location, then
 *    converted from OpenAPI 3.0 to what ajv understands (see `toAjvDialect`), and added to ajv
 *    once, under SPEC_ID.
 *  - Each operation/status is compiled lazily as `{ $ref: SPEC_ID#/paths/<template>/<method>/... }`,
 *    and the compiled validator is cached.
 *  - Error responses (>= 400) are checked against ERROR_ENVELOPE_SCHEMA, which WE wrote. It does
 *    not come from the spec, because the spec documents no error responses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ---------------------------------------------------------------------------------------------
// Spec location
// ---------------------------------------------------------------------------------------------

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = parent;
  }
}

/** Where the spec is read from: `$CALCOM_OPENAPI`, else `<project root>/../shared/calcom/openapi-v2.json`. */
export function specPath(): string {
  const fromEnv = process.env.CALCOM_OPENAPI;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv);
  return resolve(projectRoot(), '..', 'shared', 'calcom', 'openapi-v2.json');
}

/** False when the spec file is absent (tests then skip with SPEC_MISSING_REASON). */
export function specAvailable(): boolean {
  return existsSync(specPath());
}

/** One line: the reason tests are skipped. */
export const SPEC_MISSING_REASON = `Cal.com OpenAPI spec not found at ${specPath()} (set CALCOM_OPENAPI)`;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface ContractViolation {
  kind: 'request' | 'response';
  method: string;
  /** The concrete URL path (no origin, no query string). */
  path: string;
  operationId?: string;
  status?: number;
  errors: string[];
}

/** One place in the spec that a deviation replaces, plus what the spec says there now. */
export interface SpecPatch {
  /** A JSON pointer into the raw spec document (e.g. `/components/schemas/X/properties/hosts`). */
  readonly specPointer: string;
  /**
   * The (partial) spec text we expect at specPointer. Object keys not listed are ignored. Arrays must
   * have the same length and match item by item. A key whose expected value is `undefined` must be absent.
   * verifyDeviationsStillInSpec fails when this no longer matches, for example after Cal.com fixes the spec.
   */
  readonly expect: unknown;
  /** The real shape, as a JSON schema (OpenAPI 3.0 `nullable` is allowed), or a function of the spec fragment. */
  readonly replaceWith: unknown | ((specFragment: unknown, spec: JsonObject) => unknown);
}

export interface KnownDeviation {
  /** Stable, kebab-case name. */
  readonly id: string;
  /** The operation this deviation was found on. */
  readonly operationId: string;
  /** Other operations that share the patched component schema, so the patch affects them too. */
  readonly alsoAffects?: readonly string[];
  /** A JSON pointer into the body (request or response) of operationId. `*` = any array index or map key; '' = whole body. */
  readonly where: string;
  readonly specSays: string;
  readonly reality: string;
  readonly source: string;
  readonly appliesTo: 'request' | 'response';
  /**
   * How the deviation is applied. Always 'replace-schema': the schema fragment at each patch's specPointer
   * is replaced with the real shape, so the real shape is still validated. No ajv error is ever dropped.
   */
  readonly applied: 'replace-schema';
  readonly patches: readonly SpecPatch[];
}

type JsonObject = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Error envelope (ours, not the spec's)
// ---------------------------------------------------------------------------------------------

/**
 * NOT FROM THE SPEC. Cal.com's OpenAPI spec documents no error responses at all. This is the envelope
 * produced by Cal.com's Nest exception filters (apps/api/v2/src/filters/*.filter.ts; API-NOTES.md §9):
 * `{ status: "error", timestamp?, path?, message?, error: { code, message, ...more } }`. Nest's bare default
 * crash body `{"statusCode":500,"message":"Internal server error"}` deliberately does NOT pass.
 */
export const ERROR_ENVELOPE_SCHEMA = {
  $comment:
    'NOT FROM THE SPEC: written by us from Cal.com server source (http-exception filter); the spec lists no error responses.',
  title: "Cal.com error envelope (ours, not from Cal.com's OpenAPI spec)",
  type: 'object',
  required: ['status', 'error'],
  properties: {
    status: { const: 'error' },
    timestamp: { type: 'string' },
    path: { type: 'string' },
    message: { type: 'string' },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', minLength: 1 },
        message: { type: 'string' },
      },
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Known deviations: where the spec itself is wrong
// ---------------------------------------------------------------------------------------------

const S = '/components/schemas';
const EVENT_TYPE = `${S}/EventTypeOutput_2024_06_14`;
const TEAM_EVENT_TYPE = `${S}/TeamEventTypeOutput_2024_06_14`;
const OP_GET_EVENT_TYPES = 'EventTypesController_2024_06_14_getEventTypes';
const OP_GET_TEAM_EVENT_TYPES = 'TeamsEventTypesController_getTeamEventTypes';
const SRC_EVENT_TYPE_DTO =
  'Cal.com source packages/platform/types/event-types/event-types_2024_06_14/outputs/event-type.output.ts';
const SRC_EVENT_TYPE_OUTPUT_SERVICE =
  'Cal.com source apps/api/v2/src/ee/event-types/event-types_2024_06_14/services/output-event-types.service.ts';
const SRC_TEAM_EVENT_TYPE_OUTPUT_SERVICE =
  'Cal.com source apps/api/v2/src/modules/organizations/event-types/services/output.service.ts';

function asObject(value: unknown): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as JsonObject;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Copies spec component `name` and pins its `type` property to `value` (makes oneOf variants exclusive). */
function variantWithType(spec: JsonObject, name: string, value: string): JsonObject {
  const schemas = asObject(asObject(spec.components).schemas);
  const variant = clone(asObject(schemas[name]));
  variant.title = `${name} (type="${value}")`;
  const properties = asObject(variant.properties ?? {});
  properties.type = { type: 'string', const: value };
  variant.properties = properties;
  const required = Array.isArray(variant.required) ? (variant.required as string[]) : [];
  if (!required.includes('type')) required.push('type');
  variant.required = required;
  return variant;
}

const DISABLED_OUTPUT = {
  type: 'object',
  required: ['disabled'],
  properties: { disabled: { type: 'boolean' } },
};

function oneOfRefs(...names: string[]): { $ref: string }[] {
  return names.map((n) => ({ $ref: `#/components/schemas/${n}` }));
}

/** A property typed `{type:"object", nullable:true}` by the generator, whose real type is a nullable scalar. */
function scalarTypedAsObject(opts: {
  field: string;
  realType: 'integer' | 'number' | 'string' | 'boolean';
  components: readonly string[];
  operationId: string;
  alsoAffects?: readonly string[];
  source: string;
}): KnownDeviation {
  return {
    id: `event-type-${opts.field}-typed-object`,
    operationId: opts.operationId,
    ...(opts.alsoAffects ? { alsoAffects: opts.alsoAffects } : {}),
    where: `/data/*/${opts.field}`,
    appliesTo: 'response',
    specSays: `${opts.field}: {"type":"object","nullable":true}`,
    reality: `${opts.field} is a ${opts.realType} or null (the TS type is \`${
      opts.realType === 'integer' ? 'number' : opts.realType
    } | null\`; the swagger generator turned the union into "object")`,
    source: opts.source,
    applied: 'replace-schema',
    patches: opts.components.map((c) => ({
      specPointer: `${c}/properties/${opts.field}`,
      expect: { type: 'object', nullable: true },
      replaceWith: { type: opts.realType, nullable: true },
    })),
  };
}

function oneOfTreatedAsAnyOf(fragment: unknown): unknown {
  const f = clone(asObject(fragment));
  f.anyOf = f.oneOf;
  delete f.oneOf;
  return f;
}

const BOOKING_OUTPUT_ONEOF_REALITY =
  'RecurringBookingOutput_2024_08_13 extends BookingOutput_2024_08_13 (it only adds recurringBookingUid) and no variant sets ' +
  'additionalProperties:false, so every recurring booking matches both variants and oneOf fails with "must match exactly ' +
  'one schema". Validated as anyOf: the body must still match at least one of the listed shapes.';

const GET_BOOKING_DATA_VARIANTS = [
  { $ref: '#/components/schemas/BookingOutput_2024_08_13' },
  { $ref: '#/components/schemas/RecurringBookingOutput_2024_08_13' },
  { type: 'array', items: { $ref: '#/components/schemas/RecurringBookingOutput_2024_08_13' } },
  { $ref: '#/components/schemas/GetSeatedBookingOutput_2024_08_13' },
  { $ref: '#/components/schemas/GetRecurringSeatedBookingOutput_2024_08_13' },
  { type: 'array', items: { $ref: '#/components/schemas/GetRecurringSeatedBookingOutput_2024_08_13' } },
];

export const KNOWN_DEVIATIONS: ReadonlyArray<KnownDeviation> = [
  // 1. GET /v2/slots
  {
    id: 'slots-response-missing-envelope',
    operationId: 'SlotsController_2024_09_04_getAvailableSlots',
    where: '',
    appliesTo: 'response',
    specSays:
      '200 schema is oneOf[ {additionalProperties: array of string}, {additionalProperties: array of {start,end}} ] at the ' +
      'top level: the date map itself, with no {status,data} envelope. Default-format items are typed string.',
    reality:
      'The body is {status:"success", data:{"YYYY-MM-DD":[...]}}. Default-format items are {start} objects (the spec\'s own ' +
      'example), range-format items are {start,end}, and seated slots add seatsBooked/seatsRemaining/seatsTotal/bookingUid. ' +
      'With no slots, data is {}. (Even taken alone, {} matches both oneOf branches.)',
    source:
      'API-NOTES.md §4; the spec\'s own example; Cal.com source apps/api/v2/src/modules/slots/slots-2024-09-04/' +
      '(controllers/slots.controller.ts returns {data, status}; services/slots-output.service.ts builds {start} / {start,end})',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: '/paths/~1v2~1slots/get/responses/200/content/application~1json/schema',
        expect: {
          oneOf: [
            { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
            {
              type: 'object',
              additionalProperties: {
                type: 'array',
                items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } },
              },
            },
          ],
        },
        replaceWith: {
          title: 'Real GET /v2/slots body (KNOWN_DEVIATIONS: slots-response-missing-envelope)',
          type: 'object',
          required: ['status', 'data'],
          properties: {
            status: { type: 'string', enum: ['success', 'error'] },
            data: {
              type: 'object',
              propertyNames: { pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
              additionalProperties: {
                type: 'array',
                items: {
                  anyOf: [
                    { type: 'string' },
                    {
                      type: 'object',
                      required: ['start'],
                      properties: {
                        start: { type: 'string', minLength: 1 },
                        end: { type: 'string', minLength: 1 },
                        seatsBooked: { type: 'number' },
                        seatsRemaining: { type: 'number' },
                        seatsTotal: { type: 'number' },
                        bookingUid: { type: 'string' },
                        attendeesCount: { type: 'number' },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    ],
  },

  // 2. Team event type hosts
  {
    id: 'team-event-type-hosts-typed-string',
    operationId: OP_GET_TEAM_EVENT_TYPES,
    alsoAffects: ['OrganizationsEventTypesController_getTeamEventTypes', 'TeamsEventTypesController_getTeamEventType'],
    where: '/data/*/hosts/*',
    appliesTo: 'response',
    specSays: 'TeamEventTypeOutput_2024_06_14.hosts: {type:"array", items:{type:"string"}}',
    reality:
      'hosts are objects (TeamEventTypeResponseHost): {userId:number, name:string, username:string, avatarUrl?:string|null, ' +
      'mandatory?:boolean, priority?:"lowest"|"low"|"medium"|"high"|"highest"}. mandatory and priority are set for round robin only.',
    source: `API-NOTES.md §3; ${SRC_EVENT_TYPE_DTO} (TeamEventTypeResponseHost extends Host); ${SRC_TEAM_EVENT_TYPE_OUTPUT_SERVICE}`,
    applied: 'replace-schema',
    patches: [
      {
        specPointer: `${TEAM_EVENT_TYPE}/properties/hosts`,
        expect: { type: 'array', items: { type: 'string' } },
        replaceWith: {
          type: 'array',
          items: {
            type: 'object',
            required: ['userId'],
            properties: {
              userId: { type: 'number' },
              name: { type: 'string' },
              username: { type: 'string' },
              avatarUrl: { type: 'string', nullable: true },
              mandatory: { type: 'boolean' },
              priority: { type: 'string', enum: ['lowest', 'low', 'medium', 'high', 'highest'] },
            },
          },
        },
      },
    ],
  },

  // 3. Personal event type users
  {
    id: 'event-type-users-typed-string',
    operationId: OP_GET_EVENT_TYPES,
    where: '/data/*/users/*',
    appliesTo: 'response',
    specSays: 'EventTypeOutput_2024_06_14.users: {type:"array", items:{type:"string"}}',
    reality:
      'users are User_2024_06_14 objects: {id:number, name:string|null, username:string|null, avatarUrl:string|null, ' +
      'weekStart:string, brandColor:string|null, darkBrandColor:string|null, metadata:object}',
    source: `${SRC_EVENT_TYPE_DTO} (users!: User_2024_06_14[]); ${SRC_EVENT_TYPE_OUTPUT_SERVICE} (transformUsers)`,
    applied: 'replace-schema',
    patches: [
      {
        specPointer: `${EVENT_TYPE}/properties/users`,
        expect: { type: 'array', items: { type: 'string' } },
        replaceWith: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id'],
            properties: {
              id: { type: 'number' },
              name: { type: 'string', nullable: true },
              username: { type: 'string', nullable: true },
              avatarUrl: { type: 'string', nullable: true },
              weekStart: { type: 'string' },
              brandColor: { type: 'string', nullable: true },
              darkBrandColor: { type: 'string', nullable: true },
              metadata: { type: 'object' },
            },
          },
        },
      },
    ],
  },

  // 4. Scalars the swagger generator typed as "object"
  scalarTypedAsObject({
    field: 'slotInterval',
    realType: 'integer',
    components: [EVENT_TYPE, TEAM_EVENT_TYPE],
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    source: `${SRC_EVENT_TYPE_DTO} (slotInterval?: number | null, @IsInt); Prisma EventType.slotInterval Int?`,
  }),
  scalarTypedAsObject({
    field: 'seatsPerTimeSlot',
    realType: 'integer',
    components: [EVENT_TYPE, TEAM_EVENT_TYPE],
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    source: `${SRC_EVENT_TYPE_DTO} (seatsPerTimeSlot?: number | null, @IsInt)`,
  }),
  scalarTypedAsObject({
    field: 'forwardParamsSuccessRedirect',
    realType: 'boolean',
    components: [EVENT_TYPE, TEAM_EVENT_TYPE],
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    source: `${SRC_EVENT_TYPE_DTO} (forwardParamsSuccessRedirect!: boolean | null); Prisma Boolean? @default(true)`,
  }),
  scalarTypedAsObject({
    field: 'successRedirectUrl',
    realType: 'string',
    components: [EVENT_TYPE, TEAM_EVENT_TYPE],
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    source: `${SRC_EVENT_TYPE_DTO} (successRedirectUrl!: string | null)`,
  }),
  scalarTypedAsObject({
    field: 'ownerId',
    realType: 'integer',
    components: [TEAM_EVENT_TYPE],
    operationId: OP_GET_TEAM_EVENT_TYPES,
    source: `${SRC_EVENT_TYPE_DTO} (TeamEventTypeOutput.ownerId?: number | null); ${SRC_TEAM_EVENT_TYPE_OUTPUT_SERVICE} (ownerId: userId)`,
  }),
  scalarTypedAsObject({
    field: 'parentEventTypeId',
    realType: 'integer',
    components: [TEAM_EVENT_TYPE],
    operationId: OP_GET_TEAM_EVENT_TYPES,
    source: `${SRC_EVENT_TYPE_DTO} (parentEventTypeId?: number | null); ${SRC_TEAM_EVENT_TYPE_OUTPUT_SERVICE} (parentEventTypeId: parentId)`,
  }),

  // 5. seats: Seats | {disabled:true}
  {
    id: 'event-type-seats-disabled-variant-missing',
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    where: '/data/*/seats',
    appliesTo: 'response',
    specSays: 'seats: $ref Seats_2024_06_14 (requires seatsPerTimeSlot, showAttendeeInfo, showAvailabilityCount)',
    reality: 'seats is Seats_2024_06_14 | {disabled:true}. Every non-seated event type returns {disabled:true}.',
    source:
      'Cal.com source apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/seats.ts; ' +
      `${SRC_EVENT_TYPE_DTO} (seats?: Seats_2024_06_14 | Disabled_2024_06_14)`,
    applied: 'replace-schema',
    patches: [EVENT_TYPE, TEAM_EVENT_TYPE].map((c) => ({
      specPointer: `${c}/properties/seats`,
      expect: { $ref: '#/components/schemas/Seats_2024_06_14' },
      replaceWith: { oneOf: [{ $ref: '#/components/schemas/Seats_2024_06_14' }, DISABLED_OUTPUT] },
    })),
  },

  // 6. bookingWindow: one object, not an array
  {
    id: 'event-type-bookingWindow-typed-array',
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    where: '/data/*/bookingWindow',
    appliesTo: 'response',
    specSays:
      'bookingWindow: {type:"array", items: oneOf[BusinessDaysWindow, CalendarDaysWindow, RangeWindow]}. The first two ' +
      'variants are identical, so even one item could never match exactly one of them.',
    reality:
      'bookingWindow is a single object: {type:"businessDays"|"calendarDays", value:number, rolling:boolean}, or ' +
      '{type:"range", value:[start,end]}, or {disabled:true} (the default, unlimited period). It is never an array.',
    source:
      'Cal.com source apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/future-booking-limits.ts; ' +
      `${SRC_EVENT_TYPE_DTO} (bookingWindow?: BookingWindow_2024_06_14, declared to swagger as type "array")`,
    applied: 'replace-schema',
    patches: [EVENT_TYPE, TEAM_EVENT_TYPE].map((c) => ({
      specPointer: `${c}/properties/bookingWindow`,
      expect: {
        type: 'array',
        items: {
          oneOf: oneOfRefs('BusinessDaysWindow_2024_06_14', 'CalendarDaysWindow_2024_06_14', 'RangeWindow_2024_06_14'),
        },
      },
      replaceWith: (_fragment: unknown, spec: JsonObject) => ({
        oneOf: [
          variantWithType(spec, 'BusinessDaysWindow_2024_06_14', 'businessDays'),
          variantWithType(spec, 'CalendarDaysWindow_2024_06_14', 'calendarDays'),
          variantWithType(spec, 'RangeWindow_2024_06_14', 'range'),
          DISABLED_OUTPUT,
        ],
      }),
    })),
  },

  // 7. Event type locations: oneOf whose variants overlap
  {
    id: 'event-type-locations-oneOf-overlap',
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    where: '/data/*/locations/*',
    appliesTo: 'response',
    specSays:
      'locations items: oneOf[OutputAddressLocation, OutputLinkLocation, OutputIntegrationLocation, OutputPhoneLocation, ' +
      'OutputOrganizersDefaultAppLocation, OutputUnknownLocation]. Each has type:{type:"string"} with no const, and ' +
      'OutputOrganizersDefaultAppLocation only requires `type`, so every location matches 2 or more variants and oneOf always fails.',
    reality:
      'Locations are told apart by `type`: "address" {address,public}, "link" {link,public}, "integration" ' +
      '{integration,link?,credentialId?}, "phone" {phone,public}, "organizersDefaultApp", "unknown" {location}. ' +
      'The server also emits "attendeeAddress", "attendeePhone" and "attendeeDefined" ({type} only), which the spec omits.',
    source:
      'Cal.com source apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/locations.ts; API-NOTES.md §3',
    applied: 'replace-schema',
    patches: [EVENT_TYPE, TEAM_EVENT_TYPE].map((c) => ({
      specPointer: `${c}/properties/locations/items`,
      expect: {
        oneOf: oneOfRefs(
          'OutputAddressLocation_2024_06_14',
          'OutputLinkLocation_2024_06_14',
          'OutputIntegrationLocation_2024_06_14',
          'OutputPhoneLocation_2024_06_14',
          'OutputOrganizersDefaultAppLocation_2024_06_14',
          'OutputUnknownLocation_2024_06_14',
        ),
      },
      replaceWith: (_fragment: unknown, spec: JsonObject) => ({
        type: 'object',
        discriminator: { propertyName: 'type' },
        required: ['type'],
        oneOf: [
          variantWithType(spec, 'OutputAddressLocation_2024_06_14', 'address'),
          variantWithType(spec, 'OutputLinkLocation_2024_06_14', 'link'),
          variantWithType(spec, 'OutputIntegrationLocation_2024_06_14', 'integration'),
          variantWithType(spec, 'OutputPhoneLocation_2024_06_14', 'phone'),
          variantWithType(spec, 'OutputOrganizersDefaultAppLocation_2024_06_14', 'organizersDefaultApp'),
          variantWithType(spec, 'OutputUnknownLocation_2024_06_14', 'unknown'),
          { type: 'object', required: ['type'], properties: { type: { const: 'attendeeAddress' } } },
          { type: 'object', required: ['type'], properties: { type: { const: 'attendeePhone' } } },
          { type: 'object', required: ['type'], properties: { type: { const: 'attendeeDefined' } } },
        ],
      }),
    })),
  },

  // 8. Event type bookingFields
  {
    id: 'event-type-bookingFields-oneOf-overlap',
    operationId: OP_GET_EVENT_TYPES,
    alsoAffects: [OP_GET_TEAM_EVENT_TYPES],
    where: '/data/*/bookingFields/*',
    appliesTo: 'response',
    specSays:
      'bookingFields items: oneOf of 19 *FieldOutput_2024_06_14 variants. None pins `type`, so a field matches several of ' +
      'them (Phone/Address/Text/Number/TextArea/MultiEmail/Url are structurally identical). isDefault is typed ' +
      '{type:"object"} in all of them, EmailDefaultFieldOutput.required is typed {type:"object"}, and label/placeholder ' +
      'are required on the default fields.',
    reality:
      'Each field is an object with type:string and slug:string. isDefault is a boolean (true for system fields, false for custom ' +
      'ones) and required is a boolean. label and placeholder are left out when the system field has none. The server also ' +
      'emits variants the spec omits: splitName, attendeePhoneNumber, date, and {type:"unknown", slug:"unknown", bookingField}.',
    source:
      'Cal.com source apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api/booking-fields.ts ' +
      '(transformBookingFieldsInternalToApi)',
    applied: 'replace-schema',
    patches: [EVENT_TYPE, TEAM_EVENT_TYPE].map((c) => ({
      specPointer: `${c}/properties/bookingFields/items`,
      expect: {
        oneOf: oneOfRefs(
          'NameDefaultFieldOutput_2024_06_14',
          'EmailDefaultFieldOutput_2024_06_14',
          'LocationDefaultFieldOutput_2024_06_14',
          'RescheduleReasonDefaultFieldOutput_2024_06_14',
          'TitleDefaultFieldOutput_2024_06_14',
          'NotesDefaultFieldOutput_2024_06_14',
          'GuestsDefaultFieldOutput_2024_06_14',
          'PhoneFieldOutput_2024_06_14',
          'AddressFieldOutput_2024_06_14',
          'TextFieldOutput_2024_06_14',
          'NumberFieldOutput_2024_06_14',
          'TextAreaFieldOutput_2024_06_14',
          'SelectFieldOutput_2024_06_14',
          'MultiSelectFieldOutput_2024_06_14',
          'MultiEmailFieldOutput_2024_06_14',
          'CheckboxGroupFieldOutput_2024_06_14',
          'RadioGroupFieldOutput_2024_06_14',
          'BooleanFieldOutput_2024_06_14',
          'UrlFieldOutput_2024_06_14',
        ),
      },
      replaceWith: {
        type: 'object',
        required: ['type', 'slug'],
        properties: {
          type: { type: 'string', minLength: 1 },
          slug: { type: 'string', minLength: 1 },
          isDefault: { type: 'boolean' },
          required: { type: 'boolean' },
          hidden: { type: 'boolean' },
          label: { type: 'string' },
          placeholder: { type: 'string' },
          disableOnPrefill: { type: 'boolean' },
          options: { type: 'array', items: { type: 'string' } },
          bookingField: { type: 'string' },
        },
      },
    })),
  },

  // 9. team{} inside a team event type
  {
    id: 'team-event-type-team-columns-nullable',
    operationId: OP_GET_TEAM_EVENT_TYPES,
    where: '/data/*/team',
    appliesTo: 'response',
    specSays:
      'EventTypeTeam requires id, slug, bannerUrl, name, logoUrl, weekStart, brandColor, darkBrandColor and theme, all typed string (not nullable)',
    reality:
      'Only id is always present. The other keys are copied from nullable Team columns, so slug/bannerUrl/logoUrl/' +
      'brandColor/darkBrandColor/theme are null for a team without branding. The DTO marks them all @IsOptional.',
    source: `${SRC_TEAM_EVENT_TYPE_OUTPUT_SERVICE} (team: {...databaseEventType.team}); ${SRC_EVENT_TYPE_DTO} (class EventTypeTeam); Prisma model Team`,
    applied: 'replace-schema',
    patches: [
      {
        specPointer: `${TEAM_EVENT_TYPE}/properties/team`,
        expect: { $ref: '#/components/schemas/EventTypeTeam' },
        replaceWith: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'number' },
            name: { type: 'string', nullable: true },
            slug: { type: 'string', nullable: true },
            bannerUrl: { type: 'string', nullable: true },
            logoUrl: { type: 'string', nullable: true },
            weekStart: { type: 'string', nullable: true },
            brandColor: { type: 'string', nullable: true },
            darkBrandColor: { type: 'string', nullable: true },
            theme: { type: 'string', nullable: true },
          },
        },
      },
    ],
  },

  // 10. GET /v2/teams: nullable columns
  {
    id: 'teams-nullable-columns-typed-non-null',
    operationId: 'TeamsController_getTeams',
    alsoAffects: ['TeamsController_getTeam', 'TeamsController_createTeam', 'TeamsController_updateTeam'],
    where: '/data/*',
    appliesTo: 'response',
    specSays:
      'TeamOutputDto: parentId:number, slug/logoUrl/calVideoLogo/appLogo/appIconLogo/bio/theme/brandColor/darkBrandColor/' +
      'bannerUrl:string, timeFormat:number, metadata:object, none of them nullable',
    reality:
      'The controller returns plainToClass(TeamOutputDto, prismaTeam). Those Team columns are nullable in the DB and null passes ' +
      'through, so a plain (non-org) team has parentId:null, logoUrl:null, bio:null, and so on.',
    source:
      'Cal.com source apps/api/v2/src/modules/teams/teams/controllers/teams.controller.ts (getTeams); packages/prisma/schema.prisma (model Team)',
    applied: 'replace-schema',
    patches: (
      [
        ['parentId', 'number'],
        ['slug', 'string'],
        ['logoUrl', 'string'],
        ['calVideoLogo', 'string'],
        ['appLogo', 'string'],
        ['appIconLogo', 'string'],
        ['bio', 'string'],
        ['metadata', 'object'],
        ['theme', 'string'],
        ['brandColor', 'string'],
        ['darkBrandColor', 'string'],
        ['bannerUrl', 'string'],
        ['timeFormat', 'number'],
      ] as const
    ).map(([field, type]) => ({
      specPointer: `${S}/TeamOutputDto/properties/${field}`,
      expect: { type, nullable: undefined },
      replaceWith: (fragment: unknown) => ({ ...asObject(fragment), nullable: true }),
    })),
  },

  // 11. POST /v2/bookings request: oneOf overlap
  {
    id: 'create-booking-request-oneOf-overlap',
    operationId: 'BookingsController_2024_08_13_createBooking',
    where: '',
    appliesTo: 'request',
    specSays:
      'requestBody: oneOf[CreateBookingInput_2024_08_13, CreateInstantBookingInput_2024_08_13, CreateRecurringBookingInput_2024_08_13]. ' +
      'CreateBookingInput and CreateRecurringBookingInput both require only [start, attendee] and do not forbid extra ' +
      'properties, so every ordinary booking body matches at least 2 variants and oneOf fails.',
    reality:
      'The server picks the booking kind from the event type and from `instant`, not from the body shape. Validated as ' +
      'anyOf: the body must match at least one variant.',
    source: 'spec text (the required lists of the 3 variants); API-NOTES.md §5',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: '/paths/~1v2~1bookings/post/requestBody/content/application~1json/schema',
        expect: {
          oneOf: oneOfRefs(
            'CreateBookingInput_2024_08_13',
            'CreateInstantBookingInput_2024_08_13',
            'CreateRecurringBookingInput_2024_08_13',
          ),
        },
        replaceWith: oneOfTreatedAsAnyOf,
      },
    ],
  },

  // 12. Booking input location: oneOf overlap
  {
    id: 'create-booking-location-oneOf-overlap',
    operationId: 'BookingsController_2024_08_13_createBooking',
    where: '/location',
    appliesTo: 'request',
    specSays:
      'location: oneOf of 8 BookingInput*Location_2024_08_13 variants. None pins `type`, and Address/Link/Phone/' +
      'OrganizersDefaultApp all require only `type`, so every location matches 4 or more variants and oneOf always fails.',
    reality:
      'Locations are told apart by `type`: "address", "attendeeAddress" {address}, "attendeeDefined" {location}, ' +
      '"attendeePhone" {phone}, "integration" {integration}, "link", "phone", "organizersDefaultApp". Validated with ' +
      'a discriminator on `type`.',
    source: 'API-NOTES.md §6; spec text (the variants\' required lists)',
    applied: 'replace-schema',
    patches: [
      'CreateBookingInput_2024_08_13',
      'CreateInstantBookingInput_2024_08_13',
      'CreateRecurringBookingInput_2024_08_13',
    ].map((c) => ({
      specPointer: `${S}/${c}/properties/location`,
      expect: {
        oneOf: oneOfRefs(
          'BookingInputAddressLocation_2024_08_13',
          'BookingInputAttendeeAddressLocation_2024_08_13',
          'BookingInputAttendeeDefinedLocation_2024_08_13',
          'BookingInputAttendeePhoneLocation_2024_08_13',
          'BookingInputIntegrationLocation_2024_08_13',
          'BookingInputLinkLocation_2024_08_13',
          'BookingInputPhoneLocation_2024_08_13',
          'BookingInputOrganizersDefaultAppLocation_2024_08_13',
        ),
      },
      replaceWith: (_fragment: unknown, spec: JsonObject) => ({
        type: 'object',
        discriminator: { propertyName: 'type' },
        required: ['type'],
        oneOf: [
          variantWithType(spec, 'BookingInputAddressLocation_2024_08_13', 'address'),
          variantWithType(spec, 'BookingInputAttendeeAddressLocation_2024_08_13', 'attendeeAddress'),
          variantWithType(spec, 'BookingInputAttendeeDefinedLocation_2024_08_13', 'attendeeDefined'),
          variantWithType(spec, 'BookingInputAttendeePhoneLocation_2024_08_13', 'attendeePhone'),
          variantWithType(spec, 'BookingInputIntegrationLocation_2024_08_13', 'integration'),
          variantWithType(spec, 'BookingInputLinkLocation_2024_08_13', 'link'),
          variantWithType(spec, 'BookingInputPhoneLocation_2024_08_13', 'phone'),
          variantWithType(spec, 'BookingInputOrganizersDefaultAppLocation_2024_08_13', 'organizersDefaultApp'),
        ],
      }),
    })),
  },

  // 13. Booking outputs: oneOf overlap (recurring ⊂ plain)
  {
    id: 'get-bookings-oneOf-overlap',
    operationId: 'BookingsController_2024_08_13_getBookings',
    where: '/data/*',
    appliesTo: 'response',
    specSays:
      'GetBookingsOutput_2024_08_13.data items: oneOf[BookingOutput, RecurringBookingOutput, GetSeatedBookingOutput, GetRecurringSeatedBookingOutput]',
    reality: BOOKING_OUTPUT_ONEOF_REALITY,
    source:
      'spec text; Cal.com source packages/platform/types/bookings/2024-08-13/outputs/booking.output.ts (RecurringBookingOutput extends BookingOutput)',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: `${S}/GetBookingsOutput_2024_08_13/properties/data/items`,
        expect: {
          oneOf: oneOfRefs(
            'BookingOutput_2024_08_13',
            'RecurringBookingOutput_2024_08_13',
            'GetSeatedBookingOutput_2024_08_13',
            'GetRecurringSeatedBookingOutput_2024_08_13',
          ),
        },
        replaceWith: oneOfTreatedAsAnyOf,
      },
    ],
  },
  ...(
    [
      ['get-booking-oneOf-overlap', 'BookingsController_2024_08_13_getBooking', 'GetBookingOutput_2024_08_13', GET_BOOKING_DATA_VARIANTS],
      [
        'cancel-booking-response-oneOf-overlap',
        'BookingsController_2024_08_13_cancelBooking',
        'CancelBookingOutput_2024_08_13',
        GET_BOOKING_DATA_VARIANTS,
      ],
      [
        'reschedule-booking-response-oneOf-overlap',
        'BookingsController_2024_08_13_rescheduleBooking',
        'RescheduleBookingOutput_2024_08_13',
        oneOfRefs(
          'BookingOutput_2024_08_13',
          'RecurringBookingOutput_2024_08_13',
          'CreateSeatedBookingOutput_2024_08_13',
          'CreateRecurringSeatedBookingOutput_2024_08_13',
        ),
      ],
    ] as const
  ).map(
    ([id, operationId, component, variants]): KnownDeviation => ({
      id,
      operationId,
      where: '/data',
      appliesTo: 'response',
      specSays: `${component}.data: oneOf[BookingOutput_2024_08_13, RecurringBookingOutput_2024_08_13, ...${variants.length - 2} more]`,
      reality: BOOKING_OUTPUT_ONEOF_REALITY,
      source:
        'spec text; Cal.com source packages/platform/types/bookings/2024-08-13/outputs/booking.output.ts (RecurringBookingOutput extends BookingOutput)',
      applied: 'replace-schema',
      patches: [
        {
          specPointer: `${S}/${component}/properties/data`,
          expect: { oneOf: variants },
          replaceWith: oneOfTreatedAsAnyOf,
        },
      ],
    }),
  ),

  // 14. Cancel / reschedule request: seated variants overlap the plain ones
  {
    id: 'cancel-booking-request-oneOf-overlap',
    operationId: 'BookingsController_2024_08_13_cancelBooking',
    where: '',
    appliesTo: 'request',
    specSays:
      'requestBody: oneOf[CancelBookingInput_2024_08_13 (no required props), CancelSeatedBookingInput_2024_08_13 (requires seatUid)]',
    reality:
      'A seated cancel {seatUid, cancellationReason?} also matches CancelBookingInput, which allows extra properties, so oneOf fails ' +
      'for every seated cancel. Plain cancels ({} or {cancellationReason}) are not affected. Validated as anyOf.',
    source: 'spec text; API-NOTES.md §7',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: '/paths/~1v2~1bookings~1{bookingUid}~1cancel/post/requestBody/content/application~1json/schema',
        expect: { oneOf: oneOfRefs('CancelBookingInput_2024_08_13', 'CancelSeatedBookingInput_2024_08_13') },
        replaceWith: oneOfTreatedAsAnyOf,
      },
    ],
  },
  {
    id: 'reschedule-booking-request-oneOf-overlap',
    operationId: 'BookingsController_2024_08_13_rescheduleBooking',
    where: '',
    appliesTo: 'request',
    specSays:
      'requestBody: oneOf[RescheduleBookingInput_2024_08_13 (requires start), RescheduleSeatedBookingInput_2024_08_13 (requires start, seatUid)]',
    reality:
      'A seated reschedule {start, seatUid} also matches RescheduleBookingInput, so oneOf fails for every seated reschedule. ' +
      'Plain reschedules are not affected. Validated as anyOf.',
    source: 'spec text',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: '/paths/~1v2~1bookings~1{bookingUid}~1reschedule/post/requestBody/content/application~1json/schema',
        expect: { oneOf: oneOfRefs('RescheduleBookingInput_2024_08_13', 'RescheduleSeatedBookingInput_2024_08_13') },
        replaceWith: oneOfTreatedAsAnyOf,
      },
    ],
  },

  // 15. DELETE /v2/slots/reservations/{uid}: untyped 200
  {
    id: 'delete-reserved-slot-response-untyped',
    operationId: 'SlotsController_2024_09_04_deleteReservedSlot',
    where: '',
    appliesTo: 'response',
    specSays: '200 schema is just {"type":"object"} (only the example shows {"status":"success"}), so any object passes',
    reality:
      'The body is always {status:"success"}: the controller returns ApiResponse {status: SUCCESS_STATUS}. This patch makes ' +
      'the schema stricter (to the real shape), not looser.',
    source: 'Cal.com source apps/api/v2/src/modules/slots/slots-2024-09-04/controllers/slots.controller.ts (deleteReservedSlot); the spec example',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: '/paths/~1v2~1slots~1reservations~1{uid}/delete/responses/200/content/application~1json/schema',
        expect: { type: 'object', properties: undefined, required: undefined },
        replaceWith: {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['success', 'error'] } },
        },
      },
    ],
  },

  // 16. GET /v2/slots/reservations/{uid}: data refers to the envelope itself
  {
    id: 'get-reserved-slot-data-self-reference',
    operationId: 'SlotsController_2024_09_04_getReservedSlot',
    where: '/data',
    appliesTo: 'response',
    specSays:
      'GetReservedSlotOutput_2024_09_04.data: nullable allOf[$ref GetReservedSlotOutput_2024_09_04]. That is the envelope ' +
      'itself ({status, data}, recursively), so any real reservation fails with "must have required property \'status\'"',
    reality:
      'data is the reservation or null: {eventTypeId, slotStart, slotEnd, slotDuration, reservationUid, reservationUntil}. ' +
      'Two platform-types classes share the name GetReservedSlotOutput_2024_09_04 and swagger merged them.',
    source:
      'Cal.com source apps/api/v2/src/modules/slots/slots-2024-09-04/outputs/get-reserved-slot.output.ts and services/slots-output.service.ts (getReservationSlot)',
    applied: 'replace-schema',
    patches: [
      {
        specPointer: `${S}/GetReservedSlotOutput_2024_09_04/properties/data`,
        expect: { nullable: true, allOf: [{ $ref: '#/components/schemas/GetReservedSlotOutput_2024_09_04' }] },
        replaceWith: {
          type: 'object',
          nullable: true,
          required: ['eventTypeId', 'slotStart', 'slotEnd', 'slotDuration', 'reservationUid', 'reservationUntil'],
          properties: {
            eventTypeId: { type: 'number' },
            slotStart: { type: 'string' },
            slotEnd: { type: 'string' },
            slotDuration: { type: 'number' },
            reservationUid: { type: 'string' },
            reservationDuration: { type: 'number' },
            reservationUntil: { type: 'string' },
          },
        },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// JSON pointer + partial matching helpers
// ---------------------------------------------------------------------------------------------

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAtPointer(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const seg of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function setAtPointer(doc: JsonObject, pointer: string, value: unknown): void {
  const segs = pointerSegments(pointer);
  const last = segs.pop();
  if (last === undefined) throw new Error('cannot replace the document root');
  let node: unknown = doc;
  for (const seg of segs) {
    node = (node as Record<string, unknown> | undefined)?.[seg];
  }
  if (node === null || typeof node !== 'object') throw new Error(`no parent object at ${pointer}`);
  (node as Record<string, unknown>)[last] = value;
}

/** Escapes one path segment for a JSON pointer used inside a URI fragment (ajv decodes then unescapes). */
function uriPointerSegment(seg: string): string {
  return encodeURIComponent(seg.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** Deep partial match: returns a description of the first mismatch, or null when `actual` matches `expected`. */
function partialMismatch(actual: unknown, expected: unknown, at = ''): string | null {
  if (expected === undefined) return actual === undefined ? null : `${at || '/'}: expected absent, found ${short(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${at || '/'}: expected array of ${expected.length}, found ${short(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m = partialMismatch(actual[i], expected[i], `${at}/${i}`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${at || '/'}: expected object, found ${short(actual)}`;
    }
    for (const [k, v] of Object.entries(expected)) {
      const m = partialMismatch((actual as Record<string, unknown>)[k], v, `${at}/${k}`);
      if (m) return m;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${at || '/'}: expected ${short(expected)}, found ${short(actual)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return 'nothing';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 -> ajv dialect
// ---------------------------------------------------------------------------------------------

/**
 * Rewrites OpenAPI 3.0 schema details in place so ajv (draft-07 + `nullable`) validates them as OpenAPI means:
 *  - `nullable: true` next to `type`: left for ajv's `nullable` keyword. If there is an `enum`, null is added to it,
 *    because ajv's nullable does not touch enum.
 *  - `nullable: true` without `type` (on `$ref` / `allOf`; ajv throws on those): the node becomes
 *    `{anyOf: [<node without nullable>, {type: "null"}]}`.
 *  - `nullable: false`: removed.
 *  - `$ref` siblings: OpenAPI 3.0 ignores them, but ajv 8 applies them. The spec only puts `example`, `description`
 *    and `nullable` next to `$ref`, so this only matters for `nullable`, handled above.
 *  - `example`, `deprecated`, `description`, `default`: annotations. strict:false makes ajv ignore them.
 */
function toAjvDialect(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = toAjvDialect(node[i]);
    return node;
  }
  if (node === null || typeof node !== 'object') return node;
  const obj = node as JsonObject;
  for (const [k, v] of Object.entries(obj)) {
    // `example(s)` may hold anything (even objects that look like schemas); leave them alone.
    if (k === 'example' || k === 'examples') continue;
    obj[k] = toAjvDialect(v);
  }
  if (obj.nullable === false) {
    delete obj.nullable;
    return obj;
  }
  if (obj.nullable !== true) return obj;
  if (obj.type !== undefined) {
    if (Array.isArray(obj.enum) && !obj.enum.includes(null)) obj.enum = [...obj.enum, null];
    return obj;
  }
  const { nullable: _nullable, description, ...rest } = obj;
  return {
    ...(description !== undefined ? { description } : {}),
    anyOf: [rest, { type: 'null' }],
  };
}

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

const SPEC_ID = 'https://calcom.contract.local/openapi-v2.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Route {
  template: string;
  /** The template's path segments; isParam[i] marks a `{name}` segment. */
  segments: string[];
  isParam: boolean[];
  operations: Map<string, { operationId: string; op: JsonObject }>;
}

interface ResolvedOperation {
  template: string;
  method: string;
  operationId: string;
  op: JsonObject;
}

type FormatsPlugin = (ajv: Ajv, opts?: unknown) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const checkerCache = new Map<string, ContractChecker>();

export class ContractChecker {
  /** The spec exactly as read from disk. The checker never mutates it (patches go to a private copy). */
  readonly rawSpec: JsonObject;
  readonly specFile: string;
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction | Error>();

  /** The deviations patched into this checker's schemas (KNOWN_DEVIATIONS unless load() was told otherwise). */
  readonly deviations: ReadonlyArray<KnownDeviation>;

  private constructor(rawSpec: JsonObject, specFile: string, deviations: ReadonlyArray<KnownDeviation>) {
    this.rawSpec = rawSpec;
    this.specFile = specFile;
    this.deviations = deviations;
    const working = clone(rawSpec);
    applyDeviations(working, deviations);
    const converted = asObject(toAjvDialect(working));
    nameComponentSchemas(converted);
    converted.$id = SPEC_ID;
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      verbose: true, // errors carry parentSchema, used to name the oneOf/anyOf variant an error came from
      discriminator: true,
      validateSchema: false, // the spec document is not itself a JSON schema; skip meta-validation of 1 MB
      logger: false,
    });
    addFormats(this.ajv);
    // Spec-only format used on verified-phone outputs; we do not validate phone syntax.
    this.ajv.addFormat('phone', true);
    this.ajv.addSchema(converted, SPEC_ID);
    this.routes = buildRoutes(converted);
  }

  /**
   * Loads a checker; with default options the instance is cached per file. Compiling is lazy: per operation/status
   * on first use, then cached.
   * @param path spec file; default specPath().
   * @param options.deviations which deviations to patch in (default KNOWN_DEVIATIONS; `[]` = the spec as published,
   *   used by tests to show that each deviation really breaks realistic bodies).
   */
  static load(path?: string, options: { deviations?: ReadonlyArray<KnownDeviation> } = {}): ContractChecker {
    const file = resolve(path ?? specPath());
    const deviations = options.deviations ?? KNOWN_DEVIATIONS;
    const cacheable = deviations === KNOWN_DEVIATIONS;
    const cached = cacheable ? checkerCache.get(file) : undefined;
    if (cached) return cached;
    if (!existsSync(file)) throw new Error(`Cal.com OpenAPI spec not found at ${file} (set CALCOM_OPENAPI)`);
    const raw = asObject(JSON.parse(readFileSync(file, 'utf8')));
    const checker = new ContractChecker(raw, file, deviations);
    if (cacheable) checkerCache.set(file, checker);
    return checker;
  }

  /** All operationIds in the spec. */
  operationIds(): string[] {
    return this.routes.flatMap((r) => [...r.operations.values()].map((o) => o.operationId));
  }

  /**
   * Matches a concrete path (e.g. /v2/bookings/abc/cancel) to a spec template (/v2/bookings/{bookingUid}/cancel).
   * When several templates match, literal segments win over `{params}`, comparing left to right
   * (/v2/slots/reservations never matches /v2/slots/{x}). Query string and origin are ignored.
   */
  matchOperation(method: string, urlPath: string): { template: string; operationId: string } | undefined {
    const r = this.resolve(method, urlPath);
    return r ? { template: r.template, operationId: r.operationId } : undefined;
  }

  /** Validates a JSON request body we send against the operation's requestBody schema. */
  checkRequest(method: string, urlPath: string, body: unknown): ContractViolation | null {
    const path = normalizePath(urlPath);
    const base = { kind: 'request' as const, method: method.toUpperCase(), path };
    const resolved = this.resolve(method, urlPath);
    if (!resolved) return { ...base, errors: [this.unknownPathMessage(method, path)] };
    const withOp = { ...base, operationId: resolved.operationId };

    const requestBody = resolved.op.requestBody as JsonObject | undefined;
    const schemaKey = requestBody ? jsonContentKey(requestBody.content) : undefined;
    if (!requestBody || !schemaKey) {
      return isEmptyBody(body)
        ? null
        : { ...withOp, errors: [`${resolved.operationId} declares no JSON request body, but one was sent: ${short(body)}`] };
    }
    if (body === undefined) {
      return requestBody.required === true
        ? { ...withOp, errors: [`request body is required by ${resolved.operationId} (send {} at least)`] }
        : null;
    }
    const pointer = [
      'paths',
      resolved.template,
      resolved.method,
      'requestBody',
      'content',
      schemaKey,
      'schema',
    ];
    const errors = this.validate(`${resolved.operationId}:request`, pointer, body);
    return errors.length ? { ...withOp, errors } : null;
  }

  /**
   * Validates a response body. Statuses >= 400 are checked against ERROR_ENVELOPE_SCHEMA (ours, see above).
   * A 2xx status the spec does not list for the operation is a violation.
   */
  checkResponse(method: string, urlPath: string, status: number, body: unknown): ContractViolation | null {
    const path = normalizePath(urlPath);
    const base = { kind: 'response' as const, method: method.toUpperCase(), path, status };
    const resolved = this.resolve(method, urlPath);
    if (!resolved) return { ...base, errors: [this.unknownPathMessage(method, path)] };
    const withOp = { ...base, operationId: resolved.operationId };

    if (status >= 400) {
      const errors = this.validateWith('error-envelope', () => this.ajv.compile(ERROR_ENVELOPE_SCHEMA), body);
      return errors.length
        ? { ...withOp, errors: errors.map((e) => `${e} [error envelope: ours, not from the spec]`) }
        : null;
    }

    const responses = (resolved.op.responses ?? {}) as JsonObject;
    const response = responses[String(status)] as JsonObject | undefined;
    if (!response) {
      const documented = Object.keys(responses).join(', ') || 'none';
      return { ...withOp, errors: [`status ${status} is not documented for ${resolved.operationId} (spec lists: ${documented})`] };
    }
    const schemaKey = jsonContentKey(response.content);
    if (!schemaKey) {
      return isEmptyBody(body)
        ? null
        : { ...withOp, errors: [`spec documents no body for ${status}, but one was returned: ${short(body)}`] };
    }
    const pointer = ['paths', resolved.template, resolved.method, 'responses', String(status), 'content', schemaKey, 'schema'];
    const errors = this.validate(`${resolved.operationId}:${status}`, pointer, body);
    return errors.length ? { ...withOp, errors } : null;
  }

  private unknownPathMessage(method: string, path: string): string {
    const anyMethod = this.routes.find((r) => routeMatches(r, splitPath(path)));
    return anyMethod
      ? `${method.toUpperCase()} is not an operation of ${anyMethod.template} in Cal.com's spec (it has: ${[
          ...anyMethod.operations.keys(),
        ]
          .map((m) => m.toUpperCase())
          .join(', ')})`
      : `path not in Cal.com's spec: ${method.toUpperCase()} ${path}`;
  }

  private resolve(method: string, urlPath: string): ResolvedOperation | undefined {
    const segs = splitPath(normalizePath(urlPath));
    const m = method.toLowerCase();
    let best: Route | undefined;
    for (const route of this.routes) {
      if (!route.operations.has(m) || !routeMatches(route, segs)) continue;
      if (!best || moreSpecific(route, best)) best = route;
    }
    if (!best) return undefined;
    const op = best.operations.get(m);
    if (!op) return undefined;
    return { template: best.template, method: m, operationId: op.operationId, op: op.op };
  }

  private validate(cacheKey: string, pointer: string[], body: unknown): string[] {
    const ref = `${SPEC_ID}#/${pointer.map(uriPointerSegment).join('/')}`;
    return this.validateWith(cacheKey, () => this.ajv.compile({ $ref: ref }), body);
  }

  private validateWith(cacheKey: string, compile: () => ValidateFunction, body: unknown): string[] {
    let validator = this.validators.get(cacheKey);
    if (!validator) {
      try {
        validator = compile();
      } catch (e) {
        validator = e instanceof Error ? e : new Error(String(e));
      }
      this.validators.set(cacheKey, validator);
    }
    if (validator instanceof Error) return [`could not compile the spec schema for ${cacheKey}: ${validator.message}`];
    if (validator(body)) return [];
    return formatAjvErrors(validator.errors ?? []);
  }
}

/** Gives each component schema its name as `title` (an annotation), so errors can say which variant failed. */
function nameComponentSchemas(doc: JsonObject): void {
  const schemas = (doc.components as JsonObject | undefined)?.schemas;
  if (!schemas || typeof schemas !== 'object') return;
  for (const [name, schema] of Object.entries(schemas as JsonObject)) {
    if (schema && typeof schema === 'object' && !Array.isArray(schema) && (schema as JsonObject).title === undefined) {
      (schema as JsonObject).title = name;
    }
  }
}

function applyDeviations(doc: JsonObject, deviations: ReadonlyArray<KnownDeviation>): void {
  for (const d of deviations) {
    for (const p of d.patches) {
      const current = getAtPointer(doc, p.specPointer);
      const mismatch = partialMismatch(current, p.expect);
      // If the spec changed here, keep the spec's version (verifyDeviationsStillInSpec reports it).
      if (mismatch !== null) continue;
      const replacement =
        typeof p.replaceWith === 'function'
          ? (p.replaceWith as (f: unknown, s: JsonObject) => unknown)(current, doc)
          : clone(p.replaceWith);
      setAtPointer(doc, p.specPointer, replacement);
    }
  }
}

function buildRoutes(spec: JsonObject): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(asObject(spec.paths))) {
    const segments = splitPath(template);
    const operations = new Map<string, { operationId: string; op: JsonObject }>();
    for (const m of HTTP_METHODS) {
      const op = (item as JsonObject)[m];
      if (op && typeof op === 'object') {
        const o = op as JsonObject;
        operations.set(m, { operationId: typeof o.operationId === 'string' ? o.operationId : `${m} ${template}`, op: o });
      }
    }
    routes.push({ template, segments, isParam: segments.map((s) => /^\{[^}]+\}$/.test(s)), operations });
  }
  return routes;
}

function normalizePath(urlPath: string): string {
  let p = urlPath.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) p = new URL(p).pathname;
  p = p.split(/[?#]/)[0] ?? '';
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function routeMatches(route: Route, segs: string[]): boolean {
  if (route.segments.length !== segs.length) return false;
  return route.segments.every((s, i) => {
    const seg = segs[i];
    if (seg === undefined || seg === '') return false;
    if (route.isParam[i]) return true;
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      /* keep raw */
    }
    return s === seg || s === decoded;
  });
}

/** Literal segments beat params, compared left to right. */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.isParam.length; i++) {
    if (a.isParam[i] !== b.isParam[i]) return !a.isParam[i];
  }
  return false;
}

function jsonContentKey(content: unknown): string | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const entries = Object.entries(content as JsonObject).filter(
    ([type, v]) => /json/i.test(type) && v && typeof v === 'object' && 'schema' in (v as JsonObject),
  );
  return (entries.find(([t]) => t === 'application/json') ?? entries[0])?.[0];
}

function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    body === '' ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body as object).length === 0)
  );
}

function variantName(schema: unknown, index: number): string {
  if (schema && typeof schema === 'object') {
    const o = schema as JsonObject;
    if (typeof o.$ref === 'string') return o.$ref.slice(o.$ref.lastIndexOf('/') + 1);
    if (typeof o.title === 'string') return o.title;
    if (o.type === 'array') return `array of ${variantName(o.items, index)}`;
    if (typeof o.type === 'string') return o.type;
  }
  return `variant ${index + 1}`;
}

/**
 * One line per distinct ajv error: `<instancePath or (body)> <message>[: detail] [(in <schema title>)]`.
 * For oneOf/anyOf, the line lists the variants tried. Errors from inside a variant name the component
 * they come from, so a reader can tell which variant is speaking.
 */
function formatAjvErrors(errors: readonly ErrorObject[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const where = e.instancePath === '' ? '(body)' : e.instancePath;
    let msg = `${where} ${e.message ?? e.keyword}`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) msg += `: ${JSON.stringify(params.allowedValues)}`;
    if (e.keyword === 'const') msg += `: ${short(params.allowedValue)}`;
    if (e.keyword === 'additionalProperties') msg += `: '${String(params.additionalProperty)}'`;
    const parent = e.parentSchema as JsonObject | undefined;
    if (e.keyword === 'discriminator' && Array.isArray(parent?.oneOf)) {
      const known = (parent.oneOf as JsonObject[]).map((v) => (v.properties as JsonObject | undefined)?.[String(params.tag)]);
      const values = known.map((k) => (k && typeof k === 'object' ? (k as JsonObject).const : undefined)).filter((x) => x !== undefined);
      msg += ` (got ${short(params.tagValue)}; known: ${values.map((x) => JSON.stringify(x)).join(' | ')})`;
    } else if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && Array.isArray(parent?.[e.keyword])) {
      msg += ` (tried: ${(parent[e.keyword] as unknown[]).map(variantName).join(' | ')})`;
      if (e.keyword === 'oneOf' && Array.isArray(params.passingSchemas)) {
        msg += `; matched ${params.passingSchemas.length} of them, not exactly one`;
      }
    } else if (typeof parent?.title === 'string' && !parent.title.startsWith("Cal.com error envelope")) {
      msg += ` (in ${parent.title})`;
    }
    if (!out.includes(msg)) out.push(msg);
  }
  return out;
}

/**
 * True when `instancePath` (an ajv instancePath, '' = whole body) is at or under `where` (a KnownDeviation.where,
 * where `*` stands for any one array index or map key).
 */
export function pointerMatches(where: string, instancePath: string): boolean {
  const w = pointerSegments(where);
  const p = pointerSegments(instancePath);
  if (p.length < w.length) return false;
  return w.every((seg, i) => seg === '*' || seg === p[i]);
}

// ---------------------------------------------------------------------------------------------
// Deviation self-check
// ---------------------------------------------------------------------------------------------

export interface DeviationCheck {
  id: string;
  /** True when every patch location still holds the wrong text we named. */
  stillInSpec: boolean;
  /** One line per problem: an unknown operationId, or a patch location whose spec text changed. */
  problems: string[];
}

/**
 * Confirms that each KNOWN_DEVIATION is still present in the spec as read. If Cal.com fixes its spec, this
 * reports the deviation as gone, so it can be removed instead of lingering.
 */
export function verifyDeviationsStillInSpec(checker: ContractChecker): DeviationCheck[] {
  const ops = new Set(checker.operationIds());
  return KNOWN_DEVIATIONS.map((d) => {
    const problems: string[] = [];
    for (const op of [d.operationId, ...(d.alsoAffects ?? [])]) {
      if (!ops.has(op)) problems.push(`operationId ${op} is not in the spec`);
    }
    for (const p of d.patches) {
      const mismatch = partialMismatch(getAtPointer(checker.rawSpec, p.specPointer), p.expect);
      if (mismatch !== null) problems.push(`spec at ${p.specPointer} changed: ${mismatch}`);
    }
    return { id: d.id, stillInSpec: problems.length === 0, problems };
  });
}

// ---------------------------------------------------------------------------------------------
// Recorder (used by the sandbox server for every exchange)
// ---------------------------------------------------------------------------------------------

export function formatViolation(v: ContractViolation): string {
  const head = `${v.kind.toUpperCase()} ${v.method} ${v.path}${v.status !== undefined ? ` -> ${v.status}` : ''}${
    v.operationId ? ` (${v.operationId})` : ''
  }`;
  return [head, ...v.errors.map((e) => `    - ${e}`)].join('\n');
}

export class ContractRecorder {
  private readonly found: ContractViolation[] = [];
  private exchanges = 0;

  constructor(private readonly checker: ContractChecker) {}

  request(method: string, urlPath: string, body: unknown): void {
    this.exchanges++;
    const v = this.checker.checkRequest(method, urlPath, body);
    if (v) this.found.push(v);
  }

  response(method: string, urlPath: string, status: number, body: unknown): void {
    this.exchanges++;
    const v = this.checker.checkResponse(method, urlPath, status, body);
    if (v) this.found.push(v);
  }

  violations(): ContractViolation[] {
    return [...this.found];
  }

  /** Throws an Error listing every violation, each with its method, path, status, operationId and errors. */
  assertClean(): void {
    if (this.found.length === 0) return;
    const n = this.found.length;
    throw new Error(
      `${n} Cal.com contract violation${n === 1 ? '' : 's'} in ${this.exchanges} checked messages ` +
        `(spec: ${this.checker.specFile}):\n${this.found.map(formatViolation).join('\n')}`,
    );
  }
}
