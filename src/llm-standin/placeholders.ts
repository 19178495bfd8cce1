// Tool-call arguments that refer to earlier tool outputs, because a scripted booking call must carry the slot id the
// slots tool returned in this very run.
//
//   {{lastTool.<path>}}       the most recent tool message in the conversation
//   {{tool.<name>.<path>}}    the most recent output of the tool called <name>
// A tool message's content is parsed as JSON when it can be (LiveKit JSON-stringifies tool return values) and is
// otherwise the raw text. <path> is dot-separated; numeric segments index arrays; an empty path is the whole value.
// A string that is exactly one placeholder becomes the referenced value with its JSON type; placeholders inside a longer
// string are interpolated (objects as JSON).
import { messageText, type ChatMessage } from './request.js';

export class PlaceholderError extends Error {
  override readonly name = 'PlaceholderError';
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([^{}]+?)\s*\}\}$/;

function parseContent(message: ChatMessage): unknown {
  const text = messageText(message);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toolNamesByCallId(messages: ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
  return names;
}

function latestToolOutput(messages: ChatMessage[], toolName?: string): ChatMessage | undefined {
  const names = toolName === undefined ? undefined : toolNamesByCallId(messages);
  return messages.findLast(
    (m) => m.role === 'tool' && (names === undefined || names.get(m.tool_call_id ?? '') === toolName),
  );
}

function walk(root: unknown, path: string[], expr: string): unknown {
  let value = root;
  for (const segment of path) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, segment))
      value = (value as Record<string, unknown>)[segment];
    else value = undefined;
    if (value === undefined) throw new PlaceholderError(`{{${expr}}}: no "${segment}" in ${JSON.stringify(root)}`);
  }
  return value;
}

function lookup(expr: string, messages: ChatMessage[]): unknown {
  const [head, ...rest] = expr.split('.');
  if (head === 'lastTool') {
    const message = latestToolOutput(messages);
    if (!message) throw new PlaceholderError(`{{${expr}}}: the conversation has no tool output yet`);
    return walk(parseContent(message), rest, expr);
  }
  if (head === 'tool') {
    const [name, ...path] = rest;
    const message = name === undefined ? undefined : latestToolOutput(messages, name);
    if (!message) throw new PlaceholderError(`{{${expr}}}: no output of tool "${name ?? ''}" in the conversation`);
    return walk(parseContent(message), path, expr);
  }
  throw new PlaceholderError(`{{${expr}}}: placeholders start with lastTool. or tool.<name>.`);
}

function resolveString(text: string, messages: ChatMessage[]): unknown {
  const whole = WHOLE_PLACEHOLDER.exec(text);
  if (whole) return lookup(whole[1] ?? '', messages);
  return text.replace(PLACEHOLDER, (_, expr: string) => {
    const value = lookup(expr, messages);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Replaces placeholders anywhere inside `value`; throws PlaceholderError when one can't be resolved. */
export function resolvePlaceholders(value: unknown, messages: ChatMessage[]): unknown {
  if (typeof value === 'string') return resolveString(value, messages);
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, messages));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, messages)]));
  return value;
}
