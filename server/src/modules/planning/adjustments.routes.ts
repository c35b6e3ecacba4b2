import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { AdjustmentsService } from './adjustments.service.ts';
import { LIMITS } from './domain/limits.ts';

const STATUSES = ['active', 'upcoming', 'past'] as const;

// A factor of 0 would empty a buffer and 100 is far beyond any season; both are typing slips.
const Factor = z.number().finite().gt(0).max(LIMITS.factor);

const Body = z
  .object({
    buffer_id: z.uuid().optional().describe('one buffer; takes no category or location'),
    product_category: z.string().trim().min(1).max(120).optional(),
    store_id: z.string().trim().min(1).max(64).optional().describe('location code or id'),
    start_date: z.iso.date(),
    end_date: z.iso.date().describe('inclusive'),
    demand_factor: Factor.default(1).describe('multiplies ADU'),
    lead_time_factor: Factor.default(1).describe('multiplies DLT'),
    zone_factors: z
      .object({ red: Factor.default(1), yellow: Factor.default(1), green: Factor.default(1) })
      .default({ red: 1, yellow: 1, green: 1 }),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .superRefine((b, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (!b.buffer_id && !b.product_category && !b.store_id)
      issue('buffer_id', 'a buffer, a product category or a location is required');
    if (b.buffer_id && b.product_category) issue('product_category', 'must be empty when a buffer is given');
    if (b.buffer_id && b.store_id) issue('store_id', 'must be empty when a buffer is given');
    if (b.end_date < b.start_date) issue('end_date', 'must not be before start_date');
    const zf = b.zone_factors;
    if ([b.demand_factor, b.lead_time_factor, zf.red, zf.yellow, zf.green].every((f) => f === 1))
      issue('demand_factor', 'at least one factor must differ from 1');
  });

const Adjustment = z.object({
  id: z.uuid(),
  buffer_id: z.uuid().nullable(),
  product_category: z.string().nullable(),
  location_id: z.uuid().nullable(),
  product_id: z.uuid().nullable().describe("the buffer's product, when buffer-scoped"),
  sku: z.string().nullable().describe("the buffer's SKU, when buffer-scoped"),
  product_name: z.string().nullable(),
  location_code: z.string().nullable().describe("the location's code, or the buffer's location's"),
  location_name: z.string().nullable(),
  start_date: z.string(),
  end_date: z.string(),
  status: z.enum(STATUSES).describe('relative to today'),
  demand_factor: z.number(),
  lead_time_factor: z.number(),
  zone_factors: z.object({ red: z.number(), yellow: z.number(), green: z.number() }),
  note: z.string().nullable(),
  created_by: z.uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['planning'];

export const adjustmentsRoutes = (app: App, svc: AdjustmentsService) => {
  app.get(
    '/api/v1/planned-adjustments',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Planned adjustments (demand, lead-time and zone factors over a date range), latest first',
        querystring: PageQuery.extend({
          buffer_id: z
            .uuid()
            .optional()
            .describe('those reaching this buffer: its own, its category’s, its location’s'),
          location: z.string().max(64).optional().describe('location code, directly or through the buffer'),
          category: z
            .string()
            .max(120)
            .optional()
            .describe('product category, directly or through the buffer'),
          active_on: z.iso.date().optional().describe('those whose range contains this day'),
          status: z.enum(STATUSES).optional().describe('relative to today'),
        }),
        response: { 200: paged(Adjustment) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/planned-adjustments',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Plan an adjustment for one buffer, or for a product category and/or a location',
        body: Body,
        response: { 201: Adjustment },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/planned-adjustments/:id',
    {
      config: { permission: 'buffer:read' },
      schema: { tags, summary: 'One planned adjustment', params: IdParam, response: { 200: Adjustment } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/planned-adjustments/:id',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Replace a planned adjustment; the buffers of its old and new scope recompute',
        params: IdParam,
        body: Body,
        response: { 200: Adjustment },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/planned-adjustments/:id',
    {
      config: { permission: 'buffer:write' },
      schema: { tags, summary: 'Remove a planned adjustment', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
