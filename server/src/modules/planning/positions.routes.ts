import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { addDays } from './domain/dates.ts';
import { buffers, SUPPLY_KINDS, supplyOrders } from './schema.ts';

const Positions = z.object({
  buffer_id: z.uuid(),
  supply: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum([...SUPPLY_KINDS, 'in_transit']),
      quantity: z.number(),
      due_date: z.string(),
      within_dlt: z.boolean().describe('counts in net flow (due within DLT × incoming safety factor)'),
      origin: z.string().describe('approved, auto, or the source location code of a transfer in transit'),
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
 * The open supply and demand behind a buffer's net flow: draft supply orders, transfers in
 * transit, and the live holds already taken out of its on hand (open customer demand joins
 * with the orders module).
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
        const today = new Date().toISOString().slice(0, 10);
        const last = addDays(today, Math.ceil(Number(b.dlt ?? 0) * Number(b.incomingSafetyFactor)));
        const drafts = await tx
          .select()
          .from(supplyOrders)
          .where(
            and(
              eq(supplyOrders.tenantId, req.ctx.tenantId),
              eq(supplyOrders.productId, b.productId),
              eq(supplyOrders.locationId, b.locationId),
              eq(supplyOrders.status, 'DRAFT'),
            ),
          )
          .orderBy(asc(supplyOrders.dueDate));
        const open = await inventoryFacade.openPositions(tx, req.ctx.tenantId, b.productId, b.locationId);
        return {
          buffer_id: b.id,
          supply: [
            ...open.inTransit.map((t) => ({
              id: t.id,
              kind: 'in_transit' as const,
              quantity: t.quantity,
              due_date: t.since.slice(0, 10),
              within_dlt: true,
              origin: t.from_location_code,
            })),
            ...drafts.map((d) => ({
              id: d.id,
              kind: d.kind,
              quantity: Number(d.quantity),
              due_date: d.dueDate,
              within_dlt: d.dueDate <= last,
              origin: d.origin,
            })),
          ],
          holds: open.holds,
        };
      }),
  );
};
