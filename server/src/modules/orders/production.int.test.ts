import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays, todayUtc as today } from '../../platform/dates.ts';

let t: TestApp;
let h: { authorization: string };
let n = 0;

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const [code, allow] of [
    ['PLANT', false],
    ['LOOSE', true],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: h,
      payload: { code, name: code, type: 'warehouse', allow_negative: allow },
    });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, extra: object = {}) =>
  t.app.inject({ method, url, headers: { ...h, ...extra }, ...(payload ? { payload } : {}) });

const product = async (sku: string, leadTime: number | null = null) => {
  const r = await call('POST', '/api/v1/products', { sku, name: sku, lead_time_days: leadTime });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { id: string }).id;
};

const stock = async (productId: string, qty: number, store = 'PLANT') => {
  const r = await call('POST', '/api/v1/stock', {
    product_id: productId,
    store_id: store,
    quantity_change: qty,
    reason: 'setup',
  });
  assert.equal(r.statusCode, 200, r.body);
};

/** A finished product (lead time 3 days) made of 2 × C1 and 0.5 × C2, with some component stock. */
const item = async (c1Stock: number, c2Stock: number, store = 'PLANT') => {
  n += 1;
  const fin = await product(`FIN-${n}`, 3);
  const c1 = await product(`C1-${n}`);
  const c2 = await product(`C2-${n}`);
  const bom = await call('POST', '/api/v1/boms', {
    product_id: fin,
    lines: [
      { component_id: c1, quantity: 2 },
      { component_id: c2, quantity: '0.5' },
    ],
  });
  assert.equal(bom.statusCode, 201, bom.body);
  if (c1Stock) await stock(c1, c1Stock, store);
  if (c2Stock) await stock(c2, c2Stock, store);
  return { fin, c1, c2, bomId: (bom.json() as { id: string }).id };
};

type Order = {
  id: string;
  number: string;
  kind: string;
  status: string;
  due_date: string;
  order_date: string;
  components_issued: boolean;
  bom_snapshot: { component_id: string; quantity: string; scrap_pct: string }[];
  lines: { quantity: string; received_quantity: string; unit_price_minor: number | null }[];
};

const create = async (fin: string, quantity: number, extra: object = {}, store = 'PLANT') => {
  const r = await call('POST', '/api/v1/production-orders', {
    product_id: fin,
    store_id: store,
    quantity,
    submit: true,
    ...extra,
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Order;
};

const onHand = async (productId: string, store = 'PLANT') => {
  const { rows } = await t.platform.database.db.execute<{ on_hand: string }>(sql`
    select b.on_hand::text as on_hand from stock_balances b join locations l on l.id = b.location_id
    where b.product_id = ${productId} and l.code = ${store}`);
  return Number(rows[0]?.on_hand ?? 0);
};

const movements = async (orderId: string) => {
  const { rows } = await t.platform.database.db.execute<{
    product_id: string;
    kind: string;
    quantity: string;
  }>(
    sql`select product_id, kind, quantity::text as quantity from stock_movements
      where reference_type = 'supply_order' and reference_id = ${orderId} order by kind, product_id`,
  );
  return rows.map((r) => ({ product_id: r.product_id, kind: r.kind, quantity: Number(r.quantity) }));
};

test(`create snapshots the BOM: a later BOM edit does not change the order (${mode})`, async () => {
  const { fin, c1, c2, bomId } = await item(0, 0);
  const o = await create(fin, 10, { start_date: '2030-01-10', notes: 'first run' });
  assert.equal(o.kind, 'production');
  assert.equal(o.status, 'OPEN');
  assert.match(o.number, /^MO-\d{6}$/);
  assert.equal(o.order_date, '2030-01-10');
  assert.equal(o.due_date, '2030-01-13', 'start date + the product’s own lead time');
  assert.equal(o.lines[0]?.unit_price_minor, null);
  const snap = [...o.bom_snapshot].sort((a, b) =>
    a.component_id === c1 ? -1 : b.component_id === c1 ? 1 : 0,
  );
  assert.deepEqual(snap, [
    { component_id: c1, quantity: '2', scrap_pct: '0' },
    { component_id: c2, quantity: '0.5', scrap_pct: '0' },
  ]);
  const edit = await call('PUT', `/api/v1/boms/${bomId}`, { lines: [{ component_id: c1, quantity: 7 }] });
  assert.equal(edit.statusCode, 200, edit.body);
  const again = (await call('GET', `/api/v1/orders/${o.id}`)).json() as Order;
  assert.equal(again.bom_snapshot.length, 2);
  const short = (await call('GET', `/api/v1/orders/${o.id}/shortages`)).json() as {
    components: { product_id: string; per_unit: string; required: string }[];
  };
  assert.equal(short.components.find((c) => c.product_id === c1)?.required, '20');
});

test(`a draft by default, due today + lead time without dates (${mode})`, async () => {
  const { fin } = await item(0, 0);
  const r = await call('POST', '/api/v1/production-orders', {
    product_id: fin,
    store_id: 'PLANT',
    quantity: 1,
  });
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as Order;
  assert.equal(o.status, 'DRAFT');
  assert.equal(o.due_date, addDays(today(), 3));
});

test(`a product without a bill of materials is refused with 400 naming product_id (${mode})`, async () => {
  const lone = await product(`LONE-${++n}`);
  const r = await call('POST', '/api/v1/production-orders', {
    product_id: lone,
    store_id: 'PLANT',
    quantity: 5,
  });
  assert.equal(r.statusCode, 400, r.body);
  const body = r.json() as { code: string; errors: { field: string; message: string }[] };
  assert.equal(body.code, 'orders.invalid_order');
  assert.equal(body.errors[0]?.field, 'product_id');
  assert.match(body.errors[0]?.message ?? '', new RegExp(lone));
});

test(`shortages: required per component, free at the location, short (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 10);
  const o = await create(fin, 30);
  const r = await call('GET', `/api/v1/orders/${o.id}/shortages`);
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as {
    short: boolean;
    quantity_outstanding: string;
    components: { product_id: string; required: string; available: string; short: string }[];
  };
  assert.equal(body.short, true);
  assert.equal(body.quantity_outstanding, '30');
  const by = new Map(body.components.map((c) => [c.product_id, [c.required, c.available, c.short]]));
  assert.deepEqual(by.get(c1), ['60', '100', '0']);
  assert.deepEqual(by.get(c2), ['15', '10', '5']);
});

test(`start issues the components: ledger production_issue, on hand down (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 10);
  const o = await create(fin, 10);
  const r = await call('POST', `/api/v1/orders/${o.id}/start`, {});
  assert.equal(r.statusCode, 200, r.body);
  const started = r.json() as Order;
  assert.equal(started.status, 'IN_PROGRESS');
  assert.equal(started.components_issued, true);
  assert.deepEqual([await onHand(c1), await onHand(c2)], [80, 5]);
  const moved = await movements(o.id);
  assert.deepEqual(
    moved.sort((a, b) => a.quantity - b.quantity),
    [
      { product_id: c1, kind: 'production_issue', quantity: -20 },
      { product_id: c2, kind: 'production_issue', quantity: -5 },
    ],
  );
  const again = await call('POST', `/api/v1/orders/${o.id}/start`, {});
  assert.equal(again.statusCode, 409, 'an order in progress does not start twice');
  const cancel = await call('PUT', `/api/v1/orders/${o.id}/status`, { status: 'CANCELLED' });
  assert.equal(cancel.statusCode, 409, 'issued components are in the work: no cancelling');
  assert.deepEqual([await onHand(c1), await onHand(c2)], [80, 5]);
});

test(`start refused on shortage: 409 listing the short components, nothing moved (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 10);
  const o = await create(fin, 30);
  const r = await call('POST', `/api/v1/orders/${o.id}/start`, { issue_components: true });
  assert.equal(r.statusCode, 409, r.body);
  const body = r.json() as { code: string; shortages: { product_id: string; short: string }[] };
  assert.equal(body.code, 'orders.shortage');
  assert.deepEqual(
    body.shortages.map((s) => [s.product_id, s.short]),
    [[c2, '5']],
  );
  assert.deepEqual([await onHand(c1), await onHand(c2)], [100, 10]);
  assert.deepEqual(await movements(o.id), []);
  const now = (await call('GET', `/api/v1/orders/${o.id}`)).json() as Order;
  assert.equal(now.status, 'OPEN');
  const { rows } = await t.platform.database.db.execute<{ n: number }>(sql`
    select count(*)::int as n from outbox where type = 'orders.production.shortage' and aggregate_id = ${o.id}`);
  assert.ok((rows[0]?.n ?? 0) >= 2, 'the release and the refused start both raise the shortage alert');
});

test(`complete part then the rest: finished goods in, statuses follow (${mode})`, async () => {
  const { fin, c1 } = await item(100, 10);
  const o = await create(fin, 10);
  assert.equal((await call('POST', `/api/v1/orders/${o.id}/start`)).statusCode, 200);
  const part = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 4 });
  assert.equal(part.statusCode, 200, part.body);
  const p1 = part.json() as Order & { receipts: { quantity: string }[] };
  assert.equal(p1.status, 'PARTIALLY_RECEIVED');
  assert.equal(p1.lines[0]?.received_quantity, '4');
  assert.equal(p1.receipts.length, 1);
  assert.equal(await onHand(fin), 4);
  assert.equal(await onHand(c1), 80, 'issued at start: completion takes nothing more');
  const rest = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: '6' });
  assert.equal(rest.statusCode, 200, rest.body);
  assert.equal((rest.json() as Order).status, 'RECEIVED');
  assert.equal(await onHand(fin), 10);
  const closed = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 1 });
  assert.equal(closed.statusCode, 409, 'a received order takes no more completions');
});

test(`over the open quantity and its tolerance is refused with 422 (${mode})`, async () => {
  const { fin } = await item(100, 10);
  const o = await create(fin, 10);
  const r = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 12 });
  assert.equal(r.statusCode, 422, r.body);
  assert.equal((r.json() as { code: string }).code, 'orders.over_receipt');
});

test(`backflush: started without issuing, components leave with each completion (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 10);
  const o = await create(fin, 4);
  const r = await call('POST', `/api/v1/orders/${o.id}/start`, { issue_components: false });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((r.json() as Order).components_issued, false);
  assert.deepEqual(await movements(o.id), []);
  const c = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 2 });
  assert.equal(c.statusCode, 200, c.body);
  assert.equal((c.json() as Order).status, 'PARTIALLY_RECEIVED');
  assert.deepEqual([await onHand(fin), await onHand(c1), await onHand(c2)], [2, 96, 9]);
});

test(`complete straight from OPEN starts and completes in one, backflushing (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 10);
  const o = await create(fin, 2);
  const c = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 2 });
  assert.equal(c.statusCode, 200, c.body);
  assert.equal((c.json() as Order).status, 'RECEIVED');
  assert.deepEqual([await onHand(fin), await onHand(c1), await onHand(c2)], [2, 96, 9]);
});

test(`backflush short of components is refused with 409 and nothing moves (${mode})`, async () => {
  const { fin, c1, c2 } = await item(100, 1);
  const o = await create(fin, 4);
  const c = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 4 });
  assert.equal(c.statusCode, 409, c.body);
  assert.equal((c.json() as { code: string }).code, 'orders.shortage');
  assert.deepEqual([await onHand(fin), await onHand(c1), await onHand(c2)], [0, 100, 1]);
});

test(`a location that allows negative stock backflushes even when short (${mode})`, async () => {
  const { fin, c2 } = await item(100, 1, 'LOOSE');
  const o = await create(fin, 4, {}, 'LOOSE');
  const c = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 4 });
  assert.equal(c.statusCode, 200, c.body);
  assert.deepEqual([await onHand(fin, 'LOOSE'), await onHand(c2, 'LOOSE')], [4, -1]);
});

test(`complete with the same Idempotency-Key twice posts once and replays (${mode})`, async () => {
  const { fin } = await item(100, 10);
  const o = await create(fin, 5);
  const key = { 'idempotency-key': `complete-${o.id}` };
  const first = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 1 }, key);
  const second = await call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 1 }, key);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(second.statusCode, 200, second.body);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.deepEqual(second.json(), first.json());
  assert.equal(await onHand(fin), 1);
});

test(`create with the same Idempotency-Key twice makes one order (${mode})`, async () => {
  const { fin } = await item(0, 0);
  const key = { 'idempotency-key': `mo-${fin}` };
  const payload = { product_id: fin, store_id: 'PLANT', quantity: 3 };
  const a = await call('POST', '/api/v1/production-orders', payload, key);
  const b = await call('POST', '/api/v1/production-orders', payload, key);
  assert.equal(a.statusCode, 201, a.body);
  assert.equal(b.headers['idempotent-replayed'], 'true');
  assert.equal((a.json() as Order).id, (b.json() as Order).id);
});

test(`permissions and tenants: a reader cannot create, another tenant finds nothing (${mode})`, async () => {
  const { fin } = await item(0, 0);
  const reader = `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['order:read'] })}`;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/production-orders',
    headers: { authorization: reader },
    payload: { product_id: fin, store_id: 'PLANT', quantity: 1 },
  });
  assert.equal(r.statusCode, 403, r.body);
  const { rows } = await t.platform.database.db.execute<{ id: string }>(
    sql`select id from supply_orders where kind = 'production' limit 1`,
  );
  const id = rows[0]?.id ?? '';
  const other = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${id}/shortages`,
    headers: { authorization: `Bearer ${await t.tokenFor({ tenantId: crypto.randomUUID() })}` },
  });
  assert.equal(other.statusCode, 404, 'another tenant’s order is not found');
  const bad = await call('POST', `/api/v1/orders/${crypto.randomUUID()}/start`);
  assert.equal(bad.statusCode, 404);
});
