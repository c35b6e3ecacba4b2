import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/http/auth.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { type MovementKind, stockBalances, stockMovements } from './schema.ts';

const trim = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

export type Movement = {
  productId: string;
  locationId: string;
  locationCode: string;
  allowNegative: boolean;
  quantity: string;
  kind: MovementKind;
  reason?: string | null | undefined;
  reference?: { type: string; id: string } | undefined;
  expectedVersion?: number | undefined;
};

/**
 * Posts one movement and moves its balance in the caller's transaction, with one conditional
 * UPDATE: the row only changes if the version matches (when given) and the result keeps
 * available stock at or above zero (unless the location allows negative stock). No read-then-
 * write window, so concurrent requests cannot oversell.
 */
export const postMovement = async (
  tx: Tx,
  ctx: RequestContext,
  m: Movement,
  emit: (e: EventEnvelope) => void,
) => {
  await tx
    .insert(stockBalances)
    .values({ tenantId: ctx.tenantId, productId: m.productId, locationId: m.locationId })
    .onConflictDoNothing();
  const where = and(
    eq(stockBalances.productId, m.productId),
    eq(stockBalances.locationId, m.locationId),
    eq(stockBalances.tenantId, ctx.tenantId),
    m.expectedVersion === undefined ? undefined : eq(stockBalances.version, m.expectedVersion),
    m.allowNegative
      ? undefined
      : sql`${stockBalances.onHand} + ${m.quantity}::numeric >= ${stockBalances.reserved}`,
  );
  const [b] = await tx
    .update(stockBalances)
    .set({
      onHand: sql`${stockBalances.onHand} + ${m.quantity}::numeric`,
      version: sql`${stockBalances.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(where)
    .returning({
      onHand: stockBalances.onHand,
      reserved: stockBalances.reserved,
      version: stockBalances.version,
      // Balances are computed in SQL, never in floating point (ARCHITECTURE.md §3).
      available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      // Crossing the minimum downwards (seed 003/004 low-stock alert), decided in SQL too.
      crossedMin: sql<boolean>`${stockBalances.minQty} is not null and ${stockBalances.onHand} - ${stockBalances.reserved} < ${stockBalances.minQty} and ${stockBalances.onHand} - ${stockBalances.reserved} - ${m.quantity}::numeric >= ${stockBalances.minQty}`,
      minQty: stockBalances.minQty,
    });
  if (!b) {
    const [now] = await tx
      .select({
        version: stockBalances.version,
        available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      })
      .from(stockBalances)
      .where(and(eq(stockBalances.productId, m.productId), eq(stockBalances.locationId, m.locationId)));
    const available = trim(now?.available ?? '0');
    if (m.expectedVersion !== undefined && now && now.version !== m.expectedVersion) {
      throw new DomainError('inventory.version_conflict', {
        detail: `Expected version ${m.expectedVersion}, the stock is at version ${now.version}.`,
        meta: { current_version: now.version },
      });
    }
    throw new DomainError('inventory.insufficient_stock', {
      detail: `Only ${available} available; the change was ${trim(m.quantity)}.`,
      meta: { available },
    });
  }
  await tx.insert(stockMovements).values({
    tenantId: ctx.tenantId,
    productId: m.productId,
    locationId: m.locationId,
    kind: m.kind,
    quantity: m.quantity,
    balanceAfter: b.onHand,
    balanceVersion: b.version,
    reason: m.reason ?? null,
    referenceType: m.reference?.type ?? null,
    referenceId: m.reference?.id ?? null,
    userId: ctx.userId,
  });
  const out = {
    product_id: m.productId,
    location_id: m.locationId,
    location_code: m.locationCode,
    quantity_change: trim(m.quantity),
    on_hand: trim(b.onHand),
    reserved: trim(b.reserved),
    available: trim(b.available),
    version: b.version,
    kind: m.kind,
  };
  emit(
    inventoryEvents.stockUpdated.create({
      tenantId: ctx.tenantId,
      aggregateId: `${m.productId}:${m.locationId}`,
      payload: out,
    }),
  );
  if (b.crossedMin) {
    emit(
      inventoryEvents.stockLow.create({
        tenantId: ctx.tenantId,
        aggregateId: `${m.productId}:${m.locationId}`,
        payload: {
          product_id: m.productId,
          location_id: m.locationId,
          location_code: m.locationCode,
          available: out.available,
          min_qty: trim(b.minQty ?? '0'),
        },
      }),
    );
  }
  return out;
};

export const createStockService = (p: Platform) => ({
  /** Seed 001 flow 2: a store changes its stock, carrying the version it read. */
  update: (
    ctx: RequestContext,
    input: {
      product_id: string;
      store_id: string;
      quantity_change: string;
      reason: string;
      expected_version?: number | undefined;
    },
    record?: (tx: Tx, outcome: { status: number; body: unknown }) => Promise<void>,
  ) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
      assertStoreAccess(ctx, location.id);
      await catalogFacade.product(tx, ctx.tenantId, input.product_id);
      const kind: MovementKind = Number(input.quantity_change) >= 0 ? 'receipt' : 'adjustment';
      const out = await postMovement(
        tx,
        ctx,
        {
          productId: input.product_id,
          locationId: location.id,
          locationCode: location.code,
          allowNegative: location.allowNegative,
          quantity: input.quantity_change,
          kind,
          reason: input.reason,
          expectedVersion: input.expected_version,
        },
        emit,
      );
      const body = { ...out, store_id: location.code };
      await record?.(tx, { status: 200, body });
      return body;
    }),

  /** The ledger of one product at one location, newest first, with the running balance. */
  ledger: (ctx: RequestContext, q: { product_id: string; location: string; limit: number }) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const location = await catalogFacade.location(tx, ctx.tenantId, q.location);
      const rows = await tx
        .select()
        .from(stockMovements)
        .where(
          and(
            eq(stockMovements.tenantId, ctx.tenantId),
            eq(stockMovements.productId, q.product_id),
            eq(stockMovements.locationId, location.id),
          ),
        )
        .orderBy(desc(stockMovements.balanceVersion))
        .limit(q.limit);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        quantity: trim(r.quantity),
        balance_after: trim(r.balanceAfter),
        reason: r.reason,
        reference_type: r.referenceType,
        reference_id: r.referenceId,
        user_id: r.userId,
        created_at: new Date(r.createdAt).toISOString(),
      }));
    }),
});

export type StockService = ReturnType<typeof createStockService>;
