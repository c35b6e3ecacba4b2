import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

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
  bufferCalculated: defineEvent('planning.buffer.calculated', 1, Buffer),
  /** Net flow entered yellow or red from a better zone. */
  bufferPenetrated: defineEvent(
    'planning.buffer.penetrated',
    1,
    Buffer.extend({ from: z.enum(['red', 'yellow', 'green']).nullable() }),
  ),
};
