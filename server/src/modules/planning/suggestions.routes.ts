import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { LIMITS } from './domain/limits.ts';
import { PRIORITIES, SUGGESTION_STATUSES } from './schema.ts';
import { suggestionColumns } from './suggestions.export.ts';
import type { SuggestionsService } from './suggestions.service.ts';

const Suggestion = z.object({
  id: z.uuid(),
  buffer_id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_code: z.string(),
  status: z.enum(SUGGESTION_STATUSES),
  quantity: z.number().describe("the engine's quantity while open; the approved one once approved"),
  suggested_quantity: z.number().nullable().describe("the engine's quantity, kept when another is approved"),
  planning_priority: z.enum(PRIORITIES),
  net_flow_position: z.number(),
  net_flow_percent: z.number().nullable(),
  top_of_green: z.number(),
  supply_order_id: z.uuid().nullable().describe('the first draft supply order; one per batch when split'),
  batches: z.array(z.number()).nullable().describe('the quantity split by the maximum batch'),
  created_at: z.string(),
  updated_at: z.string(),
});
const ListQuery = PageQuery.extend({
  status: z.enum(SUGGESTION_STATUSES).default('OPEN'),
  zone: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(PRIORITIES))
    .optional(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['planning'];

export const suggestionsRoutes = (app: App, svc: SuggestionsService) => {
  app.get(
    '/api/v1/replenishment-suggestions',
    {
      config: { permission: 'replenishment:read' },
      schema: {
        tags,
        summary: 'What to order now: one open suggestion per buffer, red first, then by net flow %',
        querystring: ListQuery,
        response: { 200: paged(Suggestion) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/replenishment-suggestions',
    permission: 'replenishment:read',
    tags,
    query: ListQuery,
    file: 'replenishment-suggestions',
    sheet: { es: 'Sugerencias', en: 'Suggestions' },
    columns: suggestionColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });
  app.post(
    '/api/v1/replenishment-suggestions/:id/approve',
    {
      config: { permission: 'replenishment:approve' },
      schema: {
        tags,
        summary: 'Order it (optionally another quantity): a draft supply order, on order at once',
        params: IdParam,
        body: z.object({ quantity: z.number().finite().gt(0).max(LIMITS.quantity).optional() }).nullish(),
        response: { 200: Suggestion },
      },
    },
    async (req) => svc.approve(req.ctx, req.params.id, req.body?.quantity),
  );
  app.post(
    '/api/v1/replenishment-suggestions/:id/reject',
    {
      config: { permission: 'replenishment:approve' },
      schema: {
        tags,
        summary: 'Not now: no new suggestion for this buffer today unless it gets worse',
        params: IdParam,
        response: { 200: Suggestion },
      },
    },
    async (req) => svc.reject(req.ctx, req.params.id),
  );
};
