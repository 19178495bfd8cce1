// Who is calling, from what LiveKit hands a job: the dispatch's metadata (the context API's values as JSON) and the
// SIP participant's attributes. `callContext` is pure, so every odd input a telephony provider sends can be tested
// without a room; `jobCallContext` reads the same from a JobContext for an agent's entry.
import { log } from '@livekit/agents';
import type { Contact } from '../booking/contacts.js';
import type { CallContext } from '../booking/call-context.js';
import { toE164 } from '../sms/phone.js';

export interface CallSource {
  /** `ctx.job.metadata`: JSON, or blank when the dispatch carried none. */
  metadata: string | undefined;
  /** The caller's participant attributes (`sip.phoneNumber`, and any context keys the dispatcher set). */
  attributes: Readonly<Record<string, string>>;
  roomName: string;
  /** `ctx.job.id`; the room name stands in when it is blank. */
  jobId?: string;
}

export interface DerivedCall {
  call: CallContext;
  /** Inputs that were ignored and why; for the log, never for the caller. */
  warnings: string[];
}

const CONTEXT_KEYS = ['cal_email', 'name', 'contact_id'] as const;

export function callContext(src: CallSource): DerivedCall {
  const warnings: string[] = [];
  const fromMetadata = parseMetadata(src.metadata, warnings);
  const fromAttributes: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) if (src.attributes[key]?.trim()) fromAttributes[key] = src.attributes[key].trim();
  // The dispatch's metadata is what the integrator set on purpose for this call, so it wins over attributes.
  const dynamicContext = { ...fromAttributes, ...fromMetadata };
  const callerPhone = sipPhone(src.attributes['sip.phoneNumber'], warnings);
  const contact = contactOf(dynamicContext, callerPhone);
  // SIP participants' attributes are set by the trunk and dispatch rule; any other participant may set its own.
  const isSip = Object.keys(src.attributes).some((k) => k.startsWith('sip.'));
  const emailFromClient = !isSip && 'cal_email' in fromAttributes && !('cal_email' in fromMetadata);
  const call: CallContext = {
    callId: src.jobId?.trim() || src.roomName,
    ...(Object.keys(dynamicContext).length ? { dynamicContext } : {}),
    ...(contact ? { contact } : {}),
    ...(callerPhone ? { callerPhone } : {}),
    ...(emailFromClient ? { contextEmailFromClient: true } : {}),
  };
  return { call, warnings };
}

/** What `jobCallContext` reads from agents-js's JobContext (structural, so a test can hand in a plain object). */
export interface JobLike {
  job: { id: string; metadata: string };
  room: { name?: string | undefined };
}

/**
 * The call a job serves, for `createBookingToolset`'s `callContext`: call `await ctx.waitForParticipant()` first and
 * pass the participant. Ignored inputs (metadata that is not JSON, a withheld number) are logged as warnings.
 */
export function jobCallContext(
  ctx: JobLike,
  participant: { attributes: Readonly<Record<string, string>> },
  warn: (message: string) => void = (message) => log().warn(message),
): CallContext {
  const { call, warnings } = callContext({ metadata: ctx.job.metadata, attributes: participant.attributes, roomName: ctx.room.name ?? '', jobId: ctx.job.id });
  for (const w of warnings) warn(w);
  return call;
}

function parseMetadata(raw: string | undefined, warnings: string[]): Record<string, unknown> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    warnings.push(`job metadata is not JSON; ignored (${raw.length} characters)`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    warnings.push(`job metadata is JSON but not an object (${parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed}); ignored`);
    return {};
  }
  return parsed as Record<string, unknown>;
}

/** Trunks send "+14155550123", "14155550123", "sip:+1…@host" or "tel:…"; withheld numbers send words. */
function sipPhone(raw: string | undefined, warnings: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const e164 = toE164(value) ?? (/^\d{8,15}$/.test(value) ? toE164(`+${value}`) : null);
  if (!e164) warnings.push('sip.phoneNumber is not a phone number a text can go to; no SMS to the caller\'s line');
  return e164 ?? undefined;
}

function contactOf(ctx: Record<string, unknown>, phone: string | undefined): Contact | undefined {
  const id = text(ctx['contact_id']);
  if (!id) return undefined;
  const name = text(ctx['name']);
  const email = text(ctx['cal_email']);
  return { id, ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
