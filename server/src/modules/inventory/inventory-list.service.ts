import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { startingWith } from '../../platform/db/like.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { trim } from './ledger.ts';
import { stockBalances } from './schema.ts';

const trimOrNull = (v: string | null) => (v === null ? null : trim(v));

type Row = {
  product_id: string;
  location_id: string;
  version: number;
  sku: string;
  name: string;
  category: string | null;
  location: string;
  location_name: string;
  on_hand: string;
  reserved: string;
  available: string;
  min_qty: string | null;
  max_qty: string | null;
  low_stock: boolean;
};

/** Past this many rows a list's total is the planner's estimate: counting millions exactly costs more than the page. */
export const COUNT_CAP = 10_000;

/**
 * Counts the rows of `from` exactly up to `cap`; beyond it, asks the planner for its estimate
 * (never below the cap), so the first page of 5 million rows costs what the first page of 5,000 does.
 */
const countUpTo = async (tx: Tx, from: SQL, cap: number) => {
  const { rows } = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 ${from} limit ${cap + 1}) x`,
  );
  const n = rows[0]?.n ?? 0;
  if (n <= cap) return { n, exact: true };
  const plan = await tx.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`explain (format json) select 1 ${from}`,
  );
  const estimate = Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  return { n: Math.max(estimate, cap + 1), exact: false };
};

export type InventoryQuery = PageQuery & {
  search?: string | undefined;
  category?: string | undefined;
  /** A location code. */
  location?: string | undefined;
  product_id?: string | undefined;
  low_stock?: boolean | undefined;
};

export type StockLevels = {
  product_id: string;
  store_id: string;
  min_qty: string | null;
  max_qty: string | null;
};

/** Seed 004's inventory listing and its min/max per product and location. */
export const createInventoryListService = (p: Platform) => ({
  list: (ctx: RequestContext, q: InventoryQuery) => {
    const term = q.search?.trim();
    const t = ctx.tenantId;
    const byProduct = term || q.category;
    // A Seller's working list is their stores' stock (availability answers "who else has it").
    const scope = ctx.storeIds;
    const where = sql`
          where b.tenant_id = ${t}
            ${term ? sql`and (p.search @@ websearch_to_tsquery('spanish', ${term}) or p.search @@ websearch_to_tsquery('simple', ${term}) or p.sku ilike ${startingWith(term)})` : sql``}
            ${q.category ? sql`and p.category = ${q.category}` : sql``}
            ${q.location ? sql`and b.location_id = (select id from catalog_locations where tenant_id = ${t} and code = ${q.location})` : sql``}
            ${q.product_id ? sql`and b.product_id = ${q.product_id}` : sql``}
            ${q.low_stock ? sql`and b.min_qty is not null and b.on_hand - b.reserved < b.min_qty` : sql``}
            ${scope === null ? sql`` : sql`and b.location_id = any(${sql.param(scope)}::uuid[])`}`;
    const from = sql`
          from catalog_products p
          join stock_balances b on b.product_id = p.id
          join catalog_locations l on l.id = b.location_id
          ${where} and p.tenant_id = ${t}`;
    // The count joins only what its filters need: counting balances alone is an index-only scan.
    const countFrom = sql`
          from stock_balances b
          ${byProduct ? sql`join catalog_products p on p.id = b.product_id` : sql``}
          ${where}`;
    return p.uow.forTenant(t, async (tx) => {
      if (q.location && scope !== null)
        assertStoreAccess(ctx, (await catalogFacade.location(tx, t, q.location, 'location')).id);
      // Walks products in SKU order and probes their balances, so a page costs its rows, not the table.
      const { rows } = await tx.execute<Row>(sql`
          select p.id as product_id, l.id as location_id, b.version, p.sku, p.name, p.category, l.code as location, l.name as location_name,
            b.on_hand::text, b.reserved::text, (b.on_hand - b.reserved)::text as available,
            b.min_qty::text, b.max_qty::text,
            (b.min_qty is not null and b.on_hand - b.reserved < b.min_qty) as low_stock
          ${from}
          order by p.sku, l.code
          limit ${q.limit} offset ${offsetOf(q)}`);
      const total = await countUpTo(tx, countFrom, COUNT_CAP);
      const page = pageOf(
        rows.map((r) => ({
          ...r,
          on_hand: trim(r.on_hand),
          reserved: trim(r.reserved),
          available: trim(r.available),
          min_qty: trimOrNull(r.min_qty),
          max_qty: trimOrNull(r.max_qty),
        })),
        total.n,
        q,
      );
      return { ...page, pagination: { ...page.pagination, total_exact: total.exact } };
    });
  },

  setLevels: async (ctx: RequestContext, input: StockLevels) => {
    await p.uow.forTenant(ctx.tenantId, async (tx) => {
      const loc = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
      assertStoreAccess(ctx, loc.id);
      await catalogFacade.product(tx, ctx.tenantId, input.product_id);
      await tx
        .insert(stockBalances)
        .values({
          tenantId: ctx.tenantId,
          productId: input.product_id,
          locationId: loc.id,
          minQty: input.min_qty,
          maxQty: input.max_qty,
        })
        .onConflictDoUpdate({
          target: [stockBalances.productId, stockBalances.locationId],
          set: { minQty: input.min_qty, maxQty: input.max_qty },
        });
    });
  },
});

export type InventoryListService = ReturnType<typeof createInventoryListService>;
