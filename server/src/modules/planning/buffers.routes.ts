import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { bufferColumns } from './buffers.export.ts';
import type { BufferRecalculation } from './buffers.recalculate.ts';
import type { BuffersService } from './buffers.service.ts';
import type { BufferViews } from './buffers.view.ts';
import { LeadDays, LIMITS, Quantity, Step } from './domain/limits.ts';
import { Profile } from './profiles.routes.ts';
import { ADU_METHODS, AUTO_PROCURE, ORDER_TRIGGERS, PRIORITIES } from './schema.ts';

const Q = Quantity;
const Settings = z.object({
  profile_id: z.uuid().optional(),
  adu_method: z.enum(ADU_METHODS).optional(),
  adu_fixed: Q.nullable().optional(),
  adu_horizon_days: z.number().int().min(1).max(LIMITS.horizonDays).optional(),
  adu_future_horizon_days: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.horizonDays)
    .nullable()
    .optional()
    .describe('days of forecast the future side reads; null takes adu_horizon_days'),
  adu_past_weight: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('blended ADU: weight of the past side; the future side weighs the rest'),
  source_location: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .nullable()
    .optional()
    .describe('distributed buffer: location code or id it is replenished from by transfer'),
  incoming_safety_factor: z.number().finite().min(0).max(LIMITS.incomingSafetyFactor).optional(),
  order_trigger: z.enum(ORDER_TRIGGERS).optional(),
  dlt_days: LeadDays.nullable()
    .optional()
    .describe('fixed DLT; null derives it from the supplier and the BOM'),
  extra_lead_time_days: LeadDays.optional(),
  order_cycle_days: LeadDays.optional(),
  spike_horizon_days: z.number().int().min(0).max(LIMITS.spikeHorizonDays).nullable().optional(),
  spike_threshold_pct: z.number().finite().min(0).max(LIMITS.percent).optional(),
  spike_threshold: Q.nullable().optional(),
  qty_multiple: Step.optional(),
  multiple_tolerance_pct: z.number().finite().min(0).max(100).optional(),
  min_batch: Q.optional(),
  max_batch: Step.nullable().optional(),
  storage_capacity: Q.nullable().optional(),
  red_override: Q.nullable().optional(),
  yellow_override: Q.nullable().optional(),
  green_override: Q.nullable().optional(),
  auto_procure: z.enum(AUTO_PROCURE).optional(),
});
const checked = <T extends z.ZodType<z.infer<typeof Settings>>>(s: T) =>
  s
    .refine((b) => b.adu_method !== 'fixed' || (b.adu_fixed !== undefined && b.adu_fixed !== null), {
      message: 'is required when adu_method is fixed',
      path: ['adu_fixed'],
    })
    .refine((b) => b.max_batch == null || b.min_batch === undefined || b.max_batch >= b.min_batch, {
      message: 'must not be below min_batch',
      path: ['max_batch'],
    });

const N = z.number().nullable();
const Buffer = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  location_name: z.string(),
  profile: Profile,
  settings: z.object({
    adu_method: z.enum(ADU_METHODS),
    adu_fixed: N,
    adu_horizon_days: z.number().int(),
    adu_future_horizon_days: z.number().int().nullable(),
    adu_past_weight: z.number(),
    source_location_id: z.uuid().nullable(),
    source_location_code: z.string().nullable(),
    incoming_safety_factor: z.number(),
    order_trigger: z.enum(ORDER_TRIGGERS),
    dlt_days: N,
    extra_lead_time_days: z.number(),
    order_cycle_days: z.number(),
    spike_horizon_days: z.number().int().nullable(),
    spike_threshold_pct: z.number(),
    spike_threshold: N,
    qty_multiple: z.number(),
    multiple_tolerance_pct: z.number(),
    min_batch: z.number(),
    max_batch: N,
    storage_capacity: N,
    red_override: N,
    yellow_override: N,
    green_override: N,
    auto_procure: z.enum(AUTO_PROCURE),
  }),
  adu: N,
  dlt: N,
  zones: z.object({ red: N, yellow: N, green: N, top_of_red: N, top_of_yellow: N, top_of_green: N }),
  on_hand: N,
  on_order: N,
  qualified_demand: N,
  net_flow_position: N,
  net_flow_percent: N,
  planning_priority: z.enum(PRIORITIES).nullable(),
  on_hand_alert: z.enum(PRIORITIES).nullable(),
  recommended_qty: N,
  long_term_supply: N,
  propagated_adu: N.describe("daily demand pushed down the BOM by parents' demand adjustments, inside adu"),
  applied_factors: z
    .object({
      demand: z.number(),
      lead_time: z.number(),
      zones: z.object({ red: z.number(), yellow: z.number(), green: z.number() }),
    })
    .nullable(),
  calculated_at: z.string().nullable(),
});
const ListQuery = PageQuery.extend({
  zone: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(PRIORITIES))
    .optional()
    .describe('RED, YELLOW or GREEN'),
  product_id: z.uuid().optional(),
  search: z.string().max(200).optional().describe('SKU prefix or part of the name'),
  location: z.string().max(64).optional().describe('location code'),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['planning'];

export const buffersRoutes = (
  app: App,
  views: BufferViews,
  svc: BuffersService,
  recalc: BufferRecalculation,
) => {
  app.get(
    '/api/v1/buffers',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Buffers by planning priority (red first), then net flow %',
        querystring: ListQuery,
        response: { 200: paged(Buffer) },
      },
    },
    async (req) => views.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/buffers',
    permission: 'buffer:read',
    tags,
    query: ListQuery,
    file: 'buffers',
    sheet: { es: 'Buffers', en: 'Buffers' },
    columns: bufferColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => views.list(ctx, { ...filters, page, limit })),
  });
  app.post(
    '/api/v1/buffers',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Position a buffer for a product at a location; it is calculated at once',
        body: checked(
          Settings.extend({
            product_id: z.uuid(),
            store_id: z.string().trim().min(1).max(64).describe('location code or id'),
          }),
        ),
        response: { 201: Buffer },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/buffers/:id',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'One buffer with its settings and last calculation',
        params: IdParam,
        response: { 200: Buffer },
      },
    },
    async (req) => views.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/buffers/:id',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Change settings; the buffer recalculates',
        params: IdParam,
        body: checked(Settings),
        response: { 200: Buffer },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/buffers/:id',
    {
      config: { permission: 'buffer:write' },
      schema: { tags, summary: 'Remove a buffer', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/buffers/:id/recalculate',
    {
      config: { permission: 'buffer:calculate' },
      schema: {
        tags,
        summary: 'Recompute ADU, DLT, zones and net flow now',
        params: IdParam,
        response: { 200: Buffer },
      },
    },
    async (req) => recalc.recalculate(req.ctx, req.params.id),
  );
};
