import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { addDays } from '../../platform/dates.ts';
import { inStoreScope, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogProducts as products,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { bucketize, bucketStart } from './domain/buckets.ts';
import type { DemandClass } from './domain/types.ts';
import { FORECAST_PERIOD } from './forecasts.runner.ts';
import { analyticsForecastRuns, analyticsForecasts } from './schema.ts';

export const FORECAST_RUN_JOB = 'analytics-forecast-run';
export type ForecastRunJob = { tenantId: string; runId: string };

export type ForecastFilter = PageQuery & {
  location?: string | undefined;
  method?: string | undefined;
  class?: DemandClass | undefined;
  search?: string | undefined;
};

/** Weeks of actual demand the forecast view shows before the forecast. */
const HISTORY_SHOWN = 52;

const runView = (r: typeof analyticsForecastRuns.$inferSelect) => ({
  id: r.id,
  trigger: r.trigger,
  status: r.status,
  products_total: r.productsTotal,
  products_done: r.productsDone,
  items_forecast: r.itemsForecast,
  items_failed: r.itemsFailed,
  error: r.error,
  created_at: new Date(r.createdAt).toISOString(),
  started_at: r.startedAt ? new Date(r.startedAt).toISOString() : null,
  finished_at: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
});

const scoped = (ctx: RequestContext) =>
  ctx.storeIds === null ? undefined : inArray(analyticsForecasts.locationId, ctx.storeIds);

export const createForecastsService = (p: Platform) => {
  /** The tenant's run already queued or running, else a new one with its job; one at a time. */
  const openRun = async (tx: Tx, tenantId: string, trigger: 'schedule' | 'manual', userId: string | null) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('analytics_forecast_runs'), hashtext(${tenantId}))`,
    );
    const [open] = await tx
      .select()
      .from(analyticsForecastRuns)
      .where(
        and(
          eq(analyticsForecastRuns.tenantId, tenantId),
          inArray(analyticsForecastRuns.status, ['queued', 'running']),
          // A run stuck longer than this died with its process and its retries; a new one supersedes it.
          gte(analyticsForecastRuns.createdAt, sql`now() - interval '6 hours'`),
        ),
      )
      .orderBy(desc(analyticsForecastRuns.createdAt))
      .limit(1);
    if (open) return { run: runView(open), created: false };
    const [run] = await tx
      .insert(analyticsForecastRuns)
      .values({ tenantId, trigger, requestedBy: userId })
      .returning();
    if (!run) throw new Error('run insert returned nothing');
    await p.jobs.send(FORECAST_RUN_JOB, { tenantId, runId: run.id } satisfies ForecastRunJob, { tx });
    return { run: runView(run), created: true };
  };

  const select = (tx: Tx) =>
    tx
      .select({
        f: analyticsForecasts,
        sku: products.sku,
        name: products.name,
        code: locations.code,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(analyticsForecasts)
      .innerJoin(products, eq(products.id, analyticsForecasts.productId))
      .innerJoin(locations, eq(locations.id, analyticsForecasts.locationId));
  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

  const view = ({ f, sku, name, code }: Row) => ({
    product_id: f.productId,
    sku,
    product_name: name,
    location_id: f.locationId,
    location_code: code,
    period: f.period,
    season_length: f.seasonLength,
    method: f.method,
    model: f.model,
    class: f.demandClass,
    history_points: f.historyPoints,
    backtest: { rmsse: f.rmsse, mase: f.mase, mae: f.mae, rmse: f.rmse, origins: f.origins },
    forecast: f.points,
    generated_at: new Date(f.generatedAt).toISOString(),
  });

  return {
    list: (ctx: RequestContext, q: ForecastFilter) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(analyticsForecasts.tenantId, ctx.tenantId),
              scoped(ctx),
              q.location ? eq(locations.code, q.location) : undefined,
              q.method ? eq(analyticsForecasts.method, q.method) : undefined,
              q.class ? eq(analyticsForecasts.demandClass, q.class) : undefined,
              q.search
                ? sql`(${products.sku} ilike ${`%${q.search}%`} or ${products.name} ilike ${`%${q.search}%`})`
                : undefined,
            ),
          )
          .orderBy(products.sku, locations.code)
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    /** One item's forecast beside the actual demand before it and the planner's own ranges. */
    item: (ctx: RequestContext, productId: string, locationCodeOrId: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const location = await catalogFacade.location(tx, ctx.tenantId, locationCodeOrId, 'location');
        if (!inStoreScope(ctx, location.id)) throw new DomainError('analytics.forecast_not_found');
        const [row] = await select(tx).where(
          and(
            eq(analyticsForecasts.tenantId, ctx.tenantId),
            eq(analyticsForecasts.productId, productId),
            eq(analyticsForecasts.locationId, location.id),
          ),
        );
        if (!row) throw new DomainError('analytics.forecast_not_found');
        const today = await tenantCalendar.today(tx, ctx.tenantId);
        const until = bucketStart(today, FORECAST_PERIOD);
        const from = addDays(until, -7 * HISTORY_SHOWN);
        const days = (
          await inventoryFacade.dailyDemand(tx, ctx.tenantId, from, addDays(until, -1), [productId])
        ).filter((d) => d.location_id === location.id);
        const weeks = bucketize(days, FORECAST_PERIOD, until, from);
        const history = weeks.values.map((quantity, i) => ({ start: addDays(from, 7 * i), quantity }));
        return { ...view(row), history };
      }),

    /**
     * "Forecast now": queues a run of the whole tenant, or answers with the one already queued
     * or running, so a double click forecasts once.
     */
    start: (ctx: RequestContext) => {
      // The run writes every store's forecasts; a store-scoped caller may not.
      if (ctx.storeIds !== null)
        throw new DomainError('platform.forbidden', {
          detail: 'A forecast run covers every store; you may act only on the stores assigned to you.',
        });
      return p.uow.forTenant(ctx.tenantId, (tx) => openRun(tx, ctx.tenantId, 'manual', ctx.userId));
    },

    runs: (ctx: RequestContext, q: PageQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await tx
          .select({ r: analyticsForecastRuns, total: sql<number>`count(*) over ()::int` })
          .from(analyticsForecastRuns)
          .where(eq(analyticsForecastRuns.tenantId, ctx.tenantId))
          .orderBy(desc(analyticsForecastRuns.createdAt))
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(
          rows.map((x) => runView(x.r)),
          rows[0]?.total ?? 0,
          q,
        );
      }),

    run: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [r] = await tx
          .select()
          .from(analyticsForecastRuns)
          .where(and(eq(analyticsForecastRuns.tenantId, ctx.tenantId), eq(analyticsForecastRuns.id, id)));
        if (!r) throw new DomainError('analytics.run_not_found');
        return runView(r);
      }),

    /** A new run's row, to be run by the caller (the demo seed) rather than by the job. */
    queue: (tenantId: string, trigger: 'schedule' | 'manual', userId: string | null) =>
      p.uow.forTenant(tenantId, async (tx) => {
        const [run] = await tx
          .insert(analyticsForecastRuns)
          .values({ tenantId, trigger, requestedBy: userId })
          .returning({ id: analyticsForecastRuns.id });
        if (!run) throw new Error('run insert returned nothing');
        return run.id;
      }),

    /** The nightly run: one per tenant that has products (none while one is still going). */
    scheduleAll: async () => {
      const tenants = await p.database.db.selectDistinct({ tenantId: products.tenantId }).from(products);
      for (const { tenantId } of tenants)
        await p.uow.forTenant(tenantId, (tx) => openRun(tx, tenantId, 'schedule', null));
    },
  };
};

export type ForecastsService = ReturnType<typeof createForecastsService>;
