import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { DdsopService } from './ddsop.service.ts';

export const DdsopQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(26).default(13).describe('weeks projected, from today'),
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
  category: z.string().trim().min(1).max(100).optional().describe('product category'),
  group_by: z.enum(['week']).default('week'),
});

const Weekly = z.array(z.number()).describe('one value per week');
const space = z.null().describe('storage space: products carry no volume yet, so it cannot be projected');

const Week = z.object({
  week: z.string().describe('first day of the week (weeks roll from today)'),
  end: z.string(),
  buffers: z.number().int(),
  adu: z.number().describe('Σ projected ADU'),
  red: z.number(),
  yellow: z.number(),
  green: z.number(),
  target_units: z.number().describe('Σ average on-hand target, red + green ÷ 2'),
  target_value: z.number().describe('the same at standard cost (no cost counts 0)'),
  purchase_load: z.number().describe('Σ projected ADU × 7 of purchased buffers'),
  production_load: z.number().describe('Σ projected ADU × 7 of manufactured buffers'),
  space,
});

export const DdsopOut = z.object({
  as_of: z.string(),
  weeks: z.number().int(),
  group_by: z.enum(['week']),
  location: z.string().nullable(),
  category: z.string().nullable(),
  space,
  totals: z.array(Week),
  suppliers: z
    .array(
      z.object({
        supplier_id: z.uuid().nullable().describe('null: purchased buffers without a preferred supplier'),
        name: z.string().nullable(),
        weekly: Weekly,
        total: z.number(),
      }),
    )
    .describe('weekly purchase demand by preferred supplier, largest first'),
  manufactured: z
    .array(
      z.object({
        product_id: z.string(),
        sku: z.string(),
        name: z.string(),
        weekly: Weekly,
        total: z.number(),
      }),
    )
    .describe('weekly production demand by manufactured item, largest first'),
});

export const ddsopRoutes = (app: App, svc: DdsopService) => {
  app.get(
    '/api/v1/analytics/projections/ddsop',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary: 'DDS&OP: buffers re-sized week by week from forecasts and planned adjustments',
        querystring: DdsopQuery,
        response: { 200: DdsopOut },
      },
    },
    async (req) => svc.ddsop(req.ctx, req.query),
  );
};
