import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

export const inventoryEvents = {
  stockUpdated: defineEvent(
    'inventory.stock.updated',
    1,
    z.object({
      product_id: z.string(),
      location_id: z.string(),
      location_code: z.string(),
      quantity_change: z.string(),
      on_hand: z.string(),
      reserved: z.string(),
      available: z.string(),
      version: z.number().int(),
      kind: z.string(),
    }),
  ),
};
