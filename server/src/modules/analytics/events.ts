import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

const Run = z.object({
  run_id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  products: z.number().int(),
  items_forecast: z.number().int(),
  items_failed: z.number().int(),
});

/** The tenant-wide figures of a day's KPI snapshot (null where there was nothing to divide by). */
const KpiSummary = z.record(z.string(), z.number().nullable());

export const analyticsEvents = {
  /** The nightly job stored a day's KPIs: screens showing KPIs refresh. */
  kpisUpdated: defineEvent('analytics.kpis.updated', 1, z.object({ date: z.string(), kpis: KpiSummary })),
  /** A forecast run finished: the stored forecasts and planning's engine forecasts are new. */
  forecastRunCompleted: defineEvent('analytics.forecast_run.completed', 1, Run),
  forecastRunFailed: defineEvent('analytics.forecast_run.failed', 1, Run.extend({ error: z.string() })),
};
