import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { CONSUMPTION_KINDS } from './schema.ts';
import { inventoryEvents } from './events.ts';

/** Demand sold outside Flujo's ledger (ADR 0009): a spreadsheet's or an ERP's sales history. */
export type DemandFact = {
  productId: string;
  locationId: string;
  start: string;
  end: string;
  /** Units sold over the days, net of returns: decimal text. */
  quantity: string;
  source: string;
  reference: string;
};

const CHUNK = 1000;
/** An event names at most this many items, so its payload stays small. */
const EVENT_ITEMS = 500;

const announce = (emit: Emit, tenantId: string, items: { product_id: string; location_id: string }[]) => {
  const unique = [...new Map(items.map((i) => [`${i.product_id}|${i.location_id}`, i])).values()];
  for (let i = 0; i < unique.length; i += EVENT_ITEMS)
    emit(
      inventoryEvents.demandRecorded.create({
        tenantId,
        aggregateId: tenantId,
        payload: { items: unique.slice(i, i + EVENT_ITEMS) },
      }),
    );
};

/**
 * Records demand facts in the caller's transaction. The same source and reference replace
 * what was there, so loading one history twice counts it once. Stock does not move.
 */
export const recordDemand = async (tx: Tx, tenantId: string, emit: Emit, facts: DemandFact[]) => {
  for (let i = 0; i < facts.length; i += CHUNK) {
    const part = facts.slice(i, i + CHUNK);
    await tx.execute(sql`
      insert into demand_history (tenant_id, product_id, location_id, start_date, end_date, quantity, source, reference)
      select ${tenantId}::uuid, p, l, s, e, q, src, ref
      from unnest(${sql.param(part.map((f) => f.productId))}::uuid[], ${sql.param(part.map((f) => f.locationId))}::uuid[],
        ${sql.param(part.map((f) => f.start))}::date[], ${sql.param(part.map((f) => f.end))}::date[],
        ${sql.param(part.map((f) => f.quantity))}::numeric[], ${sql.param(part.map((f) => f.source))}::text[],
        ${sql.param(part.map((f) => f.reference))}::text[]) as x(p, l, s, e, q, src, ref)
      on conflict (tenant_id, source, reference) do update set product_id = excluded.product_id,
        location_id = excluded.location_id, start_date = excluded.start_date, end_date = excluded.end_date,
        quantity = excluded.quantity`);
  }
  announce(
    emit,
    tenantId,
    facts.map((f) => ({ product_id: f.productId, location_id: f.locationId })),
  );
};

/** Removes demand facts (an ERP document cancelled after it was synced). */
export const forgetDemand = async (
  tx: Tx,
  tenantId: string,
  emit: Emit,
  source: string,
  references: string[],
) => {
  if (references.length === 0) return 0;
  const { rows } = await tx.execute<{ product_id: string; location_id: string }>(sql`
    delete from demand_history where tenant_id = ${tenantId} and source = ${source}
      and reference = any(${sql.param(references)}::text[])
    returning product_id, location_id`);
  announce(emit, tenantId, rows);
  return rows.length;
};

/** Whether any demand fact of the tenant overlaps the days, so the plain ledger sum can serve alone. */
export const hasDemandIn = async (tx: Executor, tenantId: string, from: string, to: string) => {
  const { rows } = await tx.execute<{ one: number }>(sql`
    select 1 as one from demand_history
    where tenant_id = ${tenantId} and end_date >= ${from}::date and start_date <= ${to}::date limit 1`);
  return rows.length > 0;
};

const consumption = sql.param([...CONSUMPTION_KINDS]);

/**
 * Per product × location × day of [from, to]: the ledger's consumption on days it has any,
 * otherwise the recorded demand for that day (a range spread evenly over its days). One rule
 * for both reads below, so a sale is never counted from the ledger and the history at once.
 */
export const dailyDemandSql = (
  tenantId: string,
  from: string,
  to: string,
  where: { products?: string[] | null; product?: string; locations?: ReturnType<typeof sql> },
  skip: string[] = [],
) => {
  const productFilter = (col: ReturnType<typeof sql>) =>
    where.product
      ? sql`and ${col} = ${where.product}`
      : where.products
        ? sql`and ${col} = any(${sql.param(where.products)}::uuid[])`
        : sql``;
  const locationFilter = (col: ReturnType<typeof sql>) =>
    where.locations ? sql`and ${col} in (${where.locations})` : sql``;
  return sql`
    ledger as (
      select m.product_id, m.location_id, (m.created_at at time zone 'UTC')::date as day, -sum(m.quantity) as qty
      from stock_movements m
      where m.tenant_id = ${tenantId} and m.kind = any(${consumption}::text[])
        and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
        ${productFilter(sql`m.product_id`)} ${locationFilter(sql`m.location_id`)}
        ${skip.length ? sql`and m.id <> all(${sql.param(skip)}::uuid[])` : sql``}
      group by 1, 2, 3),
    recorded as (
      select h.product_id, h.location_id, d.day::date as day,
        sum(h.quantity / (h.end_date - h.start_date + 1)) as qty
      from demand_history h
      cross join lateral generate_series(greatest(h.start_date, ${from}::date), least(h.end_date, ${to}::date), interval '1 day') d(day)
      where h.tenant_id = ${tenantId} and h.end_date >= ${from}::date and h.start_date <= ${to}::date
        ${productFilter(sql`h.product_id`)} ${locationFilter(sql`h.location_id`)}
      group by 1, 2, 3),
    daily as (
      select coalesce(l.product_id, r.product_id) as product_id, coalesce(l.location_id, r.location_id) as location_id,
        coalesce(l.day, r.day) as day, coalesce(l.qty, r.qty) as qty
      from ledger l full join recorded r
        on r.product_id = l.product_id and r.location_id = l.location_id and r.day = l.day)`;
};
