import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let admin: { authorization: string };
const loc: Record<string, string> = {};
before(async () => {
  t = await buildTestApp();
  admin = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  // 1,250 products × 2 stores: 2,500 balances, more than two of the export's internal pages.
  await t.platform.uow.forTenant(t.demo.tenantId, async (tx) => {
    const tenant = t.demo.tenantId;
    await tx.execute(sql`insert into products (tenant_id, sku, name)
      select ${tenant}, 'EXP-' || lpad(g::text, 4, '0'), 'Artículo ' || g from generate_series(1, 1250) g`);
    await tx.execute(sql`insert into locations (tenant_id, code, name, type)
      values (${tenant}, 'TDA-NORTE', 'Tienda norte', 'store'), (${tenant}, 'TDA-SUR', 'Tienda sur', 'store')`);
    await tx.execute(sql`insert into stock_balances (tenant_id, product_id, location_id, on_hand, reserved)
      select ${tenant}, p.id, l.id, 7, 2
      from products p cross join locations l where p.tenant_id = ${tenant} and l.tenant_id = ${tenant}`);
    const { rows } = await tx.execute<{ id: string; code: string }>(
      sql`select id, code from locations where tenant_id = ${tenant}`,
    );
    for (const r of rows) loc[r.code] = r.id;
  });
});
after(async () => {
  await t?.close();
});

const get = async (url: string, headers: Record<string, string>) => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return res;
};
const rowsOf = (body: string) => body.slice(1).trimEnd().split('\r\n').slice(1);

test(`the inventory export is complete and in the list's order past several internal pages (${mode})`, async () => {
  const res = await get('/api/v1/inventory/export?lang=en', admin);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(
    res.body.slice(1, 80),
    /^SKU,Product,Category,Location,Location name,On hand,Reserved,Available/,
  );
  const rows = rowsOf(res.body).map((r) => r.split(','));
  const expected = Array.from({ length: 1250 }, (_v, i) => `EXP-${String(i + 1).padStart(4, '0')}`).flatMap(
    (sku) => [
      [sku, 'TDA-NORTE'],
      [sku, 'TDA-SUR'],
    ],
  );
  assert.deepEqual(
    rows.map((r) => [r[0], r[3]]),
    expected,
  );
  assert.deepEqual(rows[0]?.slice(5, 8), ['7', '2', '5'], 'on hand, reserved and available as numbers');
});

test(`a store-scoped user's inventory export holds only their stores, as CSV and as .xlsx (${mode})`, async () => {
  const seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['inventory:read'],
      storeIds: [loc['TDA-NORTE'] ?? ''],
    })}`,
  };
  const csv = await get('/api/v1/inventory/export?search=EXP-000', seller);
  assert.equal(csv.statusCode, 200, csv.body);
  const rows = rowsOf(csv.body).map((r) => r.split(','));
  assert.equal(rows.length, 9, 'EXP-0001 … EXP-0009 at their one store');
  assert.ok(rows.every((r) => r[3] === 'TDA-NORTE'));
  assert.doesNotMatch(csv.body, /TDA-SUR/);

  const xlsx = await get('/api/v1/inventory/export?search=EXP-000&format=xlsx', seller);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const ws = book.getWorksheet('Inventario');
  assert.ok(ws);
  assert.equal(ws.rowCount, 10);
  ws.eachRow((row, n) => {
    if (n > 1) assert.equal(row.getCell(4).value, 'TDA-NORTE');
  });

  // Naming a store outside the scope is refused before any file starts.
  const other = await get('/api/v1/inventory/export?location=TDA-SUR', seller);
  assert.equal(other.statusCode, 403);
  assert.match(String(other.headers['content-type']), /problem\+json/);
  assert.equal(other.headers['content-disposition'], undefined);
});
