import { and, eq } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import { inStoreScope, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade, catalogProducts as products } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { bucketize } from './domain/buckets.ts';
import { forecastSeries } from './domain/forecast.ts';

export type PredictionRequest = {
  sku?: string | undefined;
  product_id?: string | undefined;
  store_id?: string | undefined;
  days_ahead: number;
};

/** Days of daily history a prediction reads: a year shows the week's pattern many times over. */
const HISTORY_DAYS = 365;
const round = (n: number) => Math.round(n * 1000) / 1000;
const metric = (n: number | null | undefined) => (n === null || n === undefined ? null : round(n));

/**
 * Seed 004's demand prediction: the next `days_ahead` days of one product at one store, or at
 * every store the caller may see, forecast from its daily demand with the engine's `auto`.
 */
export const createPredictionsService = (p: Platform) => ({
  demand: (ctx: RequestContext, req: PredictionRequest) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [found] = req.product_id
        ? [await catalogFacade.product(tx, ctx.tenantId, req.product_id)]
        : await tx
            .select({ id: products.id, sku: products.sku, name: products.name })
            .from(products)
            .where(and(eq(products.tenantId, ctx.tenantId), eq(products.sku, req.sku ?? '')));
      if (!found)
        throw new DomainError('catalog.product_not_found', {
          errors: [{ field: 'sku', message: 'is not a product here' }],
        });
      const store = req.store_id ? await catalogFacade.location(tx, ctx.tenantId, req.store_id) : null;
      // Another store's demand is not the caller's to read; it answers as an unknown location would.
      if (store && !inStoreScope(ctx, store.id))
        throw new DomainError('catalog.location_not_found', {
          errors: [{ field: 'store_id', message: 'is not a location here' }],
        });
      const today = await tenantCalendar.today(tx, ctx.tenantId);
      const days = (
        await inventoryFacade.dailyDemand(
          tx,
          ctx.tenantId,
          addDays(today, -HISTORY_DAYS),
          addDays(today, -1),
          [found.id],
        )
      ).filter((d) => (store ? d.location_id === store.id : inStoreScope(ctx, d.location_id)));
      const { values } = bucketize(days, 'day', today);
      if (values.length === 0)
        throw new DomainError('analytics.no_history', {
          detail: `${found.sku} has no demand in the last ${HISTORY_DAYS} days${store ? ` at ${store.code}` : ''}.`,
        });
      const f = forecastSeries({
        id: found.sku,
        values,
        seasonLength: 7,
        horizon: req.days_ahead,
        levels: [80, 95],
        method: 'auto',
      });
      const band = f.intervals['95'];
      return {
        product: { id: found.id, sku: found.sku, name: found.name },
        store: store ? { id: store.id, code: store.code, name: store.name } : null,
        method: f.method,
        model: f.model ?? null,
        class: f.class,
        history_days: values.length,
        predictions: f.mean.map((m, i) => ({
          date: addDays(today, i),
          estimated_demand: round(m),
          confidence_low: round(band?.lo[i] ?? m),
          confidence_high: round(band?.hi[i] ?? m),
        })),
        metrics: {
          mae: metric(f.backtest.mae),
          rmse: metric(f.backtest.rmse),
          mase: metric(f.backtest.mase),
          rmsse: metric(f.backtest.rmsse),
        },
      };
    }),
});

export type PredictionsService = ReturnType<typeof createPredictionsService>;
