import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';

let t: TestApp;
let h: Record<string, string>;
const today = new Date().toISOString().slice(0, 10);
/** The window: five days, well before today, so today's own movements stay outside it. */
const from = addDays(today, -10);
const to = addDays(from, 4);
const day = (n: number) => addDays(from, n);
const id = { A: '', B: '', MAD: '', BCN: '', bufferA: '' };

const call = async (method: 'GET' | 'POST', url: string, payload?: object, headers = h) => {
  const r = await t.app.inject({
    method,
    url,
    headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
    ...(payload ? { payload } : {}),
  });
  return r;
};
const ok = async (method: 'GET' | 'POST', url: string, payload?: object, headers = h) => {
  const r = await call(method, url, payload, headers);
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json() as Record<string, unknown> & { id: string };
};

/** Books a movement, then moves it to noon of day `n` of the window (negative: before it). */
const move = async (kind: string, product: string, store: string, quantity: number, n: number) => {
  const reason = `fixture:${crypto.randomUUID()}`;
  await ok('POST', '/api/v1/stock/movements', {
    kind,
    product_id: product,
    store_id: store,
    quantity,
    reason,
  });
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = ${day(n)}::date + interval '12 hours' where reason = ${reason}`,
  );
};

const kpis = async (query = '', headers = h) => {
  const r = await call('GET', `/api/v1/analytics/kpis?from=${from}&to=${to}${query}`, undefined, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  id.MAD = (await ok('POST', '/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  id.BCN = (await ok('POST', '/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' })).id;
  id.A = (
    await ok('POST', '/api/v1/products', { sku: 'A', name: 'A', cost: '10', price: '25', category: 'tools' })
  ).id;
  id.B = (
    await ok('POST', '/api/v1/products', { sku: 'B', name: 'B', cost: '4', price: '9', category: 'paint' })
  ).id;
  // A at MAD: 10 before the window; closes the days at 6, 0, 0, 10 (8 in, 2 back), 7.
  await move('receipt', id.A, 'MAD-001', 10, -1);
  await move('shipment', id.A, 'MAD-001', 4, 0);
  await move('shipment', id.A, 'MAD-001', 6, 1);
  await move('receipt', id.A, 'MAD-001', 8, 3);
  await move('return', id.A, 'MAD-001', 2, 3);
  await move('shipment', id.A, 'MAD-001', 3, 4);
  // B at MAD: 20, then 15 from day 2 on.
  await move('receipt', id.B, 'MAD-001', 20, -1);
  await move('shipment', id.B, 'MAD-001', 5, 2);
  // B at BCN: 5, sold out on day 1.
  await move('receipt', id.B, 'BCN-001', 5, -1);
  await move('shipment', id.B, 'BCN-001', 5, 1);

  // Three customer orders of B at MAD, due two days after they are placed.
  const order = async (quantity: number) =>
    (
      await ok('POST', '/api/v1/customer-orders', {
        lines: [{ product_id: id.B, quantity }],
        store_id: 'MAD-001',
        customer: { name: 'Ana', email: 'ana@example.com' },
        payment: { method: 'card', card_number: '4242424242424242' },
      })
    ).id;
  const ship = async (o: string) => {
    for (const step of ['pick', 'pack', 'ship']) await ok('POST', `/api/v1/customer-orders/${o}/${step}`);
  };
  const placedShipped = async (o: string, placed: number, shipped: number | null) => {
    await t.platform.database.db.execute(
      sql`update customer_orders set created_at = ${day(placed)}::date + interval '9 hours' where id = ${o}`,
    );
    if (shipped !== null)
      await t.platform.database.db.execute(
        sql`update order_saga_log set at = ${day(shipped)}::date + interval '15 hours' where order_id = ${o} and step = 'ship'`,
      );
  };
  const onTime = await order(4);
  const late = await order(3);
  const never = await order(1);
  await ship(onTime);
  await ship(late);
  await placedShipped(onTime, 0, 1); // due day 2, shipped day 1
  await placedShipped(late, 1, 4); // due day 3, shipped day 4
  await placedShipped(never, 2, null); // due day 4, not shipped, and day 4 has passed

  // A buffer for A at MAD and two days of its history (tops 30 / 70 / 90, red 30, green 20).
  id.bufferA = (
    await ok('POST', '/api/v1/buffers', {
      product_id: id.A,
      store_id: 'MAD-001',
      adu_method: 'fixed',
      adu_fixed: 2,
      dlt_days: 10,
    })
  ).id;
  const snapshot = (n: number, onHand: number, netFlow: number) =>
    t.platform.database.db.execute(sql`
      insert into buffer_history (tenant_id, buffer_id, date, red, yellow, green, top_of_red, top_of_yellow,
        top_of_green, on_hand, net_flow)
      values (${t.demo.tenantId}, ${id.bufferA}, ${day(n)}::date, 30, 40, 20, 30, 70, 90, ${onHand}, ${netFlow})`);
  await snapshot(3, 10, 50);
  await snapshot(4, 95, 95);
});

after(() => t.close());

test(`turns, days of supply and inventory value are the ledger's, recomputed by hand (${mode})`, async () => {
  const k = await kpis();
  // Daily closing value at cost (A 10, B 4):
  //   day   A@MAD       B@MAD      B@BCN     total
  //   0     6×10=60     20×4=80    5×4=20    160
  //   1     0           80         0          80
  //   2     0           15×4=60    0          60
  //   3     10×10=100   60         0         160
  //   4     7×10=70     60         0         130
  // average = 590 / 5 = 118
  // cogs = A (4 + 6 + 3 − 2) × 10 = 110, B@MAD 5 × 4 = 20, B@BCN 5 × 4 = 20 → 150
  // turns = 150 / 118 × 365 / 5 = 92.7966; days of supply = 130 / (150 / 5) = 4.3333
  assert.deepEqual(k.turns, { value: 92.7966, cogs: 150, average_inventory_value: 118, days: 5 });
  assert.deepEqual(k.days_of_supply, { value: 4.3333, ending_inventory_value: 130, average_daily_cogs: 30 });
  assert.equal(k.inventory_value.value, 130);
  assert.equal(k.inventory_value.start_value, 160);
  assert.equal(k.inventory_value.change, -30);
  assert.deepEqual(
    k.inventory_value.series.map((s: { value: number }) => s.value),
    [160, 80, 60, 160, 130],
  );
  assert.equal(k.forecast_accuracy.value, null, 'no month forecasts were stored');
  assert.equal(k.forecast_accuracy.item_months, 0);
});

test(`stockout days count item-days closed at zero, lost sales at the ADU (${mode})`, async () => {
  const k = await kpis();
  // A@MAD closed at 0 on days 1 and 2; B@BCN on days 1–4; B@MAD never → 2 + 4 = 6 item-days.
  // Lost sales: A has a buffer, ADU 2 → 2 × 2 = 4 units × 10 = 40;
  //   B@BCN has none: 5 consumed / 5 days = 1 a day → 4 × 1 = 4 units × 4 = 16 → 8 units, 56.
  assert.equal(k.stockouts.item_days, 6);
  assert.equal(k.stockouts.items_stocked_out, 2);
  assert.equal(k.stockouts.items_counted, 3);
  assert.equal(k.stockouts.lost_sales_quantity, 8);
  assert.equal(k.stockouts.lost_sales_value, 56);
  assert.deepEqual(
    k.stockouts.series.map((s: { value: number }) => s.value),
    [0, 2, 2, 1, 1],
  );
});

test(`fill rate and service level count what shipped by its due day (${mode})`, async () => {
  const k = await kpis();
  // Orders of 4 (on time), 3 (a day late) and 1 (never shipped, due day 4, passed):
  // fill rate = 4 / (4 + 3 + 1) = 0.5; service level = 1 of 3 lines = 0.3333.
  assert.deepEqual(k.fill_rate, {
    value: 0.5,
    on_time_quantity: 4,
    demanded_quantity: 8,
    ship_within_days: 2,
  });
  assert.deepEqual(k.service_level, { value: 0.3333, on_time_lines: 1, lines: 3 });
  // Within 3 days the late one is on time, and the unshipped one falls due on day 5, after
  // the window: 7 / 7.
  const three = await kpis('&ship_within_days=3');
  assert.equal(three.fill_rate.value, 1);
  assert.equal(three.fill_rate.demanded_quantity, 7);
});

test(`buffer health reads planning's history; average on hand against its target (${mode})`, async () => {
  const k = await kpis();
  // Day 3: net flow 50 is yellow, on hand 10 below TOR 30; day 4: 95 above TOG 90 on both.
  assert.deepEqual(k.buffer_health.series, [
    {
      date: day(3),
      buffers: 1,
      zones: { red: 0, yellow: 1, green: 0, over: 0 },
      on_hand: { too_little: 1, right: 0, too_much: 0 },
    },
    {
      date: day(4),
      buffers: 1,
      zones: { red: 0, yellow: 0, green: 0, over: 1 },
      on_hand: { too_little: 0, right: 0, too_much: 1 },
    },
  ]);
  assert.deepEqual(k.buffer_health.latest, k.buffer_health.series[1]);
  // A's average on hand (6 + 0 + 0 + 10 + 7) / 5 = 4.6 × 10 = 46; target 30 + 20 / 2 = 40 × 10 = 400.
  assert.deepEqual(k.average_on_hand, { value: 46, target_value: 400, ratio: 0.115 });
});

test(`a location or a category narrows every figure (${mode})`, async () => {
  const bcn = await kpis('&location=BCN-001');
  // B@BCN alone: values 20, 0, 0, 0, 0 → average 4; cogs 20; turns 20 / 4 × 73 = 365.
  assert.deepEqual(bcn.turns, { value: 365, cogs: 20, average_inventory_value: 4, days: 5 });
  assert.equal(bcn.stockouts.item_days, 4);
  assert.equal(bcn.fill_rate.demanded_quantity, 0, 'the orders were placed at MAD');
  const byId = await kpis(`&location=${id.BCN}`);
  assert.deepEqual(byId.turns, bcn.turns, 'a location by id reads the same');
  const paint = await kpis('&category=paint');
  // B everywhere: 100, 80, 60, 60, 60 → 72; cogs 40.
  assert.equal(paint.turns.average_inventory_value, 72);
  assert.equal(paint.turns.cogs, 40);
});

test(`a store-scoped user sees only their stores (${mode})`, async () => {
  const seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['analytics:read'],
      storeIds: [id.MAD],
    })}`,
  };
  const k = await kpis('', seller);
  // MAD only: 140, 80, 60, 160, 130 → 114; cogs 110 + 20 = 130; stockouts: A's 2 days.
  assert.equal(k.turns.average_inventory_value, 114);
  assert.equal(k.turns.cogs, 130);
  assert.equal(k.stockouts.item_days, 2);
  const other = await call('GET', '/api/v1/analytics/kpis?location=BCN-001', undefined, seller);
  assert.equal(other.statusCode, 403, other.body);
  const mine = await call('GET', '/api/v1/analytics/kpis?location=MAD-001', undefined, seller);
  assert.equal(mine.statusCode, 200, mine.body);
});

test(`bad input is a 400 naming the field; no permission is a 403 (${mode})`, async () => {
  const cases = [
    { q: 'from=2025-13-01', field: 'from' },
    { q: 'to=yesterday', field: 'to' },
    { q: `from=${to}&to=${from}`, field: 'query.from' },
    { q: 'from=2020-01-01&to=2024-01-01', field: 'query.from' },
    { q: 'ship_within_days=-1', field: 'ship_within_days' },
  ];
  for (const c of cases) {
    const r = await call('GET', `/api/v1/analytics/kpis?${c.q}`);
    assert.equal(r.statusCode, 400, `${c.q}: ${r.body}`);
    assert.match(JSON.stringify(r.json().errors), new RegExp(c.field), c.q);
  }
  const unknown = await call('GET', '/api/v1/analytics/kpis?location=NOPE-1');
  assert.equal(unknown.statusCode, 404, unknown.body);
  const user = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['inventory:read'] })}`,
  };
  for (const url of [
    '/api/v1/analytics/kpis',
    '/api/v1/analytics/projections/stockouts',
    `/api/v1/analytics/suppliers/${crypto.randomUUID()}/performance`,
  ]) {
    const r = await call('GET', url, undefined, user);
    assert.equal(r.statusCode, 403, url);
  }
});
