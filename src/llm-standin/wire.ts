// OpenAI Chat Completions wire shapes. Streaming mirrors what api.openai.com sends, piece by piece, because LiveKit's
// parser relies on it: a role delta, content deltas, each tool call opened by a delta carrying id/type/name with empty
// arguments and continued by argument fragments, then a chunk with finish_reason (without it LiveKit never emits the
// last tool call), then the usage chunk with `choices: []` when asked for.
import type { PlannedReply } from './reply.js';

export interface WireContext {
  id: string;
  created: number;
  model: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const TEXT_PIECES = 4;
const ARGUMENT_PIECES = 3;

// Split at word boundaries so streamed text concatenates back exactly, as a client that joins deltas expects.
export function splitText(text: string, pieces = TEXT_PIECES): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [text];
  const perPiece = Math.max(1, Math.ceil(words.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += perPiece) out.push(words.slice(i, i + perPiece).join(''));
  return out;
}

function splitArguments(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / ARGUMENT_PIECES));
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}

function finishReason(reply: PlannedReply): 'stop' | 'tool_calls' {
  return reply.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

// A rough count (about four characters per token) so clients that log usage see plausible numbers.
export function estimateUsage(promptText: string, reply: PlannedReply): Usage {
  const completionText = (reply.content ?? '') + reply.toolCalls.map((c) => c.name + c.arguments).join('');
  const prompt_tokens = Math.ceil(promptText.length / 4);
  const completion_tokens = Math.ceil(completionText.length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

export function streamChunks(reply: PlannedReply, ctx: WireContext, usage: Usage | undefined): object[] {
  const envelope = { id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model };
  const chunk = (delta: object, finish_reason: string | null = null) => ({
    ...envelope,
    choices: [{ index: 0, delta, logprobs: null, finish_reason }],
  });
  const chunks: object[] = [chunk({ role: 'assistant', content: reply.content === undefined ? null : '' })];
  if (reply.content) for (const piece of splitText(reply.content)) chunks.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    chunks.push(chunk({ tool_calls: [opening] }));
    for (const fragment of splitArguments(call.arguments))
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
  });
  chunks.push(chunk({}, finishReason(reply)));
  if (usage) chunks.push({ ...envelope, choices: [], usage });
  return chunks;
}

export function completionBody(reply: PlannedReply, ctx: WireContext, usage: Usage): object {
  const toolCalls = reply.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.content ?? null,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(reply),
      },
    ],
    usage,
  };
}

export function errorBody(message: string, param: string | null = null, code: string | null = null): object {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

export function modelsBody(model: string, created: number): object {
  return { object: 'list', data: [{ id: model, object: 'model', created, owned_by: 'llm-standin' }] };
}
