import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';
import { ALERT_KINDS } from './schema.ts';

const Buffer = z.object({
  product_id: z.string(),
  location_code: z.string(),
  planning_priority: z.enum(['red', 'yellow', 'green']),
  net_flow_position: z.number(),
  net_flow_percent: z.number().nullable(),
  top_of_green: z.number(),
  recommended_qty: z.number(),
});

export const planningEvents = {
  replenishmentSuggested: defineEvent(
    'planning.replenishment.suggested',
    1,
    z.object({
      buffer_id: z.string(),
      quantity: z.number(),
      planning_priority: z.enum(['red', 'yellow', 'green']),
    }),
  ),
  /** A planning alert opened (on hand, projected on hand, material synchronization, spike horizon). */
  alertRaised: defineEvent(
    'planning.alert.raised',
    1,
    z.object({
      kind: z.enum(ALERT_KINDS),
      severity: z.enum(['red', 'yellow']),
      buffer_id: z.string().nullable(),
      product_id: z.string(),
      location_id: z.string(),
      message: z.string(),
    }),
  ),
  bufferCalculated: defineEvent('planning.buffer.calculated', 1, Buffer),
  /** Net flow entered yellow or red from a better zone. */
  bufferPenetrated: defineEvent(
    'planning.buffer.penetrated',
    1,
    Buffer.extend({ from: z.enum(['red', 'yellow', 'green']).nullable() }),
  ),
  /** A planned adjustment was created, changed or removed: the buffers in this scope recompute. */
  adjustmentChanged: defineEvent(
    'planning.adjustment.changed',
    1,
    z.object({
      buffer_id: z.string().nullable(),
      product_category: z.string().nullable(),
      location_id: z.string().nullable(),
    }),
  ),
  /** Demand forecasts of these items were written or removed: their forecast-based ADU recomputes. */
  forecastChanged: defineEvent(
    'planning.forecast.changed',
    1,
    z.object({ items: z.array(z.object({ product_id: z.string(), location_id: z.string() })) }),
  ),
  /** A movement was excluded from or included again in ADU: every buffer of the product re-sizes. */
  aduExclusionChanged: defineEvent('planning.adu_exclusion.changed', 1, z.object({ product_id: z.string() })),
};
