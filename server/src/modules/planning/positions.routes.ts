import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '../../platform/domain/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { addDays } from './domain/dates.ts';
import { buffers, SUPPLY_KINDS, SUPPLY_STATUSES } from './schema.ts';

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
export const positionsRoutes = (app: App, p: Platform) => {
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
    async (req) =>
      p.uow.forTenant(req.ctx.tenantId, async (tx) => {
        const [b] = await tx
          .select()
          .from(buffers)
          .where(and(eq(buffers.tenantId, req.ctx.tenantId), eq(buffers.id, req.params.id)));
        if (!b) throw new DomainError('planning.buffer_not_found');
        const today = await tenantCalendar.today(tx, req.ctx.tenantId);
        const last = addDays(today, Math.ceil(Number(b.dlt ?? 0) * Number(b.incomingSafetyFactor)));
        const orders = (
          await ordersFacade.openSupply(tx, req.ctx.tenantId, { productIds: [b.productId] })
        ).filter((o) => o.locationId === b.locationId);
        const open = await inventoryFacade.openPositions(tx, req.ctx.tenantId, b.productId, b.locationId);
        return {
          buffer_id: b.id,
          supply: [
            ...open.inTransit.map((t) => ({
              id: t.id,
              order_id: null,
              number: null,
              kind: 'in_transit' as const,
              status: null,
              quantity: t.quantity,
              due_date: t.since.slice(0, 10),
              within_dlt: true,
              origin: t.from_location_code,
            })),
            ...orders.map((o) => ({
              id: o.orderId,
              order_id: o.orderId,
              number: o.number,
              kind: o.kind,
              status: o.status,
              quantity: o.quantity,
              due_date: o.dueDate,
              within_dlt: o.dueDate <= last,
              origin: o.origin,
            })),
          ],
          holds: open.holds,
        };
      }),
  );
};
