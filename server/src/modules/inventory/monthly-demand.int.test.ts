import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';
import { inventoryFacade } from './index.ts';

let t: TestApp;
let h: Record<string, string>;
let product = '';
const today = new Date().toISOString().slice(0, 10);
/** Two days of last month and one of the month before. */
const last = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
const before2 = `${addDays(last, -1).slice(0, 7)}-01`;
const D1 = addDays(last, 2);
const D2 = addDays(last, 5);
const D3 = addDays(before2, 10);

const move = async (kind: string, quantity: number, day: string) => {
  const reason = `fixture:${crypto.randomUUID()}`;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/stock/movements',
    headers: { ...h, 'idempotency-key': crypto.randomUUID() },
    payload: { kind, product_id: product, store_id: 'MAD-001', quantity, reason },
  });
  assert.ok(r.statusCode < 300, r.body);
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = ${day}::date + interval '12 hours' where reason = ${reason}`,
  );
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  const post = async (url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: h, payload });
    assert.ok(r.statusCode < 300, r.body);
    return (r.json() as { id: string }).id;
  };
  await post('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  product = await post('/api/v1/products', { sku: 'MONTHLY', name: 'Monthly' });
  await move('receipt', 100, addDays(before2, 1));
  await move('shipment', 5, D1);
  await move('return', 2, D1);
  await move('return', 4, D2);
  await move('shipment', 6, D3);
});

after(() => t.close());

const read = (tenantId: string, productIds: string[] | null) =>
  t.platform.uow.forTenant(tenantId, async (tx) => ({
    monthly: await inventoryFacade.monthlyDemand(tx, tenantId, addDays(today, -400), today, productIds),
    daily: await inventoryFacade.dailyDemand(tx, tenantId, addDays(today, -400), today, productIds),
  }));

test(`months add up each day's demand, a day of net returns counting 0 (${mode})`, async () => {
  const { monthly } = await read(t.demo.tenantId, [product]);
  // last month: 5 − 2 on D1, D2's net return of 4 counts 0 → 3; the month before: 6.
  assert.deepEqual(
    monthly.map((m) => [m.month, m.qty]).sort(),
    [
      [before2, 6],
      [last, 3],
    ].sort(),
  );
});

test(`the monthly read agrees with the daily one over the whole tenant (${mode})`, async () => {
  const { monthly, daily } = await read(t.demo.tenantId, null);
  const sums = new Map<string, number>();
  for (const d of daily) {
    const key = `${d.product_id}|${d.location_id}|${d.day.slice(0, 7)}-01`;
    sums.set(key, (sums.get(key) ?? 0) + d.qty);
  }
  assert.equal(monthly.length, sums.size);
  for (const m of monthly) {
    const want = sums.get(`${m.product_id}|${m.location_id}|${m.month}`) ?? 0;
    assert.ok(Math.abs(m.qty - want) < 1e-6, `${m.month}: ${m.qty} against ${want}`);
  }
});
