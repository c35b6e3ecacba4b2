import { serverMessage } from './completion.ts';
import { LlmError } from './types.ts';

/** Retry-After in seconds, from delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
};

/** Waits before the first and second retry: short, since a user is waiting on the answer. */
export const backoffMs = (attempt: number) => [250, 1000][attempt] ?? 1000;

/**
 * The error for a non-2xx answer, and how long to wait before retrying when a retry may help
 * (429 within the allowed wait, any 5xx).
 */
export const httpFailure = (
  res: { status: number; headers: Headers },
  body: string,
  o: { host: string; attempt: number; maxRetryWaitMs: number },
): { error: LlmError; waitMs?: number } => {
  const { status } = res;
  const said = serverMessage(body);
  const detail = said ? `: ${said}` : '';
  if (status === 429) {
    const seconds = parseRetryAfter(res.headers.get('retry-after'));
    const waitMs = seconds === undefined ? backoffMs(o.attempt) : seconds * 1000;
    const after = seconds === undefined ? '' : `; it asks to retry after ${seconds} s`;
    return {
      error: new LlmError(
        'rate_limited',
        `the model server at ${o.host} is rate limiting requests${after}${detail}`,
        {
          status,
          ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
        },
      ),
      ...(waitMs <= o.maxRetryWaitMs ? { waitMs } : {}),
    };
  }
  if (status >= 500) {
    return {
      error: new LlmError(
        'unavailable',
        `the model server at ${o.host} is unavailable (HTTP ${status})${detail}`,
        {
          status,
        },
      ),
      waitMs: backoffMs(o.attempt),
    };
  }
  if (status === 401 || status === 403) {
    return {
      error: new LlmError(
        'unauthorized',
        `the model server at ${o.host} refused the credentials (HTTP ${status})${detail}`,
        {
          status,
        },
      ),
    };
  }
  return {
    error: new LlmError(
      'bad_response',
      `the model server at ${o.host} rejected the request (HTTP ${status})${detail}`,
      {
        status,
      },
    ),
  };
};

/** The system error code of a failed connection (ECONNREFUSED, ECONNRESET…), for the message. */
export const networkCause = (err: unknown): string => {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return err instanceof Error ? err.message : String(err);
};

/**
 * The connection broke while an answer was being read. Retrying is safe only while nothing of
 * the answer has reached the caller (no text handed to onText, no tool call begun).
 */
export class BrokenAnswer extends Error {
  retryable = true;

  constructor(cause: unknown) {
    super('the connection broke mid-answer', { cause });
    this.name = 'BrokenAnswer';
  }
}
