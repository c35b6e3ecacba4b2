import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { Quantity } from './domain/limits.ts';
import type { ForecastsService } from './forecasts.service.ts';
import { FORECAST_SOURCES } from './schema.ts';

// 50,000 rows of a forecast file stay well under this, whatever the JSON body limit is.
const CSV_BODY_LIMIT = 8 * 1024 * 1024;

const Day = z.iso.date().describe('YYYY-MM-DD');
const Fields = z.object({
  product_id: z.uuid(),
  store_id: z.string().trim().min(1).max(64).describe('location code or id'),
  start_date: Day.describe('first day of the range, YYYY-MM-DD'),
  end_date: Day.describe('last day of the range (inclusive), YYYY-MM-DD'),
  quantity: Quantity.describe('the range’s total, spread evenly over its days'),
});
type Dates = { start_date?: string | undefined; end_date?: string | undefined };
const ordered = <T extends z.ZodType<Dates>>(s: T) =>
  s.refine((b) => !b.start_date || !b.end_date || b.end_date >= b.start_date, {
    message: 'must not be before start_date',
    path: ['end_date'],
  });

const Forecast = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  quantity: z.number(),
  daily_quantity: z.number().describe('quantity ÷ days in the range, 4 decimals'),
  source: z.enum(FORECAST_SOURCES),
  created_at: z.string(),
  updated_at: z.string(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['planning'];

export const forecastsRoutes = (app: App, svc: ForecastsService) => {
  app.get(
    '/api/v1/demand-forecasts',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Demand forecasts by SKU, location and start date',
        querystring: PageQuery.extend({
          product_id: z.uuid().optional(),
          location: z.string().max(64).optional().describe('location code'),
          from: Day.optional().describe('ranges ending on or after this day'),
          to: Day.optional().describe('ranges starting on or before this day'),
        }).refine((q) => !q.from || !q.to || q.to >= q.from, {
          message: 'must not be before from',
          path: ['to'],
        }),
        response: { 200: paged(Forecast) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/demand-forecasts',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Forecast a product’s demand at a location over a date range',
        body: ordered(Fields),
        response: { 201: Forecast },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/demand-forecasts/:id',
    {
      config: { permission: 'buffer:read' },
      schema: { tags, summary: 'One demand forecast', params: IdParam, response: { 200: Forecast } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/demand-forecasts/:id',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Change a forecast; fields left out keep their value',
        params: IdParam,
        body: ordered(Fields.partial()),
        response: { 200: Forecast },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/demand-forecasts/:id',
    {
      config: { permission: 'buffer:write' },
      schema: { tags, summary: 'Remove a forecast', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  // The CSV parser stays inside this plugin, so no other route accepts text/csv.
  app.register(async (scoped) => {
    scoped.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/demand-forecasts/import',
      {
        bodyLimit: CSV_BODY_LIMIT,
        config: { permission: 'buffer:write' },
        schema: {
          tags,
          summary: 'Import forecasts from CSV, all or nothing; a row with a stored start date replaces it',
          description:
            'Header `sku,location,start_date,end_date,quantity` (any order and case); `,` or `;` separated, ' +
            'with a decimal comma allowed under `;`. Up to 50,000 rows. Any bad row answers 422 with ' +
            '`errors` naming each row (as a spreadsheet numbers it, header = 1) and column.',
          consumes: ['text/csv'],
          body: z.string(),
          response: { 200: z.object({ created: z.number().int(), updated: z.number().int() }) },
        },
      },
      async (req) => svc.importCsv(req.ctx, req.body),
    );
  });
};
