import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { addDays } from './domain/dates.ts';

let t: TestApp;
let h: { authorization: string };
let hB: { authorization: string };
const id = { P: '', Q: '', bufferP: '', bufferQ: '', bufferB: '', profileB: '', highVariability: '' };
const today = new Date().toISOString().slice(0, 10);
const ago = (n: number) => addDays(today, -n);
/** Units shipped n days ago for Q: a weekly pattern, every day of the last 90. */
const shippedQ = (n: number) => [4, 12, 6, 0, 15, 8, 2][n % 7] ?? 0;

const call = (method: 'GET' | 'POST', url: string, payload?: object, headers = h) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object, headers = h) => {
  const r = await call('POST', url, payload, headers);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const ship = (productId: string, quantity: number, reason: string) =>
  created('/api/v1/stock/movements', {
    kind: 'shipment',
    product_id: productId,
    store_id: 'MAD-001',
    quantity,
    reason,
  });
/** Shipments carry the days back they belong to in their reason; the owner connection moves them there. */
const backdate = (productId: string) =>
  t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - split_part(reason, ':', 2)::int * interval '1 day'
        where kind = 'shipment' and product_id = ${productId} and reason like 'ago:%'`,
  );

const receivedAgo = (productId: string, days: number) =>
  t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - ${days} * interval '1 day'
        where kind = 'receipt' and product_id = ${productId}`,
  );

type Summary = {
  days: number;
  average_on_hand: number;
  stockout_days: number;
  fill_rate: number | null;
  orders: number;
};
type Replay = {
  policy: { profile_id: string; variability_factor: number; dlt_days: number; order_cycle_days: number };
  summary: Summary;
  series: {
    date: string;
    demand: number;
    shipped: number;
    on_hand: number;
    top_of_red: number;
    top_of_green: number;
  }[];
};
type Simulation = { buffer_id: string; from: string; to: string; current: Replay; proposed: Replay | null };
const simulate = async (bufferId: string, body: object, headers = h) => {
  const r = await call('POST', `/api/v1/buffers/${bufferId}/simulate`, body, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Simulation;
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  const buffer = async (productId: string, extra: object = {}, headers = h) =>
    created(
      '/api/v1/buffers',
      {
        product_id: productId,
        store_id: 'MAD-001',
        adu_method: 'past',
        adu_horizon_days: 30,
        dlt_days: 2,
        ...extra,
      },
      headers,
    );
  for (const key of ['P', 'Q'] as const) {
    id[key] = await created('/api/v1/products', { sku: `SIM-${key}`, name: key });
    await created('/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: id[key],
      store_id: 'MAD-001',
      quantity: 5000,
      reason: 'stock',
    });
  }
  // P: 60 units on one day, 21 days ago (day 10 of a 30-day replay); its ledger starts 60 days
  // ago, so the ADU horizon is all history. A receipt is not usage.
  await ship(id.P, 60, 'ago:21');
  await backdate(id.P);
  await receivedAgo(id.P, 60);
  id.bufferP = await buffer(id.P, { min_batch: 1 });
  for (let n = 1; n <= 90; n++) if (shippedQ(n) > 0) await ship(id.Q, shippedQ(n), `ago:${n}`);
  await backdate(id.Q);
  id.bufferQ = await buffer(id.Q, { dlt_days: 5 });
  const profiles = (await call('GET', '/api/v1/buffer-profiles')).json() as {
    data: { id: string; name: string }[];
  };
  id.highVariability =
    profiles.data.find((p) => p.name === 'purchased · medium lead time · high variability')?.id ?? '';
  assert.ok(id.highVariability);

  const b = await ensureTenant(t.platform, {
    slug: 'tenant-b',
    name: 'Tenant B',
    admin: { email: 'admin@tenant-b.example', name: 'B', password: 'tenant-b-password' },
  });
  hB = { authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}` };
  await created('/api/v1/locations', { code: 'MAD-001', name: 'B', type: 'store' }, hB);
  id.bufferB = await buffer(await created('/api/v1/products', { sku: 'B-1', name: 'B' }, hB), {}, hB);
  id.profileB =
    ((await call('GET', '/api/v1/buffer-profiles', undefined, hB)).json() as { data: { id: string }[] })
      .data[0]?.id ?? '';
});
after(async () => {
  await t?.close();
});

test(`a small replay matches the summary worked out by hand (${mode})`, async () => {
  // Days 1–9: nothing used, zones 0, 10 on hand. Day 10: 10 of 60 ship, 50 are lost; ADU 60/30 = 2
  // with DLT 2 and the medium profile (0.5, 0.5) sizes TOR 3, TOY 7, TOG 9: net flow 0 orders 9,
  // received on day 12. Then 9 on hand to the end: (9 × 10 + 0 + 0 + 19 × 9) / 30 = 8.7.
  const r = await simulate(id.bufferP, { days: 30, initial_on_hand: 10 });
  assert.deepEqual([r.buffer_id, r.from, r.to, r.proposed], [id.bufferP, ago(30), ago(1), null]);
  assert.deepEqual(r.current.summary, {
    days: 30,
    average_on_hand: 8.7,
    min_on_hand: 0,
    stockout_days: 1,
    lost_units: 50,
    fill_rate: 16.67,
    orders: 1,
    average_order_qty: 9,
    days_in_red: 1,
    days_in_yellow: 0,
    days_in_green: 29,
    average_net_flow_percent: 95.24,
  });
  assert.deepEqual(r.current.series[9], {
    date: ago(21),
    demand: 60,
    shipped: 10,
    on_hand: 0,
    on_order: 0,
    net_flow: 0,
    top_of_red: 3,
    top_of_yellow: 7,
    top_of_green: 9,
    order_qty: 9,
  });
  assert.deepEqual(r.current.policy, {
    profile_id: r.current.policy.profile_id,
    profile_name: 'purchased · medium lead time · medium variability',
    lead_time_factor: 0.5,
    variability_factor: 0.5,
    adu_horizon_days: 30,
    dlt_days: 2,
    order_cycle_days: 0,
    minimum_order_qty: 0,
    qty_multiple: 1,
    min_batch: 1,
    max_batch: null,
  });
});

test(`proposed settings replay beside the current ones; nothing is saved (${mode})`, async () => {
  const before = (await call('GET', `/api/v1/buffers/${id.bufferP}`)).body;
  const r = await simulate(id.bufferP, {
    days: 30,
    initial_on_hand: 10,
    settings: { dlt_days: 4, order_cycle_days: 3 },
  });
  assert.ok(r.proposed);
  assert.deepEqual(
    [r.proposed.policy.dlt_days, r.proposed.policy.order_cycle_days, r.proposed.policy.profile_id],
    [4, 3, r.current.policy.profile_id],
  );
  // ADU 2 over DLT 4: red 4 + 2, yellow 8, green max(3 × 2, 4) = 6 → TOG 20.
  assert.equal(r.proposed.series[9]?.top_of_green, 20);
  assert.deepEqual(
    r.proposed.series.map((d) => d.demand),
    r.current.series.map((d) => d.demand),
    'the same history',
  );
  assert.equal((await call('GET', `/api/v1/buffers/${id.bufferP}`)).body, before);
});

test(`ADU averages only the days since the product's ledger began (${mode})`, async () => {
  // The first movement 35 days ago: on day 10 (21 days ago) 15 days exist, so ADU is 60/15 = 4:
  // red 2 × 4 × 0.5 × 1.5 = 6, yellow 8, green 4 → TOG 18 (with 30 days of zeros it was 9).
  await receivedAgo(id.P, 35);
  try {
    const r = await simulate(id.bufferP, { days: 30, initial_on_hand: 10 });
    assert.deepEqual([r.current.series[9]?.top_of_red, r.current.series[9]?.top_of_green], [6, 18]);
  } finally {
    await receivedAgo(id.P, 60);
  }
});

test(`a profile with a higher variability factor holds more stock on average (${mode})`, async () => {
  const r = await simulate(id.bufferQ, { days: 60, profile_id: id.highVariability });
  assert.ok(r.proposed);
  assert.deepEqual([r.current.policy.variability_factor, r.proposed.policy.variability_factor], [0.5, 0.75]);
  assert.equal(
    r.current.series.reduce((s, d) => s + d.demand, 0),
    Array.from({ length: 60 }, (_, i) => shippedQ(i + 1)).reduce((s, q) => s + q, 0),
    "the last 60 days' shipments",
  );
  assert.ok(
    r.proposed.summary.average_on_hand > r.current.summary.average_on_hand,
    `${r.proposed.summary.average_on_hand} > ${r.current.summary.average_on_hand}`,
  );
  assert.ok(r.proposed.summary.stockout_days <= r.current.summary.stockout_days);
  // By default each starts full, at its own top of green.
  const first = (x: Replay) => (x.series[0]?.on_hand ?? 0) + (x.series[0]?.shipped ?? 0);
  assert.equal(first(r.current), r.current.series[0]?.top_of_green);
  assert.ok(first(r.proposed) > first(r.current));
});

test(`bad input is refused naming the field (${mode})`, async () => {
  const cases: [object, string][] = [
    [{ days: 29 }, 'days'],
    [{ days: 731 }, 'days'],
    [{ days: 90.5 }, 'days'],
    [{ profile_id: 'medium' }, 'profile_id'],
    [{ settings: { dlt_days: -1 } }, 'settings.dlt_days'],
    [{ settings: { qty_multiple: 0 } }, 'settings.qty_multiple'],
    [{ settings: { adu_horizon_days: 0 } }, 'settings.adu_horizon_days'],
    [{ settings: { min_batch: 10, max_batch: 5 } }, 'settings.max_batch'],
    // The buffer's own minimum batch is 1.
    [{ settings: { max_batch: 0.5 } }, 'settings.max_batch'],
    [{ initial_on_hand: -1 }, 'initial_on_hand'],
  ];
  for (const [body, field] of cases) {
    const r = await call('POST', `/api/v1/buffers/${id.bufferP}/simulate`, body);
    assert.equal(r.statusCode, 400, `${JSON.stringify(body)}: ${r.body}`);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
    const fields = (r.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.ok(fields.includes(field), `${JSON.stringify(body)} names ${field}: ${fields.join(', ')}`);
  }
});

test(`an unknown buffer or profile, or another tenant's, is 404 (${mode})`, async () => {
  const cases: [string, object, typeof h, string][] = [
    [crypto.randomUUID(), {}, h, 'planning.buffer_not_found'],
    [id.bufferB, {}, h, 'planning.buffer_not_found'],
    [id.bufferP, {}, hB, 'planning.buffer_not_found'],
    [id.bufferP, { profile_id: crypto.randomUUID() }, h, 'planning.profile_not_found'],
    [id.bufferP, { profile_id: id.profileB }, h, 'planning.profile_not_found'],
  ];
  for (const [bufferId, body, headers, code] of cases) {
    const r = await call('POST', `/api/v1/buffers/${bufferId}/simulate`, body, headers);
    assert.equal(r.statusCode, 404, r.body);
    assert.equal((r.json() as { code: string }).code, code);
  }
  const own = await simulate(id.bufferB, { profile_id: id.profileB }, hB);
  assert.equal(own.current.summary.fill_rate, null, "B's buffer has no demand, and A's is not mixed in");
});

test(`reading buffers is enough to simulate; without it, 403 (${mode})`, async () => {
  const as = async (permissions: string[]) => ({
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId, permissions })}`,
  });
  await simulate(id.bufferP, { days: 30 }, await as(['buffer:read']));
  const r = await call(
    'POST',
    `/api/v1/buffers/${id.bufferP}/simulate`,
    { days: 30 },
    await as(['product:read']),
  );
  assert.equal(r.statusCode, 403, r.body);
});
