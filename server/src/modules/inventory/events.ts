import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

const Status = z.object({ status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED']) });

export const inventoryEvents = {
  stockLow: defineEvent(
    'inventory.stock.low',
    1,
    z.object({
      product_id: z.string(),
      location_id: z.string(),
      location_code: z.string(),
      available: z.string(),
      min_qty: z.string(),
    }),
  ),
  reservationCreated: defineEvent('inventory.reservation.created', 1, Status),
  reservationConfirmed: defineEvent('inventory.reservation.confirmed', 1, Status),
  reservationCancelled: defineEvent('inventory.reservation.cancelled', 1, Status),
  reservationExpired: defineEvent('inventory.reservation.expired', 1, Status),
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
