import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';

type Dated = { date: string; qty: number };

/** What other modules may read of stock (planning's net flow and ADU). */
export const inventoryFacade = {
  /**
   * Consumption per day out of a location and the locations under it: shipments net of
   * returns. Transfers (internal moves), scrap and count corrections are not usage.
   */
  consumptionByDay: async (
    tx: Executor,
    tenantId: string,
    productId: string,
    locationId: string,
    from: string,
    to: string,
  ) => {
    const { rows } = await tx.execute<{ date: string; qty: string }>(sql`
      with recursive tree(id) as (
        select ${locationId}::uuid
        union select l.id from locations l join tree t on l.parent_id = t.id where l.tenant_id = ${tenantId})
      select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as date, (-sum(m.quantity))::text as qty
      from stock_movements m
      where m.tenant_id = ${tenantId} and m.product_id = ${productId} and m.location_id in (select id from tree)
        and m.kind in ('shipment', 'return')
        and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
      group by 1`);
    return rows.map((r): Dated => ({ date: r.date, qty: Math.max(0, Number(r.qty)) }));
  },

  /** On hand not held by a live reservation (an expired hold no longer counts). */
  unreservedOnHand: async (tx: Executor, tenantId: string, productId: string, locationId: string) => {
    const { rows } = await tx.execute<{ free: string }>(sql`
      select (b.on_hand - b.reserved + coalesce((
        select sum(l.quantity) from reservation_lines l
        where l.product_id = b.product_id and l.location_id = b.location_id and l.released_at is null and l.expires_at <= now()), 0))::text as free
      from stock_balances b
      where b.tenant_id = ${tenantId} and b.product_id = ${productId} and b.location_id = ${locationId}`);
    return Number(rows[0]?.free ?? 0);
  },

  /** Stock on its way to the location (transfers in transit), as supply due now. */
  inboundInTransit: async (tx: Executor, tenantId: string, productId: string, locationId: string) => {
    const { rows } = await tx.execute<{ date: string; qty: string }>(sql`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as date, quantity::text as qty
      from stock_transfers
      where tenant_id = ${tenantId} and product_id = ${productId} and to_location_id = ${locationId} and status = 'IN_TRANSIT'`);
    return rows.map((r): Dated => ({ date: r.date, qty: Number(r.qty) }));
  },
};
