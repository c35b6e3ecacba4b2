import { readAnswer } from './answer.ts';
import { BrokenAnswer, backoffMs, httpFailure, networkCause } from './http-errors.ts';
import { openScope } from './scope.ts';
import {
  type LlmClient,
  type LlmClientOptions,
  type LlmCompletion,
  type LlmEndpoint,
  LlmError,
  type LlmRequest,
} from './types.ts';

export type {
  LlmClient,
  LlmClientOptions,
  LlmCompletion,
  LlmEndpoint,
  LlmErrorKind,
  LlmMessage,
  LlmRequest,
  LlmTool,
  LlmToolCall,
  LlmUsage,
} from './types.ts';
export { LlmError } from './types.ts';

const requestBody = (model: string, req: LlmRequest, stream: boolean) => {
  // OpenAI rejects an empty tools array, and tool_choice without tools.
  const tools = req.tools?.length
    ? {
        tools: req.tools.map((t) => ({
          type: 'function',
          function: { name: t.name, description: t.description, parameters: t.parameters },
        })),
        tool_choice: 'auto',
      }
    : {};
  return {
    model,
    messages: req.messages,
    ...tools,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    // Tool use should be repeatable: the same question, the same calls.
    temperature: 0,
    max_tokens: req.maxTokens,
  };
};

const hostOf = (baseUrl: string) => {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'an invalid address';
  }
};

/** A client for any OpenAI-compatible `/chat/completions` server with tools. */
export const createLlmClient = (endpoint: LlmEndpoint, opts: LlmClientOptions = {}): LlmClient => {
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const host = hostOf(endpoint.baseUrl);
  const send = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 20_000;
  const maxRetries = opts.maxRetries ?? 2;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? 5_000;
  const key = endpoint.apiKey;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  // Servers may echo what they were sent; no message of ours may carry the key. A new error,
  // since the stack already holds the old message.
  const redact = (err: unknown) => {
    if (!key || !(err instanceof LlmError) || !err.message.includes(key)) return err;
    const { kind, status, retryAfterSeconds, cause } = err;
    return new LlmError(kind, err.message.replaceAll(key, '***'), { status, retryAfterSeconds, cause });
  };

  const complete = async (req: LlmRequest): Promise<LlmCompletion> => {
    const body = JSON.stringify(requestBody(endpoint.model, req, req.stream ?? false));
    const scope = openScope({
      host,
      timeoutMs,
      idleTimeoutMs,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    try {
      for (let attempt = 0; ; attempt++) {
        scope.signal.throwIfAborted();
        const retry = async (error: LlmError, waitMs: number | undefined) => {
          if (waitMs === undefined || attempt >= maxRetries || waitMs >= scope.remainingMs()) throw error;
          await scope.sleep(waitMs);
        };
        let res: Response;
        try {
          res = await send(url, { method: 'POST', headers, body, signal: scope.signal });
        } catch (err) {
          if (scope.signal.aborted) throw err;
          const why = networkCause(err);
          const error = new LlmError('unavailable', `could not reach the model server at ${host} (${why})`, {
            cause: err,
          });
          await retry(error, backoffMs(attempt));
          continue;
        }
        if (res.ok) {
          try {
            return await readAnswer(res, req, { host, armIdle: scope.armIdle });
          } catch (err) {
            if (!(err instanceof BrokenAnswer) || scope.signal.aborted) throw err;
            const error = new LlmError(
              'unavailable',
              `the connection to the model server at ${host} broke mid-answer (${networkCause(err.cause)})`,
              { cause: err.cause },
            );
            await retry(error, err.retryable ? backoffMs(attempt) : undefined);
            continue;
          }
        }
        const failure = httpFailure(res, await res.text().catch(() => ''), { host, attempt, maxRetryWaitMs });
        await retry(failure.error, failure.waitMs);
      }
    } catch (err) {
      throw redact(scope.cutShortError() ?? err);
    } finally {
      scope.dispose();
    }
  };

  return { model: endpoint.model, complete };
};
