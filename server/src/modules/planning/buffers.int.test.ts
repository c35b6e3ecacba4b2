import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let h: { authorization: string };
const id: Record<string, string> = {};
const seen: { type: string; payload: { planning_priority?: string } }[] = [];

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type.startsWith('planning.')) seen.push(e as never);
  });
  await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  id.P = await created('/api/v1/products', { sku: 'TOR-1', name: 'Tornillo', lead_time_days: 3 });
  const supplier = await created('/api/v1/suppliers', { name: 'Proveedor' });
  await call('PUT', `/api/v1/suppliers/${supplier}/items/${id.P}`, { lead_time_days: 10, preferred: true });
  await call('POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: id.P,
    store_id: 'MAD-001',
    quantity: 200,
    reason: 'r',
  });
});
after(async () => {
  await t?.close();
});

type Buffer = {
  id: string;
  adu: number;
  dlt: number;
  zones: { red: number; yellow: number; green: number; top_of_green: number };
  on_hand: number;
  net_flow_position: number;
  net_flow_percent: number;
  planning_priority: string;
  recommended_qty: number;
  profile: { name: string; lead_time_factor: number };
};

test(`a buffer is sized from its profile and supplier lead time, and net flow follows stock events (${mode})`, async () => {
  const profiles = (await call('GET', '/api/v1/buffer-profiles')).json() as { data: { name: string }[] };
  assert.equal(
    profiles.data.length,
    27,
    'the standard matrix: 3 item types × 3 lead-time × 3 variability classes',
  );
  const r = await call('POST', '/api/v1/buffers', {
    product_id: id.P,
    store_id: 'MAD-001',
    adu_method: 'fixed',
    adu_fixed: 4,
  });
  assert.equal(r.statusCode, 201, r.body);
  const b = r.json() as Buffer;
  id.B = b.id;
  assert.equal(b.profile.name, 'purchased · medium lead time · medium variability');
  const found = async (q: string) =>
    (
      (await call('GET', `/api/v1/buffers?search=${encodeURIComponent(q)}`)).json() as {
        data: { id: string }[];
      }
    ).data.map((x) => x.id);
  assert.deepEqual(await found('tor'), [id.B], 'by SKU prefix');
  assert.deepEqual(await found('tornillo'), [id.B], 'by name');
  assert.deepEqual(await found('nada'), []);
  assert.deepEqual([b.adu, b.dlt, b.zones.red, b.zones.yellow, b.zones.green], [4, 10, 30, 40, 20]);
  assert.deepEqual(
    [b.on_hand, b.net_flow_position, b.planning_priority, b.recommended_qty],
    [200, 200, 'green', 0],
  );

  // 150 leave: NFP 50, inside yellow; the consumer recomputes without being asked.
  await call('POST', '/api/v1/stock/movements', {
    kind: 'shipment',
    product_id: id.P,
    store_id: 'MAD-001',
    quantity: 150,
    reason: 'venta',
  });
  const yellow = await eventually(async () => {
    const now = (await call('GET', `/api/v1/buffers/${id.B}`)).json() as Buffer;
    return now.net_flow_position === 50 ? now : undefined;
  }, 'net flow after the shipment');
  assert.deepEqual(
    [yellow.planning_priority, yellow.recommended_qty, yellow.net_flow_percent],
    ['yellow', 40, 55.56],
  );
  await eventually(
    () =>
      seen.some((e) => e.type === 'planning.buffer.penetrated' && e.payload.planning_priority === 'yellow'),
    'a penetration event',
  );

  // A hold takes 25 more: red.
  await call('POST', '/api/v1/reservations', {
    product_id: id.P,
    store_id: 'MAD-001',
    quantity: 25,
    customer_id: 'c',
  });
  const red = await eventually(async () => {
    const now = (await call('GET', `/api/v1/buffers/${id.B}`)).json() as Buffer;
    return now.planning_priority === 'red' ? now : undefined;
  }, 'red after the hold');
  assert.deepEqual([red.net_flow_position, red.recommended_qty], [25, 65]);
  const reds = (await call('GET', '/api/v1/buffers?zone=RED')).json() as { data: { id: string }[] };
  assert.deepEqual(
    reds.data.map((x) => x.id),
    [id.B],
  );
  assert.equal(
    ((await call('GET', '/api/v1/buffers?zone=GREEN')).json() as { data: unknown[] }).data.length,
    0,
  );
  // The one open suggestion follows the buffer; approving puts supply on order at once.
  type Suggestion = {
    id: string;
    quantity: number;
    planning_priority: string;
    status: string;
    supply_order_id: string;
    suggested_quantity: number;
  };
  const inbox = (await call('GET', '/api/v1/replenishment-suggestions')).json() as { data: Suggestion[] };
  assert.deepEqual(
    inbox.data.map((x) => [x.quantity, x.planning_priority]),
    [[65, 'red']],
  );
  await eventually(
    () => seen.some((e) => e.type === 'planning.replenishment.suggested'),
    'a suggestion event',
  );
  const approved = await call('POST', `/api/v1/replenishment-suggestions/${inbox.data[0]?.id}/approve`, {
    quantity: 70,
  });
  assert.equal(approved.statusCode, 200, approved.body);
  const a = approved.json() as Suggestion;
  assert.deepEqual(
    [a.status, a.quantity, a.suggested_quantity, typeof a.supply_order_id],
    ['APPROVED', 70, 65, 'string'],
  );
  const history = (await call('GET', `/api/v1/buffers/${id.B}/history`)).json() as {
    signal: { suggestions: number; approved_changed: number; followed_percent: number };
  };
  assert.deepEqual(
    [history.signal.suggestions, history.signal.approved_changed, history.signal.followed_percent],
    [1, 1, 0],
    'approved, but at 70 where the engine said 65',
  );
  const after = (await call('GET', `/api/v1/buffers/${id.B}`)).json() as Buffer & { on_order: number };
  assert.deepEqual([after.on_order, after.net_flow_position, after.planning_priority], [70, 95, 'green']);
  assert.equal(
    ((await call('GET', '/api/v1/replenishment-suggestions')).json() as { data: unknown[] }).data.length,
    0,
  );
  const twice = await call('POST', `/api/v1/replenishment-suggestions/${a.id}/approve`);
  assert.equal(twice.statusCode, 409, 'approved once');
});

test(`past ADU reads consumption out of the ledger, today excluded; settings changes recompute (${mode})`, async () => {
  // Yesterday's shipment: move its time back (the app's role cannot; the owner can).
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where kind = 'shipment' and product_id = ${id.P}`,
  );
  const r = await call('PUT', `/api/v1/buffers/${id.B}`, { adu_method: 'past', adu_horizon_days: 10 });
  assert.equal(r.statusCode, 200, r.body);
  const b = r.json() as Buffer;
  assert.equal(b.adu, 15, '150 over 10 days');
  assert.deepEqual([b.zones.red, b.zones.yellow, b.zones.green], [112.5, 150, 75]);
  // A stock event moves net flow only; ADU waits for the schedule or an explicit recalculation.
  await call('POST', '/api/v1/stock/movements', {
    kind: 'shipment',
    product_id: id.P,
    store_id: 'MAD-001',
    quantity: 10,
    reason: 'ayer',
  });
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where kind = 'shipment' and quantity = -10 and product_id = ${id.P}`,
  );
  await call('POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: id.P,
    store_id: 'MAD-001',
    quantity: 1,
    reason: 'r',
  });
  const moved = await eventually(async () => {
    const now = (await call('GET', `/api/v1/buffers/${id.B}`)).json() as Buffer;
    return now.on_hand === b.on_hand - 9 ? now : undefined;
  }, 'net flow after the two movements');
  assert.equal(moved.adu, 15, 'ADU kept on a stock event');
  const full = (await call('POST', `/api/v1/buffers/${id.B}/recalculate`)).json() as Buffer;
  assert.equal(full.adu, 16, '160 over 10 days once recalculated');
  const fixed = (await call('PUT', `/api/v1/buffers/${id.B}`, { dlt_days: 4 })).json() as Buffer;
  assert.equal(fixed.dlt, 4);
});

test(`DLT of a manufactured item runs down its BOM until a buffered component (${mode})`, async () => {
  id.K = await created('/api/v1/products', { sku: 'KIT-1', name: 'Kit', lead_time_days: 2 });
  id.A = await created('/api/v1/products', { sku: 'PART-A', name: 'Parte A', lead_time_days: 5 });
  id.C = await created('/api/v1/products', {
    sku: 'PART-B',
    name: 'Parte B',
    lead_time_days: 30,
    buffered: true,
  });
  await created('/api/v1/boms', {
    product_id: id.K,
    lines: [
      { component_id: id.A, quantity: 2 },
      { component_id: id.C, quantity: 1 },
    ],
  });
  const b = (
    await call('POST', '/api/v1/buffers', {
      product_id: id.K,
      store_id: 'MAD-001',
      adu_method: 'fixed',
      adu_fixed: 1,
    })
  ).json() as Buffer;
  assert.equal(b.dlt, 7, 'own 2 days + part A 5; buffered part B decouples');
  assert.equal(b.profile.name, 'manufactured · medium lead time · medium variability');

  // Nothing on hand: red, suggested; rejected, it stays quiet for the day at the same priority.
  const inbox = (await call('GET', '/api/v1/replenishment-suggestions?zone=RED')).json() as {
    data: { id: string; sku: string }[];
  };
  const mine = inbox.data.find((x) => x.sku === 'KIT-1');
  assert.ok(mine, 'the kit has a suggestion');
  assert.equal((await call('POST', `/api/v1/replenishment-suggestions/${mine.id}/reject`)).statusCode, 200);
  await call('POST', `/api/v1/buffers/${b.id}/recalculate`);
  const again = (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
    data: { sku: string }[];
  };
  assert.ok(!again.data.some((x) => x.sku === 'KIT-1'), 'no new suggestion after a rejection today');
});

test(`bad buffers are refused naming the field and write nothing (${mode})`, async () => {
  const cases: [object, number, string][] = [
    [{ product_id: id.P, store_id: 'MAD-001' }, 409, 'planning.buffer_exists'],
    [{ product_id: id.A, store_id: 'MAD-001', adu_method: 'fixed' }, 400, 'adu_fixed'],
    [{ product_id: id.A, store_id: 'MAD-001', min_batch: 10, max_batch: 5 }, 400, 'max_batch'],
    [{ product_id: id.A, store_id: 'NOPE' }, 404, 'store_id'],
    [{ product_id: id.A, store_id: 'MAD-001', profile_id: crypto.randomUUID() }, 404, 'profile_id'],
  ];
  for (const [body, status, mark] of cases) {
    const r = await call('POST', '/api/v1/buffers', body);
    assert.equal(r.statusCode, status, r.body);
    assert.match(r.body, new RegExp(mark));
  }
  const all = (await call('GET', '/api/v1/buffers?limit=100')).json() as { pagination: { total: number } };
  assert.equal(all.pagination.total, 2);
  assert.equal((await call('DELETE', `/api/v1/buffers/${id.B}`)).statusCode, 204);
  assert.equal((await call('GET', `/api/v1/buffers/${id.B}`)).statusCode, 404);
});
