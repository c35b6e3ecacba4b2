import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';

let t: TestApp;
let h: Record<string, string>;
const today = new Date().toISOString().slice(0, 10);
const id = { P: '', Q: '', R: '', S: '', MAD: '', supplier: '' };

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const ok = async (url: string, payload: object) => {
  const r = await t.app.inject({
    method: 'POST',
    url,
    headers: { ...h, 'idempotency-key': crypto.randomUUID() },
    payload,
  });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string; lines?: { id: string }[] };
};
/** Books a movement `daysAgo` days back (0: now). */
const move = async (kind: string, product: string, store: string, quantity: number, daysAgo = 0) => {
  const reason = `fixture:${crypto.randomUUID()}`;
  await ok('/api/v1/stock/movements', { kind, product_id: product, store_id: store, quantity, reason });
  if (daysAgo)
    await t.platform.database.db.execute(
      sql`update stock_movements set created_at = now() - ${daysAgo} * interval '1 day' where reason = ${reason}`,
    );
};
const product = (sku: string, category = 'tools') =>
  ok('/api/v1/products', { sku, name: sku, cost: '1', category }).then((r) => r.id);
const buffer = (productId: string, store: string, adu: number) =>
  ok('/api/v1/buffers', {
    product_id: productId,
    store_id: store,
    adu_method: 'fixed',
    adu_fixed: adu,
    dlt_days: 10,
  });

type Row = {
  sku: string;
  location_code: string;
  on_hand: number;
  open_supply: number;
  daily_demand: number;
  demand_sd: number;
  demand_source: string;
  stockout_date: string | null;
  earliest_date: string | null;
  latest_date: string | null;
  days_to_stockout: number | null;
};
const list = async (query = '', headers = h) => {
  const r = await call(`/api/v1/analytics/projections/stockouts${query}`, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { data: Row[]; pagination: { total: number }; as_of: string };
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  id.MAD = (await ok('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  await ok('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' });
  id.supplier = (await ok('/api/v1/suppliers', { name: 'Acme', default_lead_time_days: 6 })).id;
  // P: buffered, ADU 2; 14 in, 4 sold yesterday → 10 free.
  id.P = await product('P');
  await move('receipt', id.P, 'MAD-001', 14, 5);
  await move('shipment', id.P, 'MAD-001', 4, 1);
  await buffer(id.P, 'MAD-001', 2);
  // Q: not buffered; 100 in, 9 sold three days ago → 91 free, 9 / 90 = 0.1 a day.
  id.Q = await product('Q');
  await move('receipt', id.Q, 'MAD-001', 100, 10);
  await move('shipment', id.Q, 'MAD-001', 9, 3);
  // R: buffered, ADU 1; 3 on hand and 5 due in two days.
  id.R = await product('R');
  await move('receipt', id.R, 'MAD-001', 3);
  await buffer(id.R, 'MAD-001', 1);
  await ok('/api/v1/orders', {
    supplier_id: id.supplier,
    store_id: 'MAD-001',
    lines: [{ product_id: id.R, quantity: 5 }],
    due_date: addDays(today, 2),
    submit: true,
  });
  // S: buffered at BCN with nothing on hand.
  id.S = await product('S', 'paint');
  await buffer(id.S, 'BCN-001', 3);
  // Two receipts of Q from Acme: ordered 10 days ago, promised in 5, came in 7 (late);
  // ordered 8 days ago, promised in 4, came in 4 (on time).
  for (const [ordered, promised, received] of [
    [10, 5, 3],
    [8, 4, 4],
  ] as const) {
    const po = await ok('/api/v1/orders', {
      supplier_id: id.supplier,
      store_id: 'MAD-001',
      lines: [{ product_id: id.Q, quantity: 10 }],
      order_date: addDays(today, -ordered),
      due_date: addDays(today, -promised),
      submit: true,
    });
    await ok(`/api/v1/orders/${po.id}/receipts`, {
      lines: [{ line_id: po.lines?.[0]?.id, quantity: 10 }],
      received_at: addDays(today, -received),
    });
  }
});

after(() => t.close());

test(`each item's stockout date, band and inputs, soonest first (${mode})`, async () => {
  const r = await list();
  assert.equal(r.as_of, today);
  assert.deepEqual(
    r.data.map((d) => [d.sku, d.location_code, d.stockout_date]),
    [
      ['S', 'BCN-001', today], // 0 − 3 today
      ['P', 'MAD-001', addDays(today, 5)], // 10 − 2 × 6 < 0 on the sixth day
      ['R', 'MAD-001', addDays(today, 8)], // 3 + 5 = 8 − 1 × 9 < 0 on the ninth day
      ['Q', 'MAD-001', null], // 111 at 0.1 a day lasts beyond 90 days
    ],
  );
  const p = r.data[1];
  // σ of P's 90 days (one 4, 89 zeros) = √((16 − 90 × (4/90)²) / 89) = 0.4216;
  // high demand 2t + 1.645 × 0.4216 × √t passes 10 at t = 5 (day 4), low 2t − 0.6936√t at t = 6 (day 5).
  assert.deepEqual(
    { ...p, earliest_date: p?.earliest_date, latest_date: p?.latest_date },
    {
      ...p,
      on_hand: 10,
      open_supply: 0,
      daily_demand: 2,
      demand_sd: 0.4216,
      demand_source: 'buffer_adu',
      earliest_date: addDays(today, 4),
      latest_date: addDays(today, 5),
      days_to_stockout: 5,
    },
  );
  const rr = r.data[2];
  assert.equal(rr?.open_supply, 5);
  assert.equal(rr?.earliest_date, addDays(today, 8), 'no consumption history: no band');
  const q = r.data[3];
  assert.equal(q?.demand_source, 'consumption');
  assert.equal(q?.daily_demand, 0.1);
  assert.equal(q?.on_hand, 111);
});

test(`pages, filters and the horizon (${mode})`, async () => {
  const second = await list('?limit=1&page=2');
  assert.deepEqual(
    second.data.map((d) => d.sku),
    ['P'],
  );
  assert.equal(second.pagination.total, 4);
  assert.deepEqual(
    (await list('?category=paint')).data.map((d) => d.sku),
    ['S'],
  );
  assert.deepEqual(
    (await list('?location=MAD-001&horizon_days=5')).data.map((d) => [d.sku, d.stockout_date]),
    [
      ['P', null],
      ['Q', null],
      ['R', null],
    ],
  );
  for (const q of ['horizon_days=0', 'horizon_days=181', 'limit=101', 'page=0']) {
    const r = await call(`/api/v1/analytics/projections/stockouts?${q}`);
    assert.equal(r.statusCode, 400, q);
  }
});

test(`a store-scoped user projects only their stores (${mode})`, async () => {
  const seller = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['analytics:read'], storeIds: [id.MAD] })}`,
  };
  assert.deepEqual(
    (await list('', seller)).data.map((d) => d.sku),
    ['P', 'R', 'Q'],
  );
  assert.equal(
    (await call('/api/v1/analytics/projections/stockouts?location=BCN-001', seller)).statusCode,
    403,
  );
});

test(`supplier performance: on time, fill rate and lead-time spread (${mode})`, async () => {
  const r = await call(`/api/v1/analytics/suppliers/${id.supplier}/performance`);
  assert.equal(r.statusCode, 200, r.body);
  const s = r.json();
  assert.deepEqual(s.on_time, { value: 0.5, on_time_receipts: 1, receipts: 2 });
  assert.equal(s.fill_rate, 1);
  // Lead times 7 and 4: mean 5.5, variance ((1.5)² + (1.5)²) / 1 = 4.5, sd 2.1213; promised 5 and 4.
  assert.deepEqual(s.lead_time, {
    stated_days: 6,
    mean_days: 5.5,
    sd_days: 2.1213,
    variance_days: 4.5,
    promised_mean_days: 4.5,
    samples: 2,
  });
  const missing = await call(`/api/v1/analytics/suppliers/${crypto.randomUUID()}/performance`);
  assert.equal(missing.statusCode, 404);
  const bad = await call(`/api/v1/analytics/suppliers/${id.supplier}/performance?from=2026-02-30`);
  assert.equal(bad.statusCode, 400);
});
