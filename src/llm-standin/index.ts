// A local OpenAI-compatible Chat Completions endpoint that answers from a script of turns, for offline development and
// scenario tests with the real LiveKit OpenAI plugin.
export { patternMatches } from './matching.js';
export { PlaceholderError, resolvePlaceholders } from './placeholders.js';
export type { PlannedReply, PlannedToolCall } from './reply.js';
export type { ChatMessage } from './request.js';
export {
  parseStandinScript,
  StandinScriptSchema,
  StandinScriptStepSchema,
  StandinTurnSchema,
  StandinWhenSchema,
  type ParsedScriptStep,
  type StandinScriptStep,
  type StandinTurn,
  type StandinWhen,
} from './script.js';
export {
  startLlmStandin,
  type LlmStandinOptions,
  type OfferedTool,
  type RecordedChat,
  type RecordedRequest,
  type RunningLlmStandin,
} from './server.js';
