import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { LeadDays, LIMITS, Quantity, Step } from './domain/limits.ts';
import type { SimulateService } from './simulate.service.ts';

const Q = Quantity;

const SimulateBody = z
  .object({
    days: z
      .number()
      .int()
      .min(30)
      .max(LIMITS.simulationDays)
      .default(180)
      .describe('complete days replayed, through yesterday'),
    profile_id: z.uuid().optional().describe('another buffer profile to try'),
    settings: z
      .object({
        adu_horizon_days: z.number().int().min(1).max(LIMITS.horizonDays).optional(),
        dlt_days: LeadDays.optional(),
        order_cycle_days: LeadDays.optional(),
        qty_multiple: Step.optional(),
        min_batch: Q.optional(),
        max_batch: Step.nullable().optional(),
        minimum_order_qty: Q.optional(),
      })
      .optional()
      .describe("settings to try in place of the buffer's own"),
    initial_on_hand: Q.optional().describe('on hand before the first day; default the top of green'),
  })
  .refine(
    (b) =>
      b.settings?.max_batch == null ||
      b.settings.min_batch === undefined ||
      b.settings.max_batch >= b.settings.min_batch,
    { message: 'must not be below min_batch', path: ['settings', 'max_batch'] },
  );

const N = z.number().nullable();
const Replay = z.object({
  policy: z.object({
    profile_id: z.uuid(),
    profile_name: z.string(),
    lead_time_factor: z.number(),
    variability_factor: z.number(),
    adu_horizon_days: z.number().int(),
    dlt_days: z.number(),
    order_cycle_days: z.number(),
    minimum_order_qty: z.number(),
    qty_multiple: z.number(),
    min_batch: z.number(),
    max_batch: N,
  }),
  summary: z.object({
    days: z.number().int(),
    average_on_hand: z.number(),
    min_on_hand: z.number(),
    stockout_days: z.number().int().describe('days with demand that found no stock (it is lost)'),
    lost_units: z.number(),
    fill_rate: N.describe('percent of the demand shipped; null without demand'),
    orders: z.number().int(),
    average_order_qty: N,
    days_in_red: z.number().int(),
    days_in_yellow: z.number().int(),
    days_in_green: z.number().int(),
    average_net_flow_percent: N,
  }),
  series: z.array(
    z.object({
      date: z.string(),
      demand: z.number(),
      shipped: z.number(),
      on_hand: z.number(),
      on_order: z.number(),
      net_flow: z.number(),
      top_of_red: z.number(),
      top_of_yellow: z.number(),
      top_of_green: z.number(),
      order_qty: z.number(),
    }),
  ),
});

export const simulateRoutes = (app: App, svc: SimulateService) => {
  app.post(
    '/api/v1/buffers/:id/simulate',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags: ['planning'],
        summary: "Replay the buffer's demand history against its policy and a proposed one; nothing is saved",
        params: z.object({ id: z.uuid() }),
        body: SimulateBody,
        response: {
          200: z.object({
            buffer_id: z.uuid(),
            from: z.string(),
            to: z.string(),
            current: Replay,
            proposed: Replay.nullable(),
          }),
        },
      },
    },
    async (req) => svc.simulate(req.ctx, req.params.id, req.body),
  );
};
