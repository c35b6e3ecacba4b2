import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { seedDemo } from '../../demo.ts';
import { lastTradingDay } from './demo-history.ts';

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
  assert.equal(
    availability.stores.filter((s) => s.reserved === '2').length,
    1,
    'a customer holds two drills at one store (Madrid Centro unless its shelf ran short)',
  );
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

  const { rows } = await t.platform.database.db.execute<{ off: number }>(sql`
    select count(*)::int as off from stock_balances b
    where b.on_hand <> coalesce((select sum(quantity) from stock_movements m
      where m.product_id = b.product_id and m.location_id = b.location_id), 0)`);
  assert.equal(rows[0]?.off, 0, 'every demo balance is its ledger');
});

test(`the demo stores carry a year of sales in the ledger, as the stock service would have written it (${mode})`, async () => {
  const db = t.platform.database.db;
  const one = async (q: ReturnType<typeof sql>) => (await db.execute<{ n: number }>(q)).rows[0]?.n;
  assert.equal(
    await one(sql`
      select count(*)::int as n from (
        select balance_after, sum(quantity) over (partition by product_id, location_id order by balance_version) as run,
          created_at, lag(created_at) over (partition by product_id, location_id order by balance_version) as prev
        from stock_movements) x
      where run <> balance_after or run < 0 or created_at < prev`),
    0,
    'each movement leaves its running balance, in time order, never below zero',
  );
  assert.equal(
    await one(sql`
      select count(*)::int as n from (
        select m.product_id, m.location_id, count(*) as c, count(distinct m.balance_version) as d,
          min(m.balance_version) as lo, max(m.balance_version) as hi
        from stock_movements m group by 1, 2) x
      join stock_balances b on b.product_id = x.product_id and b.location_id = x.location_id
      where x.lo <> 1 or x.d <> x.c or x.hi <> x.c
        or b.version < x.hi
        or (b.version <> x.hi and not exists (select 1 from reservation_lines l
          where l.product_id = b.product_id and l.location_id = b.location_id))`),
    0,
    'versions run 1, 2, 3… per item, and the balance is at the last one (a hold moves it on)',
  );
  const year = (
    await db.execute<{ items: number; first: string; last: string; days: number; sales: number }>(sql`
      select count(distinct (m.product_id, m.location_id))::int as items,
        min(m.created_at at time zone 'UTC')::date::text as first,
        max(m.created_at at time zone 'UTC')::date::text as last,
        count(distinct (m.created_at at time zone 'UTC')::date)::int as days, count(*)::int as sales
      from stock_movements m join products p on p.id = m.product_id
      where p.buffered and m.kind = 'shipment' and m.reason = 'Venta'`)
  ).rows[0];
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
  assert.equal(year?.items, 36, 'every buffered product sells at every store');
  assert.ok(
    (year?.first ?? '') <= daysAgo(360) && (year?.first ?? '') >= daysAgo(365),
    `from ${year?.first}`,
  );
  assert.equal(year?.last, lastTradingDay(today), 'up to the last day the stores opened');
  assert.ok((year?.days ?? 0) >= 350, `${year?.days} selling days`);
  assert.ok((year?.sales ?? 0) >= 36 * 100, `${year?.sales} daily sales`);
});

test(`the demo board is sized from that history and opens red, yellow and green, with a chart behind each buffer (${mode})`, async () => {
  type Buffer = {
    id: string;
    sku: string;
    product_id: string;
    location_id: string;
    location_code: string;
    settings: { adu_method: string; adu_horizon_days: number };
    adu: number;
    dlt: number;
    planning_priority: string;
  };
  const board = await get<{ data: Buffer[]; pagination: { total: number } }>('/api/v1/buffers?limit=100');
  assert.equal(board.pagination.total, 36, '9 buffered products at the 4 stores');
  const zones = Object.groupBy(board.data, (b) => b.planning_priority);
  assert.deepEqual(
    Object.keys(zones).sort(),
    ['green', 'red', 'yellow'],
    'the board opens with a mix of zones',
  );
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(today) - 90 * 86_400_000).toISOString().slice(0, 10);
  for (const b of board.data) {
    assert.equal(b.settings.adu_method, 'past');
    assert.equal(b.settings.adu_horizon_days, 90);
    assert.ok(b.adu > 0 && b.dlt > 0, `${b.sku}@${b.location_code}: ADU ${b.adu}, DLT ${b.dlt}`);
    const { rows } = await t.platform.database.db.execute<{ sold: string }>(sql`
      select coalesce(-sum(quantity), 0)::text as sold from stock_movements
      where product_id = ${b.product_id} and location_id = ${b.location_id} and kind = 'shipment'
        and created_at >= ${from}::date and created_at < ${today}::date`);
    assert.ok(
      Math.abs(b.adu - Number(rows[0]?.sold) / 90) < 1e-3,
      `${b.sku}@${b.location_code}: ADU is the ledger's`,
    );
  }

  const chart = await get<{ data: { date: string; adu: number; top_of_green: number; on_hand: number }[] }>(
    `/api/v1/buffers/${zones.red?.[0]?.id}/history?from=${new Date(Date.parse(today) - 365 * 86_400_000).toISOString().slice(0, 10)}&to=${today}`,
  );
  assert.ok(chart.data.length >= 180, `${chart.data.length} days on the chart`);
  assert.equal(chart.data.at(-1)?.date, today, 'up to today');
  assert.ok(
    chart.data.every((d) => d.adu > 0 && d.top_of_green > 0 && d.on_hand >= 0),
    'each day sized from its own ADU',
  );
  const { rows } = await t.platform.database.db.execute<{ buffers: number; short: number }>(sql`
    select count(*)::int as buffers, count(*) filter (where n < 180)::int as short
    from (select b.id, count(h.date) as n from buffers b left join buffer_history h on h.buffer_id = b.id group by 1) x`);
  assert.deepEqual(rows[0], { buffers: 36, short: 0 }, 'every buffer has months of history');
});

test(`seeding the demo again adds nothing (${mode})`, async () => {
  const again = await seedDemo(t.platform, t.modules);
  assert.equal(again.created, false);
  assert.equal(
    (await get<{ pagination: { total: number } }>('/api/v1/products')).pagination.total,
    14,
    'seeding twice adds nothing',
  );
});
