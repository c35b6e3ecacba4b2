import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let admin: string;
let productId: string;
before(async () => {
  t = await buildTestApp();
  admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
  const h = { authorization: `Bearer ${admin}` };
  productId = (
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: h,
        payload: { sku: 'CAF-1KG', name: 'Café 1 kg', uom_step: '0.5' },
      })
    ).json() as { id: string }
  ).id;
  for (const [code, type, neg] of [
    ['MAD-001', 'store', false],
    ['BCN-001', 'store', false],
    ['NEG-001', 'warehouse', true],
  ] as const) {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: h,
      payload: { code, name: code, type, allow_negative: neg },
    });
  }
});
after(async () => {
  await t?.close();
});

type Balance = { on_hand: string; available: string; version: number; store_id: string };
const stock = (body: object, token = admin, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/stock',
    headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { product_id: productId, reason: 'test', ...body },
  });

test(`a store receives stock and the version moves; a stale version is refused (${mode})`, async () => {
  const first = await stock({ store_id: 'MAD-001', quantity_change: 20 });
  assert.equal(first.statusCode, 200, first.body);
  const b = first.json() as Balance;
  assert.deepEqual([b.store_id, b.on_hand, b.available, b.version], ['MAD-001', '20', '20', 1]);
  const ok = await stock({ store_id: 'MAD-001', quantity_change: '-2.5', expected_version: 1 });
  assert.equal((ok.json() as Balance).on_hand, '17.5');
  const stale = await stock({ store_id: 'MAD-001', quantity_change: -1, expected_version: 1 });
  assert.equal(stale.statusCode, 409);
  const p = stale.json() as { code: string; current_version: number };
  assert.equal(p.code, 'inventory.version_conflict');
  assert.equal(p.current_version, 2);
});

test(`stock never goes below zero where it is not allowed (${mode})`, async () => {
  const res = await stock({ store_id: 'BCN-001', quantity_change: -1 });
  assert.equal(res.statusCode, 409);
  assert.equal((res.json() as { code: string }).code, 'inventory.insufficient_stock');
  const neg = await stock({ store_id: 'NEG-001', quantity_change: -3 });
  assert.equal((neg.json() as Balance).on_hand, '-3', 'a location that allows negative stock takes it');
  assert.equal((await stock({ store_id: 'NOPE-9', quantity_change: 1 })).statusCode, 404);
  assert.equal((await stock({ store_id: 'MAD-001', quantity_change: 0 })).statusCode, 400);
});

test(`20 concurrent takes of 1 unit from 10: exactly 10 succeed and the ledger agrees (${mode})`, async () => {
  await stock({ store_id: 'BCN-001', quantity_change: 10 });
  const results = await Promise.all(
    Array.from({ length: 20 }, () => stock({ store_id: 'BCN-001', quantity_change: -1 })),
  );
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 200).length, 10);
  assert.equal(codes.filter((c) => c === 409).length, 10);
  const { rows } = await t.platform.database.db.execute<{ on_hand: string; ledger: string }>(sql`
    select b.on_hand::text, (select sum(quantity)::text from stock_movements m where m.product_id = b.product_id and m.location_id = b.location_id) as ledger
    from stock_balances b join locations l on l.id = b.location_id where l.code = 'BCN-001'`);
  assert.equal(Number(rows[0]?.on_hand), 0);
  assert.equal(Number(rows[0]?.ledger), 0, 'on hand equals the sum of the ledger');
  const ledger = await t.app.inject({
    method: 'GET',
    url: `/api/v1/stock/ledger?product_id=${productId}&location=BCN-001`,
    headers: { authorization: `Bearer ${admin}` },
  });
  const data = (ledger.json() as { data: { quantity: string; balance_after: string }[] }).data;
  assert.equal(data.length, 11);
  assert.equal(data[0]?.balance_after, '0');
  // Newest first, each balance is the next older one plus its own change.
  for (let i = 0; i < data.length - 1; i++) {
    assert.equal(
      Number(data[i]?.balance_after),
      Number(data[i + 1]?.balance_after) + Number(data[i]?.quantity),
    );
  }
});

test(`a retried request with the same Idempotency-Key moves stock once (${mode})`, async () => {
  const a = await stock({ store_id: 'MAD-001', quantity_change: 5 }, admin, 'retry-1');
  const b = await stock({ store_id: 'MAD-001', quantity_change: 5 }, admin, 'retry-1');
  assert.deepEqual(b.json(), a.json());
  assert.equal(b.headers['idempotent-replayed'], 'true');
});

test(`a Seller changes only the stores assigned to them (${mode})`, async () => {
  const { rows } = await t.platform.database.db.execute<{ id: string }>(
    sql`select id from locations where code = 'MAD-001'`,
  );
  const seller = await t.tokenFor({
    tenantId: t.demo.tenantId,
    permissions: ['inventory:write'],
    storeIds: [rows[0]?.id ?? ''],
  });
  assert.equal((await stock({ store_id: 'MAD-001', quantity_change: 1 }, seller)).statusCode, 200);
  assert.equal((await stock({ store_id: 'BCN-001', quantity_change: 1 }, seller)).statusCode, 403);
});

test(`the ledger is append-only for the application (${mode})`, async () => {
  const denied = (err: Error) => /permission denied/.test(`${err.message} ${(err.cause as Error)?.message}`);
  await assert.rejects(
    t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
      tx.execute(sql`update stock_movements set quantity = 0`),
    ),
    denied,
  );
  await assert.rejects(
    t.platform.uow.forTenant(t.demo.tenantId, (tx) => tx.execute(sql`delete from stock_movements`)),
    denied,
  );
});

test(`the inventory list filters by search, location and low stock; crossing the minimum raises an event (${mode})`, async () => {
  const h = { authorization: `Bearer ${admin}` };
  const levels = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/stock/levels',
    headers: h,
    payload: { product_id: productId, store_id: 'MAD-001', min_qty: 100, max_qty: 50 },
  });
  assert.equal(levels.statusCode, 400, 'max below min is refused');
  const ok = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/stock/levels',
    headers: h,
    payload: { product_id: productId, store_id: 'MAD-001', min_qty: 20, max_qty: 200 },
  });
  assert.equal(ok.statusCode, 204);
  const seen: string[] = [];
  const off = t.platform.onEvent((e) => seen.push(e.type));
  const current = (
    await t.app.inject({ method: 'GET', url: '/api/v1/inventory?location=MAD-001&search=café', headers: h })
  ).json() as {
    data: { available: string; low_stock: boolean }[];
  };
  const available = Number(current.data[0]?.available);
  // Move from above the minimum to below it: one low-stock event.
  if (available < 20) await stock({ store_id: 'MAD-001', quantity_change: 30 - available });
  const down = await stock({ store_id: 'MAD-001', quantity_change: -15 });
  assert.equal(down.statusCode, 200);
  await new Promise((r) => setTimeout(r, 300));
  off();
  assert.ok(seen.includes('inventory.stock.low'), seen.join());
  const low = (
    await t.app.inject({ method: 'GET', url: '/api/v1/inventory?low_stock=true', headers: h })
  ).json() as {
    data: { location: string; low_stock: boolean; min_qty: string }[];
    pagination: { total: number };
  };
  assert.deepEqual(
    low.data.map((r) => [r.location, r.low_stock, r.min_qty]),
    [['MAD-001', true, '20']],
  );
  assert.equal(low.pagination.total, 1);
});
