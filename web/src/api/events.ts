import { useEffect, useRef, useState } from 'react';
import { accessToken } from './client.ts';

/** One event of the tenant's live stream, as the server's envelope carries it. */
export type LiveEvent = {
  id: string;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
};

export type StreamState = 'connecting' | 'open' | 'closed';

type Message = { event?: string; data: string; id?: string };

/** Splits a text/event-stream into messages; a comment line (`: keep-alive`) is skipped. */
export const parseEventStream = (
  chunk: string,
  carry: { buffer: string; current: Message },
  emit: (m: Message) => void,
  onRetry: (ms: number) => void,
) => {
  carry.buffer += chunk;
  const lines = carry.buffer.split(/\r\n|\r|\n/);
  carry.buffer = lines.pop() ?? '';
  for (const line of lines) {
    if (line === '') {
      if (carry.current.data !== '') emit(carry.current);
      carry.current = { data: '' };
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') carry.current.data += carry.current.data ? `\n${value}` : value;
    else if (field === 'event') carry.current.event = value;
    else if (field === 'id') carry.current.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows `/api/v1/events/stream` for the given type prefixes. The stream wants a bearer token,
 * which EventSource cannot send, so this reads it with fetch; it reconnects after a drop with
 * a fresh token, and `onOpen` runs on every (re)connection so callers can catch up on events
 * they may have missed meanwhile.
 */
export const useEvents = (
  types: readonly string[],
  onEvent: (e: LiveEvent) => void,
  opts: { enabled?: boolean; onOpen?: () => void } = {},
): StreamState => {
  const enabled = opts.enabled ?? true;
  const [state, setState] = useState<StreamState>(enabled ? 'connecting' : 'closed');
  const handlers = useRef({ onEvent, onOpen: opts.onOpen });
  useEffect(() => {
    handlers.current = { onEvent, onOpen: opts.onOpen };
  });
  const filter = types.join(',');

  useEffect(() => {
    if (!enabled) {
      setState('closed');
      return;
    }
    const abort = new AbortController();
    const { signal } = abort;
    let retryMs = 3000;
    const connect = async () => {
      while (!signal.aborted) {
        setState('connecting');
        try {
          const token = await accessToken();
          if (!token) break;
          const res = await fetch(`/api/v1/events/stream?types=${encodeURIComponent(filter)}`, {
            headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
            cache: 'no-store',
            signal,
          });
          // Without the permission, retrying would only knock on the same door.
          if (res.status === 403) break;
          if (res.ok && res.body) {
            setState('open');
            handlers.current.onOpen?.();
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            const carry = { buffer: '', current: { data: '' } as Message };
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              parseEventStream(
                value,
                carry,
                (m) => {
                  try {
                    handlers.current.onEvent(JSON.parse(m.data) as LiveEvent);
                  } catch {
                    // A message that is not an envelope is not for this client.
                  }
                },
                (ms) => {
                  retryMs = ms;
                },
              );
            }
          }
        } catch {
          if (signal.aborted) return;
        }
        if (signal.aborted) return;
        setState('connecting');
        await sleep(retryMs, signal);
      }
      if (!signal.aborted) setState('closed');
    };
    void connect();
    return () => abort.abort();
  }, [enabled, filter]);

  return state;
};
