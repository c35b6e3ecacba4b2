import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';

let t: TestApp;
let h: Record<string, string>;
const id = { P: '', M: '', MAD: '', acme: '', bufferP: '', bufferM: '' };
let today = '';

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const ok = async (method: 'POST' | 'PUT', url: string, payload: object) => {
  const r = await t.app.inject({ method, url, headers: h, payload });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string };
};
const ddsop = async (query = '', headers = h) => {
  const r = await call(`/api/v1/analytics/projections/ddsop?category=ddsop${query}`, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const db = () => t.platform.database.db;

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  id.MAD = (await ok('POST', '/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  id.P = (
    await ok('POST', '/api/v1/products', { sku: 'P', name: 'Bought', cost: '4', category: 'ddsop' })
  ).id;
  id.M = (await ok('POST', '/api/v1/products', { sku: 'M', name: 'Made', category: 'ddsop' })).id;
  id.acme = (await ok('POST', '/api/v1/suppliers', { name: 'ACME' })).id;
  await ok('PUT', `/api/v1/suppliers/${id.acme}/items/${id.P}`, { lead_time_days: 10, preferred: true });
  // Both buffers: ADU 2, DLT 10, LTF 0.5, VF 0.5 (P's default profile has them) → red 10 + 5 = 15, yellow 20, green 10.
  const buffer = async (product: string, profile: string | undefined) =>
    (
      await ok('POST', '/api/v1/buffers', {
        product_id: product,
        store_id: 'MAD-001',
        profile_id: profile,
        adu_method: 'fixed',
        adu_fixed: 2,
        dlt_days: 10,
      })
    ).id;
  id.bufferP = await buffer(id.P, undefined);
  // The standard profiles exist once a buffer was made.
  const { rows } = await db().execute<{ id: string }>(sql`
    select id from buffer_profiles where tenant_id = ${t.demo.tenantId} and is_standard
      and item_type = 'manufactured' and lead_time_factor = 0.5 and variability_factor = 0.5`);
  id.bufferM = await buffer(id.M, rows[0]?.id);
  const [{ day } = { day: '' }] = (
    await db().execute<{ day: string }>(sql`select to_char(current_date, 'YYYY-MM-DD') as day`)
  ).rows;
  today = day;
  // P: a forecast of 28 over week 2 alone (4 a day). M: demand factor 1.5 over week 3.
  await db().execute(sql`
    insert into demand_forecasts (tenant_id, product_id, location_id, start_date, end_date, quantity)
    values (${t.demo.tenantId}, ${id.P}, ${id.MAD}, ${addDays(today, 7)}::date, ${addDays(today, 13)}::date, 28)`);
  await db().execute(sql`
    insert into planned_adjustments (tenant_id, buffer_id, start_date, end_date, demand_factor)
    values (${t.demo.tenantId}, ${id.bufferM}, ${addDays(today, 14)}::date, ${addDays(today, 20)}::date, 1.5)`);
});

after(() => t.close());

test(`weeks re-size buffers from forecasts and planned adjustments, worked by hand (${mode})`, async () => {
  const d = await ddsop('&weeks=4');
  assert.equal(d.weeks, 4);
  assert.equal(d.space, null);
  const row = (w: {
    week: string;
    adu: number;
    red: number;
    green: number;
    target_units: number;
    target_value: number;
  }) => [w.week, w.adu, w.red, w.green, w.target_units, w.target_value];
  assert.deepEqual(d.totals.map(row), [
    // Both at ADU 2: red 15 + 15, green 10 + 10; target 2 × (15 + 5) = 40; value P's 20 × 4 (M has no cost).
    [today, 4, 30, 20, 40, 80],
    // P at ADU 4: red 30, green 20 → target 40, value 160; M as before, 20.
    [addDays(today, 7), 6, 45, 30, 60, 160],
    // M at ADU 3: red 22.5, green 15 → target 30; P back at 2, 20.
    [addDays(today, 14), 5, 37.5, 25, 50, 80],
    [addDays(today, 21), 4, 30, 20, 40, 80],
  ]);
  assert.deepEqual(
    d.totals.map((w: { purchase_load: number; production_load: number }) => [
      w.purchase_load,
      w.production_load,
    ]),
    [
      [14, 14],
      [28, 14],
      [14, 21],
      [14, 14],
    ],
  );
  assert.deepEqual(d.suppliers, [
    { supplier_id: id.acme, name: 'ACME', weekly: [14, 28, 14, 14], total: 70 },
  ]);
  assert.deepEqual(d.manufactured, [
    { product_id: id.M, sku: 'M', name: 'Made', weekly: [14, 14, 21, 14], total: 63 },
  ]);
});

test(`thirteen weeks by default; a store scope applies (${mode})`, async () => {
  assert.equal((await ddsop()).totals.length, 13);
  const seller = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['analytics:read'], storeIds: [crypto.randomUUID()] })}`,
  };
  const none = await ddsop('', seller);
  assert.equal(none.totals[0].buffers, 0);
  assert.equal((await call('/api/v1/analytics/projections/ddsop?location=MAD-001', seller)).statusCode, 403);
});

test(`bad input is a 400 naming the field (${mode})`, async () => {
  for (const q of ['weeks=0', 'weeks=27', 'weeks=x', 'group_by=month']) {
    const r = await call(`/api/v1/analytics/projections/ddsop?${q}`);
    assert.equal(r.statusCode, 400, `${q}: ${r.body}`);
    assert.match(JSON.stringify(r.json().errors), new RegExp(q.split('=')[0] as string), q);
  }
});
