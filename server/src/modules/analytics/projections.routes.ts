import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { ProjectionsService } from './projections.service.ts';

const day = z.string().nullable();

export const ProjectionQuery = PageQuery.extend({
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
  category: z.string().trim().min(1).max(100).optional().describe('product category'),
  horizon_days: z.coerce.number().int().min(1).max(180).default(90).describe('days walked forward'),
});

const Projection = z.object({
  product_id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  on_hand: z.number().describe('free on hand now (not held by a live reservation)'),
  open_supply: z.number().describe('open supply due within the horizon, in transit included'),
  daily_demand: z.number().describe('mean daily demand over the horizon'),
  demand_sd: z.number().describe('sd of daily consumption over the demand window'),
  demand_source: z.enum(['forecast', 'buffer_adu', 'consumption']),
  stockout_date: day.describe('first day projected on hand is below zero; null: none within the horizon'),
  earliest_date: day.describe('the same at high demand (mean + z·σ·√t)'),
  latest_date: day.describe('the same at low demand (mean − z·σ·√t)'),
  days_to_stockout: z.number().int().nullable(),
});

export const ProjectionsOut = paged(Projection).extend({
  as_of: z.string(),
  horizon_days: z.number().int(),
  band_z: z.number(),
  demand_window_days: z.number().int(),
});

export const projectionsRoutes = (app: App, svc: ProjectionsService) => {
  app.get(
    '/api/v1/analytics/projections/stockouts',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Projected stockout date per item with its band, soonest first',
        querystring: ProjectionQuery,
        response: { 200: ProjectionsOut },
      },
    },
    async (req) => svc.stockouts(req.ctx, req.query),
  );
};
