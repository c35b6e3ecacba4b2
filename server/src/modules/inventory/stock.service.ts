import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/http/auth.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { postMovement, trim } from './ledger.ts';
import { type MovementKind, stockMovements } from './schema.ts';

export const DIRECT_KINDS = ['receipt', 'shipment', 'adjustment', 'scrap', 'return'] as const;
export type DirectKind = (typeof DIRECT_KINDS)[number];

/** Receipts and returns add, shipments and scrap take; an adjustment carries its own sign. */
const signed = (kind: DirectKind, q: string) => {
  if (kind === 'adjustment') return q;
  const abs = q.replace(/^-/, '');
  return kind === 'shipment' || kind === 'scrap' ? `-${abs}` : abs;
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
      const { location_code: _c, ...rest } = out;
      const body = { ...rest, store_id: location.code };
      await record?.(tx, { status: 200, body });
      return body;
    }),

  /** A movement of a given kind (seed 003): receipts and returns add, shipments and scrap take. */
  move: (
    ctx: RequestContext,
    input: {
      kind: DirectKind;
      product_id: string;
      store_id: string;
      quantity: string;
      reason: string;
      reference_type?: string | undefined;
      reference_id?: string | undefined;
      expected_version?: number | undefined;
    },
    record?: (tx: Tx, outcome: { status: number; body: unknown }) => Promise<void>,
  ) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
      assertStoreAccess(ctx, location.id);
      await catalogFacade.product(tx, ctx.tenantId, input.product_id);
      const out = await postMovement(
        tx,
        ctx,
        {
          productId: input.product_id,
          locationId: location.id,
          locationCode: location.code,
          allowNegative: location.allowNegative,
          quantity: signed(input.kind, input.quantity),
          kind: input.kind,
          reason: input.reason,
          reference:
            input.reference_type && input.reference_id
              ? { type: input.reference_type, id: input.reference_id }
              : undefined,
          expectedVersion: input.expected_version,
        },
        emit,
      );
      const { location_code: _c, ...rest } = out;
      const body = { ...rest, store_id: location.code };
      await record?.(tx, { status: 201, body });
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
