// A scriptable OpenAI-compatible chat server for tests: it answers in the shapes real servers use
// (whole tool calls as Ollama sends them, fragments as OpenAI, vLLM and llama.cpp do) and fails in
// the ways they fail (status codes, hanging, stalling mid-stream).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type FakeCall = { name: string; arguments: unknown /* object, or a string sent verbatim (for malformed) */ };

export type FakeReply =
  | { kind: 'text'; text: string; chunks?: number }
  | {
      kind: 'tools';
      calls: FakeCall[];
      shape: 'whole' | 'fragments';
      text?: string;
      /** Send object arguments as JSON objects rather than strings, as some servers do. */
      objectArguments?: boolean;
    }
  /** Any answer: a string body is sent verbatim (use it for hand-made streams). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Accepts and never answers. */
  | { kind: 'hang' }
  /** Streams some text then stops sending without closing. */
  | { kind: 'stall'; after: string }
  /** Sends the start of an answer (and `after` as its text) then breaks the connection. */
  | { kind: 'drop'; after?: string };

// biome-ignore lint/suspicious/noExplicitAny: suites read whichever request fields they check.
export type FakeRequest = { body: any; headers: Record<string, string | string[] | undefined> };

export type FakeLlm = {
  /** The base URL, version path included (…/v1). */
  url: string;
  requests: FakeRequest[];
  /** Queues one reply; queued replies are used in order, then the fallback, else the text `ok`. */
  reply: (r: FakeReply | ((req: FakeRequest) => FakeReply)) => void;
  fallback: (fn: (req: FakeRequest) => FakeReply) => void;
  /** Drops the replies still queued. */
  clear: () => void;
  close: () => Promise<void>;
};

const MODEL = 'fake-model';

const pieces = (text: string, n: number) => {
  const size = Math.ceil(text.length / n);
  return Array.from({ length: n }, (_, i) => text.slice(i * size, (i + 1) * size));
};

const argumentsText = (a: unknown) => (typeof a === 'string' ? a : JSON.stringify(a));

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const readBody = async (req: IncomingMessage) => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
};

export const startFakeLlm = async (): Promise<FakeLlm> => {
  const requests: FakeRequest[] = [];
  const queue: (FakeReply | ((req: FakeRequest) => FakeReply))[] = [];
  let fallback: ((req: FakeRequest) => FakeReply) | undefined;
  const id = () => randomBytes(6).toString('hex');

  const answer = (res: ServerResponse, req: FakeRequest, reply: FakeReply) => {
    const stream = req.body.stream === true;
    const base = { id: `chatcmpl-${id()}`, created: Math.floor(Date.now() / 1000), model: MODEL };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const usage = (outputChars: number) => {
      const prompt = Math.ceil(JSON.stringify(req.body.messages ?? []).length / 4);
      const completion = Math.max(1, Math.ceil(outputChars / 4));
      return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    };
    const startStream = () =>
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const endStream = (outputChars: number) => {
      if (req.body.stream_options?.include_usage) {
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: usage(outputChars) })}\n\n`,
        );
      }
      res.end('data: [DONE]\n\n');
    };
    const whole = (message: Record<string, unknown>, finish: string, outputChars: number) =>
      json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
        usage: usage(outputChars),
      });

    switch (reply.kind) {
      case 'text': {
        if (!stream) return whole({ content: reply.text }, 'stop', reply.text.length);
        startStream();
        res.write(chunk({ role: 'assistant', content: '' }));
        for (const p of pieces(reply.text, reply.chunks ?? 3)) if (p !== '') res.write(chunk({ content: p }));
        res.write(chunk({}, 'stop'));
        return endStream(reply.text.length);
      }
      case 'tools': {
        const calls = reply.calls.map((c, i) => ({
          id: `call_${id()}_${i}`,
          name: c.name,
          text: argumentsText(c.arguments),
          wire:
            reply.objectArguments && typeof c.arguments !== 'string'
              ? c.arguments
              : argumentsText(c.arguments),
        }));
        const outputChars = calls.reduce(
          (n, c) => n + c.name.length + c.text.length,
          reply.text?.length ?? 0,
        );
        const wholeCall = (c: (typeof calls)[number]) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.wire },
        });
        if (!stream)
          return whole(
            { content: reply.text ?? null, tool_calls: calls.map(wholeCall) },
            'tool_calls',
            outputChars,
          );
        startStream();
        res.write(chunk({ role: 'assistant', content: reply.text ?? '' }));
        if (reply.shape === 'whole') {
          // Ollama: every call complete, in one chunk, without `index`.
          res.write(chunk({ tool_calls: calls.map(wholeCall) }));
        } else {
          // OpenAI: id and name first, then the arguments in pieces; calls interleaved.
          calls.forEach((c, index) => {
            res.write(
              chunk({
                tool_calls: [
                  { index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } },
                ],
              }),
            );
          });
          const split = calls.map((c) => pieces(c.text, 3));
          for (let p = 0; p < 3; p++) {
            split.forEach((parts, index) => {
              res.write(chunk({ tool_calls: [{ index, function: { arguments: parts[p] } }] }));
            });
          }
        }
        res.write(chunk({}, 'tool_calls'));
        return endStream(outputChars);
      }
      case 'status': {
        const body =
          reply.body === undefined && reply.status >= 400
            ? { error: { message: `fake status ${reply.status}`, type: 'fake_error' } }
            : reply.body;
        const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        return res.end(text);
      }
      case 'hang':
        return;
      case 'stall': {
        if (!stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.write(
            `{"id":"${base.id}","choices":[{"message":{"role":"assistant","content":${JSON.stringify(reply.after).slice(0, -1)}`,
          );
        }
        startStream();
        res.write(chunk({ role: 'assistant', content: reply.after }));
        return;
      }
      case 'drop': {
        // The write callback runs once the bytes are out, so the client sees them before the break.
        const cut = () => res.destroy();
        if (!stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.write(`{"id":"${base.id}","choices":[{"message":{"role":"assistant","content":`, cut);
        }
        startStream();
        return res.write(chunk({ role: 'assistant', content: reply.after ?? '' }), cut);
      }
    }
  };

  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      return json(res, 200, {
        object: 'list',
        data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'flujo' }],
      });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return json(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } });
    }
    let body: unknown;
    try {
      // A client that gives up mid-upload rejects the read; that must not crash the test run.
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { error: { message: 'the body is not JSON', type: 'invalid_request_error' } });
    }
    const request: FakeRequest = { body, headers: req.headers };
    requests.push(request);
    const next = queue.shift();
    const reply = next
      ? typeof next === 'function'
        ? next(request)
        : next
      : (fallback?.(request) ?? { kind: 'text', text: 'ok' });
    answer(res, request, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (r) => {
      queue.push(r);
    },
    clear: () => {
      queue.length = 0;
    },
    fallback: (fn) => {
      fallback = fn;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging and stalled answers hold their sockets open; close would wait on them forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
};
