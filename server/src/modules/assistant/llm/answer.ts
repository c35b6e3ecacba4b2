import { createCompletionBuilder, serverMessage } from './completion.ts';
import { BrokenAnswer } from './http-errors.ts';
import { readStream } from './stream.ts';
import { type LlmCompletion, LlmError, type LlmRequest } from './types.ts';

/**
 * Reads a 2xx answer, streamed or whole. Throws LlmError('bad_response') for a body that is not
 * the expected shape, and BrokenAnswer when the connection drops mid-body.
 */
export const readAnswer = async (
  res: Response,
  req: LlmRequest,
  o: { host: string; armIdle: () => void },
): Promise<LlmCompletion> => {
  const { host } = o;
  const builder = createCompletionBuilder(host, req.onText);
  const promptChars = JSON.stringify(req.messages).length + JSON.stringify(req.tools ?? []).length;
  const type = res.headers.get('content-type') ?? '';
  try {
    // Go by what came back: some servers ignore `stream`, answering JSON to a stream request.
    if (type.includes('text/event-stream') || (req.stream && !type.includes('json'))) {
      if (!res.body) throw new LlmError('bad_response', `the model server at ${host} sent an empty stream`);
      const done = await readStream(res.body, builder, o);
      if (!done && !builder.hasAnswer()) {
        throw new LlmError(
          'bad_response',
          `the stream from the model server at ${host} ended before any answer`,
        );
      }
      return builder.result(promptChars);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new BrokenAnswer(err);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const said = serverMessage(text);
      throw new LlmError(
        'bad_response',
        `the model server at ${host} answered something other than JSON${said ? `: ${said}` : ''}`,
      );
    }
    const first = (json as { choices?: { message?: unknown }[] } | null)?.choices?.[0];
    if (typeof first?.message !== 'object' || first.message === null) {
      const said = serverMessage(json);
      throw new LlmError(
        'bad_response',
        `the model server at ${host} answered without choices[0].message${said ? `: ${said}` : ''}`,
      );
    }
    builder.add(json);
    return builder.result(promptChars);
  } catch (err) {
    if (err instanceof BrokenAnswer) err.retryable = !builder.hasAnswer();
    throw err;
  }
};
