import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { accuracyRoutes } from './accuracy.routes.ts';
import { createAccuracyService } from './accuracy.service.ts';
import { ddsopRoutes } from './ddsop.routes.ts';
import { createDdsopService } from './ddsop.service.ts';
import { analyticsErrors } from './errors.ts';
import { forecastsRoutes } from './forecasts.routes.ts';
import { createForecastRunner } from './forecasts.runner.ts';
import { createForecastsService, FORECAST_RUN_JOB, type ForecastRunJob } from './forecasts.service.ts';
import { kpiSnapshotsRoutes } from './kpi-snapshots.routes.ts';
import { createKpiSnapshots } from './kpi-snapshots.service.ts';
import { kpisRoutes } from './kpis.routes.ts';
import { createKpisService } from './kpis.service.ts';
import { createPredictionsService } from './predictions.service.ts';
import { projectionsRoutes } from './projections.routes.ts';
import { createProjectionsService } from './projections.service.ts';
import { suppliersRoutes } from './suppliers.routes.ts';
import { createSuppliersService } from './suppliers.service.ts';
import { varianceRoutes } from './variance.routes.ts';
import { createVarianceService } from './variance.service.ts';

export { type ForecastOutcome, runForecast } from './domain/command.ts';
export {
  DEFAULT_LEVELS,
  DEFAULT_SEASON_LENGTH,
  type ForecastInput,
  type ForecastResult,
  forecastAll,
  forecastSeries,
  type MethodChoice,
} from './domain/forecast.ts';
export { FORECAST_LIMITS } from './domain/input.ts';
export type { Band, Intervals } from './domain/intervals.ts';
export type { DemandClass, Method, MethodName, Period, PointForecast } from './domain/types.ts';
export { METHODS } from './domain/types.ts';
export { analyticsEvents } from './events.ts';
export { createForecastRunner, FORECAST_HORIZON } from './forecasts.runner.ts';
export { createForecastsService } from './forecasts.service.ts';

/** A job whose handler reads the data it was queued with. */
const job = <T extends object>(def: JobDefinition<T>) => def as unknown as JobDefinition<object>;

/** Demand forecasts, KPIs and projections (ARCHITECTURE.md §2). */
export const analyticsModule = (p: Platform): Module => {
  const forecasts = createForecastsService(p);
  const runner = createForecastRunner(p);
  const snapshots = createKpiSnapshots(p);
  return {
    name: 'analytics',
    errors: analyticsErrors,
    // The demo opens with every buffer forecast: one run, here and now, over its year of sales.
    seedDemo: async (demo) => {
      const runId = await forecasts.queue(demo.tenantId, 'schedule', null);
      await runner.run(demo.tenantId, runId);
    },
    routes: (app) => {
      forecastsRoutes(app, forecasts, createPredictionsService(p));
      kpisRoutes(app, createKpisService(p));
      kpiSnapshotsRoutes(app, snapshots);
      accuracyRoutes(app, createAccuracyService(p));
      varianceRoutes(app, createVarianceService(p));
      projectionsRoutes(app, createProjectionsService(p));
      ddsopRoutes(app, createDdsopService(p));
      suppliersRoutes(app, createSuppliersService(p));
    },
    jobs: [
      job<ForecastRunJob>({
        name: FORECAST_RUN_JOB,
        // A crashed run is redelivered and resumes from its cursor.
        retryLimit: 2,
        handler: (d) => runner.run(d.tenantId, d.runId),
      }),
      {
        // Before planning's daily recalculation (02:15), which then reads the new forecasts.
        name: 'analytics-forecast-nightly',
        cron: '30 1 * * *',
        handler: async () => {
          await forecasts.scheduleAll();
        },
      },
      {
        // After the forecast run (01:30) and planning's recalculation (02:15): yesterday's KPIs.
        name: 'analytics-kpi-snapshots-nightly',
        cron: '0 3 * * *',
        handler: async () => {
          await snapshots.writeAll();
        },
      },
    ],
  };
};
