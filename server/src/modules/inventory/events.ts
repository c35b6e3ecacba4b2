import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

const Status = z.object({
  status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED']),
  /** The products held, so caches of exactly those can be dropped. */
  product_ids: z.array(z.string()).optional(),
  /** The stores holding the stock, so a Seller's live feed carries only their stores' holds. */
  location_ids: z.array(z.string()).optional(),
});

const Transfer = z.object({
  status: z.enum(['COMPLETED', 'IN_TRANSIT', 'RECEIVED', 'CANCELLED']),
  product_id: z.string(),
  from_store_id: z.string(),
  to_store_id: z.string(),
  /** The ends by id (the codes above are for people), for store-scoped live feeds. */
  from_location_id: z.string().optional(),
  to_location_id: z.string().optional(),
  quantity: z.string(),
});

export const inventoryEvents = {
  transferCreated: defineEvent('inventory.transfer.created', 1, Transfer),
  transferReceived: defineEvent('inventory.transfer.received', 1, Transfer),
  transferCancelled: defineEvent('inventory.transfer.cancelled', 1, Transfer),
  countPosted: defineEvent(
    'inventory.count.posted',
    1,
    z.object({
      store_id: z.string(),
      location_id: z.string().optional(),
      lines: z.number().int(),
      corrections: z.number().int(),
    }),
  ),
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
  /** Sales history was recorded or removed for these items (ADR 0009): their ADU recomputes. */
  demandRecorded: defineEvent(
    'inventory.demand.recorded',
    1,
    z.object({ items: z.array(z.object({ product_id: z.string(), location_id: z.string() })) }),
  ),
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
