import { z } from 'zod';
import { Factor, LeadDays, LIMITS, Quantity, SignedQuantity, Step } from './limits.ts';

/**
 * The engine's input (DDMRP.md, "The engine as a command"): every omitted field takes the
 * documented default. Parsing is the only validation; what passes is computable.
 */
const Day = z.iso.date();
const Qty = Quantity;
const Dated = z.object({ date: Day, qty: SignedQuantity });
const Horizon = z.number().int().min(1).max(LIMITS.horizonDays);

const Past = z.object({
  method: z.literal('past'),
  horizon_days: Horizon,
  history: z.array(Dated).default([]),
});
const Future = z.object({
  method: z.literal('future'),
  horizon_days: Horizon,
  forecast: z.array(Dated).default([]),
});
const Fixed = z.object({ method: z.literal('fixed'), value: Qty });
const Blended = z
  .object({
    method: z.literal('blended'),
    past: Past.omit({ method: true }),
    future: Future.omit({ method: true }),
    past_weight: z.number().min(0).max(1).default(0.5),
    future_weight: z.number().min(0).max(1).default(0.5),
  })
  .refine((b) => Math.abs(b.past_weight + b.future_weight - 1) < 1e-9, {
    message: 'past_weight and future_weight must sum to 1',
    path: ['past_weight'],
  });

export const Adu = z.discriminatedUnion('method', [Fixed, Past, Future, Blended]);
export type Adu = z.infer<typeof Adu>;

export const REPLENISH_METHODS = ['replenish', 'min_max', 'override'] as const;

export const BufferInput = z
  .object({
    as_of: Day,
    adu: Adu,
    dlt: LeadDays,
    extra_lead_time_days: LeadDays.default(0),
    profile: z
      .object({
        replenish_method: z.enum(REPLENISH_METHODS).default('replenish'),
        lead_time_factor: Factor.default(0.5),
        variability_factor: Factor.default(0.5),
      })
      .default({ replenish_method: 'replenish', lead_time_factor: 0.5, variability_factor: 0.5 }),
    overrides: z
      .object({
        red: Qty.nullable().default(null),
        yellow: Qty.nullable().default(null),
        green: Qty.nullable().default(null),
      })
      .default({ red: null, yellow: null, green: null }),
    order_cycle_days: LeadDays.default(0),
    minimum_order_qty: Qty.default(0),
    rounding: Step.default(0.01),
    qty_multiple: Step.default(1),
    multiple_tolerance_pct: z.number().finite().min(0).max(100).default(0),
    min_batch: Qty.default(0),
    max_batch: Step.nullable().default(null),
    storage_capacity: Qty.nullable().default(null),
    source_free_qty: Qty.nullable().default(null),
    spike: z
      .object({
        horizon_days: z.number().int().min(0).max(LIMITS.spikeHorizonDays).nullable().default(null),
        threshold_pct_of_red: z.number().finite().min(0).max(LIMITS.percent).default(50),
        threshold: Qty.nullable().default(null),
      })
      .default({ horizon_days: null, threshold_pct_of_red: 50, threshold: null }),
    incoming_safety_factor: z.number().finite().min(0).max(LIMITS.incomingSafetyFactor).default(1),
    order_trigger: z.enum(['below', 'at_or_below']).default('below'),
    on_hand: SignedQuantity,
    supply: z.array(z.object({ date: Day, qty: Qty })).default([]),
    demand: z.array(z.object({ date: Day, qty: Qty })).default([]),
    in_progress_qty: Qty.default(0),
    adjustments: z
      .object({
        demand_factor: Factor.default(1),
        lead_time_factor: Factor.default(1),
        zone_factors: z
          .object({ red: Factor.default(1), yellow: Factor.default(1), green: Factor.default(1) })
          .default({ red: 1, yellow: 1, green: 1 }),
      })
      .default({ demand_factor: 1, lead_time_factor: 1, zone_factors: { red: 1, yellow: 1, green: 1 } }),
  })
  .superRefine((b, ctx) => {
    if (b.profile.replenish_method !== 'override') return;
    for (const zone of ['red', 'yellow', 'green'] as const) {
      if (b.overrides[zone] === null)
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', zone],
          message: 'is required by the override method',
        });
    }
  })
  .refine((b) => b.max_batch === null || b.max_batch >= b.min_batch, {
    message: 'must not be below min_batch',
    path: ['max_batch'],
  });
export type BufferInput = z.infer<typeof BufferInput>;

export const ITEM_TYPES = ['purchased', 'manufactured', 'distributed'] as const;

export const BomInput = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        type: z.enum(ITEM_TYPES),
        lead_time_days: LeadDays,
        buffered: z.boolean().default(false),
        components: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
});
export type BomInput = z.infer<typeof BomInput>;

/** The first problem as one line naming its field, as the command contract wants. */
export const firstIssue = (error: z.ZodError, prefix = ''): string => {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    prefix,
  );
  return `${path || '(input)'}: ${issue.message}`;
};
