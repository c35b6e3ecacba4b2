import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';

type Scope = { locationIds: string[] | null; productIds: string[] | null };

const scoped = (alias: string, f: Scope) => sql`
  ${f.locationIds ? sql`and ${sql.raw(alias)}.location_id = any(${sql.param(f.locationIds)}::uuid[])` : sql``}
  ${f.productIds ? sql`and ${sql.raw(alias)}.product_id = any(${sql.param(f.productIds)}::uuid[])` : sql``}`;

const num = (v: string | null) => (v === null ? null : Number(v));

type ZoneColumns = {
  adu: string | null;
  red: string | null;
  green: string | null;
  top_of_red: string | null;
  top_of_yellow: string | null;
  top_of_green: string | null;
};
/** A buffer's ADU and zones as numbers, from a current row or a history row alike. */
const zonesOf = (r: ZoneColumns) => ({
  adu: num(r.adu),
  red: num(r.red),
  green: num(r.green),
  top_of_red: num(r.top_of_red),
  top_of_yellow: num(r.top_of_yellow),
  top_of_green: num(r.top_of_green),
});

/** What analytics reads of planning: buffers as last calculated, their daily history, forecasts. */
export const bufferFacts = {
  /** Calculated buffers with their ADU and zones. */
  current: async (tx: Executor, tenantId: string, f: Scope) => {
    const { rows } = await tx.execute<
      ZoneColumns & { id: string; product_id: string; location_id: string }
    >(sql`
      select b.id, b.product_id, b.location_id, b.adu::text, b.red::text, b.green::text,
        b.top_of_red::text, b.top_of_yellow::text, b.top_of_green::text
      from buffers b
      where b.tenant_id = ${tenantId} and b.calculated_at is not null ${scoped('b', f)}`);
    return rows.map((r) => ({
      id: r.id,
      product_id: r.product_id,
      location_id: r.location_id,
      ...zonesOf(r),
    }));
  },

  /** The daily snapshots of buffers between two days (inclusive), oldest first. */
  history: async (tx: Executor, tenantId: string, from: string, to: string, f: Scope) => {
    const { rows } = await tx.execute<
      ZoneColumns & {
        date: string;
        buffer_id: string;
        product_id: string;
        location_id: string;
        on_hand: string | null;
        net_flow: string | null;
      }
    >(sql`
      select to_char(h.date, 'YYYY-MM-DD') as date, h.buffer_id, b.product_id, b.location_id,
        h.adu::text, h.red::text, h.green::text, h.top_of_red::text, h.top_of_yellow::text, h.top_of_green::text,
        h.on_hand::text, h.net_flow::text
      from buffer_history h join buffers b on b.id = h.buffer_id
      where h.tenant_id = ${tenantId} and h.date between ${from}::date and ${to}::date ${scoped('b', f)}
      order by h.date`);
    return rows.map((r) => ({
      date: r.date,
      buffer_id: r.buffer_id,
      product_id: r.product_id,
      location_id: r.location_id,
      ...zonesOf(r),
      on_hand: num(r.on_hand),
      net_flow: num(r.net_flow),
    }));
  },

  /** Demand forecast ranges that overlap [from, to]. */
  forecasts: async (tx: Executor, tenantId: string, from: string, to: string, f: Scope) => {
    const { rows } = await tx.execute<{
      product_id: string;
      location_id: string;
      start: string;
      end: string;
      qty: string;
    }>(sql`
      select f.product_id, f.location_id, to_char(f.start_date, 'YYYY-MM-DD') as start,
        to_char(f.end_date, 'YYYY-MM-DD') as end, f.quantity::text as qty
      from demand_forecasts f
      where f.tenant_id = ${tenantId} and f.end_date >= ${from}::date and f.start_date <= ${to}::date
        ${scoped('f', f)}`);
    return rows.map((r) => ({ ...r, qty: Number(r.qty) }));
  },
};
