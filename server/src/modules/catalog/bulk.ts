import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { catalogEvents } from './events.ts';

/** A product as a spreadsheet or an ERP describes it; absent fields keep what Flujo has. */
export type ProductUpsert = {
  sku: string;
  name?: string | undefined;
  price?: string | undefined;
  cost?: string | undefined;
  category?: string | undefined;
  unit?: string | undefined;
  barcode?: string | undefined;
};

const CHUNK = 500;
const col = <T>(rows: ProductUpsert[], f: (r: ProductUpsert) => T | undefined) =>
  rows.map((r) => f(r) ?? null);

/** Product ids of these SKUs (exact, as stored); unknown SKUs are absent. */
export const productIdsBySku = async (tx: Executor, tenantId: string, skus: string[]) => {
  const out = new Map<string, string>();
  const unique = [...new Set(skus)];
  for (let i = 0; i < unique.length; i += 5000) {
    const { rows } = await tx.execute<{ id: string; sku: string }>(sql`
      select id, sku from products
      where tenant_id = ${tenantId} and sku = any(${sql.param(unique.slice(i, i + 5000))}::text[])`);
    for (const r of rows) out.set(r.sku, r.id);
  }
  return out;
};

/**
 * Locations matched by code or, failing that, by name, case-insensitively: a spreadsheet says
 * `CENTRO` or `Sucursal Centro`, Flujo knows `CENTRO`. Keys are the texts asked for.
 */
export const locationsByCodeOrName = async (tx: Executor, tenantId: string, keys: string[]) => {
  const out = new Map<string, { id: string; code: string; name: string; allowNegative: boolean }>();
  const unique = [...new Set(keys.filter(Boolean))];
  if (unique.length === 0) return out;
  const { rows } = await tx.execute<{ id: string; code: string; name: string; allow_negative: boolean }>(sql`
    select id, code, name, allow_negative from locations
    where tenant_id = ${tenantId}
      and (lower(code) = any(${sql.param(unique.map((k) => k.toLowerCase()))}::text[])
        or lower(name) = any(${sql.param(unique.map((k) => k.toLowerCase()))}::text[]))`);
  for (const key of unique) {
    const k = key.toLowerCase();
    const hit = rows.find((r) => r.code.toLowerCase() === k) ?? rows.find((r) => r.name.toLowerCase() === k);
    if (hit) out.set(key, { id: hit.id, code: hit.code, name: hit.name, allowNegative: hit.allow_negative });
  }
  return out;
};

/**
 * Creates or updates products by SKU in the caller's transaction, in chunks. With `onlyCreate`,
 * existing products stay as they are (a stock or sales file names products, it does not
 * describe them). A new product without a name takes its SKU as name.
 */
export const upsertProducts = async (
  tx: Tx,
  tenantId: string,
  emit: Emit,
  input: ProductUpsert[],
  o: { onlyCreate: boolean },
) => {
  // The last row of a SKU wins, as a person reading the file top to bottom expects.
  const rows = [...new Map(input.map((r) => [r.sku, r])).values()];
  let created = 0;
  let updated = 0;
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const x = sql`unnest(${sql.param(col(part, (r) => r.sku))}::text[], ${sql.param(col(part, (r) => r.name))}::text[],
        ${sql.param(col(part, (r) => r.price))}::numeric[], ${sql.param(col(part, (r) => r.cost))}::numeric[],
        ${sql.param(col(part, (r) => r.category))}::text[], ${sql.param(col(part, (r) => r.unit))}::text[],
        ${sql.param(col(part, (r) => r.barcode))}::text[]) as x(s, n, pr, co, ca, u, b)`;
    const { rows: changed } = o.onlyCreate
      ? { rows: [] }
      : await tx.execute<{ id: string; sku: string; name: string }>(sql`
          update products p set name = coalesce(x.n, p.name), price = coalesce(x.pr, p.price),
            cost = coalesce(x.co, p.cost), category = coalesce(x.ca, p.category), uom = coalesce(x.u, p.uom),
            barcode = coalesce(x.b, p.barcode), updated_at = now()
          from ${x}
          where p.tenant_id = ${tenantId} and p.sku = x.s
          returning p.id, p.sku, p.name`);
    const seen = new Set(changed.map((r) => r.sku));
    const { rows: made } = await tx.execute<{ id: string; sku: string; name: string }>(sql`
      insert into products (tenant_id, sku, name, price, cost, category, uom, barcode)
      select ${tenantId}::uuid, x.s, coalesce(x.n, x.s), x.pr, x.co, x.ca, coalesce(x.u, 'unit'), x.b
      from ${x}
      where x.s <> all(${sql.param([...seen])}::text[])
      on conflict (tenant_id, sku) do nothing
      returning id, sku, name`);
    for (const r of changed) {
      ids.set(r.sku, r.id);
      updated++;
      emit(
        catalogEvents.productUpdated.create({
          tenantId,
          aggregateId: r.id,
          payload: {
            sku: r.sku,
            name: r.name,
            fields: ['name', 'price', 'cost', 'category', 'uom', 'barcode'],
          },
        }),
      );
    }
    for (const r of made) {
      ids.set(r.sku, r.id);
      created++;
      emit(
        catalogEvents.productCreated.create({
          tenantId,
          aggregateId: r.id,
          payload: { sku: r.sku, name: r.name },
        }),
      );
    }
  }
  const missing = rows.map((r) => r.sku).filter((sku) => !ids.has(sku));
  for (const [sku, id] of await productIdsBySku(tx, tenantId, missing)) ids.set(sku, id);
  return { created, updated, ids };
};

/**
 * Locations by code, creating the missing ones as warehouses with the given names: an ERP's
 * warehouses become Flujo locations the first time they are synced.
 */
export const ensureLocations = async (
  tx: Tx,
  tenantId: string,
  emit: Emit,
  wanted: { code: string; name: string }[],
) => {
  const unique = [...new Map(wanted.map((w) => [w.code, w])).values()];
  if (unique.length) {
    const { rows } = await tx.execute<{ id: string; code: string; name: string }>(sql`
      insert into locations (tenant_id, code, name, type)
      select ${tenantId}::uuid, c, n, 'warehouse'
      from unnest(${sql.param(unique.map((w) => w.code))}::text[], ${sql.param(unique.map((w) => w.name))}::text[]) as x(c, n)
      on conflict (tenant_id, code) do nothing
      returning id, code, name`);
    for (const r of rows)
      emit(
        catalogEvents.locationCreated.create({
          tenantId,
          aggregateId: r.id,
          payload: { code: r.code, name: r.name },
        }),
      );
  }
  const { rows } = await tx.execute<{ id: string; code: string }>(sql`
    select id, code from locations
    where tenant_id = ${tenantId} and code = any(${sql.param(unique.map((w) => w.code))}::text[])`);
  return new Map(rows.map((r) => [r.code, { id: r.id, code: r.code }]));
};
