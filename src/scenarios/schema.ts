// The scenario file format: a scripted phone call against the sandbox, with what should happen after each turn.
//
//   name: Books the first offered time              # shown in the report
//   config: ../examples/booking.yaml                # relative to this file; default: the package's examples/booking.yaml
//   action: book_30_minute_consultation             # tool name(s) of the actions to load; default: all
//   now: 2026-11-24T08:00:00Z                       # pins the sandbox clock and the booking flow's clock
//   caller: { phone: "+14155550123", cal_email: jo@example.com, name: Jo Caller, timeZone: Europe/Berlin }
//   instructions: You are the front desk of Becker Consulting.
//   sandbox:                                        # applied before the call
//     world: my-world.yaml                          # default: the sandbox's default world for `now`
//     busy: [{ userId: 1, start: 2026-11-24T09:00:00Z, end: 2026-11-24T16:00:00Z }]
//     bookings: [{ start: 2026-11-25T09:00:00Z, attendee: { name: Sam, email: sam@example.com, phone: "+14155559876" } }]
//     faults: { errorRate: 1 }                      # as POST /_sandbox/faults
//   webhook: true                                   # a local receiver takes the actions' callback webhooks
//   turns:
//     - user: Hi, I would like an appointment       # what the caller says
//       before: { busy: [...], faults: {...} }      # sandbox changes just before this turn (someone else books…)
//       llm:                                        # the stand-in LLM's replies in this turn (scripted mode only)
//         - reply: { call: book_30_minute_consultation_slots }
//         - when: { toolResult: available }
//           reply: { say: "I have {{lastTool.slots.0.time}}." }
//       expect:
//         - toolCall: { name: book_30_minute_consultation_slots, args: {} }   # args: a partial match
//         - toolResult: { name: book_30_minute_consultation_slots, status: available, contains: "10 AM", isError: false }
//         - reply: { contains: ["10 AM"] }          # the assistant's text in this turn, case-insensitive
//         - prompt: { contains: "with Dr. Kaya" }  # the instructions and tool descriptions the model is given
//         - intent: offers a time and asks which suits # judged by an LLM with --real; skipped in scripted mode
//         - booking: { count: 1, attendee: jo@example.com, startLocal: "2026-11-24T10:00", host: Anna }
//         - sms: { count: 1, contains: "Booked" }
//         - bookingLink: true                       # the action's booking page was texted, and it opens
//         - webhook: { count: 1, contains: "call me" }  # callback deliveries, each signature checked
//         - noBooking: true
//
// `llm` steps are the stand-in's script format (src/llm-standin): each turn gets its own script, steps without `when`
// answer in order, and `{{lastTool.path}}` / `{{tool.<name>.path}}` carry ids from tool output into later calls.
// `booking` and `sms` look at the whole call so far; the other expectations at this turn only.
import { readFileSync } from 'node:fs';
import { z } from 'zod/v4';
import { parse as parseYaml } from 'yaml';
import { StandinScriptStepSchema } from '../llm-standin/script.js';
import { FaultsSchema } from '../sandbox/faults.js';

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO instant such as 2026-11-24T08:00:00Z' });

const BusySchema = z.strictObject({ userId: z.number().int().positive(), start: instant, end: instant, title: z.string().optional() });

/** A booking someone made through Cal.com's API: before the call (the caller's own, or a stranger's), or mid-call. */
const SeedBookingSchema = z.strictObject({
  start: instant,
  /** Default: the event type of the scenario's first action. */
  eventTypeId: z.number().int().positive().optional(),
  attendee: z.strictObject({
    name: z.string().min(1),
    email: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    timeZone: z.string().min(1).default('UTC'),
  }),
});

const SandboxChangesShape = {
  busy: z.array(BusySchema).optional(),
  bookings: z.array(SeedBookingSchema).optional(),
  faults: FaultsSchema.partial().optional(),
};

const CallerSchema = z.strictObject({
  phone: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  cal_email: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  timeZone: z.string().min(1).optional(),
});

// One object with every kind optional, not a union, so a mistake inside an expectation is reported at its own field.
const ExpectationSchema = z
  .strictObject({
    toolCall: z.strictObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() }).optional(),
    toolResult: z
      .strictObject({
        name: z.string().min(1).optional(),
        status: z.string().min(1).optional(),
        contains: z.string().min(1).optional(),
        isError: z.boolean().optional(),
      })
      .optional(),
    reply: z.strictObject({ contains: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) }).optional(),
    /** What the model is told: the instructions and every tool's name and description. */
    prompt: z.strictObject({ contains: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) }).optional(),
    intent: z.string().min(1).optional(),
    booking: z
      .strictObject({
        count: z.number().int().min(0).optional(),
        attendee: z.string().min(1).optional(),
        startLocal: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local time such as 2026-11-24T10:00')
          .optional(),
        host: z.string().min(1).optional(),
      })
      .optional(),
    sms: z.strictObject({ count: z.number().int().min(0).optional(), contains: z.string().min(1).optional() }).optional(),
    /** "Email confirmation received": Cal.com's confirmation to the attendee (to that address, when given). */
    email: z.strictObject({ to: z.string().min(1).optional(), count: z.number().int().min(0).optional(), contains: z.string().min(1).optional() }).optional(),
    /** "Meeting link works": every live booking's location has the form Cal.com uses for its action's platform. */
    meetingLink: z.literal(true).optional(),
    /** "Calendar updated": a busy event for the booking on a host's connected calendar (that host's, when given). */
    calendar: z.strictObject({ host: z.string().min(1).optional(), count: z.number().int().min(0).optional() }).optional(),
    noBooking: z.literal(true).optional(),
    /** The caller was texted the action's public booking page, and the page opens. */
    bookingLink: z.literal(true).optional(),
    /** Callback requests the scenario's webhook receiver got (`webhook: true`), every signature checked. */
    webhook: z.strictObject({ count: z.number().int().min(0).optional(), contains: z.string().min(1).optional() }).optional(),
  })
  .refine((e) => Object.keys(e).length === 1, {
    message: 'each expectation has exactly one of toolCall, toolResult, reply, prompt, intent, booking, sms, email, meetingLink, calendar, noBooking, bookingLink, webhook',
  });

const TurnSchema = z.strictObject({
  user: z.string().min(1),
  before: z.strictObject(SandboxChangesShape).optional(),
  llm: z.array(StandinScriptStepSchema).optional(),
  expect: z.array(ExpectationSchema).default([]),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  config: z.string().min(1).optional(),
  action: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  now: instant,
  caller: CallerSchema.default({}),
  instructions: z.string().default(''),
  sandbox: z.strictObject({ ...SandboxChangesShape, world: z.string().min(1).optional() }).default({}),
  /** Starts a receiver and points every action's callback webhook at it (adding a callback where none is set). */
  webhook: z.literal(true).optional(),
  turns: z.array(TurnSchema).min(1, 'a scenario needs at least one turn'),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioTurn = Scenario['turns'][number];
export type Expectation = ScenarioTurn['expect'][number];
export type SandboxChanges = z.output<z.ZodObject<typeof SandboxChangesShape>>;

export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || '(top level)';
}

/** Validates a parsed scenario; every problem names `source` and the field path. */
export function parseScenario(raw: unknown, source: string): Scenario {
  const r = ScenarioSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  throw new ScenarioFileError(`${source} is not a valid scenario:\n${lines.join('\n')}`);
}

export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ScenarioFileError(`Cannot read scenario ${path}: ${(e as Error).message}`);
  }
  return parseScenario(raw, path);
}
