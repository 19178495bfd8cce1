// The HTTP side: an OpenAI-compatible endpoint that answers from a script, so a real OpenAI client (LiveKit's plugin
// pointed at it with `baseURL`) runs without a key or network. Any Authorization header is accepted, since clients
// insist on sending some key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyError, decodeUtf8, jsonDepth, readBodyBytes } from '../http/body.js';
import { sendJson as writeJson } from '../http/respond.js';
import { answerClientErrors, serverOptions, type HttpLimits } from '../http/server-limits.js';
import { requestUrl } from '../http/url.js';
import { ScriptCursor } from './matching.js';
import { planReply, unmatchedReply, type PlannedReply } from './reply.js';
import { ChatCompletionRequestSchema, messageText, type ChatCompletionRequest, type ChatMessage } from './request.js';
import { parseStandinScript, type StandinScriptStep } from './script.js';
import { completionBody, errorBody, estimateUsage, modelsBody, streamChunks, type WireContext } from './wire.js';

export interface LlmStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  script?: StandinScriptStep[];
  /** Listed by GET /v1/models and used in answers when a request names no model. */
  model?: string;
  /** Pause between streamed chunks, to exercise clients that act on partial output. */
  chunkDelayMs?: number;
  /** Largest request body in bytes; default 4 MB (a long call with every tool's schema stays far below). */
  maxBodyBytes?: number;
  /** Deepest JSON nesting in a request; default 64 (tool parameter schemas nest). */
  maxJsonDepth?: number;
  /** Header size and slow-client timeouts. */
  limits?: HttpLimits;
}

export interface OfferedTool {
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface RecordedChat {
  model?: string;
  messages: ChatMessage[];
  tools: OfferedTool[];
  toolChoice?: unknown;
  stream: boolean;
  /** Index of the script step that answered, or null when the script had nothing for this request. */
  answeredBy: number | null;
  reply: PlannedReply;
}

export interface RecordedRequest {
  method: string;
  path: string;
  hasAuthorization: boolean;
  /** Present for well-formed chat completion requests. */
  chat?: RecordedChat;
}

export interface RunningLlmStandin {
  /** Base URL for OpenAI clients; ends with /v1. */
  url: string;
  port: number;
  requests(): RecordedRequest[];
  /** Replaces the script and forgets which steps were used. */
  setScript(steps: StandinScriptStep[]): void;
  /** Indexes of steps not used yet. */
  unusedSteps(): number[];
  close(): Promise<void>;
}

const DEFAULT_MODEL = 'llm-standin';
const MODELS_CREATED = 1_700_000_000;
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;

function serverError(message: string): object {
  return { error: { message, type: 'server_error', param: null, code: null } };
}

/** Serialised before the head is written. */
function sendJson(res: ServerResponse, status: number, body: object): void {
  writeJson(res, { status, body }, {}, () => ({ status: 500, body: serverError('The answer could not be serialised') }));
}

/** The request's JSON, or the OpenAI-shaped error to answer with. */
async function readJson(req: IncomingMessage, maxBytes: number, maxDepth: number): Promise<{ json: unknown } | { status: number; error: string }> {
  let text: string;
  try {
    text = decodeUtf8(await readBodyBytes(req, maxBytes));
  } catch (e) {
    if (e instanceof BodyError) return { status: e.status, error: e.message };
    throw e;
  }
  if (jsonDepth(text) > maxDepth) return { status: 400, error: `The request body nests arrays or objects more than ${maxDepth} levels deep.` };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { status: 400, error: 'We could not parse the JSON body of your request.' };
  }
}

function offeredTools(request: ChatCompletionRequest): OfferedTool[] {
  return (request.tools ?? []).map(({ function: f }) => ({
    name: f.name,
    ...(f.description === undefined ? {} : { description: f.description }),
    ...(f.parameters === undefined ? {} : { parameters: f.parameters }),
  }));
}

export async function startLlmStandin(opts: LlmStandinOptions = {}): Promise<RunningLlmStandin> {
  const model = opts.model ?? DEFAULT_MODEL;
  const chunkDelayMs = opts.chunkDelayMs ?? 0;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxJsonDepth = opts.maxJsonDepth ?? DEFAULT_MAX_DEPTH;
  let cursor = new ScriptCursor(parseStandinScript(opts.script ?? []));
  const recorded: RecordedRequest[] = [];
  let callCount = 0;
  let completionCount = 0;
  const nextCallId = () => `call_${++callCount}`;

  async function stream(res: ServerResponse, chunks: object[]): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const chunk of chunks) {
      if (res.destroyed) return;
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    }
    res.end('data: [DONE]\n\n');
  }

  async function chatCompletions(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const body = await readJson(req, maxBodyBytes, maxJsonDepth);
    if ('error' in body) {
      sendJson(res, body.status, errorBody(body.error));
      return;
    }
    const parsed = ChatCompletionRequestSchema.safeParse(body.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue?.path.join('.') || null;
      sendJson(res, 400, errorBody(`Invalid request: ${param ?? 'body'}: ${issue?.message ?? 'invalid'}`, param));
      return;
    }
    const request = parsed.data;
    const { messages } = request;
    const taken = cursor.take(messages);
    const reply = taken ? planReply(taken.step.reply, taken.index, messages, nextCallId) : unmatchedReply(messages);
    const streaming = request.stream === true;
    record.chat = {
      ...(request.model === undefined ? {} : { model: request.model }),
      messages,
      tools: offeredTools(request),
      ...(request.tool_choice === undefined ? {} : { toolChoice: request.tool_choice }),
      stream: streaming,
      answeredBy: taken?.index ?? null,
      reply,
    };
    const ctx: WireContext = {
      id: `chatcmpl-standin-${++completionCount}`,
      created: Math.floor(Date.now() / 1000),
      model: request.model ?? model,
    };
    const usage = estimateUsage(messages.map(messageText).join('\n'), reply);
    if (!streaming) {
      sendJson(res, 200, completionBody(reply, ctx, usage));
      return;
    }
    await stream(res, streamChunks(reply, ctx, request.stream_options?.include_usage ? usage : undefined));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = requestUrl(req).pathname.replace(/\/+$/, '');
    const record: RecordedRequest = { method, path, hasAuthorization: req.headers.authorization !== undefined };
    recorded.push(record);
    if (method === 'GET' && path === '/v1/models') sendJson(res, 200, modelsBody(model, MODELS_CREATED));
    else if (method === 'POST' && path === '/v1/chat/completions') await chatCompletions(req, res, record);
    else sendJson(res, 404, errorBody(`Invalid URL (${method} ${path})`));
  }

  const server = createServer(serverOptions(opts.limits), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // An answer, even an error, keeps the client from waiting on a request the stand-in failed to handle.
      if (!res.headersSent) sendJson(res, 500, serverError(error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error'));
      else res.destroy();
    });
  });
  answerClientErrors(server, (status, message) => ({ contentType: 'application/json', body: JSON.stringify(errorBody(message)) }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    requests: () => [...recorded],
    setScript(steps) {
      cursor = new ScriptCursor(parseStandinScript(steps));
    },
    unusedSteps: () => cursor.unused(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
