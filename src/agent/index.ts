// The LiveKit glue: a booking toolset for agents-js and the instructions that make the model use it.
export { createBookingToolset, prefetchAll, withBookingTools, BookingToolset, type BookingToolsetOptions } from './toolset.js';
export { buildInstructions, fillTemplate, type InstructionsInput } from './instructions.js';
export { actionToolNames, MAX_TOOL_NAME_LENGTH, type ActionToolNames } from './tool-names.js';
export { manageToolNames, type ManageToolNames } from './manage-tools.js';
export { toToolError } from './tool-error.js';
export type { AnySession } from './session-flows.js';
export { callContext, jobCallContext, type CallSource, type DerivedCall, type JobLike } from './call-context.js';
