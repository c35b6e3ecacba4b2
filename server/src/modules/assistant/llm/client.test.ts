import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { type FakeLlm, type FakeReply, startFakeLlm } from '../../../../test/fake-llm.ts';
import { createLlmClient, type LlmClientOptions, LlmError, type LlmTool } from './client.ts';

let fake: FakeLlm;
before(async () => {
  fake = await startFakeLlm();
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const KEY = 'sk-test-5ecret-key';
const client = (opts: LlmClientOptions = {}, apiKey: string | null = KEY) =>
  createLlmClient(
    { baseUrl: fake.url, model: 'fake-model', ...(apiKey ? { apiKey } : {}) },
    { timeoutMs: 5_000, ...opts },
  );
const ask = [{ role: 'user' as const, content: '¿Cuántos TOR-M8 quedan en Lima?' }];
const tools: LlmTool[] = [
  {
    name: 'stock_of',
    description: 'On-hand stock of a product at a store',
    parameters: {
      type: 'object',
      properties: { sku: { type: 'string' }, store: { type: 'string' } },
      required: ['sku'],
    },
  },
];

/** The error a call rejects with, and how long it took to. */
const failure = async (call: () => Promise<unknown>) => {
  const started = Date.now();
  try {
    await call();
  } catch (err) {
    return { err: err as LlmError, ms: Date.now() - started };
  }
  assert.fail('the call should have failed');
};

/** A port nothing listens on: bound once, then released. */
const closedPort = async () => {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
};

const sse = (...events: unknown[]): FakeReply => ({
  kind: 'status',
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  body: events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join(''),
});
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

test('a streamed answer arrives delta by delta through onText, with the usage the server reports', async () => {
  fake.reply({ kind: 'text', text: 'Quedan 42 unidades de TOR-M8 en Lima.', chunks: 4 });
  const deltas: string[] = [];
  const out = await client().complete({ messages: ask, stream: true, onText: (d) => deltas.push(d) });
  assert.equal(out.content, 'Quedan 42 unidades de TOR-M8 en Lima.');
  assert.equal(deltas.length, 4);
  assert.equal(deltas.join(''), out.content);
  assert.equal(out.finishReason, 'stop');
  assert.deepEqual(out.toolCalls, []);
  assert.equal(out.usage.estimated, false);
  assert.ok(out.usage.promptTokens > 0 && out.usage.completionTokens > 0);
});

test('an answer without streaming is read from choices[0].message and its usage', async () => {
  fake.reply({ kind: 'text', text: 'Hola' });
  const out = await client().complete({ messages: ask });
  assert.equal(out.content, 'Hola');
  assert.equal(out.finishReason, 'stop');
  assert.equal(out.usage.estimated, false);
  assert.equal(fake.requests[0]?.body.stream, false);
});

const oneCall = [{ name: 'stock_of', arguments: { sku: 'TOR-M8', store: 'Lima' } }];
const twoCalls = [...oneCall, { name: 'stock_of', arguments: { sku: 'PIN-ROJ-1L' } }];
for (const shape of ['whole', 'fragments'] as const) {
  for (const stream of [true, false]) {
    for (const calls of [oneCall, twoCalls]) {
      test(`${calls.length} tool call(s) in the ${shape} shape are assembled (${stream ? 'streamed' : 'not streamed'})`, async () => {
        fake.reply({ kind: 'tools', calls, shape, text: 'Consulto el stock.' });
        const out = await client().complete({ messages: ask, tools, stream });
        assert.deepEqual(
          out.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments, error: c.error })),
          calls.map((c) => ({ name: c.name, arguments: c.arguments, error: undefined })),
        );
        assert.deepEqual(
          out.toolCalls.map((c) => JSON.parse(c.raw)),
          calls.map((c) => c.arguments),
        );
        assert.equal(new Set(out.toolCalls.map((c) => c.id)).size, calls.length, 'each call has its own id');
        assert.ok(out.toolCalls.every((c) => c.id.startsWith('call_')));
        assert.equal(out.content, 'Consulto el stock.');
        assert.equal(out.finishReason, 'tool_calls');
      });
    }
  }
}

for (const stream of [true, false]) {
  test(`arguments sent as a JSON object rather than a string are accepted (${stream ? 'streamed' : 'not streamed'})`, async () => {
    fake.reply({ kind: 'tools', calls: twoCalls, shape: 'whole', objectArguments: true });
    const out = await client().complete({ messages: ask, tools, stream });
    assert.deepEqual(
      out.toolCalls.map((c) => c.arguments),
      twoCalls.map((c) => c.arguments),
    );
    assert.deepEqual(JSON.parse(out.toolCalls[0]?.raw ?? ''), oneCall[0]?.arguments);
  });
}

const malformed = [
  { raw: '{"sku": "TOR', error: /not valid JSON/ },
  { raw: '[1,2]', error: /must be a JSON object, not an array/ },
];
for (const shape of ['whole', 'fragments'] as const) {
  for (const m of malformed) {
    test(`malformed arguments ${m.raw} are reported on the call, not thrown (${shape})`, async () => {
      fake.reply({ kind: 'tools', calls: [{ name: 'stock_of', arguments: m.raw }, ...oneCall], shape });
      const out = await client().complete({ messages: ask, tools, stream: true });
      const [bad, good] = out.toolCalls;
      assert.equal(bad?.raw, m.raw);
      assert.equal(bad?.arguments, undefined);
      assert.match(bad?.error ?? '', m.error);
      assert.deepEqual(good?.arguments, oneCall[0]?.arguments, 'the other call is still usable');
    });
  }
}

test('the request carries the model, the tools in OpenAI shape, tool_choice, temperature 0 and max_tokens', async () => {
  await client().complete({ messages: ask, tools, stream: true, maxTokens: 512 });
  const body = fake.requests[0]?.body;
  assert.equal(body.model, 'fake-model');
  assert.deepEqual(body.messages, ask);
  assert.deepEqual(body.tools, [{ type: 'function', function: tools[0] }]);
  assert.equal(body.tool_choice, 'auto');
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.temperature, 0);
  assert.equal(body.max_tokens, 512);
});

test('without tools or streaming, the request has no tools, tool_choice or stream_options', async () => {
  await client().complete({ messages: ask, tools: [] });
  const body = fake.requests[0]?.body;
  for (const k of ['tools', 'tool_choice', 'stream_options', 'max_tokens']) assert.ok(!(k in body), k);
});

test('the API key goes as a Bearer token, and no header at all without a key', async () => {
  await client().complete({ messages: ask });
  assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  await client({}, null).complete({ messages: ask });
  assert.equal(fake.requests[1]?.headers.authorization, undefined);
});

test('a base URL with a trailing slash posts to the same path', async () => {
  const c = createLlmClient({ baseUrl: `${fake.url}/`, model: 'fake-model' });
  assert.equal((await c.complete({ messages: ask })).content, 'ok');
});

test('a 429 with Retry-After 1 is waited out and retried', async () => {
  fake.reply({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
  fake.reply({ kind: 'text', text: 'tras la espera' });
  const started = Date.now();
  const out = await client().complete({ messages: ask });
  assert.equal(out.content, 'tras la espera');
  assert.equal(fake.requests.length, 2);
  assert.ok(Date.now() - started >= 950, 'it waited the second asked for');
});

test('a 429 asking for 120 s fails at once as rate_limited with retryAfterSeconds', async () => {
  fake.reply({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
  const { err, ms } = await failure(() => client().complete({ messages: ask }));
  assert.ok(err instanceof LlmError);
  assert.equal(err.kind, 'rate_limited');
  assert.equal(err.retryAfterSeconds, 120);
  assert.equal(err.status, 429);
  assert.equal(fake.requests.length, 1);
  assert.ok(ms < 500, `no wait (${ms} ms)`);
});

test('a 429 with Retry-After as an HTTP date reads the seconds until then', async () => {
  const at = new Date(Date.now() + 300_000).toUTCString();
  fake.reply({ kind: 'status', status: 429, headers: { 'retry-after': at } });
  const { err } = await failure(() => client().complete({ messages: ask }));
  assert.equal(err.kind, 'rate_limited');
  assert.ok(err.retryAfterSeconds! > 290 && err.retryAfterSeconds! <= 300, String(err.retryAfterSeconds));
});

test('two 500s then an answer: the third attempt succeeds', async () => {
  fake.reply({ kind: 'status', status: 500 });
  fake.reply({ kind: 'status', status: 500 });
  fake.reply({ kind: 'text', text: 'por fin' });
  const out = await client().complete({ messages: ask, stream: true });
  assert.equal(out.content, 'por fin');
  assert.equal(fake.requests.length, 3);
});

test('a server answering 503 every time is unavailable after the retries, named by its host', async () => {
  fake.fallback(() => ({ kind: 'status', status: 503, body: { error: { message: 'model is loading' } } }));
  try {
    const { err } = await failure(() => client().complete({ messages: ask }));
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.status, 503);
    assert.equal(fake.requests.length, 3);
    assert.match(err.message, new RegExp(new URL(fake.url).host.replaceAll('.', '\\.')));
    assert.match(err.message, /model is loading/);
  } finally {
    fake.fallback(() => ({ kind: 'text', text: 'ok' }));
  }
});

for (const status of [401, 403]) {
  test(`a ${status} is unauthorized and not retried`, async () => {
    fake.reply({ kind: 'status', status });
    const { err } = await failure(() => client().complete({ messages: ask }));
    assert.equal(err.kind, 'unauthorized');
    assert.equal(err.status, status);
    assert.equal(fake.requests.length, 1);
  });
}

const badResponses: { name: string; reply: FakeReply; message: RegExp; stream?: boolean }[] = [
  {
    name: 'a 400 carries the server message',
    reply: { kind: 'status', status: 400, body: { error: { message: 'tools[0].function.name is invalid' } } },
    message: /HTTP 400.*tools\[0\]\.function\.name is invalid/,
  },
  {
    name: 'a plain-text 404 carries its text',
    reply: {
      kind: 'status',
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: 'model "qwen" not found',
    },
    message: /HTTP 404.*model "qwen" not found/,
  },
  {
    name: 'a 200 that is not JSON',
    reply: {
      kind: 'status',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>proxy</html>',
    },
    message: /other than JSON/,
  },
  {
    name: 'a 200 without choices carries the error it holds',
    reply: { kind: 'status', status: 200, body: { error: { message: 'upstream overloaded' } } },
    message: /upstream overloaded/,
  },
  {
    name: 'a stream that reports an error mid-way',
    reply: sse(delta({ content: 'Hol' }), { error: { message: 'context length exceeded' } }),
    message: /context length exceeded/,
    stream: true,
  },
  {
    name: 'a stream that closes before any answer',
    reply: sse(delta({ role: 'assistant' })),
    message: /ended before any answer/,
    stream: true,
  },
];
for (const b of badResponses) {
  test(`bad_response: ${b.name}`, async () => {
    fake.reply(b.reply);
    const { err } = await failure(() => client().complete({ messages: ask, stream: b.stream ?? false }));
    assert.equal(err.kind, 'bad_response');
    assert.match(err.message, b.message);
  });
}

test('a long server message is cut to 300 characters', async () => {
  fake.reply({ kind: 'status', status: 422, body: { error: { message: 'x'.repeat(5_000) } } });
  const { err } = await failure(() => client().complete({ messages: ask }));
  assert.equal(err.kind, 'bad_response');
  assert.ok(/x{299}…$/.test(err.message) && !/x{300}/.test(err.message), err.message.slice(-40));
});

test('a server that never answers times out at timeoutMs', async () => {
  fake.reply({ kind: 'hang' });
  const { err, ms } = await failure(() =>
    client({ timeoutMs: 300 }).complete({ messages: ask, stream: true }),
  );
  assert.equal(err.kind, 'timeout');
  assert.ok(ms >= 280 && ms < 1_000, `${ms} ms`);
});

test('a stream that stalls mid-answer times out at idleTimeoutMs, well before the deadline', async () => {
  fake.reply({ kind: 'stall', after: 'Quedan' });
  const seen: string[] = [];
  const { err, ms } = await failure(() =>
    client({ idleTimeoutMs: 200 }).complete({ messages: ask, stream: true, onText: (d) => seen.push(d) }),
  );
  assert.equal(err.kind, 'timeout');
  assert.match(err.message, /silent for 200 ms/);
  assert.deepEqual(seen, ['Quedan']);
  assert.ok(ms < 1_000, `${ms} ms`);
});

test('an answer without streaming that stalls mid-body times out at the deadline', async () => {
  fake.reply({ kind: 'stall', after: 'Quedan' });
  const { err, ms } = await failure(() => client({ timeoutMs: 300 }).complete({ messages: ask }));
  assert.equal(err.kind, 'timeout');
  assert.ok(ms < 1_000, `${ms} ms`);
});

test("the caller's signal aborts the call with its own reason", async () => {
  fake.reply({ kind: 'hang' });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const { err, ms } = await failure(() => client().complete({ messages: ask, signal: ac.signal }));
  assert.equal((err as Error).name, 'AbortError');
  assert.ok(ms < 1_000, `${ms} ms`);
});

const drops: { name: string; stream: boolean; after?: string; retried: boolean }[] = [
  { name: 'a stream broken before any text', stream: true, retried: true },
  { name: 'an answer broken mid-body', stream: false, after: 'Quedan', retried: true },
  { name: 'a stream broken after text reached onText', stream: true, after: 'Quedan', retried: false },
];
for (const d of drops) {
  test(`${d.name} is ${d.retried ? 'retried' : 'unavailable, not retried'}`, async () => {
    fake.reply({ kind: 'drop', ...(d.after ? { after: d.after } : {}) });
    if (d.retried) fake.reply({ kind: 'text', text: 'de nuevo' });
    const seen: string[] = [];
    const call = () => client().complete({ messages: ask, stream: d.stream, onText: (t) => seen.push(t) });
    if (d.retried) {
      assert.equal((await call()).content, 'de nuevo');
      assert.equal(fake.requests.length, 2);
      assert.equal(seen.join(''), 'de nuevo', 'no text of the broken answer');
    } else {
      const { err } = await failure(call);
      assert.equal(err.kind, 'unavailable');
      assert.match(err.message, /broke mid-answer/);
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(seen, ['Quedan']);
    }
  });
}

test('a refused connection is retried, then unavailable naming the host', async () => {
  const port = await closedPort();
  const c = createLlmClient({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }, { maxRetries: 1 });
  const { err, ms } = await failure(() => c.complete({ messages: ask }));
  assert.equal(err.kind, 'unavailable');
  assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  assert.ok(ms >= 240, 'it waited before the retry');
});

test('no error message carries the API key, even when the server echoes it', async () => {
  const echo = { error: { message: `Incorrect API key provided: ${KEY}` } };
  const port = await closedPort();
  const cases: {
    name: string;
    reply?: FakeReply;
    opts?: LlmClientOptions;
    stream?: boolean;
    baseUrl?: string;
  }[] = [
    { name: '401', reply: { kind: 'status', status: 401, body: echo } },
    { name: '400', reply: { kind: 'status', status: 400, body: echo } },
    { name: '503', reply: { kind: 'status', status: 503, body: echo }, opts: { maxRetries: 0 } },
    { name: 'stream error', reply: sse(echo), stream: true },
    { name: 'hang', reply: { kind: 'hang' }, opts: { timeoutMs: 100 } },
    { name: 'refused', baseUrl: `http://127.0.0.1:${port}/v1`, opts: { maxRetries: 0 } },
  ];
  for (const c of cases) {
    if (c.reply) fake.reply(c.reply);
    const llm = createLlmClient({ baseUrl: c.baseUrl ?? fake.url, model: 'm', apiKey: KEY }, c.opts);
    const { err } = await failure(() => llm.complete({ messages: ask, stream: c.stream ?? false }));
    assert.ok(err instanceof LlmError, c.name);
    assert.ok(!err.message.includes(KEY) && !String(err.stack).includes(KEY), `${c.name}: ${err.message}`);
  }
});
test('usage is estimated from the characters when the server reports none', async () => {
  fake.reply({
    kind: 'status',
    status: 200,
    body: {
      choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(40) }, finish_reason: 'stop' }],
    },
  });
  const out = await client().complete({ messages: ask });
  assert.equal(out.usage.estimated, true);
  assert.equal(out.usage.completionTokens, 10);
  assert.equal(out.usage.promptTokens, Math.ceil((JSON.stringify(ask).length + 2) / 4));
});

test('a stream with CRLF line ends, comments and unknown fields is read', async () => {
  const lines = [
    ': keep-alive',
    'event: message',
    `data: ${JSON.stringify({ ...delta({ content: 'Hola', reasoning_content: 'pienso' }), system_fingerprint: 'x' })}`,
    '',
    `data: ${JSON.stringify(delta({ content: ' mundo' }, 'stop'))}`,
    '',
    'data: [DONE]',
    '',
  ];
  fake.reply({
    kind: 'status',
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: lines.join('\r\n'),
  });
  const out = await client().complete({ messages: ask, stream: true });
  assert.equal(out.content, 'Hola mundo');
  assert.equal(out.usage.estimated, true);
});

test('a stream that ends without [DONE] keeps its text; a tool call cut mid-arguments is reported', async () => {
  fake.reply(
    sse(
      delta({ content: 'Consulto' }),
      delta({
        tool_calls: [{ index: 0, id: 'call_a', function: { name: 'stock_of', arguments: '{"sku": ' } }],
      }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"TOR' } }] }),
    ),
  );
  const out = await client().complete({ messages: ask, stream: true });
  assert.equal(out.content, 'Consulto');
  assert.equal(out.toolCalls[0]?.raw, '{"sku": "TOR');
  assert.match(out.toolCalls[0]?.error ?? '', /not valid JSON/);
  assert.equal(out.finishReason, 'stop');
});

test('a stream request answered with plain JSON is read as a whole answer', async () => {
  fake.reply({
    kind: 'status',
    status: 200,
    body: {
      choices: [{ index: 0, message: { role: 'assistant', content: 'entero' }, finish_reason: 'length' }],
    },
  });
  const seen: string[] = [];
  const out = await client().complete({ messages: ask, stream: true, onText: (d) => seen.push(d) });
  assert.equal(out.content, 'entero');
  assert.equal(out.finishReason, 'length');
  assert.deepEqual(seen, ['entero']);
});

test('the fake server lists its model', async () => {
  const res = await fetch(`${fake.url}/models`);
  assert.equal(((await res.json()) as { data: { id: string }[] }).data[0]?.id, 'fake-model');
});
