import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';

export type StockDaysFilter = {
  from: string;
  to: string;
  /** Only these locations (as stored, no roll-up of sub-locations); null: all. */
  locationIds: string[] | null;
  /** Only these products; null: all. */
  productIds: string[] | null;
};

const scoped = (f: StockDaysFilter) => sql`
  ${f.locationIds ? sql`and m.location_id = any(${sql.param(f.locationIds)}::uuid[])` : sql``}
  ${f.productIds ? sql`and m.product_id = any(${sql.param(f.productIds)}::uuid[])` : sql``}`;

/**
 * The ledger day by day over [from, to] (UTC days), per product × location: the closing balance
 * before `from`, and for each day with movements its closing balance (the last movement by
 * version), units shipped and units returned. Analytics rebuilds on-hand paths, cost of
 * consumption and stockout days from this, so its figures are the ledger's.
 */
export const stockDays = async (tx: Executor, tenantId: string, f: StockDaysFilter) => {
  const { rows: opening } = await tx.execute<{
    product_id: string;
    location_id: string;
    balance: string;
  }>(sql`
    select distinct on (m.product_id, m.location_id) m.product_id, m.location_id, m.balance_after::text as balance
    from stock_movements m
    where m.tenant_id = ${tenantId} and m.created_at < ${f.from}::date ${scoped(f)}
    order by m.product_id, m.location_id, m.balance_version desc`);
  const { rows: days } = await tx.execute<{
    product_id: string;
    location_id: string;
    date: string;
    closing: string;
    shipped: string;
    returned: string;
  }>(sql`
    select m.product_id, m.location_id, to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as date,
      ((array_agg(m.balance_after order by m.balance_version desc))[1])::text as closing,
      (coalesce(-sum(m.quantity) filter (where m.kind = 'shipment'), 0))::text as shipped,
      (coalesce(sum(m.quantity) filter (where m.kind = 'return'), 0))::text as returned
    from stock_movements m
    where m.tenant_id = ${tenantId} and m.created_at >= ${f.from}::date and m.created_at < ${f.to}::date + 1
      ${scoped(f)}
    group by 1, 2, 3
    order by 1, 2, 3`);
  return {
    opening: opening.map((r) => ({
      product_id: r.product_id,
      location_id: r.location_id,
      balance: Number(r.balance),
    })),
    days: days.map((r) => ({
      product_id: r.product_id,
      location_id: r.location_id,
      date: r.date,
      closing: Number(r.closing),
      shipped: Number(r.shipped),
      returned: Number(r.returned),
    })),
  };
};
