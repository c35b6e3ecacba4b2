import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays, todayUtc as today } from '../../platform/dates.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';

let t: TestApp;
let h: { authorization: string };
const ids: Record<string, string> = {};

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  const loc = await call('POST', '/api/v1/locations', { code: 'STORE', name: 'Store', type: 'store' });
  assert.equal(loc.statusCode, 201, loc.body);
  for (const [sku, buffered] of [
    ['R', false],
    ['R2', false],
    ['NOSUP', false],
    ['BUF', true],
  ] as const) {
    const r = await call('POST', '/api/v1/products', { sku, name: sku, buffered, lead_time_days: 9 });
    assert.equal(r.statusCode, 201, r.body);
    ids[sku] = (r.json() as { id: string }).id;
  }
  const s = await call('POST', '/api/v1/suppliers', { name: 'Acme' });
  assert.equal(s.statusCode, 201, s.body);
  ids.S = (s.json() as { id: string }).id;
  for (const sku of ['R', 'R2']) {
    const item = await call('PUT', `/api/v1/suppliers/${ids.S}/items/${ids[sku]}`, {
      lead_time_days: 4,
      price: '12.50',
      preferred: true,
    });
    assert.equal(item.statusCode, 200, item.body);
  }
  for (const sku of ['R', 'R2', 'NOSUP']) await move(sku, 20);
});
after(async () => {
  await t?.close();
});

const move = async (sku: string, qty: number) => {
  const r = await call('POST', '/api/v1/stock', {
    product_id: ids[sku],
    store_id: 'STORE',
    quantity_change: qty,
    reason: 'test',
  });
  assert.equal(r.statusCode, 200, r.body);
};

/** Deliveries the auto-reorder consumer finished: lets a test wait for "nothing happened". */
const delivered = async () =>
  (await t.platform.metrics.eventsConsumed.get()).values.find(
    (v) => v.labels.consumer === 'orders-auto-reorder' && v.labels.outcome === 'ok',
  )?.value ?? 0;

type Po = {
  id: string;
  kind: string;
  status: string;
  origin: string;
  supplier_id: string;
  due_date: string;
  lines: { product_id: string; quantity: string; unit_price_minor: number | null }[];
};
const purchasesOf = async (sku: string) => {
  const { rows } = await t.platform.database.db.execute<{ id: string }>(sql`
    select o.id from supply_orders o join supply_order_lines l on l.order_id = o.id
    where o.kind = 'purchase' and l.product_id = ${ids[sku] ?? ''} order by o.created_at`);
  const out: Po[] = [];
  for (const r of rows) out.push((await call('GET', `/api/v1/orders/${r.id}`)).json() as Po);
  return out;
};

const policy = (sku: string, extra: object = {}) =>
  call('POST', '/api/v1/reorder-policies', {
    product_id: ids[sku],
    store_id: 'STORE',
    reorder_point: 10,
    reorder_quantity: 50,
    ...extra,
  });

const autoReorder = async (on: boolean) => {
  const r = await call('PUT', '/api/v1/order-settings', { auto_reorder: on });
  assert.equal(r.statusCode, 200, r.body);
};

test(`reorder policies: create, list, update, delete, and their refusals (${mode})`, async () => {
  const created = await policy('R');
  assert.equal(created.statusCode, 201, created.body);
  const p = created.json() as { id: string; store_id: string; reorder_point: string; active: boolean };
  assert.deepEqual([p.store_id, p.reorder_point, p.active], ['STORE', '10', true]);

  const dup = await policy('R');
  assert.equal(dup.statusCode, 409, dup.body);
  assert.equal((dup.json() as { code: string }).code, 'orders.reorder_policy_exists');
  const buffered = await policy('BUF');
  assert.equal(buffered.statusCode, 409, buffered.body);
  assert.equal((buffered.json() as { code: string }).code, 'orders.product_buffered');
  const zero = await policy('R2', { reorder_quantity: 0 });
  assert.equal(zero.statusCode, 400, zero.body);
  const noSupplier = await policy('R2', { supplier_id: crypto.randomUUID() });
  assert.equal(noSupplier.statusCode, 404, noSupplier.body);

  const list = await call('GET', `/api/v1/reorder-policies?product_id=${ids.R}`);
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(
    (list.json() as { data: { id: string }[] }).data.map((x) => x.id),
    [p.id],
  );
  const put = await call('PUT', `/api/v1/reorder-policies/${p.id}`, {
    product_id: ids.R,
    store_id: 'STORE',
    reorder_point: '12.5',
    reorder_quantity: 50,
    supplier_id: ids.S,
    active: false,
  });
  assert.equal(put.statusCode, 200, put.body);
  const updated = put.json() as { reorder_point: string; supplier_id: string; active: boolean };
  assert.deepEqual([updated.reorder_point, updated.supplier_id, updated.active], ['12.5', ids.S, false]);
  const missing = await call('PUT', `/api/v1/reorder-policies/${crypto.randomUUID()}`, {
    product_id: ids.R,
    store_id: 'STORE',
    reorder_point: 1,
    reorder_quantity: 1,
  });
  assert.equal(missing.statusCode, 404, missing.body);

  const reader = `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['order:read'] })}`;
  const denied = await t.app.inject({
    method: 'DELETE',
    url: `/api/v1/reorder-policies/${p.id}`,
    headers: { authorization: reader },
  });
  assert.equal(denied.statusCode, 403, denied.body);
  const del = await call('DELETE', `/api/v1/reorder-policies/${p.id}`);
  assert.equal(del.statusCode, 204, del.body);
  assert.deepEqual((await call('GET', '/api/v1/reorder-policies')).json(), { data: [] });
});

test(`auto-reorder off: a drop below the point raises nothing (${mode})`, async () => {
  await autoReorder(false);
  assert.equal((await policy('R')).statusCode, 201);
  const seen = await delivered();
  await move('R', -12);
  await eventually(async () => (await delivered()) > seen, 'the consumer to see the drop');
  assert.deepEqual(await purchasesOf('R'), []);
  await move('R', 12);
  await eventually(async () => (await delivered()) > seen + 1, 'the consumer to see the refill');
});

test(`auto-reorder on: two drops in a row raise exactly one draft purchase order (${mode})`, async () => {
  await autoReorder(true);
  const seen = await delivered();
  await move('R', -5);
  assert.deepEqual(await purchasesOf('R'), [], 'still above the point');
  await move('R', -6);
  await move('R', -1);
  await eventually(async () => (await delivered()) >= seen + 3, 'the consumer to see all three drops');
  const pos = await eventually(async () => {
    const list = await purchasesOf('R');
    return list.length > 0 && list;
  }, 'a draft purchase order');
  assert.equal(pos.length, 1);
  const [po] = pos;
  assert.deepEqual(
    [po?.kind, po?.status, po?.origin, po?.supplier_id],
    ['purchase', 'DRAFT', 'reorder', ids.S],
  );
  assert.equal(po?.due_date, addDays(today(), 4), "today + the supplier item's lead time");
  assert.deepEqual(
    po?.lines.map((l) => [l.product_id, l.quantity, l.unit_price_minor]),
    [[ids.R, '50', 1250]],
  );
});

test(`a redelivered event raises no second order (${mode})`, async () => {
  assert.equal((await policy('R2', { reorder_point: 30 })).statusCode, 201);
  const consumer = t.modules.flatMap((m) => m.consumers ?? []).find((c) => c.name === 'orders-auto-reorder');
  assert.ok(consumer);
  const { rows } = await t.platform.database.db.execute<{ id: string }>(
    sql`select id from locations where code = 'STORE'`,
  );
  const event: EventEnvelope = {
    id: crypto.randomUUID(),
    type: 'inventory.stock.updated',
    version: 1,
    tenantId: t.demo.tenantId,
    aggregateId: `${ids.R2}:${rows[0]?.id}`,
    payload: {
      product_id: ids.R2,
      location_id: rows[0]?.id,
      location_code: 'STORE',
      quantity_change: '-10',
      on_hand: '20',
      reserved: '0',
      available: '20',
      version: 2,
      kind: 'adjustment',
    },
    occurredAt: new Date().toISOString(),
  };
  await Promise.all([consumer.handle(event), consumer.handle(event)]);
  await consumer.handle(event);
  assert.equal((await purchasesOf('R2')).length, 1);
});

test(`no supplier for the product: the drop is skipped, nothing raised (${mode})`, async () => {
  assert.equal((await policy('NOSUP')).statusCode, 201);
  const seen = await delivered();
  await move('NOSUP', -15);
  await eventually(async () => (await delivered()) > seen, 'the consumer to see the drop');
  assert.deepEqual(await purchasesOf('NOSUP'), []);
});
