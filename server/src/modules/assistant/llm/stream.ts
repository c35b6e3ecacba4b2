import type { CompletionBuilder } from './completion.ts';
import { BrokenAnswer } from './http-errors.ts';
import { createSseParser, DONE, eventValues } from './sse.ts';
import { LlmError } from './types.ts';

/**
 * Reads an SSE body into the builder until `[DONE]` or the end of the body. `armIdle` restarts
 * the idle timer before each read, so a server that stops sending without closing is cut off.
 * Returns whether `[DONE]` was seen.
 */
export const readStream = async (
  body: ReadableStream<Uint8Array>,
  builder: CompletionBuilder,
  o: { host: string; armIdle: () => void },
): Promise<boolean> => {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const sse = createSseParser();
  let ended = false;
  try {
    while (true) {
      o.armIdle();
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (err) {
        throw new BrokenAnswer(err);
      }
      ended = read.done;
      const events = read.done ? sse.end() : sse.push(decoder.decode(read.value, { stream: true }));
      for (const data of events) {
        let values: unknown[];
        try {
          values = eventValues(data);
        } catch {
          throw new LlmError(
            'bad_response',
            `the model server at ${o.host} sent a stream chunk that is not JSON`,
          );
        }
        for (const v of values) {
          if (v === DONE) return true;
          builder.add(v);
        }
      }
      if (read.done) return false;
    }
  } finally {
    // Stop the transfer when we leave early ([DONE], an error, the caller's own callback throwing).
    if (!ended) await reader.cancel().catch(() => {});
  }
};
