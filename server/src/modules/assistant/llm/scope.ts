import { setTimeout as delay } from 'node:timers/promises';
import { LlmError } from './types.ts';

type Cut = 'deadline' | 'idle' | 'caller';

/**
 * The lifetime of one `complete` call: one signal that the deadline, the stream's idle timer and
 * the caller's own signal all abort, so no request, body read or retry wait can outlive it.
 */
export const openScope = (o: {
  host: string;
  timeoutMs: number;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}) => {
  const ac = new AbortController();
  const started = Date.now();
  let cut: Cut | undefined;
  const stop = (why: Cut) => {
    if (cut) return;
    cut = why;
    ac.abort(new Error(`cut short: ${why}`));
  };
  const deadline = setTimeout(() => stop('deadline'), o.timeoutMs);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const onCaller = () => stop('caller');
  o.signal?.addEventListener('abort', onCaller, { once: true });
  if (o.signal?.aborted) stop('caller');

  return {
    signal: ac.signal,
    remainingMs: () => o.timeoutMs - (Date.now() - started),
    /** Restarts the idle timer; called before each read of a stream. */
    armIdle: () => {
      clearTimeout(idle);
      idle = setTimeout(() => stop('idle'), o.idleTimeoutMs);
    },
    sleep: (ms: number) => delay(ms, undefined, { signal: ac.signal }),
    /** The error to throw when the call was cut short, whatever the fetch itself threw. */
    cutShortError: (): unknown => {
      switch (cut) {
        case undefined:
          return undefined;
        case 'caller':
          return o.signal?.reason;
        case 'deadline':
          return new LlmError(
            'timeout',
            `the model server at ${o.host} gave no answer within ${o.timeoutMs} ms`,
          );
        case 'idle':
          return new LlmError(
            'timeout',
            `the model server at ${o.host} went silent for ${o.idleTimeoutMs} ms`,
          );
      }
    },
    dispose: () => {
      clearTimeout(deadline);
      clearTimeout(idle);
      o.signal?.removeEventListener('abort', onCaller);
    },
  };
};

export type CallScope = ReturnType<typeof openScope>;
