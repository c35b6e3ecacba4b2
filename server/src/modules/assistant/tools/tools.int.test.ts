import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../../test/helpers.ts';
import { answerOffline } from '../planner/planner.ts';
import { buildReport } from '../planner/report.ts';
import type { ApiCall } from './api.ts';
import { runTool, TOOLS, toolDefinitions } from './index.ts';
import type { Card } from './types.ts';

let t: TestApp;
let admin: ApiCall;
let madId = '';

/** The caller a tool gets: Flujo's API in-process with one token, as the chat service builds it. */
const caller =
  (token: string): ApiCall =>
  (method, url, body) =>
    t.app
      .inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
        ...(body === undefined ? {} : { payload: body as object }),
      })
      .then((r) => ({ status: r.statusCode, body: r.json() }));
const as = async (permissions: string[], storeIds: string[] | null = null) =>
  caller(await t.tokenFor({ tenantId: t.demo.tenantId, permissions, storeIds }));

type Row = { id: string; sku: string; location_code: string; status?: string };
const ids = (cards: Card[]) => cards.map((c) => (c.type === 'buffer' ? c.buffer_id : ''));

before(async () => {
  t = await buildTestApp({ demoData: true });
  admin = caller(await t.tokenFor({ tenantId: t.demo.tenantId }));
  const locs = await admin<{ data: { id: string; code: string }[] }>(
    'GET',
    '/api/v1/locations?search=MAD-001',
  );
  madId = locs.body.data.find((l) => l.code === 'MAD-001')?.id ?? '';
});
after(async () => {
  await t?.close();
});

test('every tool has a JSON Schema for the model, and bad arguments are invalid, not thrown', async () => {
  assert.equal(toolDefinitions().length, TOOLS.length);
  for (const d of toolDefinitions()) assert.equal(d.parameters.type, 'object', d.name);
  const r = await runTool(admin, 'buffers_in_zone', { zones: ['purple'] }, 'en');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'invalid');
});

test(`buffers_in_zone red is the board's red list: same buffers, same order (${mode})`, async () => {
  // The board's query (web/src/features/planning/buffer-board.tsx): page, limit 25, zone RED.
  const board = await admin<{ data: Row[] }>('GET', '/api/v1/buffers?page=1&limit=25&zone=RED');
  assert.ok(board.body.data.length > 0, 'the demo has red buffers');
  const r = await runTool(admin, 'buffers_in_zone', { zones: ['red'], limit: 50 }, 'es');
  assert.ok(r.ok, r.summary);
  assert.deepEqual(
    ids(r.cards),
    board.body.data.map((b) => b.id),
  );
  assert.match(r.summary, /en rojo/);
});

test('a Seller of one store is denied buffers and sees only their store in inventory', async () => {
  const seller = await as(
    ['product:read', 'location:read', 'inventory:read', 'inventory:write', 'order:read', 'order:write'],
    [madId],
  );
  for (const [name, args] of [
    ['buffers_in_zone', { zones: ['red'] }],
    ['buffer_status', { sku: 'TOR-M6-40' }],
    ['explain_buffer', { sku: 'TOR-M6-40', location: 'MAD-001' }],
  ] as const) {
    const r = await runTool(seller, name, args, 'es');
    assert.equal(r.ok, false, name);
    assert.equal(!r.ok && r.reason, 'denied', name);
    assert.match(r.summary, /no tienes permiso/i);
  }
  const inv = await runTool(seller, 'inventory', {}, 'en');
  assert.ok(inv.ok, inv.summary);
  const rows = (inv.data as { rows: { location: string }[] }).rows;
  assert.ok(rows.length > 0);
  assert.deepEqual([...new Set(rows.map((x) => x.location))], ['MAD-001']);
});

test('supplier_performance with only buffer:read is denied', async () => {
  const r = await runTool(await as(['buffer:read']), 'supplier_performance', { supplier: 'Norte' }, 'en');
  assert.equal(!r.ok && r.reason, 'denied');
  assert.match(r.summary, /do not have permission/);
});

test('answerOffline: "¿qué productos están en rojo?" names the red list', async () => {
  const red = await admin<{ data: Row[] }>('GET', '/api/v1/buffers?page=1&limit=25&zone=RED');
  const a = await answerOffline(admin, '¿qué productos están en rojo?');
  assert.equal(a.lang, 'es');
  assert.equal(a.intent, 'buffers_in_zone');
  assert.ok(a.understood);
  for (const b of red.body.data) assert.ok(a.answer.includes(b.sku), `${b.sku} in: ${a.answer}`);
  assert.deepEqual(
    ids(a.cards),
    red.body.data.map((b) => b.id),
  );
});

test('answerOffline: "¿cuándo se agota TOR-M6 en MAD-001?" answers for that pair', async () => {
  const a = await answerOffline(admin, '¿cuándo se agota TOR-M6 en MAD-001?');
  assert.equal(a.intent, 'stockout');
  assert.deepEqual(
    a.calls.map((c) => [c.name, c.arguments]),
    [['projected_stockout', { sku: 'TOR-M6', location: 'MAD-001' }]],
  );
  const cards = a.cards.filter((c) => c.type === 'stockout');
  assert.equal(cards.length, 1);
  assert.equal(cards[0]?.type === 'stockout' && `${cards[0].sku} ${cards[0].location}`, 'TOR-M6-40 MAD-001');
  assert.match(a.answer, /TOR-M6-40 en MAD-001/);
});

test('answerOffline: a question it cannot answer says so and lists what it can', async () => {
  const a = await answerOffline(admin, 'write me a poem about the sea');
  assert.equal(a.understood, false);
  assert.equal(a.intent, 'unknown');
  assert.deepEqual(a.calls, []);
  assert.match(a.answer, /cannot answer/);
  assert.match(a.answer, /buffers/);
});

test('propose_approve_suggestion proposes and changes nothing', async () => {
  const before = await admin<{ data: Row[] }>('GET', '/api/v1/replenishment-suggestions?status=OPEN&limit=1');
  const s = before.body.data[0];
  assert.ok(s, 'the demo has open suggestions');
  const r = await runTool(admin, 'propose_approve_suggestion', { suggestion_id: s.id }, 'es');
  assert.ok(r.ok, r.summary);
  assert.equal(r.proposal?.kind, 'approve_suggestion');
  assert.equal(r.proposal?.payload.route, `/api/v1/replenishment-suggestions/${s.id}/approve`);
  assert.match(r.proposal?.summary ?? '', new RegExp(`${s.sku}.*${s.location_code}`));
  const still = await admin<{ data: Row[] }>(
    'GET',
    '/api/v1/replenishment-suggestions?status=OPEN&limit=100',
  );
  assert.equal(still.body.data.find((x) => x.id === s.id)?.status, 'OPEN');
  const orders = await admin<{ data: { origin: string }[] }>('GET', '/api/v1/orders?limit=100');
  assert.equal(orders.body.data.filter((o) => o.origin === 'approved').length, 0, 'no order was placed');
});

test('a purchase order proposal is the create route body, resolved through the API', async () => {
  const r = await runTool(
    admin,
    'propose_purchase_order',
    { supplier: 'herramientas', location: 'CEDIS-MAD', lines: [{ sku: 'TAL-18V', quantity: 4 }] },
    'en',
  );
  assert.ok(r.ok, r.summary);
  const p = r.proposal?.payload as { route: string; method: string; store_id: string; lines: unknown[] };
  assert.equal(p.route, '/api/v1/orders');
  assert.equal(p.method, 'POST');
  assert.equal(p.store_id, 'CEDIS-MAD');
  assert.equal(p.lines.length, 1);
  const unknown = await runTool(
    admin,
    'propose_purchase_order',
    { supplier: 'herramientas', location: 'CEDIS-MAD', lines: [{ sku: 'NOPE-404', quantity: 1 }] },
    'en',
  );
  assert.equal(!unknown.ok && unknown.reason, 'not_found');
  assert.match(unknown.summary, /NOPE-404/);
});

test('buildReport names urgent items when buffers are in red', async () => {
  const r = await buildReport(admin, 'es');
  assert.ok(r.urgent > 0);
  assert.ok(r.items.length > 0);
  assert.equal(r.items[0]?.zone, 'red');
  assert.match(r.title, /rojo/);
  assert.ok(r.body.includes(r.items[0]?.sku ?? '?'));
});
