import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/http/auth.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { reservationLines, reservations, stockBalances, stockMovements } from './schema.ts';

type Item = { productId: string; locationId: string };
const byItem = (a: Item, b: Item) => (a.productId + a.locationId).localeCompare(b.productId + b.locationId);

/**
 * Locks one balance row and hands back to it the quantity of expired, unreleased
 * reservations. Every path that touches `reserved` (reserve, confirm, cancel, expiry job)
 * goes through this lock, items in one global order, so none double-counts and none deadlocks.
 */
const lockItem = async (tx: Tx, tenantId: string, item: Item) => {
  await tx
    .insert(stockBalances)
    .values({ tenantId, productId: item.productId, locationId: item.locationId })
    .onConflictDoNothing();
  await tx.execute(
    sql`select 1 from stock_balances where product_id = ${item.productId} and location_id = ${item.locationId} for update`,
  );
  const { rows } = await tx.execute<{ q: string | null }>(sql`
    with released as (
      update reservation_lines l set released_at = now()
      from reservations r
      where r.id = l.reservation_id and l.product_id = ${item.productId} and l.location_id = ${item.locationId}
        and l.released_at is null and r.status = 'PENDING' and r.expires_at <= now()
      returning l.quantity)
    select coalesce(sum(quantity), 0)::text as q from released`);
  const freed = rows[0]?.q ?? '0';
  if (Number(freed) !== 0) {
    await tx
      .update(stockBalances)
      .set({
        reserved: sql`${stockBalances.reserved} - ${freed}::numeric`,
        version: sql`${stockBalances.version} + 1`,
      })
      .where(and(eq(stockBalances.productId, item.productId), eq(stockBalances.locationId, item.locationId)));
  }
};

export type ReserveInput = {
  customer_id: string;
  ttl: number;
  lines: { product_id: string; store_id: string; quantity: string }[];
};

export const createReservationsService = (p: Platform) => {
  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [r] = await tx
      .select()
      .from(reservations)
      .where(and(eq(reservations.id, id), eq(reservations.tenantId, tenantId)))
      .for('update');
    if (!r) throw new DomainError('inventory.reservation_not_found');
    const lines = await tx.select().from(reservationLines).where(eq(reservationLines.reservationId, id));
    return { r, lines: lines.sort(byItem) };
  };

  const view = (
    r: typeof reservations.$inferSelect,
    lines: { productId: string; locationId: string; quantity: string }[],
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
        quantity: l.quantity.includes('.') ? l.quantity.replace(/\.?0+$/, '') : l.quantity,
      })),
    };
  };

  return {
    /** All lines or none: one line short of stock rolls the whole reservation back. */
    reserve: (ctx: RequestContext, input: ReserveInput) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const lines = [];
        for (const l of input.lines) {
          const location = await catalogFacade.location(tx, ctx.tenantId, l.store_id);
          assertStoreAccess(ctx, location.id);
          await catalogFacade.product(tx, ctx.tenantId, l.product_id);
          lines.push({
            productId: l.product_id,
            locationId: location.id,
            code: location.code,
            quantity: l.quantity,
          });
        }
        lines.sort(byItem);
        const [r] = await tx
          .insert(reservations)
          .values({
            tenantId: ctx.tenantId,
            customerId: input.customer_id,
            expiresAt: sql`now() + make_interval(secs => ${input.ttl})`,
            createdBy: ctx.userId,
          })
          .returning();
        if (!r) throw new Error('reservation insert returned nothing');
        for (const l of lines) {
          await lockItem(tx, ctx.tenantId, l);
          const [b] = await tx
            .update(stockBalances)
            .set({
              reserved: sql`${stockBalances.reserved} + ${l.quantity}::numeric`,
              version: sql`${stockBalances.version} + 1`,
            })
            .where(
              and(
                eq(stockBalances.productId, l.productId),
                eq(stockBalances.locationId, l.locationId),
                sql`${stockBalances.onHand} - ${stockBalances.reserved} >= ${l.quantity}::numeric`,
              ),
            )
            .returning({
              available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
            });
          if (!b) {
            const [now] = await tx
              .select({ available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text` })
              .from(stockBalances)
              .where(
                and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)),
              );
            throw new DomainError('inventory.insufficient_stock', {
              detail: `Only ${now?.available ?? 0} of this product available at ${l.code}.`,
              meta: { product_id: l.productId, store_id: l.code, available: now?.available ?? '0' },
            });
          }
          await tx.insert(reservationLines).values({
            tenantId: ctx.tenantId,
            reservationId: r.id,
            productId: l.productId,
            locationId: l.locationId,
            quantity: l.quantity,
          });
        }
        emit(
          inventoryEvents.reservationCreated.create({
            tenantId: ctx.tenantId,
            aggregateId: r.id,
            payload: { status: 'PENDING' },
          }),
        );
        return view(r, lines);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const { r, lines } = await load(tx, ctx.tenantId, id);
        return view(r, lines);
      }),

    /** Stock leaves: a shipment from each line's location consumes the reservation. */
    confirm: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const { r, lines } = await load(tx, ctx.tenantId, id);
        if (r.status !== 'PENDING')
          throw new DomainError('inventory.reservation_closed', {
            detail: `The reservation is ${r.status}.`,
          });
        if (new Date(r.expiresAt) <= new Date()) throw new DomainError('inventory.reservation_expired');
        for (const l of lines) {
          await lockItem(tx, ctx.tenantId, l);
          const [b] = await tx
            .update(stockBalances)
            .set({
              onHand: sql`${stockBalances.onHand} - ${l.quantity}::numeric`,
              reserved: sql`${stockBalances.reserved} - ${l.quantity}::numeric`,
              version: sql`${stockBalances.version} + 1`,
            })
            .where(and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)))
            .returning();
          if (!b) throw new Error('balance vanished');
          await tx.insert(stockMovements).values({
            tenantId: ctx.tenantId,
            productId: l.productId,
            locationId: l.locationId,
            kind: 'shipment',
            quantity: `-${l.quantity}`,
            balanceAfter: b.onHand,
            balanceVersion: b.version,
            reason: 'reservation confirmed',
            referenceType: 'reservation',
            referenceId: r.id,
            userId: ctx.userId,
          });
        }
        await tx
          .update(reservationLines)
          .set({ releasedAt: sql`now()` })
          .where(eq(reservationLines.reservationId, id));
        const [done] = await tx
          .update(reservations)
          .set({ status: 'CONFIRMED', closedAt: sql`now()` })
          .where(eq(reservations.id, id))
          .returning();
        emit(
          inventoryEvents.reservationConfirmed.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { status: 'CONFIRMED' },
          }),
        );
        return view(done ?? r, lines);
      }),

    cancel: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const { r, lines } = await load(tx, ctx.tenantId, id);
        if (r.status !== 'PENDING')
          throw new DomainError('inventory.reservation_closed', {
            detail: `The reservation is ${r.status}.`,
          });
        for (const l of lines) {
          await lockItem(tx, ctx.tenantId, l);
          const released = await tx
            .update(reservationLines)
            .set({ releasedAt: sql`now()` })
            .where(
              and(
                eq(reservationLines.reservationId, id),
                eq(reservationLines.productId, l.productId),
                eq(reservationLines.locationId, l.locationId),
                isNull(reservationLines.releasedAt),
              ),
            )
            .returning({ q: reservationLines.quantity });
          if (released[0]) {
            await tx
              .update(stockBalances)
              .set({
                reserved: sql`${stockBalances.reserved} - ${released[0].q}::numeric`,
                version: sql`${stockBalances.version} + 1`,
              })
              .where(
                and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)),
              );
          }
        }
        const [done] = await tx
          .update(reservations)
          .set({ status: 'CANCELLED', closedAt: sql`now()` })
          .where(eq(reservations.id, id))
          .returning();
        emit(
          inventoryEvents.reservationCancelled.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { status: 'CANCELLED' },
          }),
        );
        return view(done ?? r, lines);
      }),

    /** The job: releases what expired reservations still hold and marks them EXPIRED. */
    expireDue: async () => {
      const due = await p.database.db
        .select({ id: reservations.id, tenantId: reservations.tenantId })
        .from(reservations)
        .where(and(eq(reservations.status, 'PENDING'), sql`${reservations.expiresAt} <= now()`))
        .orderBy(asc(reservations.expiresAt))
        .limit(500);
      for (const d of due) {
        await p.uow.forTenant(d.tenantId, async (tx, emit) => {
          const lines = (
            await tx.select().from(reservationLines).where(eq(reservationLines.reservationId, d.id))
          ).sort(byItem);
          for (const l of lines) await lockItem(tx, d.tenantId, l);
          const [done] = await tx
            .update(reservations)
            .set({ status: 'EXPIRED', closedAt: sql`now()` })
            .where(and(eq(reservations.id, d.id), eq(reservations.status, 'PENDING')))
            .returning({ id: reservations.id });
          if (done)
            emit(
              inventoryEvents.reservationExpired.create({
                tenantId: d.tenantId,
                aggregateId: d.id,
                payload: { status: 'EXPIRED' },
              }),
            );
        });
      }
      return due.length;
    },
  };
};

export type ReservationsService = ReturnType<typeof createReservationsService>;
