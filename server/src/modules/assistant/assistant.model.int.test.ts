import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startFakeLlm, type FakeLlm } from '../../../test/fake-llm.ts';
import { SQL_INJECTION_CORPUS } from '../../../test/fixtures/sql-injection-corpus.ts';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';

// With models configured: a fake OpenAI-compatible cloud model and a fake local one. What a
// planner relies on: tool-calling conversations work, sensitive data never reaches the cloud,
// and whatever SQL a model writes, the database is unchanged and other tenants stay unseen.
let cloud: FakeLlm;
let local: FakeLlm;
let t: TestApp;
let h: Record<string, string>;
let admin: Record<string, string>;

const post = (url: string, payload: object, headers = h) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const text = (s: string) => ({ kind: 'text' as const, text: s });

before(async () => {
  cloud = await startFakeLlm();
  local = await startFakeLlm();
  t = await buildTestApp({
    demoData: true,
    env: {
      LLM_BASE_URL: cloud.url,
      LLM_MODEL: 'cloud-model',
      LLM_LOCAL_BASE_URL: local.url,
      LLM_LOCAL_MODEL: 'local-model',
      LLM_TIMEOUT_MS: '3000',
      AI_REQUESTS_PER_MINUTE: '100000',
    },
  });
  const token = (permissions: string[]) =>
    t
      .tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId, permissions })
      .then((x) => ({ authorization: `Bearer ${x}` }));
  h = await token(['*:*']);
  admin = h;
});
beforeEach(() => {
  cloud.clear();
  local.clear();
});
after(async () => {
  await t.close();
  await cloud.close();
  await local.close();
});

type Answer = {
  answer: string;
  tool_calls: { name: string; ok: boolean; result_summary: string }[];
  route: { target: string; model: string | null; classification: string };
};

test('a tool-calling conversation: the model asks for red buffers, reads the result, answers', async () => {
  const before = cloud.requests.length;
  cloud.reply({
    kind: 'tools',
    shape: 'fragments',
    calls: [{ name: 'buffers_in_zone', arguments: { zones: ['red'] } }],
  });
  cloud.reply(text('Hay buffers en rojo.'));
  const r = await post('/api/v1/ai/chat', { message: 'which buffers are red?' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.equal(a.answer, 'Hay buffers en rojo.', r.body);
  assert.equal(a.route.target, 'cloud');
  assert.deepEqual(
    a.tool_calls.map((c) => [c.name, c.ok]),
    [['buffers_in_zone', true]],
  );
  const second = cloud.requests[before + 1]?.body as {
    messages: { role: string; content: string }[];
    tools: unknown[];
  };
  assert.ok(second.tools.length > 5, 'the tools are offered');
  const toolMessage = second.messages.find((m) => m.role === 'tool');
  assert.ok(toolMessage?.content.length, 'the tool result goes back to the model');
});

test('whole tool calls (as Ollama sends them) and malformed arguments are handled', async () => {
  cloud.reply({
    kind: 'tools',
    shape: 'whole',
    calls: [
      { name: 'open_suggestions', arguments: {} },
      { name: 'buffer_status', arguments: '{"sku": "TOR' },
    ],
  });
  cloud.reply(text('done'));
  const r = await post('/api/v1/ai/chat', { message: 'open suggestions and TOR-M6' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.deepEqual(
    a.tool_calls.map((c) => [c.name, c.ok]),
    [
      ['open_suggestions', true],
      ['buffer_status', false],
    ],
  );
  assert.match(a.tool_calls[1]?.result_summary ?? '', /could not be read/);
});

test('a sensitive question goes to the local model only, and the routing log says why', async () => {
  const cloudBefore = cloud.requests.length;
  local.reply(text('El costo está en el catálogo.'));
  const r = await post('/api/v1/ai/chat', { message: '¿Cuál es el costo unitario de TOR-M6?' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.equal(a.route.target, 'local');
  assert.equal(a.route.model, 'local-model');
  assert.equal(cloud.requests.length, cloudBefore, 'nothing reached the cloud model');
  const logs = (await get('/api/v1/ai/routing-logs?target=local', admin)).json() as {
    data: { classification: string; reason: string; model: string }[];
  };
  assert.ok(
    logs.data.some(
      (l) => l.classification === 'sensitive' && l.model === 'local-model' && /local/.test(l.reason),
    ),
  );
});

test('a model that fails answers with a clear message and the built-in planner, never a hang', async () => {
  cloud.reply({ kind: 'status', status: 503 });
  cloud.reply({ kind: 'status', status: 503 });
  cloud.reply({ kind: 'status', status: 503 });
  const r = await post('/api/v1/ai/chat', { message: 'sugerencias pendientes' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.equal(a.route.target, 'offline');
  assert.match(a.answer, /no respondió/);
});

test('the chat streams as Server-Sent Events', async () => {
  cloud.reply(text('Hola, soy el asistente.'));
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/ai/chat',
    headers: { ...h, accept: 'text/event-stream' },
    payload: { message: 'hola' },
  });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /text\/event-stream/);
  const events = [...r.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  assert.equal(events[0], 'start');
  assert.ok(events.includes('delta'));
  assert.equal(events.at(-1), 'done');
});

test('the query route runs the model’s SQL when the guard accepts it and refuses it otherwise, auditing both', async () => {
  cloud.reply({
    kind: 'tools',
    shape: 'fragments',
    calls: [
      {
        name: 'run_sql',
        arguments: { sql: 'select sku, name from ai_products order by sku', explanation: 'all products' },
      },
    ],
  });
  const ok = await post('/api/v1/ai/query', { query: 'list every product', cache: false });
  assert.equal(ok.statusCode, 200, ok.body);
  const body = ok.json() as { data: { sku: string }[]; agents: { sql: { source: string } } };
  assert.equal(body.agents.sql.source, 'model');
  assert.ok(body.data.length > 0);

  cloud.reply(text('```sql\ndelete from products\n```'));
  const refused = await post('/api/v1/ai/query', { query: 'remove all products', cache: false });
  assert.equal(refused.statusCode, 403, refused.body);
  const problem = refused.json() as { code: string; rule: string };
  assert.equal(problem.code, 'ai.sql_refused');
  assert.equal(problem.rule, 'not_select');
  const audit = (await get('/api/v1/ai/queries?status=refused', admin)).json() as {
    data: { rule: string }[];
  };
  assert.ok(audit.data.some((q) => q.rule === 'not_select'));
});

test('the injection corpus, sent as the model’s SQL, changes nothing and shows no other tenant', async () => {
  const other = await ensureTenant(t.platform, {
    slug: `other-${crypto.randomUUID().slice(0, 8)}`,
    name: 'Other',
    admin: {
      email: `o${crypto.randomUUID().slice(0, 6)}@example.com`,
      name: 'O',
      password: 'other-password-123',
    },
  });
  const otherToken = await t.tokenFor({
    tenantId: other.tenantId,
    userId: other.adminUserId,
    permissions: ['*:*'],
  });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: { authorization: `Bearer ${otherToken}`, 'idempotency-key': crypto.randomUUID() },
    payload: { sku: 'SECRET-1', name: 'Secret of another tenant', cost: '1' },
  });
  assert.equal(created.statusCode, 201, created.body);

  const db = t.platform.database.db;
  const fingerprint = async () =>
    (
      await db.execute(
        sql`select (select count(*) from products) p, (select count(*) from users) u, (select count(*) from stock_movements) m,
                   (select count(*) from tenants) t, (select coalesce(sum(on_hand), 0)::text from stock_balances) b,
                   (select count(*) from roles) r`,
      )
    ).rows[0];
  const start = await fingerprint();
  const statuses = new Map<number, number>();
  for (const attempt of SQL_INJECTION_CORPUS) {
    cloud.reply({
      kind: 'tools',
      shape: 'whole',
      calls: [{ name: 'run_sql', arguments: { sql: attempt.sql, explanation: attempt.name } }],
    });
    const r = await post('/api/v1/ai/query', {
      query: `corpus: ${attempt.name}`.slice(0, 500),
      cache: false,
    });
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    assert.ok([200, 403, 422].includes(r.statusCode), `${attempt.name}: ${r.statusCode} ${r.body}`);
    if (attempt.rule !== 'harmless')
      assert.equal(r.statusCode, 403, `${attempt.name} must be refused: ${r.body}`);
    assert.doesNotMatch(r.body, /SECRET-1|Secret of another tenant/, `${attempt.name} leaked another tenant`);
  }
  assert.deepEqual(await fingerprint(), start, 'the database is unchanged');
  assert.ok((statuses.get(403) ?? 0) >= SQL_INJECTION_CORPUS.filter((a) => a.rule !== 'harmless').length);
});
