import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { seedDemo } from '../../demo.ts';

let t: TestApp;
let h: { authorization: string };
before(async () => {
  t = await buildTestApp({ demoData: true });
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
});
after(async () => {
  await t?.close();
});

const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url, headers: h })).json() as T;

test(`the demo tenant opens with a catalog, stores with stock, low-stock rows, goods in transit and a hold (${mode})`, async () => {
  const products = await get<{ data: { id: string; sku: string }[]; pagination: { total: number } }>(
    '/api/v1/products?limit=100',
  );
  assert.equal(products.pagination.total, 14);
  const locations = await get<{ data: { code: string }[] }>('/api/v1/locations?limit=100');
  assert.deepEqual(locations.data.map((l) => l.code).sort(), [
    'BCN-001',
    'CEDIS-MAD',
    'MAD-001',
    'MAD-002',
    'TRANSITO',
    'VLC-001',
  ]);
  const low = await get<{ pagination: { total: number } }>('/api/v1/inventory?low_stock=true');
  assert.ok(low.pagination.total >= 5, `low-stock rows: ${low.pagination.total}`);
  const drill = products.data.find((p) => p.sku === 'TAL-18V');
  const availability = await get<{
    total_available: string;
    stores: { store_id: string; reserved: string }[];
  }>(`/api/v1/products/${drill?.id}/availability`);
  assert.equal(availability.stores.find((s) => s.store_id === 'MAD-001')?.reserved, '2');
  const transit = await get<{ data: { status: string; to_store_id: string }[] }>(
    '/api/v1/stock/transfers?status=IN_TRANSIT',
  );
  assert.deepEqual(
    transit.data.map((x) => x.to_store_id),
    ['BCN-001'],
  );
  const boms = await get<{ data: unknown[] }>('/api/v1/boms');
  assert.equal(boms.data.length, 2, 'a two-level BOM');
  const suppliers = await get<{ pagination: { total: number } }>('/api/v1/suppliers');
  assert.equal(suppliers.pagination.total, 3);

  const board = await get<{ data: { planning_priority: string }[]; pagination: { total: number } }>(
    '/api/v1/buffers?limit=100',
  );
  assert.equal(board.pagination.total, 45, '9 buffered products at the warehouse and 4 stores');
  assert.deepEqual(
    [...new Set(board.data.map((b) => b.planning_priority))].sort(),
    ['green', 'red', 'yellow'],
    'the board opens with a mix of zones',
  );

  const { rows } = await t.platform.database.db.execute<{ off: number }>(sql`
    select count(*)::int as off from stock_balances b
    where b.on_hand <> coalesce((select sum(quantity) from stock_movements m
      where m.product_id = b.product_id and m.location_id = b.location_id), 0)`);
  assert.equal(rows[0]?.off, 0, 'every demo balance is its ledger');

  const again = await seedDemo(t.platform, t.modules);
  assert.equal(again.created, false);
  assert.equal(
    (await get<{ pagination: { total: number } }>('/api/v1/products')).pagination.total,
    14,
    'seeding twice adds nothing',
  );
});
