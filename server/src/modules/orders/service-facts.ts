import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';

/**
 * Customer-order lines placed in [from, to] (UTC days) with the day their order shipped, for
 * fill rate and service level. Cancelled orders are left out: stock is reserved when an order is
 * placed, so a cancellation is the buyer's or the payment's, not a failure to serve from stock.
 * An order ships whole (the shipment consumes its reservation), so a shipped line is complete.
 */
export const customerServiceLines = async (
  tx: Executor,
  tenantId: string,
  f: { from: string; to: string; locationIds: string[] | null; productIds: string[] | null },
) => {
  const { rows } = await tx.execute<{
    order_id: string;
    location_id: string;
    product_id: string;
    quantity: string;
    ordered_on: string;
    shipped_on: string | null;
  }>(sql`
    select o.id as order_id, o.location_id, l.product_id, l.quantity::text as quantity,
      to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD') as ordered_on,
      to_char(s.at at time zone 'UTC', 'YYYY-MM-DD') as shipped_on
    from customer_orders o
    join customer_order_lines l on l.order_id = o.id
    left join order_saga_log s on s.order_id = o.id and s.step = 'ship' and s.outcome = 'done'
    where o.tenant_id = ${tenantId} and o.status <> 'CANCELLED'
      and o.created_at >= ${f.from}::date and o.created_at < ${f.to}::date + 1
      ${f.locationIds ? sql`and o.location_id = any(${sql.param(f.locationIds)}::uuid[])` : sql``}
      ${f.productIds ? sql`and l.product_id = any(${sql.param(f.productIds)}::uuid[])` : sql``}`);
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
};

/**
 * Lead time of each purchase receipt of a supplier received in [from, to]: days from the
 * order's date to the receipt, with the days it was promised in (order date to due date).
 * `storeIds` limits it to orders for those stores (a Seller's scope).
 */
export const supplierLeadTimes = async (
  tx: Executor,
  tenantId: string,
  supplierId: string,
  f: { from: string; to: string; storeIds: string[] | null },
) => {
  const { rows } = await tx.execute<{ lead_time: number; promised: number }>(sql`
    select (sp.received_date::date - o.order_date::date)::int as lead_time,
      (sp.promised_date::date - o.order_date::date)::int as promised
    from supplier_performance sp
    join supply_orders o on o.id = sp.order_id
    where sp.tenant_id = ${tenantId} and sp.supplier_id = ${supplierId}
      and sp.received_date >= ${f.from} and sp.received_date <= ${f.to}
      ${f.storeIds ? sql`and o.location_id = any(${sql.param(f.storeIds)}::uuid[])` : sql``}`);
  return rows;
};
