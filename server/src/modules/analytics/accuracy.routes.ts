import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { ACCURACY_GROUPS, type AccuracyService } from './accuracy.service.ts';

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
  .refine((m) => m >= '2000-01' && m <= '2999-12', 'a month between 2000-01 and 2999-12');

export const AccuracyQuery = PageQuery.extend({
  from: month.optional().describe('first month (default: five months before `to`)'),
  to: month.optional().describe('last month, complete (default: the month before this one)'),
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
  category: z.string().trim().min(1).max(100).optional().describe('product category'),
  group_by: z.enum(ACCURACY_GROUPS).default('method'),
});

const ratio = z.number().nullable();
/** The measures of one group of item-months; docs/ARCHITECTURE.md (analytics) defines them. */
export const AccuracyMeasures = z.object({
  items: z.number().int().describe('product × location pairs'),
  item_months: z.number().int(),
  forecast: z.number().describe('Σ forecast, units'),
  actual: z.number().describe('Σ actual demand, units'),
  bias: ratio.describe('Σ(forecast − actual) ÷ Σ actual; positive: over-forecast'),
  mae: z.number().nullable().describe('mean absolute error per item-month, units'),
  wape: ratio.describe('Σ|forecast − actual| ÷ Σ actual'),
  rmsse: z
    .number()
    .nullable()
    .describe(
      'mean over items of √(mean (forecast − actual)² ÷ scale); scale = mean squared month-to-month change of the 13 months before',
    ),
  rmsse_item_months: z
    .number()
    .int()
    .describe('item-months with a scale (demand changed in the 13 months before)'),
});

const Group = AccuracyMeasures.extend({
  key: z.string().describe('method, demand class, month (YYYY-MM) or product_id|location_id'),
  sku: z.string().nullable().describe('group_by=item only'),
  name: z.string().nullable(),
  location_code: z.string().nullable(),
});

export const AccuracyOut = paged(Group).extend({
  from: z.string(),
  to: z.string(),
  location: z.string().nullable(),
  category: z.string().nullable(),
  group_by: z.enum(ACCURACY_GROUPS),
  overall: AccuracyMeasures,
  series: z.array(AccuracyMeasures.extend({ month: z.string() })).describe('every month of the window'),
});

export const accuracyRoutes = (app: App, svc: AccuracyService) => {
  app.get(
    '/api/v1/analytics/forecast-accuracy',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary:
          "Forecast accuracy after the fact: each month's forecast, as made before it began, against demand",
        querystring: AccuracyQuery,
        response: { 200: AccuracyOut },
      },
    },
    async (req) => svc.accuracy(req.ctx, req.query),
  );
};
