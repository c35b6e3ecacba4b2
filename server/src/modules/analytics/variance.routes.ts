import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { DEFAULT_VARIANCE_THRESHOLD } from './domain/variance.ts';
import type { VarianceService } from './variance.service.ts';

export const VarianceQuery = PageQuery.extend({
  from: z.iso
    .date()
    .optional()
    .describe('first day (default: the first day of three months ago; with only `to`, 89 days before it)'),
  to: z.iso.date().optional().describe('last day (default: the last day of last month)'),
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
  category: z.string().trim().min(1).max(100).optional().describe('product category'),
  threshold: z.coerce
    .number()
    .min(0.01)
    .max(10)
    .default(DEFAULT_VARIANCE_THRESHOLD)
    .describe('|ADU − actual| ÷ actual beyond which a buffer is flagged'),
});

const Variance = z.object({
  buffer_id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  adu: z
    .number()
    .nullable()
    .describe("the buffer's ADU: the mean of its daily history in the window, else its current"),
  adu_source: z.enum(['history', 'current']),
  actual_daily_demand: z.number().describe('demand over the window ÷ its days'),
  adu_deviation: z.number().nullable().describe('(ADU − actual) ÷ actual; null when nothing sold'),
  flagged: z.boolean().describe('beyond the threshold, or an ADU above 0 with no demand at all'),
  forecast_months: z.number().int().describe("complete months of the window with the engine's forecast"),
  forecast: z
    .number()
    .nullable()
    .describe("the engine's forecast for those months, as made before each began"),
  forecast_actual: z.number().nullable().describe('actual demand in those months'),
  forecast_deviation: z.number().nullable().describe('(forecast − actual) ÷ actual'),
});

export const VarianceOut = paged(Variance).extend({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  months: z.array(z.string()).describe('the complete months wholly in the window (YYYY-MM)'),
  location: z.string().nullable(),
  category: z.string().nullable(),
  threshold: z.number(),
  flagged: z.number().int().describe('buffers flagged, over every page'),
});

export const varianceRoutes = (app: App, svc: VarianceService) => {
  app.get(
    '/api/v1/analytics/variance',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary:
          'Signal integrity: each buffer’s ADU and the engine’s forecast against actual demand, worst first',
        querystring: VarianceQuery,
        response: { 200: VarianceOut },
      },
    },
    async (req) => svc.variance(req.ctx, req.query),
  );
};
