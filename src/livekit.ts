// `cal-booking-action/livekit`: everything an existing LiveKit agent needs to add booking, from one import: the
// toolset, the instructions, the caller's context from the job, and the prefetch at call start.
export { buildInstructions, type InstructionsInput } from './agent/instructions.js';
export { createBookingToolset, prefetchAll, withBookingTools, BookingToolset, type BookingToolsetOptions } from './agent/toolset.js';
export { callContext, jobCallContext, type CallSource, type DerivedCall, type JobLike } from './agent/call-context.js';
export type { AnySession } from './agent/session-flows.js';
export { loadBookingConfig } from './booking/config.js';
export { resolveActions, type ResolvedAction } from './booking/resolve.js';
export type { CallContext } from './booking/call-context.js';
export { CalComClient, type CalComClientOptions } from './calcom/client.js';
export { smsSenderFromEnv, TwilioSmsSender } from './sms/twilio.js';
