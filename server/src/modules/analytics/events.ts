import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

const Run = z.object({
  run_id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  products: z.number().int(),
  items_forecast: z.number().int(),
  items_failed: z.number().int(),
});

export const analyticsEvents = {
  /** A forecast run finished: the stored forecasts and planning's engine forecasts are new. */
  forecastRunCompleted: defineEvent('analytics.forecast_run.completed', 1, Run),
  forecastRunFailed: defineEvent('analytics.forecast_run.failed', 1, Run.extend({ error: z.string() })),
};
