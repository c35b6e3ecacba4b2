import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let h: { authorization: string };
before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  // 201 products × 50 locations: just past the list's exact-count limit.
  await t.platform.uow.forTenant(t.demo.tenantId, async (tx) => {
    const tenant = t.demo.tenantId;
    await tx.execute(sql`insert into products (tenant_id, sku, name)
      select ${tenant}, 'BIG-' || lpad(g::text, 4, '0'), 'Artículo ' || g from generate_series(1, 201) g`);
    await tx.execute(sql`insert into locations (tenant_id, code, name, type)
      select ${tenant}, 'L-' || lpad(g::text, 2, '0'), 'Ubicación ' || g, 'store' from generate_series(1, 50) g`);
    await tx.execute(sql`insert into stock_balances (tenant_id, product_id, location_id, on_hand, min_qty)
      select ${tenant}, p.id, l.id, 5, case when p.sku = 'BIG-0007' then 10 end
      from products p cross join locations l where p.tenant_id = ${tenant} and l.tenant_id = ${tenant}`);
  });
});
after(async () => {
  await t?.close();
});

type Page = {
  data: { sku: string; location: string; low_stock: boolean }[];
  pagination: { total: number; total_pages: number; total_exact: boolean };
};
const list = async (query: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/inventory?${query}`, headers: h });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Page;
};

test(`past 10,000 rows the inventory total is an estimate, and said to be; filtered lists count exactly (${mode})`, async () => {
  const all = await list('limit=20');
  assert.equal(all.pagination.total_exact, false);
  assert.ok(all.pagination.total > 10_000, String(all.pagination.total));
  assert.deepEqual(
    all.data.slice(0, 3).map((r) => [r.sku, r.location]),
    [
      ['BIG-0001', 'L-01'],
      ['BIG-0001', 'L-02'],
      ['BIG-0001', 'L-03'],
    ],
  );
  const cases: [string, number][] = [
    ['location=L-07', 201],
    ['search=BIG-0012', 50],
    ['low_stock=true', 50],
    ['location=NOPE', 0],
  ];
  for (const [query, total] of cases) {
    const page = await list(query);
    assert.deepEqual([page.pagination.total, page.pagination.total_exact], [total, true], query);
  }
  const deep = await list('location=L-07&page=11&limit=20');
  assert.deepEqual(
    deep.data.map((r) => r.sku),
    ['BIG-0201'],
    'the last page of a location holds its last product',
  );
});
