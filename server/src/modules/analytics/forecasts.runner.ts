import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { addDays, dayNumber } from '../../platform/dates.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogProducts as products } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { announceForecasts, bufferedItems, replaceEngineForecasts } from '../planning/index.ts';
import { bucketize, bucketStart, forecastRanges, nextBucket } from './domain/buckets.ts';
import { forecastSeries } from './domain/forecast.ts';
import { analyticsEvents } from './events.ts';
import {
  analyticsForecastMonths,
  analyticsForecasts,
  analyticsForecastRuns,
  type ForecastPoint,
} from './schema.ts';

/** Weekly buckets: smooth enough to forecast, fine enough for a buffer's DLT and for 13-week DDS&OP. */
export const FORECAST_PERIOD = 'week' as const;
export const FORECAST_HORIZON = 13;
const HISTORY_BUCKETS = 104;
// A year of seasonality needs two to be seen; shorter histories are fitted without a season.
const SEASON = 52;
/** An item unbuffered and unsold for this long is not forecast. */
const SALES_WINDOW_DAYS = 365;
/** Products per chunk: one read, one write and one cursor step each. */
const CHUNK = 500;
const WRITE_ROWS = 1000;

type Item = { product_id: string; location_id: string };
type Forecast = ReturnType<typeof forecastSeries>;
const keyOf = (i: Item) => `${i.product_id}|${i.location_id}`;

/** The series' quantity over the calendar days [start, end), reading each range as spread evenly. */
const quantityIn = (
  ranges: readonly { start_date: string; end_date: string; quantity: number }[],
  start: string,
  end: string,
) => {
  let q = 0;
  for (const r of ranges) {
    const from = r.start_date > start ? r.start_date : start;
    const to = addDays(r.end_date, 1) < end ? addDays(r.end_date, 1) : end;
    const days = dayNumber(to) - dayNumber(from);
    const span = dayNumber(r.end_date) + 1 - dayNumber(r.start_date);
    if (days > 0) q += (r.quantity * days) / span;
  }
  return q;
};

/** The stored steps: the ranges planning gets, with the bands scaled the same way. */
const pointsOf = (today: string, f: Forecast): ForecastPoint[] => {
  const ranges = forecastRanges(today, FORECAST_PERIOD, f.mean);
  return ranges.map((r, i) => {
    const share = f.mean[i] ? r.quantity / (f.mean[i] as number) : 1;
    const band = (level: string, side: 'lo' | 'hi') => (f.intervals[level]?.[side][i] ?? 0) * share;
    return {
      start: r.start_date,
      end: r.end_date,
      mean: r.quantity,
      lo80: band('80', 'lo'),
      hi80: band('80', 'hi'),
      lo95: band('95', 'lo'),
      hi95: band('95', 'hi'),
    };
  });
};

/**
 * Forecasts a tenant's items (every buffered product × location, and every one with demand in
 * the last year) from their weekly demand history, stores each forecast with its bands and
 * scores, and hands planning the means as `analytics` demand forecasts. Products are scanned in
 * id order in chunks; each chunk commits with the run's cursor, so a retried run resumes.
 */
export const createForecastRunner = (p: Platform, opts: { chunk?: number } = {}) => {
  const chunkSize = opts.chunk ?? CHUNK;
  const read = async (tx: Tx, tenantId: string, today: string, productIds: string[]) => {
    const until = bucketStart(today, FORECAST_PERIOD);
    let from = until;
    for (let i = 0; i < HISTORY_BUCKETS; i++) from = addDays(from, -7);
    const days = await inventoryFacade.dailyDemand(tx, tenantId, from, addDays(until, -1), productIds);
    const buffered = await bufferedItems(tx, tenantId, productIds);
    const history = new Map<string, { day: string; qty: number }[]>();
    const sold = new Set<string>();
    const recent = addDays(today, -SALES_WINDOW_DAYS);
    for (const d of days) {
      const k = keyOf(d);
      const list = history.get(k);
      if (list) list.push(d);
      else history.set(k, [d]);
      if (d.day >= recent) sold.add(k);
    }
    const items = new Map<string, Item>();
    for (const b of buffered) items.set(keyOf(b), b);
    for (const d of days)
      if (sold.has(keyOf(d))) items.set(keyOf(d), { product_id: d.product_id, location_id: d.location_id });
    return { until, items: [...items.values()], history };
  };

  /** One chunk's forecasts, computed outside any transaction. */
  const compute = (chunk: Awaited<ReturnType<typeof read>>) => {
    const done: { item: Item; f: Forecast; points: number }[] = [];
    let failed = 0;
    for (const item of chunk.items) {
      const { values } = bucketize(chunk.history.get(keyOf(item)) ?? [], FORECAST_PERIOD, chunk.until);
      // A buffered item that never sold forecasts nothing: there is no demand to extend.
      const series = values.length > 0 ? values : [0];
      try {
        const f = forecastSeries({
          id: keyOf(item),
          values: series,
          seasonLength: series.length >= 2 * SEASON ? SEASON : 1,
          horizon: FORECAST_HORIZON,
          levels: [80, 95],
          method: 'auto',
        });
        done.push({ item, f, points: values.length });
      } catch (err) {
        failed++;
        p.log.warn({ err, item }, 'forecast of one item failed');
      }
    }
    return { done, failed };
  };

  const write = async (
    tx: Tx,
    tenantId: string,
    runId: string,
    today: string,
    productIds: string[],
    out: ReturnType<typeof compute>,
  ) => {
    // The chunk's products are forecast afresh: an item no longer forecast loses its stale one.
    await tx
      .delete(analyticsForecasts)
      .where(
        and(eq(analyticsForecasts.tenantId, tenantId), inArray(analyticsForecasts.productId, productIds)),
      );
    if (out.done.length === 0) return replaceEngineForecasts(tx, tenantId, today, productIds, []);
    const month = nextBucket(bucketStart(today, 'month'), 'month');
    const rows = out.done.map(({ item, f, points }) => ({
      item,
      f,
      points,
      steps: pointsOf(today, f),
    }));
    // Bounded statements: a product stocked at many stores makes many rows.
    for (let i = 0; i < rows.length; i += WRITE_ROWS)
      await tx.insert(analyticsForecasts).values(
        rows.slice(i, i + WRITE_ROWS).map(({ item, f, points, steps }) => ({
          tenantId,
          productId: item.product_id,
          locationId: item.location_id,
          period: FORECAST_PERIOD,
          seasonLength: points >= 2 * SEASON ? SEASON : 1,
          method: f.method,
          model: f.model ?? null,
          demandClass: f.class,
          historyPoints: points,
          points: steps,
          rmsse: f.backtest.rmsse,
          mase: f.backtest.mase,
          mae: f.backtest.mae ?? null,
          rmse: f.backtest.rmse ?? null,
          origins: f.backtest.origins,
          runId,
        })),
      );
    // Next month as forecast before it begins: what accuracy is measured against once it ends.
    const monthEnd = nextBucket(month, 'month');
    for (let i = 0; i < rows.length; i += WRITE_ROWS)
      await tx
        .insert(analyticsForecastMonths)
        .values(
          rows.slice(i, i + WRITE_ROWS).map(({ item, f, steps }) => ({
            tenantId,
            productId: item.product_id,
            locationId: item.location_id,
            month,
            quantity: quantityIn(
              steps.map((s) => ({ start_date: s.start, end_date: s.end, quantity: s.mean })),
              month,
              monthEnd,
            ),
            method: f.method,
            demandClass: f.class,
          })),
        )
        .onConflictDoUpdate({
          target: [
            analyticsForecastMonths.tenantId,
            analyticsForecastMonths.productId,
            analyticsForecastMonths.locationId,
            analyticsForecastMonths.month,
          ],
          set: {
            quantity: sql`excluded.quantity`,
            method: sql`excluded.method`,
            demandClass: sql`excluded.demand_class`,
            madeAt: sql`now()`,
          },
        });
    return replaceEngineForecasts(
      tx,
      tenantId,
      today,
      productIds,
      rows.map(({ item, steps }) => ({
        ...item,
        ranges: steps.map((s) => ({ start_date: s.start, end_date: s.end, quantity: s.mean.toFixed(4) })),
      })),
    );
  };

  const finish = (tenantId: string, runId: string, error?: string) =>
    p.uow.forTenant(tenantId, async (tx, emit) => {
      const [run] = await tx
        .update(analyticsForecastRuns)
        .set({ status: error ? 'failed' : 'completed', finishedAt: sql`now()`, error: error ?? null })
        .where(and(eq(analyticsForecastRuns.tenantId, tenantId), eq(analyticsForecastRuns.id, runId)))
        .returning();
      if (!run) return;
      const payload = {
        run_id: run.id,
        trigger: run.trigger,
        products: run.productsDone,
        items_forecast: run.itemsForecast,
        items_failed: run.itemsFailed,
      };
      emit(
        error
          ? analyticsEvents.forecastRunFailed.create({
              tenantId,
              aggregateId: runId,
              payload: { ...payload, error },
            })
          : analyticsEvents.forecastRunCompleted.create({ tenantId, aggregateId: runId, payload }),
      );
    });

  /** Runs (or resumes) one queued run to its end. */
  const run = async (tenantId: string, runId: string) => {
    const start = await p.uow.forTenant(tenantId, async (tx) => {
      const [r] = await tx
        .select()
        .from(analyticsForecastRuns)
        .where(and(eq(analyticsForecastRuns.tenantId, tenantId), eq(analyticsForecastRuns.id, runId)));
      if (!r || r.status === 'completed' || r.status === 'failed') return null;
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(products)
        .where(eq(products.tenantId, tenantId));
      await tx
        .update(analyticsForecastRuns)
        .set({ status: 'running', startedAt: sql`coalesce(started_at, now())`, productsTotal: n })
        .where(eq(analyticsForecastRuns.id, runId));
      return { cursor: r.cursor, today: await tenantCalendar.today(tx, tenantId) };
    });
    if (!start) return;
    let cursor = start.cursor;
    try {
      for (;;) {
        const chunk = await p.uow.forTenant(tenantId, async (tx) => {
          const ids = (
            await tx
              .select({ id: products.id })
              .from(products)
              .where(and(eq(products.tenantId, tenantId), cursor ? gt(products.id, cursor) : undefined))
              .orderBy(asc(products.id))
              .limit(chunkSize)
          ).map((r) => r.id);
          return ids.length ? { ids, ...(await read(tx, tenantId, start.today, ids)) } : null;
        });
        if (!chunk) break;
        const out = compute(chunk);
        const last = chunk.ids[chunk.ids.length - 1] as string;
        await p.uow.forTenant(tenantId, async (tx, emit) => {
          const changed = await write(tx, tenantId, runId, start.today, chunk.ids, out);
          if (changed.length) announceForecasts(emit, tenantId, runId, changed);
          await tx
            .update(analyticsForecastRuns)
            .set({
              cursor: last,
              productsDone: sql`${analyticsForecastRuns.productsDone} + ${chunk.ids.length}`,
              itemsForecast: sql`${analyticsForecastRuns.itemsForecast} + ${out.done.length}`,
              itemsFailed: sql`${analyticsForecastRuns.itemsFailed} + ${out.failed}`,
            })
            .where(eq(analyticsForecastRuns.id, runId));
        });
        cursor = last;
      }
    } catch (err) {
      // Failed for good: tomorrow's run starts afresh. A crash, by contrast, leaves the run
      // `running`, and the job's redelivery resumes it from the cursor.
      p.log.error({ err, tenantId, runId }, 'forecast run failed');
      await finish(tenantId, runId, (err as Error).message);
      return;
    }
    await finish(tenantId, runId);
  };

  return { run };
};

export type ForecastRunner = ReturnType<typeof createForecastRunner>;
