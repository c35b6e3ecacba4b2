import { and, desc, eq, lt } from 'drizzle-orm';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { postMovement, trim } from './ledger.ts';
import { type MovementKind, stockMovements } from './schema.ts';

type LedgerQuery = { product_id: string; location: string; limit: number };

const movementView = (r: typeof stockMovements.$inferSelect) => ({
  id: r.id,
  kind: r.kind,
  quantity: trim(r.quantity),
  balance_after: trim(r.balanceAfter),
  reason: r.reason,
  reference_type: r.referenceType,
  reference_id: r.referenceId,
  user_id: r.userId,
  created_at: new Date(r.createdAt).toISOString(),
});

export const DIRECT_KINDS = ['receipt', 'shipment', 'adjustment', 'scrap', 'return'] as const;
export type DirectKind = (typeof DIRECT_KINDS)[number];

/** Receipts and returns add, shipments and scrap take; an adjustment carries its own sign. */
const signed = (kind: DirectKind, q: string) => {
  if (kind === 'adjustment') return q;
  const abs = q.replace(/^-/, '');
  return kind === 'shipment' || kind === 'scrap' ? `-${abs}` : abs;
};

type Change = {
  product_id: string;
  store_id: string;
  kind: MovementKind;
  /** Signed change of on hand. */
  quantity: string;
  /** The request field that carried the quantity, for the error. */
  field: string;
  reason: string;
  reference?: { type: string; id: string } | undefined;
  expected_version?: number | undefined;
};

export const createStockService = (p: Platform) => {
  /** One movement at a location the caller may act on; the answer names the location by code. */
  const apply = (ctx: RequestContext, c: Change, status: number, record?: RecordOutcome) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const location = await catalogFacade.location(tx, ctx.tenantId, c.store_id);
      assertStoreAccess(ctx, location.id);
      const product = await catalogFacade.product(tx, ctx.tenantId, c.product_id);
      // Either direction moves whole steps of the product: -0.4 of a box of 100 is as wrong as 0.4.
      catalogFacade.assertQuantities([
        { step: product.step, quantity: c.quantity, field: c.field, sign: 'non_zero' },
      ]);
      const { location_code: _c, ...rest } = await postMovement(
        tx,
        ctx,
        {
          productId: c.product_id,
          locationId: location.id,
          locationCode: location.code,
          allowNegative: location.allowNegative,
          quantity: c.quantity,
          kind: c.kind,
          reason: c.reason,
          reference: c.reference,
          expectedVersion: c.expected_version,
        },
        emit,
      );
      const body = { ...rest, store_id: location.code };
      await record?.(tx, { status, body });
      return body;
    });

  const ledgerBatch = (ctx: RequestContext, q: LedgerQuery, before: number | undefined) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const location = await catalogFacade.location(tx, ctx.tenantId, q.location);
      assertStoreAccess(ctx, location.id);
      return tx
        .select()
        .from(stockMovements)
        .where(
          and(
            eq(stockMovements.tenantId, ctx.tenantId),
            eq(stockMovements.productId, q.product_id),
            eq(stockMovements.locationId, location.id),
            before === undefined ? undefined : lt(stockMovements.balanceVersion, before),
          ),
        )
        .orderBy(desc(stockMovements.balanceVersion))
        .limit(q.limit);
    });

  return {
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
      record?: RecordOutcome,
    ) =>
      apply(
        ctx,
        {
          ...input,
          // A hand correction either way; goods arriving are receipts through /stock/movements.
          kind: 'adjustment',
          quantity: input.quantity_change,
          field: 'quantity_change',
        },
        200,
        record,
      ),

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
      record?: RecordOutcome,
    ) =>
      apply(
        ctx,
        {
          ...input,
          quantity: signed(input.kind, input.quantity),
          field: 'quantity',
          reference:
            input.reference_type && input.reference_id
              ? { type: input.reference_type, id: input.reference_id }
              : undefined,
        },
        201,
        record,
      ),

    /** The ledger of one product at one location, newest first, with the running balance. */
    ledger: async (ctx: RequestContext, q: LedgerQuery) =>
      (await ledgerBatch(ctx, q, undefined)).map(movementView),

    /**
     * The whole ledger of one product at one location, newest first, read in batches by balance
     * version (keyset), so an export of years of movements holds one batch at a time.
     */
    ledgerRows: async function* (ctx: RequestContext, q: Omit<LedgerQuery, 'limit'>, batch = 1000) {
      let before: number | undefined;
      for (;;) {
        const rows = await ledgerBatch(ctx, { ...q, limit: batch }, before);
        yield* rows.map(movementView);
        const last = rows.at(-1);
        if (!last || rows.length < batch) return;
        before = last.balanceVersion;
      }
    },
  };
};

export type StockService = ReturnType<typeof createStockService>;
