import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, type TestApp } from '../../../test/helpers.ts';
import type { DomainError } from '../../platform/domain/errors.ts';
import { createRouting } from './routing.ts';

// No model configured: the built-in planner answers through the same tools, and the query box
// answers its examples. Everything here is what a planner without a model relies on.
let t: TestApp;
let planner: Record<string, string>;
let viewer: Record<string, string>;
let admin: Record<string, string>;

const PLANNER = [
  'buffer:read',
  'buffer:write',
  'replenishment:read',
  'replenishment:approve',
  'product:read',
  'location:read',
  'supplier:read',
  'inventory:read',
  'order:read',
  'order:write',
  'analytics:read',
  'ai:chat',
  'ai-query:execute',
  'profile:read',
  'profile:write',
];

const auth = async (permissions: string[], userId: string = crypto.randomUUID()) => ({
  authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId, permissions })}`,
});
const bearerOf = (h: Record<string, string>) => String(h.authorization).replace('Bearer ', '');
const post = (url: string, payload: object, headers = planner) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers = planner) => t.app.inject({ method: 'GET', url, headers });

before(async () => {
  t = await buildTestApp({ demoData: true });
  planner = await auth(PLANNER, t.demo.adminUserId);
  viewer = await auth(['buffer:read', 'ai:chat', 'profile:read', 'profile:write']);
  admin = await auth(['*:*']);
});
after(async () => {
  // The socket tests listened: drop what browsers would have left open, then stop.
  const sockets = (t.app as unknown as { websocketServer?: { clients: Set<{ terminate: () => void }> } })
    .websocketServer;
  for (const c of sockets?.clients ?? []) c.terminate();
  t.app.server.closeAllConnections?.();
  await t.close();
});

type Answer = {
  conversation_id: string;
  answer: string;
  tool_calls: { name: string; ok: boolean }[];
  cards: { type: string; sku?: string; buffer_id?: string }[];
  decision: { id: string; kind: string; status: string } | null;
  route: { target: string };
};

test('asked in Spanish which buffers are red, it names the buffer board’s red buffers', async () => {
  const board = await get('/api/v1/buffers?zone=red&limit=100');
  assert.equal(board.statusCode, 200, board.body);
  const red = (board.json() as { data: { id: string; sku: string }[] }).data;
  assert.ok(red.length > 0, 'the demo has red buffers');
  const r = await post('/api/v1/ai/chat', { message: '¿Qué productos están en rojo?' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.equal(a.route.target, 'offline');
  const shown = a.cards.filter((c) => c.type === 'buffer').map((c) => c.buffer_id);
  assert.deepEqual(
    shown,
    red.slice(0, shown.length).map((b) => b.id),
  );
  for (const b of red.slice(0, 3)) assert.match(a.answer, new RegExp(b.sku));
});

test('a question it cannot answer says so, in the question’s language', async () => {
  const r = await post('/api/v1/ai/chat', { message: 'What is the meaning of life?' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.equal(a.tool_calls.length, 0);
  assert.match(a.answer, /can(no|')t|not able|unable/i);
});

test('conversations are stored, listed and deleted by their owner only', async () => {
  const first = (await post('/api/v1/ai/chat', { message: 'sugerencias pendientes' })).json() as Answer;
  const again = await post('/api/v1/ai/chat', {
    conversation_id: first.conversation_id,
    message: 'productos con stock bajo',
  });
  assert.equal(again.statusCode, 200, again.body);
  const one = await get(`/api/v1/ai/conversations/${first.conversation_id}`);
  assert.equal(one.statusCode, 200, one.body);
  const messages = (one.json() as { messages: { role: string }[] }).messages;
  assert.deepEqual(
    messages.map((m) => m.role),
    ['user', 'assistant', 'user', 'assistant'],
  );
  // Someone else of the same organisation, even an administrator, sees nothing of it.
  assert.equal((await get(`/api/v1/ai/conversations/${first.conversation_id}`, admin)).statusCode, 404);
  const otherContinues = await post(
    '/api/v1/ai/chat',
    { conversation_id: first.conversation_id, message: 'hola' },
    viewer,
  );
  assert.equal(otherContinues.statusCode, 404);
  const list = (await get('/api/v1/ai/conversations')).json() as { data: { id: string }[] };
  assert.ok(list.data.some((c) => c.id === first.conversation_id));
  assert.equal(
    (
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/ai/conversations/${first.conversation_id}`,
        headers: planner,
      })
    ).statusCode,
    204,
  );
  assert.equal((await get(`/api/v1/ai/conversations/${first.conversation_id}`)).statusCode, 404);
});

test('a proposed approval changes nothing until the user confirms it, then goes through the route once', async () => {
  const open = (await get('/api/v1/replenishment-suggestions?status=OPEN&limit=1')).json() as {
    data: { id: string; sku: string; location_code: string; status: string }[];
  };
  const s = open.data[0];
  assert.ok(s, 'the demo has an open suggestion');
  const r = await post('/api/v1/ai/chat', {
    message: `aprueba la sugerencia de ${s.sku} en ${s.location_code}`,
  });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.ok(a.decision, a.answer);
  assert.equal(a.decision.kind, 'approve_suggestion');
  const still = (await get('/api/v1/replenishment-suggestions?status=OPEN&limit=100')).json() as {
    data: { id: string }[];
  };
  assert.ok(
    still.data.some((x) => x.id === s.id),
    'still open before the confirmation',
  );

  // Only the one it was proposed to may confirm it.
  assert.equal((await post(`/api/v1/ai/decisions/${a.decision.id}/confirm`, {}, admin)).statusCode, 404);
  const confirmed = await post(`/api/v1/ai/decisions/${a.decision.id}/confirm`, {});
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal((confirmed.json() as { status: string }).status, 'executed');
  const after = (await get('/api/v1/replenishment-suggestions?status=OPEN&limit=100')).json() as {
    data: { id: string }[];
  };
  assert.ok(!after.data.some((x) => x.id === s.id), 'approved through the suggestions route');
  assert.equal((await post(`/api/v1/ai/decisions/${a.decision.id}/confirm`, {})).statusCode, 409);
  const mine = (await get('/api/v1/ai/decisions?status=executed')).json() as { data: { id: string }[] };
  assert.ok(mine.data.some((d) => d.id === a.decision?.id));
});

test('a confirmation needs the permission the route needs: the assistant cannot do more than the user', async () => {
  const weak = await auth(['ai:chat', 'buffer:read', 'replenishment:read', 'product:read', 'location:read']);
  const open = (await get('/api/v1/replenishment-suggestions?status=OPEN&limit=1')).json() as {
    data: { sku: string; location_code: string }[];
  };
  const s = open.data[0];
  assert.ok(s);
  const a = (
    await post(
      '/api/v1/ai/chat',
      { message: `approve the suggestion for ${s.sku} at ${s.location_code}` },
      weak,
    )
  ).json() as Answer;
  assert.ok(a.decision, a.answer);
  const r = await post(`/api/v1/ai/decisions/${a.decision.id}/confirm`, {}, weak);
  assert.equal(r.statusCode, 200, r.body);
  const d = r.json() as { status: string; outcome: { status: number } };
  assert.equal(d.status, 'failed');
  assert.equal(d.outcome.status, 403);
});

test('every tool call is audited and every routing decision logged, readable by admins only', async () => {
  await post('/api/v1/ai/chat', { message: 'estado del buffer TOR-M6' });
  const calls = await get('/api/v1/ai/tool-invocations?limit=100', admin);
  assert.equal(calls.statusCode, 200, calls.body);
  assert.ok((calls.json() as { data: { tool: string }[] }).data.some((c) => c.tool === 'buffer_status'));
  const logs = await get('/api/v1/ai/routing-logs?limit=100', admin);
  assert.equal(logs.statusCode, 200, logs.body);
  const rows = (logs.json() as { data: { target: string; reason: string }[] }).data;
  assert.ok(rows.length > 0 && rows.every((l) => l.target === 'offline'));
  assert.equal((await get('/api/v1/ai/routing-logs', planner)).statusCode, 403);
});

test('the query box answers its examples without a model, and refuses other questions with 503', async () => {
  const ex = await get('/api/v1/ai/query/examples');
  assert.equal(ex.statusCode, 200, ex.body);
  const r = await post('/api/v1/ai/query', { query: '¿Qué productos están en rojo?' });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as {
    data: { sku: string }[];
    agents: { sql: { source: string } };
    query: { sql: string };
  };
  assert.equal(body.agents.sql.source, 'template');
  const board = (await get('/api/v1/buffers?zone=red&limit=100')).json() as {
    data: { sku: string }[];
    pagination: { total: number };
  };
  assert.equal(body.data.length, board.pagination.total);
  const none = await post('/api/v1/ai/query', { query: 'how many unicorns live in Madrid?' });
  assert.equal(none.statusCode, 503, none.body);
  assert.equal((none.json() as { code: string }).code, 'ai.model_unavailable');
  const audit = (await get('/api/v1/ai/queries?limit=10', admin)).json() as {
    data: { status: string; source: string }[];
  };
  assert.ok(audit.data.some((q) => q.status === 'ok' && q.source === 'template'));
});

test('the schema lists only the views the caller may read', async () => {
  const mine = (await get('/api/v1/ai/schema')).json() as { views: { name: string }[] };
  assert.ok(mine.views.some((v) => v.name === 'ai_buffers'));
  const narrow = await auth(['ai-query:execute', 'product:read']);
  const few = (await get('/api/v1/ai/schema', narrow)).json() as { views: { name: string }[] };
  assert.deepEqual(
    few.views.map((v) => v.name),
    ['ai_products'],
  );
});

test('the daily report reaches the planners’ bell, once a day, and is marked read', async () => {
  const assistant = t.modules.find((m) => m.name === 'assistant');
  const job = assistant?.jobs?.find((j) => j.name === 'assistant-daily-report');
  assert.ok(job);
  // Past six in the morning in the demo's time zone (the Americas and Spain alike).
  const now = `${new Date().toISOString().slice(0, 10)}T18:00:00Z`;
  await job.handler({ now }, { id: 'test', name: job.name });
  await job.handler({ now }, { id: 'test', name: job.name });
  const mine = await get('/api/v1/notifications');
  assert.equal(mine.statusCode, 200, mine.body);
  const list = mine.json() as { data: { id: string; kind: string; body: string }[]; unread: number };
  const reports = list.data.filter((n) => n.kind === 'assistant.report.daily');
  assert.equal(reports.length, 1, 'one daily report, however often the tick runs');
  assert.ok(list.unread >= 1);
  const first = reports[0];
  assert.ok(first && first.body.length > 0);
  assert.equal((await post(`/api/v1/notifications/${first.id}/read`, {})).statusCode, 204);
  const after = (await get('/api/v1/notifications?unread=true')).json() as { data: { id: string }[] };
  assert.ok(!after.data.some((n) => n.id === first.id));
  // Another user cannot mark it.
  assert.equal((await post(`/api/v1/notifications/${first.id}/read`, {}, viewer)).statusCode, 404);
});

/** A real socket to the listening app, as a browser opens it (the token rides as a subprotocol). */
const socketTo = async (protocols: string[]) => {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ai/chat`, protocols);
  const events: { type: string; answer?: string; code?: string }[] = [];
  ws.addEventListener('message', (m) => events.push(JSON.parse(String(m.data))));
  const opened = await new Promise<boolean>((resolve) => {
    ws.addEventListener('open', () => resolve(true));
    ws.addEventListener('error', () => resolve(false));
  });
  return { ws, events, opened };
};

test('the WebSocket carries the same turns, with the token as its subprotocol', async () => {
  const { ws, events, opened } = await socketTo(['flujo.chat', `bearer.${bearerOf(planner)}`]);
  assert.ok(opened);
  ws.send(JSON.stringify({ type: 'chat', message: 'sugerencias pendientes' }));
  await eventually(() => events.some((e) => e.type === 'done' || e.type === 'error'), 'the answer', 30_000);
  ws.close();
  assert.equal(events[0]?.type, 'start');
  const last = events.at(-1);
  assert.equal(last?.type, 'done', JSON.stringify(last));
  assert.ok(last?.answer);
});

test('a WebSocket without a token is refused; a bad message gets a clear error', async () => {
  assert.equal((await socketTo(['flujo.chat'])).opened, false);
  const { ws, events, opened } = await socketTo([`bearer.${bearerOf(planner)}`]);
  assert.ok(opened);
  ws.send(JSON.stringify({ type: 'chat', message: '' }));
  await eventually(() => events.length > 0, 'an error', 10_000);
  ws.close();
  assert.equal(events[0]?.type, 'error');
  assert.equal(events[0]?.code, 'platform.validation');
  assert.equal((await get('/api/v1/ai/chat')).statusCode, 426);
});

test('a burst of penetrations makes one report, mailed to planners who opted in', async () => {
  const prefs = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/notifications/preferences',
    headers: planner,
    payload: { email_reports: true },
  });
  assert.equal(prefs.statusCode, 200, prefs.body);
  const job = t.modules
    .find((m) => m.name === 'assistant')
    ?.jobs?.find((j) => j.name === 'assistant-penetration-report');
  assert.ok(job);
  // The singleton job folds a burst; a report run inside the quiet period is skipped too.
  await job.handler({ tenantId: t.demo.tenantId }, { id: 'p1', name: job.name });
  await job.handler({ tenantId: t.demo.tenantId }, { id: 'p2', name: job.name });
  const list = (await get('/api/v1/notifications?limit=100')).json() as {
    data: { kind: string; title: string }[];
  };
  const reports = list.data.filter((n) => n.kind === 'assistant.report.penetration');
  assert.equal(reports.length, 1);
  const title = reports[0]?.title ?? '';
  await eventually(
    () => t.platform.mailer.mailbox(t.demo.tenantId).some((m) => m.subject === title),
    'the report by mail',
    20_000,
  );
});

test('model requests are limited per organisation: per minute, and by tokens per day', async () => {
  const ctx = {
    tenantId: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    kind: 'user' as const,
    roles: [],
    permissions: [],
    storeIds: null,
  };
  const limited = createRouting(
    { ...t.platform, config: { ...t.platform.config, AI_REQUESTS_PER_MINUTE: 2, AI_TOKENS_PER_DAY: 0 } },
    {},
  );
  await limited.admit(ctx);
  await limited.admit(ctx);
  await assert.rejects(limited.admit(ctx), (e: DomainError) => e.code === 'ai.rate_limited');
  const budget = createRouting(
    { ...t.platform, config: { ...t.platform.config, AI_TOKENS_PER_DAY: 100 } },
    {},
  );
  const other = { ...ctx, tenantId: t.demo.tenantId };
  await budget.log(other.tenantId, null, {
    purpose: 'chat',
    target: 'cloud',
    model: 'm',
    classification: 'internal',
    reason: 'test',
    outcome: 'ok',
    promptTokens: 5_000_000,
    completionTokens: 1,
  });
  await assert.rejects(budget.admit(other), (e: DomainError) => e.code === 'ai.budget_exhausted');
});
