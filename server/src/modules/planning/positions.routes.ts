import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { SUPPLY_KINDS, SUPPLY_STATUSES } from '../orders/index.ts';
import type { PositionsService } from './positions.service.ts';

const Positions = z.object({
  buffer_id: z.uuid(),
  supply: z.array(
    z.object({
      id: z.uuid().describe('the supply order, or the inventory transfer in transit'),
      order_id: z.uuid().nullable().describe('the supply order; null for stock in transit'),
      number: z.string().nullable().describe('the supply order’s number (PO-000001); null in transit'),
      kind: z.enum([...SUPPLY_KINDS, 'in_transit']),
      status: z.enum(SUPPLY_STATUSES).nullable().describe('the supply order’s status; null in transit'),
      quantity: z.number().describe('still to come: ordered less received'),
      due_date: z.string(),
      within_dlt: z.boolean().describe('counts in net flow (due within DLT × incoming safety factor)'),
      origin: z
        .string()
        .describe('manual, approved, auto, reorder, or the source location code of a transfer in transit'),
    }),
  ),
  holds: z.array(
    z.object({
      reservation_id: z.uuid(),
      quantity: z.number(),
      expires_at: z.string(),
      customer_id: z.string().nullable(),
    }),
  ),
});

/**
 * The open supply and demand behind a buffer's net flow: open supply orders of its item (what
 * is still to come of each line), transfers in transit, and the live holds already taken out
 * of its on hand.
 */
export const positionsRoutes = (app: App, svc: PositionsService) => {
  app.get(
    '/api/v1/buffers/:id/positions',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags: ['planning'],
        summary: 'Open supply and holds behind a buffer’s net flow',
        params: z.object({ id: z.uuid() }),
        response: { 200: Positions },
      },
    },
    async (req) => svc.ofBuffer(req.ctx, req.params.id),
  );
};
