import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { type RequestContext, visibleInStoreScope } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { catalogLocations as locations } from '../catalog/index.ts';
import { byItem, trim } from './ledger.ts';
import { reservationLines, reservations } from './schema.ts';

/** The lines of some reservations, each with its location's code. */
export const linesOf = (tx: Tx, ids: string[]) =>
  tx
    .select({
      reservationId: reservationLines.reservationId,
      productId: reservationLines.productId,
      locationId: reservationLines.locationId,
      code: locations.code,
      quantity: reservationLines.quantity,
    })
    .from(reservationLines)
    .innerJoin(locations, eq(locations.id, reservationLines.locationId))
    .where(inArray(reservationLines.reservationId, ids));

/** A reservation the caller may see: a Seller's are those holding stock at one of their stores. */
export const load = async (tx: Tx, ctx: RequestContext, id: string) => {
  const [r] = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.id, id), eq(reservations.tenantId, ctx.tenantId)))
    .for('update');
  if (!r) throw new DomainError('inventory.reservation_not_found');
  const lines = await linesOf(tx, [id]);
  if (
    !visibleInStoreScope(
      ctx,
      lines.map((l) => l.locationId),
    )
  )
    throw new DomainError('inventory.reservation_not_found');
  return { r, lines: lines.sort(byItem) };
};

export const view = (
  r: typeof reservations.$inferSelect,
  lines: { productId: string; locationId: string; code: string; quantity: string }[],
) => {
  const expiresIn = Math.max(0, Math.round((new Date(r.expiresAt).getTime() - Date.now()) / 1000));
  const expired = r.status === 'PENDING' && expiresIn === 0;
  return {
    reservation_id: r.id,
    status: expired ? ('EXPIRED' as const) : r.status,
    customer_id: r.customerId,
    expires_at: new Date(r.expiresAt).toISOString(),
    expires_in_seconds: r.status === 'PENDING' ? expiresIn : 0,
    lines: lines.map((l) => ({
      product_id: l.productId,
      location_id: l.locationId,
      store_id: l.code,
      quantity: trim(l.quantity),
    })),
  };
};
