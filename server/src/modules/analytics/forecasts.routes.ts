import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { METHODS } from './domain/types.ts';
import type { ForecastsService } from './forecasts.service.ts';
import type { PredictionsService } from './predictions.service.ts';
import { FORECAST_RUN_STATUSES } from './schema.ts';

const CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;
const Num = z.number().nullable();
const Point = z.object({
  start: z.string(),
  end: z.string(),
  mean: z.number(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});
const Forecast = z.object({
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  period: z.enum(['day', 'week', 'month']),
  season_length: z.number().int(),
  method: z.string().describe('the method chosen, or `combination`'),
  model: z.string().nullable().describe('the variant inside the method, e.g. ETS(A,Ad,N)'),
  class: z.enum(CLASSES),
  history_points: z.number().int().describe('buckets of history the engine read'),
  backtest: z.object({ rmsse: Num, mase: Num, mae: Num, rmse: Num, origins: z.number().int() }),
  forecast: z
    .array(Point)
    .describe('from today: the current bucket prorated to its days left, then whole buckets'),
  generated_at: z.string(),
});
const ForecastItem = Forecast.extend({
  history: z
    .array(z.object({ start: z.string(), quantity: z.number() }))
    .describe('the last 52 weeks of demand'),
});
const Run = z.object({
  id: z.uuid(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(FORECAST_RUN_STATUSES),
  products_total: z.number().int().nullable(),
  products_done: z.number().int(),
  items_forecast: z.number().int(),
  items_failed: z.number().int(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
const tags = ['analytics'];

export const forecastsRoutes = (app: App, svc: ForecastsService, predictions: PredictionsService) => {
  app.get(
    '/api/v1/analytics/forecasts',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The engine’s latest forecast of every item, by SKU and location',
        querystring: PageQuery.extend({
          location: z.string().trim().min(1).max(64).optional().describe('location code'),
          method: z.enum([...METHODS, 'combination']).optional(),
          class: z.enum(CLASSES).optional(),
          search: z.string().trim().min(1).max(100).optional().describe('part of the SKU or name'),
        }),
        response: { 200: paged(Forecast) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.get(
    '/api/v1/analytics/forecasts/:product_id/:location',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'One item’s forecast with its bands, beside the last year of actual demand',
        params: z.object({
          product_id: z.uuid(),
          location: z.string().trim().min(1).max(64).describe('location code or id'),
        }),
        response: { 200: ForecastItem },
      },
    },
    async (req) => svc.item(req.ctx, req.params.product_id, req.params.location),
  );
  app.post(
    '/api/v1/analytics/forecasts/runs',
    {
      config: { permission: 'analytics:write' },
      schema: {
        tags,
        summary: 'Forecast every item now (the nightly run, on demand)',
        description:
          'Answers 202 with the new run, or 200 with the run already queued or running: one run at a time.',
        response: { 200: Run, 202: Run },
      },
    },
    async (req, reply) => {
      const { run, created } = await svc.start(req.ctx);
      return reply.code(created ? 202 : 200).send(run);
    },
  );
  app.get(
    '/api/v1/analytics/forecasts/runs',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Forecast runs, newest first',
        querystring: PageQuery,
        response: { 200: paged(Run) },
      },
    },
    async (req) => svc.runs(req.ctx, req.query),
  );
  app.get(
    '/api/v1/analytics/forecasts/runs/:id',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'One forecast run and its progress',
        params: z.object({ id: z.uuid() }),
        response: { 200: Run },
      },
    },
    async (req) => svc.run(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/predictions/demand',
    {
      config: { permission: 'predictions:read' },
      schema: {
        tags,
        summary: 'Predict a product’s daily demand for the next days (seed 004)',
        description:
          'From the last 365 days of demand (shipments net of returns, and imported sales history) at the ' +
          'store, or at every store the caller may see; `auto` picks the method by backtest.',
        body: z
          .object({
            sku: z.string().trim().min(1).max(64).optional(),
            product_id: z.uuid().optional(),
            store_id: z.string().trim().min(1).max(64).optional().describe('location code or id'),
            days_ahead: z.number().int().min(1).max(90),
          })
          .strict()
          .refine((b) => (b.sku === undefined) !== (b.product_id === undefined), {
            message: 'give either sku or product_id',
            path: ['sku'],
          }),
        response: {
          200: z.object({
            product: z.object({ id: z.uuid(), sku: z.string(), name: z.string() }),
            store: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
            method: z.string(),
            model: z.string().nullable(),
            class: z.enum(CLASSES),
            history_days: z.number().int(),
            predictions: z.array(
              z.object({
                date: z.string(),
                estimated_demand: z.number(),
                confidence_low: z.number().describe('95 % band'),
                confidence_high: z.number(),
              }),
            ),
            metrics: z.object({ mae: Num, rmse: Num, mase: Num, rmsse: Num }),
          }),
        },
      },
    },
    async (req) => predictions.demand(req.ctx, req.body),
  );
};
