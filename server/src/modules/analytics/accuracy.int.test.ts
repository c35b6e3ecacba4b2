import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';
import { addMonths } from './domain/accuracy.ts';

let t: TestApp;
let h: Record<string, string>;
const today = new Date().toISOString().slice(0, 10);
const current = `${today.slice(0, 7)}-01`;
/** The two complete months judged: M1, then M2, the month before this one. */
const M1 = addMonths(current, -2);
const M2 = addMonths(current, -1);
const ym = (m: string) => m.slice(0, 7);
const id = { A: '', B: '', MAD: '', BCN: '' };

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const ok = async (method: 'POST', url: string, payload: object) => {
  const r = await t.app.inject({ method, url, headers: h, payload });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string };
};
const accuracy = async (query: string, headers = h) => {
  const r = await call(`/api/v1/analytics/forecast-accuracy?from=${ym(M1)}&to=${ym(M2)}${query}`, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

/** Demand sold evenly over a whole month, as a sales-history file records it. */
const sold = (product: string, location: string, month: string, qty: number) =>
  t.platform.database.db.execute(sql`
    insert into demand_history (tenant_id, product_id, location_id, start_date, end_date, quantity, source, reference)
    values (${t.demo.tenantId}, ${product}, ${location}, ${month}::date, ${addDays(addMonths(month, 1), -1)}::date,
      ${qty}, 'fixture', ${crypto.randomUUID()})`);
const forecast = (
  product: string,
  location: string,
  month: string,
  qty: number,
  method: string,
  cls: string,
) =>
  t.platform.database.db.execute(sql`
    insert into analytics_forecast_months (tenant_id, product_id, location_id, month, quantity, method, demand_class)
    values (${t.demo.tenantId}, ${product}, ${location}, ${month}::date, ${qty}, ${method}, ${cls})`);

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  id.MAD = (await ok('POST', '/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  id.BCN = (await ok('POST', '/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' })).id;
  id.A = (await ok('POST', '/api/v1/products', { sku: 'A', name: 'A', cost: '10', category: 'tools' })).id;
  id.B = (await ok('POST', '/api/v1/products', { sku: 'B', name: 'B', cost: '4', category: 'paint' })).id;
  // A@MAD sold 10 and 14 in the two months before M1, then 20 in M1 and 16 in M2.
  await sold(id.A, id.MAD, addMonths(M1, -2), 10);
  await sold(id.A, id.MAD, addMonths(M1, -1), 14);
  await sold(id.A, id.MAD, M1, 20);
  await sold(id.A, id.MAD, M2, 16);
  // B@MAD: nothing in M1, 4 in M2. A@BCN: 5 in M2.
  await sold(id.B, id.MAD, M2, 4);
  await sold(id.A, id.BCN, M2, 5);
  await forecast(id.A, id.MAD, M1, 18, 'ses', 'smooth');
  await forecast(id.A, id.MAD, M2, 20, 'ses', 'smooth');
  await forecast(id.B, id.MAD, M1, 3, 'croston', 'intermittent');
  await forecast(id.B, id.MAD, M2, 2, 'croston', 'intermittent');
  await forecast(id.A, id.BCN, M2, 10, 'ses', 'smooth');
});

after(() => t.close());

// Errors f − a: A@MAD −2 (M1), +4 (M2); B@MAD +3, −2; A@BCN +5.
// RMSSE scale of A@MAD, the mean squared change over the 13 months before:
//   M1: changes …0, +10, +4 → (100 + 16) ÷ 12 = 9.6667
//   M2: changes …0, +10, +4, +6 → (100 + 16 + 36) ÷ 12 = 12.6667
//   RMSSE = √((4 ÷ 9.6667 + 16 ÷ 12.6667) ÷ 2) = √0.838475 = 0.9157
// B@MAD and A@BCN never sold before their months' demand changed: no scale, left out of RMSSE.
test(`overall bias, MAE, WAPE and RMSSE, worked by hand (${mode})`, async () => {
  const a = await accuracy('');
  assert.equal(a.from, ym(M1));
  assert.equal(a.to, ym(M2));
  assert.deepEqual(a.overall, {
    items: 3,
    item_months: 5,
    forecast: 53,
    actual: 45,
    bias: 0.1778, // 8 ÷ 45
    mae: 3.2, // (2 + 4 + 3 + 2 + 5) ÷ 5
    wape: 0.3556, // 16 ÷ 45
    rmsse: 0.9157,
    rmsse_item_months: 2,
  });
});

test(`by method and by class, and the monthly series (${mode})`, async () => {
  const byMethod = await accuracy('&group_by=method');
  assert.deepEqual(
    byMethod.data.map((g: Record<string, unknown>) => [
      g.key,
      g.forecast,
      g.actual,
      g.bias,
      g.mae,
      g.wape,
      g.rmsse,
    ]),
    [
      ['croston', 5, 4, 0.25, 2.5, 1.25, null],
      ['ses', 48, 41, 0.1707, 3.6667, 0.2683, 0.9157],
    ],
  );
  const byClass = await accuracy('&group_by=class');
  assert.deepEqual(
    byClass.data.map((g: { key: string }) => g.key),
    ['intermittent', 'smooth'],
  );
  assert.deepEqual(
    byMethod.series.map((s: Record<string, unknown>) => [s.month, s.forecast, s.actual, s.bias, s.wape]),
    [
      [ym(M1), 21, 20, 0.05, 0.25], // |−2| + |3| = 5 ÷ 20
      [ym(M2), 32, 25, 0.28, 0.44], // 4 + 2 + 5 = 11 ÷ 25
    ],
  );
  const byMonth = await accuracy('&group_by=month');
  assert.deepEqual(
    byMonth.data.map((g: { key: string; wape: number }) => [g.key, g.wape]),
    [
      [ym(M1), 0.25],
      [ym(M2), 0.44],
    ],
  );
});

test(`by item, worst first, named and paged (${mode})`, async () => {
  const byItem = await accuracy('&group_by=item&limit=1');
  assert.equal(byItem.pagination.total, 3);
  const [worst] = byItem.data;
  // A@MAD's absolute errors add up to 6; B@MAD's and A@BCN's to 5.
  assert.deepEqual([worst.sku, worst.location_code, worst.key], ['A', 'MAD-001', `${id.A}|${id.MAD}`]);
});

test(`a location, a category or a store scope narrows it (${mode})`, async () => {
  const mad = await accuracy('&location=MAD-001');
  // Without A@BCN: forecast 43, actual 40, |errors| 11.
  assert.deepEqual([mad.overall.forecast, mad.overall.actual, mad.overall.wape], [43, 40, 0.275]);
  const paint = await accuracy('&category=paint');
  assert.deepEqual([paint.overall.items, paint.overall.wape], [1, 1.25]);
  const seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['analytics:read'],
      storeIds: [id.BCN],
    })}`,
  };
  const bcn = await accuracy('', seller);
  assert.deepEqual([bcn.overall.forecast, bcn.overall.actual], [10, 5]);
  const other = await call(`/api/v1/analytics/forecast-accuracy?location=MAD-001`, seller);
  assert.equal(other.statusCode, 403, other.body);
});

test(`the KPI page reports the window's accuracy (${mode})`, async () => {
  const r = await call(`/api/v1/analytics/kpis?from=${M1}&to=${addDays(current, -1)}`);
  assert.equal(r.statusCode, 200, r.body);
  const k = r.json().forecast_accuracy;
  assert.deepEqual([k.value, k.wape, k.from_month, k.to_month], [0.6444, 0.3556, ym(M1), ym(M2)]);
});

test(`bad input is a 400 naming the field (${mode})`, async () => {
  const cases = [
    { q: 'from=2025-13', field: 'from' },
    { q: 'to=2025-01-01', field: 'to' },
    { q: `to=${ym(current)}`, field: 'query.to' },
    { q: `from=${ym(M2)}&to=${ym(M1)}`, field: 'query.from' },
    { q: `from=2020-01&to=${ym(M2)}`, field: 'query.from' },
    { q: 'group_by=store', field: 'group_by' },
    { q: 'limit=1000', field: 'limit' },
  ];
  for (const c of cases) {
    const r = await call(`/api/v1/analytics/forecast-accuracy?${c.q}`);
    assert.equal(r.statusCode, 400, `${c.q}: ${r.body}`);
    assert.match(JSON.stringify(r.json().errors), new RegExp(c.field), c.q);
  }
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['inventory:read'] })}`,
  };
  assert.equal((await call('/api/v1/analytics/forecast-accuracy', viewer)).statusCode, 403);
});
