import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { lockForecasts } from './forecasts.lock.ts';
import { buffers, demandForecasts } from './schema.ts';

type Item = { product_id: string; location_id: string };
type Range = { start_date: string; end_date: string; quantity: string };
/** One item's engine forecast from `from` on: consecutive ranges, each a total spread over its days. */
export type EngineForecast = Item & { ranges: Range[] };

const pairs = (items: readonly Item[]) =>
  sql`(select * from unnest(${sql.param(items.map((i) => i.product_id))}::uuid[], ${sql.param(items.map((i) => i.location_id))}::uuid[]))`;

/**
 * The stored ranges of `items` that a planner wrote (typed or imported): the ones a new range
 * may clash with, and the ones the engine must leave alone. The engine's own never count.
 */
export const plannerRanges = (tx: Tx, tenantId: string, items: readonly Item[]) =>
  tx
    .select({
      product_id: demandForecasts.productId,
      location_id: demandForecasts.locationId,
      start: demandForecasts.startDate,
      end: demandForecasts.endDate,
    })
    .from(demandForecasts)
    .where(
      and(
        eq(demandForecasts.tenantId, tenantId),
        ne(demandForecasts.source, 'analytics'),
        sql`(${demandForecasts.productId}, ${demandForecasts.locationId}) in ${pairs(items)}`,
      ),
    );

/**
 * A planner's range wins over the engine's (issue 15): before a manual or imported forecast is
 * written, the engine's ranges of its item that share a day with it go. The caller holds the
 * forecasts lock, so the nightly run cannot put them back in between.
 */
export const yieldEngineForecasts = async (
  tx: Tx,
  tenantId: string,
  rows: readonly (Item & { start_date: string; end_date: string })[],
) => {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await tx.execute(sql`
      delete from demand_forecasts f
      using unnest(${sql.param(chunk.map((r) => r.product_id))}::uuid[], ${sql.param(chunk.map((r) => r.location_id))}::uuid[],
                   ${sql.param(chunk.map((r) => r.start_date))}::date[], ${sql.param(chunk.map((r) => r.end_date))}::date[])
        as r(product_id, location_id, start_date, end_date)
      where f.tenant_id = ${tenantId} and f.source = 'analytics'
        and f.product_id = r.product_id and f.location_id = r.location_id
        and f.start_date <= r.end_date and f.end_date >= r.start_date`);
  }
};

/**
 * Replaces the engine's forecasts of `productIds` from `from` on with `items`' ranges (those
 * starting before `from` are dropped), leaving out every range that shares a day with a
 * planner's own (manual or imported) forecast. Every engine range of those products goes
 * first, so an item the engine no longer forecasts loses its stale ranges. Reads and deletes by
 * product (the unique index's second column), so a chunk costs the same however many engine
 * ranges the tenant holds. Returns the items whose forecasts changed, for `announceForecasts`.
 */
export const replaceEngineForecasts = async (
  tx: Tx,
  tenantId: string,
  from: string,
  productIds: readonly string[],
  items: readonly EngineForecast[],
) => {
  if (productIds.length === 0) return [];
  await lockForecasts(tx, tenantId, false);
  const ids = sql.param([...productIds]);
  const { rows: removed } = await tx.execute<Item>(sql`
    delete from demand_forecasts
    where tenant_id = ${tenantId} and product_id = any(${ids}::uuid[])
      and source = 'analytics' and end_date >= ${from}::date
    returning product_id, location_id`);
  const { rows: planners } = await tx.execute<Item & { start: string; end: string }>(sql`
    select product_id, location_id, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as end
    from demand_forecasts
    where tenant_id = ${tenantId} and product_id = any(${ids}::uuid[])
      and source <> 'analytics' and end_date >= ${from}::date`);
  const taken = new Map<string, { start: string; end: string }[]>();
  for (const r of planners) {
    const k = `${r.product_id}|${r.location_id}`;
    taken.set(k, [...(taken.get(k) ?? []), r]);
  }
  const rows = items.flatMap((it) => {
    const mine = taken.get(`${it.product_id}|${it.location_id}`) ?? [];
    return it.ranges
      .filter(
        (r) => r.start_date >= from && !mine.some((t) => t.start <= r.end_date && t.end >= r.start_date),
      )
      .map((r) => ({
        tenantId,
        productId: it.product_id,
        locationId: it.location_id,
        startDate: r.start_date,
        endDate: r.end_date,
        quantity: r.quantity,
        source: 'analytics' as const,
      }));
  });
  for (let i = 0; i < rows.length; i += 2000)
    await tx
      .insert(demandForecasts)
      .values(rows.slice(i, i + 2000))
      .onConflictDoNothing();
  const changed = new Map<string, Item>();
  for (const it of [...removed, ...items])
    changed.set(`${it.product_id}|${it.location_id}`, {
      product_id: it.product_id,
      location_id: it.location_id,
    });
  return [...changed.values()];
};

/** The buffered product × locations of the tenant (of `productIds` only, when given): the engine forecasts each. */
export const bufferedItems = (tx: Tx, tenantId: string, productIds?: readonly string[]): Promise<Item[]> =>
  tx
    .select({ product_id: buffers.productId, location_id: buffers.locationId })
    .from(buffers)
    .where(
      and(
        eq(buffers.tenantId, tenantId),
        productIds ? sql`${buffers.productId} = any(${sql.param([...productIds])}::uuid[])` : undefined,
      ),
    );
