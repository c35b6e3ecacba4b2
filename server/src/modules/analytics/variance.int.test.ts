import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays, dayNumber } from '../../platform/dates.ts';
import { addMonths } from './domain/accuracy.ts';
import { round4 } from './domain/kpis.ts';

let t: TestApp;
let h: Record<string, string>;
const today = new Date().toISOString().slice(0, 10);
const current = `${today.slice(0, 7)}-01`;
/** The window: the two complete months before this one, M1 and M2. */
const M1 = addMonths(current, -2);
const M2 = addMonths(current, -1);
const from = M1;
const to = addDays(current, -1);
const daysIn = (m: string) => dayNumber(addMonths(m, 1)) - dayNumber(m);
const days = daysIn(M1) + daysIn(M2);
const id = { A: '', B: '', MAD: '', BCN: '', bufferB: '' };

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const ok = async (url: string, payload: object) => {
  const r = await t.app.inject({ method: 'POST', url, headers: h, payload });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string };
};
const variance = async (query = '', headers = h) => {
  const r = await call(`/api/v1/analytics/variance?from=${from}&to=${to}${query}`, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const sold = (product: string, location: string, month: string, qty: number) =>
  t.platform.database.db.execute(sql`
    insert into demand_history (tenant_id, product_id, location_id, start_date, end_date, quantity, source, reference)
    values (${t.demo.tenantId}, ${product}, ${location}, ${month}::date, ${addDays(addMonths(month, 1), -1)}::date,
      ${qty}, 'fixture', ${crypto.randomUUID()})`);
const buffer = async (product: string, store: string, adu: number) =>
  (
    await ok('/api/v1/buffers', {
      product_id: product,
      store_id: store,
      adu_method: 'fixed',
      adu_fixed: adu,
      dlt_days: 10,
    })
  ).id;

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  id.MAD = (await ok('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  id.BCN = (await ok('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' })).id;
  id.A = (await ok('/api/v1/products', { sku: 'A', name: 'A', cost: '10', category: 'tools' })).id;
  id.B = (await ok('/api/v1/products', { sku: 'B', name: 'B', cost: '4', category: 'paint' })).id;
  // A@MAD: ADU 2, sold 1 a day. B@MAD: ADU 3 now, 2.4 and 2.6 in its history, sold 2.5 a day.
  // A@BCN: ADU 1, never sold.
  await buffer(id.A, 'MAD-001', 2);
  id.bufferB = await buffer(id.B, 'MAD-001', 3);
  await buffer(id.A, 'BCN-001', 1);
  for (const m of [M1, M2]) {
    await sold(id.A, id.MAD, m, daysIn(m));
    await sold(id.B, id.MAD, m, 2.5 * daysIn(m));
  }
  for (const [n, adu] of [
    [3, 2.4],
    [4, 2.6],
  ] as const)
    await t.platform.database.db.execute(sql`
      insert into buffer_history (tenant_id, buffer_id, date, adu) values (${t.demo.tenantId}, ${id.bufferB}, ${addDays(from, n)}::date, ${adu})`);
  // The engine forecast 40 units of A@MAD for M1 and 20 for M2.
  for (const [m, qty] of [
    [M1, 40],
    [M2, 20],
  ] as const)
    await t.platform.database.db.execute(sql`
      insert into analytics_forecast_months (tenant_id, product_id, location_id, month, quantity, method, demand_class)
      values (${t.demo.tenantId}, ${id.A}, ${id.MAD}, ${m}::date, ${qty}, 'ses', 'smooth')`);
});

after(() => t.close());

const brief = (r: Record<string, unknown>) => [
  r.sku,
  r.location_code,
  r.adu,
  r.actual_daily_demand,
  r.adu_deviation,
  r.flagged,
];

test(`ADU against actual daily demand, worst first, flagged beyond 30 % (${mode})`, async () => {
  const v = await variance('&category=tools');
  assert.deepEqual(v.months, [M1.slice(0, 7), M2.slice(0, 7)]);
  assert.equal(v.days, days);
  assert.deepEqual(v.data.map(brief), [
    // ADU 1 and no demand at all: the worst.
    ['A', 'BCN-001', 1, 0, null, true],
    // (2 − 1) ÷ 1
    ['A', 'MAD-001', 2, 1, 1, true],
  ]);
  assert.equal(v.flagged, 2);
  const all = await variance();
  const b = all.data.find((r: { sku: string }) => r.sku === 'B');
  // B's history ADU (2.4 + 2.6) ÷ 2 = 2.5 matches its 2.5 a day; its current 3 is not read.
  assert.deepEqual([...brief(b), b.adu_source], ['B', 'MAD-001', 2.5, 2.5, 0, false, 'history']);
});

test(`the engine's month forecasts against the same months' demand (${mode})`, async () => {
  const v = await variance('&location=MAD-001&category=tools');
  const [a] = v.data;
  // forecast 40 + 20 = 60 against the days of M1 and M2 sold at 1 a day.
  assert.deepEqual(
    [a.forecast_months, a.forecast, a.forecast_actual, a.forecast_deviation],
    [2, 60, days, round4((60 - days) / days)],
  );
  const b = (await variance('&category=paint')).data[0];
  assert.deepEqual([b.forecast_months, b.forecast, b.forecast_deviation], [0, null, null]);
});

test(`a wider threshold flags less; a store scope narrows; the default window is three months (${mode})`, async () => {
  const wide = await variance('&threshold=1.5&category=tools');
  assert.equal(wide.flagged, 1, 'only the ADU without demand');
  const seller = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['analytics:read'], storeIds: [id.BCN] })}`,
  };
  const bcn = await variance('', seller);
  assert.deepEqual(
    bcn.data.map((r: { location_code: string }) => r.location_code),
    ['BCN-001'],
  );
  assert.equal((await call('/api/v1/analytics/variance?location=MAD-001', seller)).statusCode, 403);
  const r = await call('/api/v1/analytics/variance');
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json().from, r.json().to, r.json().months.length], [addMonths(current, -3), to, 3]);
});

test(`bad input is a 400 naming the field (${mode})`, async () => {
  const cases = [
    { q: 'threshold=0', field: 'threshold' },
    { q: 'threshold=abc', field: 'threshold' },
    { q: 'from=2025-02-30', field: 'from' },
    { q: `from=${to}&to=${from}`, field: 'query.from' },
    { q: 'page=0', field: 'page' },
  ];
  for (const c of cases) {
    const r = await call(`/api/v1/analytics/variance?${c.q}`);
    assert.equal(r.statusCode, 400, `${c.q}: ${r.body}`);
    assert.match(JSON.stringify(r.json().errors), new RegExp(c.field), c.q);
  }
});
