// The booking tools' arguments checked before they reach the flow: whatever a model (or a JavaScript caller) sends,
// each problem becomes a ToolError that says what to send instead, with the lengths capped and nothing of the input
// echoed back beyond its length. The same messages label the zod parameter schemas, so agents-js's own validation
// (which runs first on the framework path) says the same thing.
import { llm } from '@livekit/agents';
import type { BookInput } from '../booking/flow.js';

/** Longest value accepted per argument, in characters. */
export const ARG_LIMITS = { slotId: 16, preference: 200, name: 100, email: 254, phone: 32, notes: 500 } as const;

export const ARG_MESSAGES = {
  slotsObject: 'The arguments must be a JSON object: {} for no preference, or {"preference": "the caller\'s words"}.',
  bookObject: 'The arguments must be a JSON object such as {"slotId": "t1", "name": "Jo Caller"}.',
  preference: "preference must be the caller's own words as text, e.g. \"Thursday afternoon\", or left out when they gave none.",
  slotId: 'slotId must be the id of an offered time as text, exactly as the latest slots result gave it (e.g. "t1"); never a date or time.',
  name: 'name must be the caller\'s name as text, or "" if you do not have it yet.',
  email: "email must be the address as text, as the caller said it (e.g. \"jo dot smith at gmail dot com\"), or left out.",
  emailConfirmed: 'emailConfirmed must be true or false: true only after you read the email back and the caller said it is right.',
  phone: 'phone must be the number as text, as the caller said it, or left out.',
  notes: "notes must be text in the caller's words, or left out.",
  anotherBooking: 'anotherBooking must be true or false: true only when the caller asked for an additional, separate appointment.',
  noEmail: 'noEmail must be true or false: true only when the caller said they have no email address.',
  phoneConfirmed: 'phoneConfirmed must be true or false: true only after you read the number back and the caller said it is right.',
} as const;

const TOO_LONG: Record<keyof typeof ARG_LIMITS, string> = {
  slotId: 'Use the id exactly as the latest slots result gave it (e.g. "t1").',
  preference: 'Pass only the caller\'s words about a day or time (e.g. "Thursday afternoon").',
  name: 'Pass the name the caller gave, nothing else.',
  email: 'No email address is that long: ask the caller to spell it again.',
  phone: 'No phone number is that long: ask the caller to repeat it.',
  notes: 'Summarise briefly, in the caller\'s words.',
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function text(args: Record<string, unknown>, key: keyof typeof ARG_LIMITS, optional: boolean, message: string): string | undefined {
  const v = args[key];
  if (v === undefined || (v === null && optional)) {
    if (optional) return undefined;
    throw new llm.ToolError(message);
  }
  if (typeof v !== 'string') throw new llm.ToolError(message);
  if (v.length > ARG_LIMITS[key])
    throw new llm.ToolError(`${key} is ${v.length} characters; the most accepted is ${ARG_LIMITS[key]}. ${TOO_LONG[key]}`);
  return v;
}

/** The slots tool's `{preference?}`; a blank preference is no preference. */
export function slotsArgs(raw: unknown): { preference?: string } {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw new llm.ToolError(ARG_MESSAGES.slotsObject);
  const preference = text(raw, 'preference', true, ARG_MESSAGES.preference)?.trim();
  return preference ? { preference } : {};
}

/** The book tool's arguments; `offered` lists the ids the model may use, for the message when slotId is unusable. */
export function bookArgs(raw: unknown, offered: () => readonly string[]): BookInput {
  if (!isObject(raw)) throw new llm.ToolError(ARG_MESSAGES.bookObject);
  const ids = () => {
    const list = offered();
    return list.length ? ` The ids offered now: ${list.join(', ')}.` : ' No times have been offered yet in this call: call the slots tool first.';
  };
  const slotId = raw['slotId'];
  if (typeof slotId !== 'string' || slotId.trim() === '') throw new llm.ToolError(`${ARG_MESSAGES.slotId}${ids()}`);
  if (slotId.length > ARG_LIMITS.slotId) throw new llm.ToolError(`slotId is ${slotId.length} characters; ids are short, like "t1".${ids()}`);
  const name = raw['name'] === undefined || raw['name'] === null ? '' : text(raw, 'name', false, ARG_MESSAGES.name)!;
  const email = text(raw, 'email', true, ARG_MESSAGES.email);
  const phone = text(raw, 'phone', true, ARG_MESSAGES.phone);
  const notes = text(raw, 'notes', true, ARG_MESSAGES.notes);
  const confirmed = raw['emailConfirmed'];
  if (confirmed !== undefined && confirmed !== null && typeof confirmed !== 'boolean') throw new llm.ToolError(ARG_MESSAGES.emailConfirmed);
  const another = raw['anotherBooking'];
  if (another !== undefined && another !== null && typeof another !== 'boolean') throw new llm.ToolError(ARG_MESSAGES.anotherBooking);
  const phoneConfirmed = raw['phoneConfirmed'];
  if (phoneConfirmed !== undefined && phoneConfirmed !== null && typeof phoneConfirmed !== 'boolean') throw new llm.ToolError(ARG_MESSAGES.phoneConfirmed);
  const noEmail = raw['noEmail'];
  if (noEmail !== undefined && noEmail !== null && typeof noEmail !== 'boolean') throw new llm.ToolError(ARG_MESSAGES.noEmail);
  return {
    slotId,
    name,
    ...(email !== undefined ? { email } : {}),
    ...(typeof confirmed === 'boolean' ? { emailConfirmed: confirmed } : {}),
    ...(typeof another === 'boolean' ? { anotherBooking: another } : {}),
    ...(noEmail === true ? { noEmail: true } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(typeof phoneConfirmed === 'boolean' ? { phoneConfirmed } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
}
