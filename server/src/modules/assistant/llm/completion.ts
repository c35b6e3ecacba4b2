import { createToolCallAssembler, isRecord } from './tool-calls.ts';
import { type LlmCompletion, LlmError } from './types.ts';

const MESSAGE_MAX = 300;

const errorText = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (!isRecord(v)) return undefined;
  if (typeof v.error === 'string') return v.error;
  if (isRecord(v.error) && typeof v.error.message === 'string') return v.error.message;
  if (typeof v.message === 'string') return v.message;
  if (typeof v.detail === 'string') return v.detail;
  return undefined;
};

/** A server's error text, from the JSON shapes OpenAI, Ollama, vLLM and llama.cpp use, or plain. */
export const serverMessage = (body: unknown): string | undefined => {
  let v = body;
  if (typeof body === 'string') {
    try {
      v = JSON.parse(body);
    } catch {
      v = body;
    }
  }
  const flat = errorText(v)?.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > MESSAGE_MAX ? `${flat.slice(0, MESSAGE_MAX - 1)}…` : flat;
};

const estimate = (chars: number) => Math.ceil(chars / 4);

/**
 * Folds stream chunks, or one whole response, into a completion. A whole response's `message`
 * is read like a chunk's `delta`.
 */
export const createCompletionBuilder = (host: string, onText?: (delta: string) => void) => {
  let content = '';
  let finishReason: string | undefined;
  let reported: { promptTokens: number; completionTokens: number } | undefined;
  const calls = createToolCallAssembler();

  const add = (chunk: unknown) => {
    if (!isRecord(chunk)) throw new LlmError('bad_response', `the model server at ${host} sent a non-object`);
    if (chunk.error !== undefined && chunk.error !== null) {
      const why = serverMessage(chunk) ?? 'no detail';
      throw new LlmError('bad_response', `the model server at ${host} reported an error: ${why}`);
    }
    const u = chunk.usage;
    if (isRecord(u) && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number') {
      // Zeros mean the server does not count, not that the prompt was empty.
      if (u.prompt_tokens + u.completion_tokens > 0) {
        reported = { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens };
      }
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : {};
      if (typeof delta.content === 'string' && delta.content !== '') {
        content += delta.content;
        onText?.(delta.content);
      }
      if (Array.isArray(delta.tool_calls)) for (const part of delta.tool_calls) calls.add(part);
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        finishReason = choice.finish_reason;
      }
    }
  };

  /** `promptChars` sizes the request for the estimate used when the server reports no usage. */
  const result = (promptChars: number): LlmCompletion => {
    const toolCalls = calls.finish();
    const outputChars = toolCalls.reduce((n, c) => n + c.name.length + c.raw.length, content.length);
    return {
      content,
      toolCalls,
      finishReason: finishReason ?? 'stop',
      usage: reported
        ? { ...reported, estimated: false }
        : { promptTokens: estimate(promptChars), completionTokens: estimate(outputChars), estimated: true },
    };
  };

  return { add, result, hasAnswer: () => content !== '' || calls.count() > 0 };
};

export type CompletionBuilder = ReturnType<typeof createCompletionBuilder>;
