import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { decimalOut } from './decimal.ts';
import { type QuantitySign, quantityProblem } from './domain/quantity.ts';
import { locations, products, supplierItems } from './schema.ts';

const locationMissing = (field = 'store_id') =>
  new DomainError('catalog.location_not_found', { errors: [{ field, message: 'is not a location here' }] });
const productMissing = () =>
  new DomainError('catalog.product_not_found', {
    errors: [{ field: 'product_id', message: 'is not a product here' }],
  });

/** A quantity to check against its product's unit step, with the request field that carried it. */
export type QuantityLine = { productId: string; quantity: string; field: string; sign?: QuantitySign };

/** A 400 naming every quantity that is not whole steps of its product, or out of bounds. */
const refuseQuantities = (lines: (Omit<QuantityLine, 'productId'> & { step: string | undefined })[]) => {
  const errors = lines.flatMap((l) => {
    const problem = l.step === undefined ? null : quantityProblem(l.quantity, l.step, l.sign);
    return problem ? [{ field: l.field, message: problem }] : [];
  });
  const first = errors[0];
  if (first)
    throw new DomainError('platform.validation', { detail: `${first.field}: ${first.message}`, errors });
};

/** What other modules may read of the catalog (ARCHITECTURE.md §2: reads go through the facade). */
export const catalogFacade = {
  /** A location by its code (seed 001's store_id such as MAD-001) or its id. */
  location: async (tx: Executor, tenantId: string, codeOrId: string, field = 'store_id') => {
    const byId = isUuid(codeOrId);
    const [row] = await tx
      .select({
        id: locations.id,
        code: locations.code,
        name: locations.name,
        type: locations.type,
        allowNegative: locations.allowNegative,
      })
      .from(locations)
      .where(
        and(
          eq(locations.tenantId, tenantId),
          byId ? eq(locations.id, codeOrId) : eq(locations.code, codeOrId),
        ),
      );
    if (!row) throw locationMissing(field);
    return row;
  },
  /**
   * For each line, its location (by code or id) and its product (with its list price), read together in one
   * statement; null where the tenant has no such location or product. Callers raise
   * `locationMissing` and `productMissing`, the errors `location` and `product` raise, line by line.
   */
  lineItems: async (
    tx: Executor,
    tenantId: string,
    lines: readonly { productId: string; location: string }[],
  ) => {
    if (lines.length === 0) return [];
    const uuid = (v: string) => (isUuid(v) ? v : null);
    const { rows } = await tx.execute<{
      location_id: string | null;
      code: string;
      location_name: string;
      type: string;
      allow_negative: boolean;
      product_id: string | null;
      sku: string;
      product_name: string;
      step: string;
      price: string | null;
    }>(sql`
      select l.id as location_id, l.code, l.name as location_name, l.type, l.allow_negative,
        p.id as product_id, p.sku, p.name as product_name, p.uom_step::text as step, p.price::text as price
      from unnest(${sql.param(lines.map((l) => uuid(l.location)))}::uuid[],
                  ${sql.param(lines.map((l) => (isUuid(l.location) ? null : l.location)))}::text[],
                  ${sql.param(lines.map((l) => uuid(l.productId)))}::uuid[]) with ordinality u(lid, lcode, pid, n)
      left join ${locations} l on l.tenant_id = ${tenantId} and (l.id = u.lid or l.code = u.lcode)
      left join ${products} p on p.tenant_id = ${tenantId} and p.id = u.pid
      order by u.n`);
    return rows.map((r) => ({
      location:
        r.location_id === null
          ? null
          : {
              id: r.location_id,
              code: r.code,
              name: r.location_name,
              type: r.type,
              allowNegative: r.allow_negative,
            },
      product:
        r.product_id === null
          ? null
          : {
              id: r.product_id,
              sku: r.sku,
              name: r.product_name,
              step: decimalOut(r.step) ?? '1',
              /** The list price (decimal, major units), as `prices` answers it; null without one. */
              price: r.price,
            },
    }));
  },
  locationMissing,
  productMissing,
  /** List prices (decimal, major units) of some products of the tenant; products without one are absent. */
  prices: async (tx: Executor, tenantId: string, ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await tx
      .select({ id: products.id, price: products.price })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
    return new Map(rows.flatMap((r) => (r.price === null ? [] : [[r.id, r.price] as const])));
  },
  /** Standard costs (decimal, major units) of some products; products without one are absent. */
  costs: async (tx: Executor, tenantId: string, ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await tx
      .select({ id: products.id, cost: products.cost })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
    return new Map(rows.flatMap((r) => (r.cost === null ? [] : [[r.id, r.cost] as const])));
  },
  product: async (tx: Executor, tenantId: string, id: string) => {
    const [row] = await tx
      .select({ id: products.id, sku: products.sku, name: products.name, step: products.uomStep })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
    if (!row) throw productMissing();
    return { ...row, step: decimalOut(row.step) ?? '1' };
  },
  /** `checkQuantities` for products already read with `product` (their `step`): no second read. */
  assertQuantities: (lines: (Omit<QuantityLine, 'productId'> & { step: string })[]) =>
    refuseQuantities(lines),
  /**
   * Refuses (400 naming every bad field) quantities that are not whole numbers of their
   * product's unit step, or out of bounds: nobody buys, holds or moves 0.4 of a box of 100.
   * Unknown products are left to the caller's own "not a product here".
   */
  checkQuantities: async (tx: Executor, tenantId: string, lines: QuantityLine[]) => {
    if (lines.length === 0) return;
    const ids = [...new Set(lines.map((l) => l.productId))];
    const rows = await tx
      .select({ id: products.id, step: products.uomStep })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
    const steps = new Map(rows.map((r) => [r.id, decimalOut(r.step) ?? '1']));
    refuseQuantities(lines.map((l) => ({ ...l, step: steps.get(l.productId) })));
  },
  /** `checkQuantities` for a body's `lines`, each error naming `lines[i].quantity`. */
  checkLines: (tx: Executor, tenantId: string, lines: readonly { product_id: string; quantity: string }[]) =>
    catalogFacade.checkQuantities(
      tx,
      tenantId,
      lines.map((l, i) => ({ productId: l.product_id, quantity: l.quantity, field: `lines[${i}].quantity` })),
    ),
  /**
   * The bill of materials that holds for a product at a location (the location's own before the
   * general one), or null. BOM lines carry no scrap column yet, so `scrapPct` is '0'.
   */
  bom: async (tx: Executor, tenantId: string, productId: string, locationId: string) => {
    const { rows } = await tx.execute<{
      bom_id: string;
      component_id: string | null;
      quantity: string | null;
    }>(
      sql`
      with b as (
        select id from boms where tenant_id = ${tenantId} and product_id = ${productId}
          and (location_id is null or location_id = ${locationId})
        order by location_id nulls last limit 1)
      select b.id as bom_id, l.component_id, l.quantity::text as quantity
      from b left join bom_lines l on l.bom_id = b.id order by l.component_id`,
    );
    const first = rows[0];
    if (!first) return null;
    return {
      id: first.bom_id,
      lines: rows.flatMap((r) =>
        r.component_id && r.quantity
          ? [{ componentId: r.component_id, quantity: r.quantity, scrapPct: '0' }]
          : [],
      ),
    };
  },

  /**
   * The product's supply tree for lead times: itself and every component down its BOMs (the
   * location's own BOM before the general one), each with its lead time (the preferred
   * supplier's, else the product's), whether it is buffered, and its components.
   */
  supplyTree: async (tx: Executor, tenantId: string, productId: string, locationId: string) => {
    const { rows } = await tx.execute<{
      id: string;
      sku: string;
      buffered: boolean;
      lead_time: number | null;
      supplier_lead_time: number | null;
      supplier_id: string | null;
      components: string[] | null;
    }>(sql`
      with recursive bom_of as (
        select distinct on (b.product_id) b.product_id, b.id
        from boms b where b.tenant_id = ${tenantId} and (b.location_id is null or b.location_id = ${locationId})
        order by b.product_id, b.location_id nulls last),
      tree(id) as (
        select ${productId}::uuid
        union
        select l.component_id from tree t join bom_of bo on bo.product_id = t.id join bom_lines l on l.bom_id = bo.id)
      select p.id, p.sku, p.buffered, p.lead_time_days as lead_time,
        (select si.lead_time_days from supplier_items si where si.product_id = p.id and si.preferred and si.tenant_id = ${tenantId}) as supplier_lead_time,
        (select si.supplier_id from supplier_items si where si.product_id = p.id and si.preferred and si.tenant_id = ${tenantId}) as supplier_id,
        (select array_agg(l.component_id::text) from bom_of bo join bom_lines l on l.bom_id = bo.id where bo.product_id = p.id) as components
      from tree t join products p on p.id = t.id and p.tenant_id = ${tenantId}`);
    return rows.map((r) => ({
      id: r.id,
      sku: r.sku,
      buffered: r.buffered,
      manufactured: (r.components?.length ?? 0) > 0,
      leadTimeDays: r.supplier_lead_time ?? r.lead_time ?? 0,
      ownLeadTimeDays: r.lead_time ?? 0,
      preferredSupplierId: r.supplier_id,
      components: r.components ?? [],
    }));
  },

  /**
   * The whole tenant's planning facts in one read (or only some products' and their BOMs'),
   * for recomputing many buffers: every
   * product's lead time (the preferred supplier's, else its own), category and buffered flag,
   * every BOM with its component quantities, and the location tree.
   */
  planningGraph: async (tx: Executor, tenantId: string, productIds?: string[]) => {
    const only = (column: string) =>
      productIds ? sql`and ${sql.raw(column)} = any(${sql.param(productIds)}::uuid[])` : sql``;
    const { rows: items } = await tx.execute<{
      id: string;
      sku: string;
      category: string | null;
      buffered: boolean;
      lead_time: number | null;
      supplier_lead_time: number | null;
      supplier_id: string | null;
    }>(sql`
      select p.id, p.sku, p.category, p.buffered, p.lead_time_days as lead_time,
        si.lead_time_days as supplier_lead_time, si.supplier_id
      from products p
      left join supplier_items si on si.product_id = p.id and si.preferred and si.tenant_id = ${tenantId}
      where p.tenant_id = ${tenantId} ${only('p.id')}`);
    const { rows: lines } = await tx.execute<{
      product_id: string;
      location_id: string | null;
      component_id: string;
      quantity: string;
    }>(sql`
      select b.product_id, b.location_id, l.component_id, l.quantity::text as quantity
      from boms b join bom_lines l on l.bom_id = b.id
      where b.tenant_id = ${tenantId} ${only('b.product_id')}`);
    const { rows: places } = await tx.execute<{
      id: string;
      code: string;
      parent_id: string | null;
      lead_time_days: number | null;
    }>(sql`select id, code, parent_id, lead_time_days from locations where tenant_id = ${tenantId}`);
    return {
      products: items.map((r) => ({
        id: r.id,
        sku: r.sku,
        category: r.category,
        buffered: r.buffered,
        leadTimeDays: r.supplier_lead_time ?? r.lead_time ?? 0,
        ownLeadTimeDays: r.lead_time ?? 0,
        preferredSupplierId: r.supplier_id,
      })),
      bomLines: lines.map((l) => ({
        productId: l.product_id,
        locationId: l.location_id,
        componentId: l.component_id,
        quantity: Number(l.quantity),
      })),
      locations: places.map((l) => ({
        id: l.id,
        code: l.code,
        parentId: l.parent_id,
        leadTimeDays: l.lead_time_days,
      })),
    };
  },

  /**
   * What a supplier sells a product at: lead time, price (decimal string, major units) and
   * minimum; with `supplierId` null, the product's preferred supplier's. Null when not sold.
   */
  supplierItem: async (tx: Executor, tenantId: string, supplierId: string | null, productId: string) => {
    const [row] = await tx
      .select({
        supplierId: supplierItems.supplierId,
        leadTimeDays: supplierItems.leadTimeDays,
        price: supplierItems.price,
        minQty: supplierItems.minQty,
        preferred: supplierItems.preferred,
      })
      .from(supplierItems)
      .where(
        and(
          eq(supplierItems.tenantId, tenantId),
          eq(supplierItems.productId, productId),
          supplierId ? eq(supplierItems.supplierId, supplierId) : eq(supplierItems.preferred, true),
        ),
      );
    return row ?? null;
  },
};
