import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getViewConfig } from 'drizzle-orm/pg-core';
import { buildTestApp, mode } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { catalogLocations, catalogProducts, catalogSuppliers } from './views.ts';

const rejected = (pattern: RegExp) => (err: Error) =>
  pattern.test(`${err.message} ${(err.cause as Error)?.message}`);

test(`the published views show a tenant its own rows only and take no writes from the app role (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const p = t.platform;
    const other = await ensureTenant(p, {
      slug: 'rival',
      name: 'Rival',
      admin: { email: 'boss@rival.example', name: 'Boss', password: 'rival-password-1' },
    });
    await p.database.db.execute(sql`
      insert into products (tenant_id, sku, name) values (${t.demo.tenantId}, 'MINE', 'Mine'), (${other.tenantId}, 'THEIRS', 'Theirs')`);
    // No tenant filter: row-level security alone must hide the rival's product behind the view.
    const skus = await p.uow.forTenant(t.demo.tenantId, async (tx) =>
      (await tx.select({ sku: catalogProducts.sku }).from(catalogProducts)).map((r) => r.sku),
    );
    assert.deepEqual(skus, ['MINE']);
    for (const write of [
      sql`insert into catalog_products (tenant_id, sku, name) values (${t.demo.tenantId}, 'VIA-VIEW', 'x')`,
      sql`update catalog_locations set name = 'renamed'`,
      sql`delete from catalog_suppliers`,
    ])
      await assert.rejects(
        p.uow.forTenant(t.demo.tenantId, (tx) => tx.execute(write)),
        rejected(/permission denied/),
      );
  } finally {
    await t.close();
  }
});

test(`the drizzle declarations match the views' columns (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    for (const view of [catalogProducts, catalogLocations, catalogSuppliers]) {
      const { name, selectedFields } = getViewConfig(view);
      const { rows } = await t.platform.database.db.execute<{ column_name: string }>(sql`
        select column_name from information_schema.columns
        where table_schema = 'public' and table_name = ${name} order by ordinal_position`);
      const declared = Object.values(selectedFields as Record<string, { name: string }>).map((c) => c.name);
      assert.deepEqual(
        declared,
        rows.map((r) => r.column_name),
        name,
      );
    }
  } finally {
    await t.close();
  }
});
