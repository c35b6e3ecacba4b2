import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays, todayUtc as today } from '../../platform/dates.ts';
import { ordersFacade } from './facade.ts';

let t: TestApp;
let h: { authorization: string };
const ids: Record<string, string> = {};

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const [code, type, lead] of [
    ['SRC', 'warehouse', 2],
    ['DST', 'store', null],
  ] as const) {
    const r = await call('POST', '/api/v1/locations', { code, name: code, type, lead_time_days: lead });
    assert.equal(r.statusCode, 201, r.body);
  }
  for (const sku of ['A', 'B']) {
    const r = await call('POST', '/api/v1/products', { sku, name: sku });
    ids[sku] = (r.json() as { id: string }).id;
  }
  for (const [sku, qty] of [
    ['A', 50],
    ['B', 20],
  ] as const) {
    const r = await call('POST', '/api/v1/stock', {
      product_id: ids[sku],
      store_id: 'SRC',
      quantity_change: qty,
      reason: 'setup',
    });
    assert.equal(r.statusCode, 200, r.body);
  }
});
after(async () => {
  await t?.close();
});

type Order = {
  id: string;
  number: string;
  kind: string;
  status: string;
  store_id: string;
  source_store_id: string | null;
  due_date: string;
  shipped_at: string | null;
  lines: { quantity: string; received_quantity: string }[];
};

const create = async (lines: [string, number][], submit = true) => {
  const r = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'SRC',
    to_store_id: 'DST',
    lines: lines.map(([sku, quantity]) => ({ product_id: ids[sku], quantity })),
    submit,
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Order;
};

const onHand = async (sku: string, code: string) => {
  const { rows } = await t.platform.database.db.execute<{ on_hand: string }>(sql`
    select b.on_hand::text as on_hand from stock_balances b join locations l on l.id = b.location_id
    where b.product_id = ${ids[sku] ?? ''} and l.code = ${code}`);
  return Number(rows[0]?.on_hand ?? 0);
};

const transfersOf = async (number: string) => {
  const { rows } = await t.platform.database.db.execute<{ status: string; quantity: string }>(sql`
    select status, quantity::text as quantity from stock_transfers where reason like ${`${number} %`}
    order by stock_transfers.quantity`);
  return rows.map((r) => [r.status, Number(r.quantity)]);
};

test(`shipping without an in-transit location is a clear 409 and moves nothing (${mode})`, async () => {
  const o = await create([['A', 1]]);
  const r = await call('POST', `/api/v1/orders/${o.id}/ship`);
  assert.equal(r.statusCode, 409, r.body);
  const body = r.json() as { code: string; detail: string };
  assert.equal(body.code, 'orders.no_in_transit_location');
  assert.match(body.detail, /in_transit/);
  assert.equal(await onHand('A', 'SRC'), 50);
  const created = await call('POST', '/api/v1/locations', {
    code: 'TRANSIT',
    name: 'On the road',
    type: 'in_transit',
  });
  assert.equal(created.statusCode, 201, created.body);
});

test(`create → ship → receive moves the stock through transit (${mode})`, async () => {
  const o = await create([
    ['A', 10],
    ['B', 5],
  ]);
  assert.equal(o.kind, 'transfer');
  assert.equal(o.status, 'OPEN');
  assert.match(o.number, /^TO-\d{6}$/);
  assert.deepEqual([o.source_store_id, o.store_id], ['SRC', 'DST']);
  assert.equal(o.due_date, addDays(today(), 2), "today + the source's lead time");
  assert.equal(
    (await ordersFacade.openSupply(t.platform.database.db, t.demo.tenantId, { orderIds: [o.id] })).length,
    2,
  );

  const shipped = await call('POST', `/api/v1/orders/${o.id}/ship`);
  assert.equal(shipped.statusCode, 200, shipped.body);
  const s = shipped.json() as Order;
  assert.equal(s.status, 'IN_TRANSIT');
  assert.ok(s.shipped_at);
  assert.deepEqual(
    [
      await onHand('A', 'SRC'),
      await onHand('B', 'SRC'),
      await onHand('A', 'TRANSIT'),
      await onHand('B', 'TRANSIT'),
    ],
    [40, 15, 10, 5],
  );
  assert.deepEqual(await transfersOf(o.number), [
    ['IN_TRANSIT', 5],
    ['IN_TRANSIT', 10],
  ]);
  // From now on the stock is inventory's in-transit supply, not the order's.
  assert.deepEqual(
    await ordersFacade.openSupply(t.platform.database.db, t.demo.tenantId, { orderIds: [o.id] }),
    [],
  );
  assert.equal((await call('POST', `/api/v1/orders/${o.id}/ship`)).statusCode, 409, 'ships once');

  const received = await call('POST', `/api/v1/orders/${o.id}/receive`);
  assert.equal(received.statusCode, 200, received.body);
  const r = received.json() as Order;
  assert.equal(r.status, 'RECEIVED');
  assert.deepEqual(
    r.lines.map((l) => [l.quantity, l.received_quantity]),
    [
      ['10', '10'],
      ['5', '5'],
    ],
  );
  assert.deepEqual(
    [
      await onHand('A', 'DST'),
      await onHand('B', 'DST'),
      await onHand('A', 'TRANSIT'),
      await onHand('B', 'TRANSIT'),
    ],
    [10, 5, 0, 0],
  );
  assert.deepEqual(await transfersOf(o.number), [
    ['RECEIVED', 5],
    ['RECEIVED', 10],
  ]);
  assert.equal((await call('POST', `/api/v1/orders/${o.id}/receive`)).statusCode, 409, 'received once');
});

test(`shipping with a short line is a 409 and nothing moves (${mode})`, async () => {
  const before = [await onHand('A', 'SRC'), await onHand('B', 'SRC')];
  const o = await create([
    ['A', 5],
    ['B', 999],
  ]);
  const r = await call('POST', `/api/v1/orders/${o.id}/ship`);
  assert.equal(r.statusCode, 409, r.body);
  const body = r.json() as { code: string; shortages: { product_id: string }[] };
  assert.equal(body.code, 'orders.insufficient_stock');
  assert.deepEqual(
    body.shortages.map((s) => s.product_id),
    [ids.B],
  );
  assert.deepEqual([await onHand('A', 'SRC'), await onHand('B', 'SRC')], before);
  assert.deepEqual(await transfersOf(o.number), []);
  assert.equal(((await call('GET', `/api/v1/orders/${o.id}`)).json() as Order).status, 'OPEN');
});

test(`drafts do not ship, unshipped orders are not received, kinds keep their endpoints (${mode})`, async () => {
  const draft = await create([['A', 1]], false);
  assert.equal(draft.status, 'DRAFT');
  const ship = await call('POST', `/api/v1/orders/${draft.id}/ship`);
  assert.equal(ship.statusCode, 409, ship.body);
  assert.equal((ship.json() as { code: string }).code, 'orders.invalid_transition');
  const receive = await call('POST', `/api/v1/orders/${draft.id}/receive`);
  assert.equal(receive.statusCode, 409, receive.body);
  const start = await call('POST', `/api/v1/orders/${draft.id}/start`);
  assert.equal((start.json() as { code: string }).code, 'orders.wrong_kind');
});

test(`invalid transfer orders are refused with 400 naming the field (${mode})`, async () => {
  const same = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'SRC',
    to_store_id: 'SRC',
    lines: [{ product_id: ids.A, quantity: 1 }],
  });
  assert.equal(same.statusCode, 400, same.body);
  assert.equal((same.json() as { errors: { field: string }[] }).errors[0]?.field, 'to_store_id');
  const unknown = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'SRC',
    to_store_id: 'DST',
    lines: [{ product_id: crypto.randomUUID(), quantity: 1 }],
  });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.equal((unknown.json() as { errors: { field: string }[] }).errors[0]?.field, 'lines[0].product_id');
  const empty = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'SRC',
    to_store_id: 'DST',
    lines: [],
  });
  assert.equal(empty.statusCode, 400, empty.body);
  const transit = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'SRC',
    to_store_id: 'TRANSIT',
    lines: [{ product_id: ids.A, quantity: 1 }],
  });
  assert.equal(transit.statusCode, 400, transit.body);
});
