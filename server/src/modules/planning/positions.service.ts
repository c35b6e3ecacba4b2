import { and, eq } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { incomingWindowDays, withinWindow } from './domain/net-flow.ts';
import { buffers } from './schema.ts';

export const createPositionsService = (p: Platform) => ({
  /**
   * The open supply and demand behind a buffer's net flow: open supply orders of its item (what
   * is still to come of each line), transfers in transit, and the live holds already taken out
   * of its on hand. Whether a line counts in net flow is the engine's rule, on the buffer's
   * last calculated DLT: transfers in transit are dated when they left, so they always count.
   */
  ofBuffer: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [b] = await tx
        .select()
        .from(buffers)
        .where(and(eq(buffers.tenantId, ctx.tenantId), eq(buffers.id, id)));
      if (!b) throw new DomainError('planning.buffer_not_found');
      const today = await tenantCalendar.today(tx, ctx.tenantId);
      const window = incomingWindowDays(Number(b.dlt ?? 0), Number(b.incomingSafetyFactor));
      const counts = (date: string) => withinWindow(today, date, window);
      const orders = (await ordersFacade.openSupply(tx, ctx.tenantId, { productIds: [b.productId] })).filter(
        (o) => o.locationId === b.locationId,
      );
      const open = await inventoryFacade.openPositions(tx, ctx.tenantId, b.productId, b.locationId);
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
            within_dlt: counts(t.since.slice(0, 10)),
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
            within_dlt: counts(o.dueDate),
            origin: o.origin,
          })),
        ],
        holds: open.holds,
      };
    }),
});

export type PositionsService = ReturnType<typeof createPositionsService>;
