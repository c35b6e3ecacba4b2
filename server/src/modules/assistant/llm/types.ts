/** One message of an OpenAI-compatible chat, as the server expects it on the wire. */
export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool the model may call; `parameters` is a JSON Schema of its arguments. */
export type LlmTool = { name: string; description: string; parameters: Record<string, unknown> };

/**
 * A call the model asked for. `raw` is the arguments text as received; `arguments` is set only
 * when it is a JSON object, otherwise `error` says why, for the caller to report back to the model.
 */
export type LlmToolCall = {
  id: string;
  name: string;
  raw: string;
  arguments?: Record<string, unknown>;
  error?: string;
};

export type LlmUsage = { promptTokens: number; completionTokens: number; estimated: boolean };

export type LlmCompletion = {
  content: string;
  toolCalls: LlmToolCall[];
  finishReason: string;
  usage: LlmUsage;
};

export type LlmErrorKind = 'rate_limited' | 'unavailable' | 'timeout' | 'bad_response' | 'unauthorized';

/** A failure talking to the model server; messages name the host, never the API key. */
export class LlmError extends Error {
  kind: LlmErrorKind;
  status?: number;
  retryAfterSeconds?: number;

  constructor(
    kind: LlmErrorKind,
    message: string,
    extra: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'LlmError';
    this.kind = kind;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/** `baseUrl` includes the version path, e.g. `http://host:11434/v1`. */
export type LlmEndpoint = { baseUrl: string; apiKey?: string; model: string };

export type LlmRequest = {
  messages: LlmMessage[];
  tools?: LlmTool[];
  stream?: boolean;
  /** Each piece of text as it arrives; without streaming, the whole text once. */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
  maxTokens?: number;
};

export type LlmClient = {
  model: string;
  complete: (req: LlmRequest) => Promise<LlmCompletion>;
};

export type LlmClientOptions = {
  /** Deadline for the whole call, retries included. */
  timeoutMs?: number;
  /** Longest silence between two chunks of a stream. */
  idleTimeoutMs?: number;
  maxRetries?: number;
  /** A 429 asking for a longer wait than this fails at once rather than blocking the user. */
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
};
