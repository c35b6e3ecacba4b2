import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { judgeLines, type LineVerdict } from './domain/bom-graph.ts';
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

/** A supplier as a spreadsheet describes it; absent fields keep what Flujo has. */
export type SupplierUpsert = {
  name: string;
  taxId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  currency?: string | undefined;
  leadTimeDays?: number | undefined;
};

/** Supplier ids by name, case-insensitively, as the unique index compares them. */
export const supplierIdsByName = async (tx: Executor, tenantId: string, names: string[]) => {
  const unique = [...new Set(names.map((n) => n.toLowerCase()))];
  const { rows } = await tx.execute<{ id: string; key: string }>(sql`
    select id, lower(name) as key from suppliers
    where tenant_id = ${tenantId} and lower(name) = any(${sql.param(unique)}::text[])`);
  return new Map(rows.map((r) => [r.key, r.id]));
};

/** Creates or updates suppliers by name; a file's email and phone become the first contact. */
export const upsertSuppliers = async (tx: Tx, tenantId: string, emit: Emit, input: SupplierUpsert[]) => {
  const rows = [...new Map(input.map((r) => [r.name.toLowerCase(), r])).values()];
  const known = await supplierIdsByName(
    tx,
    tenantId,
    rows.map((r) => r.name),
  );
  let created = 0;
  let updated = 0;
  for (const r of rows) {
    const contact =
      r.email || r.phone
        ? [{ ...(r.email ? { email: r.email } : {}), ...(r.phone ? { phone: r.phone } : {}) }]
        : null;
    const id = known.get(r.name.toLowerCase());
    if (id) {
      await tx.execute(sql`
        update suppliers set tax_id = coalesce(${r.taxId ?? null}, tax_id),
          contacts = case when ${contact ? JSON.stringify(contact) : null}::jsonb is null then contacts
            when contacts = '[]'::jsonb then ${contact ? JSON.stringify(contact) : null}::jsonb
            else jsonb_set(contacts, '{0}', contacts->0 || ${contact ? JSON.stringify(contact[0]) : null}::jsonb) end,
          currency = coalesce(${r.currency ?? null}, currency),
          default_lead_time_days = coalesce(${r.leadTimeDays ?? null}::int, default_lead_time_days), updated_at = now()
        where id = ${id}`);
      updated++;
      emit(
        catalogEvents.supplierUpdated.create({
          tenantId,
          aggregateId: id,
          payload: { name: r.name, fields: ['tax_id', 'contacts', 'currency', 'default_lead_time_days'] },
        }),
      );
      continue;
    }
    const { rows: made } = await tx.execute<{ id: string }>(sql`
      insert into suppliers (tenant_id, name, tax_id, contacts, currency, default_lead_time_days)
      values (${tenantId}, ${r.name}, ${r.taxId ?? null}, ${JSON.stringify(contact ?? [])}::jsonb,
        ${r.currency ?? 'MXN'}, ${r.leadTimeDays ?? null}::int)
      returning id`);
    const newId = made[0]?.id;
    if (!newId) continue;
    created++;
    emit(catalogEvents.supplierCreated.create({ tenantId, aggregateId: newId, payload: { name: r.name } }));
  }
  return { created, updated };
};

/** What a supplier sells, by supplier and product id; a preferred row takes the mark from the product's others. */
export const upsertSupplierItems = async (
  tx: Tx,
  tenantId: string,
  input: {
    supplierId: string;
    productId: string;
    leadTimeDays?: number | undefined;
    price?: string | undefined;
    minQty?: string | undefined;
    preferred?: boolean | undefined;
  }[],
) => {
  let created = 0;
  let updated = 0;
  const rows = [...new Map(input.map((r) => [`${r.supplierId}|${r.productId}`, r])).values()];
  for (const r of rows) {
    if (r.preferred)
      await tx.execute(sql`
        update supplier_items set preferred = false
        where tenant_id = ${tenantId} and product_id = ${r.productId} and supplier_id <> ${r.supplierId} and preferred`);
    const { rows: out } = await tx.execute<{ inserted: boolean }>(sql`
      insert into supplier_items (tenant_id, supplier_id, product_id, lead_time_days, price, min_qty, preferred)
      values (${tenantId}, ${r.supplierId}, ${r.productId},
        coalesce(${r.leadTimeDays ?? null}::int, (select default_lead_time_days from suppliers where id = ${r.supplierId}), 0),
        ${r.price ?? null}::numeric, ${r.minQty ?? null}::numeric, ${r.preferred ?? false})
      on conflict (supplier_id, product_id) do update set
        lead_time_days = coalesce(${r.leadTimeDays ?? null}::int, supplier_items.lead_time_days),
        price = coalesce(${r.price ?? null}::numeric, supplier_items.price),
        min_qty = coalesce(${r.minQty ?? null}::numeric, supplier_items.min_qty),
        preferred = coalesce(${r.preferred ?? null}::boolean, supplier_items.preferred), updated_at = now()
      returning (xmax = 0) as inserted`);
    if (out[0]?.inserted) created++;
    else updated++;
  }
  return { created, updated };
};

/** One line of a bill: `quantity` of `componentId` per `productId`, at a location (null: every location). */
export type BomLineUpsert = {
  productId: string;
  locationId: string | null;
  componentId: string;
  quantity: string;
};
type Edge = { productId: string; componentId: string };
export type BomLineVerdict = LineVerdict;

/** What every product is made of, across locations, as `closesLoop` and `deepestChain` read it. */
const bomGraph = async (tx: Executor, tenantId: string) => {
  const { rows } = await tx.execute<{ product_id: string; component_id: string }>(sql`
    select distinct b.product_id, l.component_id from bom_lines l join boms b on b.id = l.bom_id
    where b.tenant_id = ${tenantId}`);
  const madeOf = new Map<string, string[]>();
  for (const r of rows) addEdge(madeOf, { productId: r.product_id, componentId: r.component_id });
  return madeOf;
};
const addEdge = (madeOf: Map<string, string[]>, e: Edge) => {
  const list = madeOf.get(e.productId);
  if (!list) madeOf.set(e.productId, [e.componentId]);
  else if (!list.includes(e.componentId)) list.push(e.componentId);
};

/**
 * Judges lines in order (`judgeLines`) against the stored bills and `pending` lines (accepted
 * earlier in the same file but not stored yet). Writes nothing.
 */
export const checkBomLines = async (
  tx: Executor,
  tenantId: string,
  lines: readonly Edge[],
  pending: readonly Edge[] = [],
): Promise<BomLineVerdict[]> => {
  if (lines.length === 0) return [];
  const madeOf = await bomGraph(tx, tenantId);
  for (const e of pending) addEdge(madeOf, e);
  return judgeLines(lines, madeOf);
};

/**
 * Sets each line's quantity in its bill, making the bill when missing; the bill's other lines
 * stay. A line already holding its quantity is not written again, so a re-import touches
 * nothing; `updated` still counts every line that existed, as the other imports count.
 * Check the lines with `checkBomLines` first.
 */
export const upsertBomLines = async (tx: Tx, tenantId: string, emit: Emit, input: BomLineUpsert[]) => {
  const key = (productId: string, locationId: string | null) => `${productId}|${locationId ?? ''}`;
  const lines = [
    ...new Map(input.map((l) => [`${key(l.productId, l.locationId)}|${l.componentId}`, l])).values(),
  ];
  if (lines.length === 0) return { created: 0, updated: 0 };
  const bills = [...new Map(lines.map((l) => [key(l.productId, l.locationId), l])).values()];
  const { rows: made } = await tx.execute<{ product_id: string }>(sql`
    insert into boms (tenant_id, product_id, location_id)
    select ${tenantId}::uuid, p, l
    from unnest(${sql.param(bills.map((b) => b.productId))}::uuid[], ${sql.param(bills.map((b) => b.locationId))}::uuid[]) as x(p, l)
    on conflict do nothing
    returning product_id`);
  const { rows: ids } = await tx.execute<{ id: string; product_id: string; location_id: string | null }>(sql`
    select id, product_id, location_id from boms
    where tenant_id = ${tenantId} and product_id = any(${sql.param(bills.map((b) => b.productId))}::uuid[])`);
  const bomOf = new Map(ids.map((b) => [key(b.product_id, b.location_id), b.id]));
  let created = 0;
  const changed = new Set(made.map((m) => m.product_id));
  for (let i = 0; i < lines.length; i += CHUNK) {
    const part = lines.slice(i, i + CHUNK);
    // Every part of one statement reads the same snapshot: `before` sees the lines as they were.
    const { rows } = await tx.execute<{ product_id: string; inserted: boolean }>(sql`
      with x as (
        select * from unnest(${sql.param(part.map((l) => bomOf.get(key(l.productId, l.locationId)) ?? null))}::uuid[],
          ${sql.param(part.map((l) => l.componentId))}::uuid[], ${sql.param(part.map((l) => l.quantity))}::numeric[]) as x(b, c, q)
      ), before as (
        select l.bom_id, l.component_id from bom_lines l join x on l.bom_id = x.b and l.component_id = x.c
      ), up as (
        insert into bom_lines (tenant_id, bom_id, component_id, quantity)
        select ${tenantId}::uuid, b, c, q from x
        on conflict (bom_id, component_id) do update set quantity = excluded.quantity
        where bom_lines.quantity is distinct from excluded.quantity
        returning bom_id, component_id
      )
      select b.product_id, before.bom_id is null as inserted
      from up join boms b on b.id = up.bom_id
      left join before on before.bom_id = up.bom_id and before.component_id = up.component_id`);
    for (const r of rows) {
      changed.add(r.product_id);
      if (r.inserted) created++;
    }
  }
  for (const productId of changed)
    emit(
      catalogEvents.productUpdated.create({ tenantId, aggregateId: productId, payload: { fields: ['bom'] } }),
    );
  return { created, updated: lines.length - created };
};
