import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { storeScopeFilter } from '../../platform/db/store-scope.ts';
import {
  assertStoreAccess,
  type RequestContext,
  visibleInStoreScope,
} from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade, catalogLocations as locations } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { byItem, type Item, lockItem, type PostedMovement, postMovement, trim } from './ledger.ts';
import { stockTransfers, type TransferStatus } from './schema.ts';

type Loc = Awaited<ReturnType<typeof catalogFacade.location>>;
type Leg = { loc: Loc; kind: 'transfer_out' | 'transfer_in'; quantity: string };

/**
 * Posts the two legs of one hop (out of `from`, into `to`) in the caller's transaction, rows
 * locked in the global item order so opposite transfers cannot deadlock; the out leg refuses to
 * oversell and the whole hop rolls back with it.
 */
const hop = async (
  tx: Tx,
  ctx: RequestContext,
  productId: string,
  from: Loc,
  to: Loc,
  quantity: string,
  transferId: string,
  reason: string | null,
  emit: Parameters<typeof postMovement>[3],
) => {
  const legs: (Leg & Item)[] = [
    { loc: from, kind: 'transfer_out', quantity: `-${quantity}`, productId, locationId: from.id },
    { loc: to, kind: 'transfer_in', quantity, productId, locationId: to.id },
  ];
  const ordered = [...legs].sort(byItem);
  for (const l of ordered) await lockItem(tx, ctx.tenantId, l);
  const out: Partial<Record<Leg['kind'], PostedMovement>> = {};
  for (const l of legs) {
    out[l.kind] = await postMovement(
      tx,
      ctx,
      {
        productId,
        locationId: l.loc.id,
        locationCode: l.loc.code,
        allowNegative: l.loc.allowNegative,
        quantity: l.quantity,
        kind: l.kind,
        reason,
        reference: { type: 'transfer', id: transferId },
        locked: true,
      },
      emit,
    );
  }
  return out;
};

export type TransferInput = {
  product_id: string;
  from_store_id: string;
  to_store_id: string;
  via_store_id?: string | undefined;
  quantity: string;
  reason?: string | undefined;
  /** Another module's record this transfer carries out (a transfer order's line). */
  reference?: { type: string; id: string } | undefined;
};

const from = alias(locations, 'from_loc');
const to = alias(locations, 'to_loc');
const via = alias(locations, 'via_loc');

const select = (tx: Tx) =>
  tx
    .select({
      id: stockTransfers.id,
      product_id: stockTransfers.productId,
      from_store_id: from.code,
      to_store_id: to.code,
      via_store_id: via.code,
      fromLocationId: stockTransfers.fromLocationId,
      toLocationId: stockTransfers.toLocationId,
      viaLocationId: stockTransfers.viaLocationId,
      quantity: stockTransfers.quantity,
      status: stockTransfers.status,
      reason: stockTransfers.reason,
      created_at: stockTransfers.createdAt,
      closed_at: stockTransfers.closedAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(stockTransfers)
    .innerJoin(from, eq(from.id, stockTransfers.fromLocationId))
    .innerJoin(to, eq(to.id, stockTransfers.toLocationId))
    .leftJoin(via, eq(via.id, stockTransfers.viaLocationId));

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
const view = (r: Row) => ({
  id: r.id,
  product_id: r.product_id,
  from_store_id: r.from_store_id,
  to_store_id: r.to_store_id,
  via_store_id: r.via_store_id,
  quantity: trim(r.quantity),
  status: r.status,
  reason: r.reason,
  created_at: new Date(r.created_at).toISOString(),
  closed_at: r.closed_at ? new Date(r.closed_at).toISOString() : null,
});

const load = async (tx: Tx, ctx: RequestContext, id: string, lock = false) => {
  if (lock) {
    const [held] = await tx
      .select({ id: stockTransfers.id })
      .from(stockTransfers)
      .where(and(eq(stockTransfers.id, id), eq(stockTransfers.tenantId, ctx.tenantId)))
      .for('update');
    if (!held) throw new DomainError('inventory.transfer_not_found');
  }
  const [r] = await select(tx).where(
    and(eq(stockTransfers.id, id), eq(stockTransfers.tenantId, ctx.tenantId)),
  );
  // A Seller sees the transfers leaving or reaching one of their stores.
  if (!r || !visibleInStoreScope(ctx, [r.fromLocationId, r.toLocationId]))
    throw new DomainError('inventory.transfer_not_found');
  return r;
};

const event = (r: Row, status: TransferStatus) => ({
  status,
  product_id: r.product_id,
  from_store_id: r.from_store_id,
  to_store_id: r.to_store_id,
  from_location_id: r.fromLocationId,
  to_location_id: r.toLocationId,
  quantity: trim(r.quantity),
});

/** Ends an in-transit transfer in the caller's transaction: the stock leaves transit for the destination (or, on cancel, the source). */
export const closeTransferIn = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  id: string,
  outcome: 'RECEIVED' | 'CANCELLED',
) => {
  const r = await load(tx, ctx, id, true);
  if (r.status !== 'IN_TRANSIT' || !r.viaLocationId)
    throw new DomainError('inventory.transfer_closed', { detail: `The transfer is ${r.status}.` });
  const destId = outcome === 'RECEIVED' ? r.toLocationId : r.fromLocationId;
  assertStoreAccess(ctx, destId);
  const transit = await catalogFacade.location(tx, ctx.tenantId, r.viaLocationId);
  const dest = await catalogFacade.location(tx, ctx.tenantId, destId);
  await hop(
    tx,
    ctx,
    r.product_id,
    { ...transit, allowNegative: false },
    dest,
    r.quantity,
    r.id,
    r.reason,
    emit,
  );
  await tx
    .update(stockTransfers)
    .set({ status: outcome, closedAt: sql`now()` })
    .where(eq(stockTransfers.id, id));
  const done = await load(tx, ctx, id);
  const def = outcome === 'RECEIVED' ? inventoryEvents.transferReceived : inventoryEvents.transferCancelled;
  emit(def.create({ tenantId: ctx.tenantId, aggregateId: id, payload: event(done, outcome) }));
  return view(done);
};

/**
 * Creates a transfer and posts its first hop in the caller's transaction (direct, or into transit).
 * `scope`: a new transfer needs both ends among a store-scoped caller's stores; shipping a
 * transfer order someone already placed needs only its source (`'source'`).
 */
export const createTransferIn = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  input: TransferInput,
  scope: 'both' | 'source' = 'both',
) => {
  const src = await catalogFacade.location(tx, ctx.tenantId, input.from_store_id, 'from_store_id');
  const dst = await catalogFacade.location(tx, ctx.tenantId, input.to_store_id, 'to_store_id');
  const transit = input.via_store_id
    ? await catalogFacade.location(tx, ctx.tenantId, input.via_store_id, 'via_store_id')
    : null;
  if (src.id === dst.id)
    throw new DomainError('inventory.transfer_invalid', {
      errors: [{ field: 'to_store_id', message: 'must differ from from_store_id' }],
    });
  if (transit && (transit.type !== 'in_transit' || transit.id === src.id || transit.id === dst.id))
    throw new DomainError('inventory.transfer_invalid', {
      errors: [{ field: 'via_store_id', message: 'must be another location of type in_transit' }],
    });
  // Sending decides what another store receives: a store-scoped user moves stock only between their own stores.
  assertStoreAccess(ctx, src.id);
  if (scope === 'both') assertStoreAccess(ctx, dst.id);
  const product = await catalogFacade.product(tx, ctx.tenantId, input.product_id);
  catalogFacade.assertQuantities([{ step: product.step, quantity: input.quantity, field: 'quantity' }]);
  const [t] = await tx
    .insert(stockTransfers)
    .values({
      tenantId: ctx.tenantId,
      productId: input.product_id,
      fromLocationId: src.id,
      toLocationId: dst.id,
      viaLocationId: transit?.id ?? null,
      quantity: input.quantity,
      status: transit ? 'IN_TRANSIT' : 'COMPLETED',
      reason: input.reason ?? null,
      referenceType: input.reference?.type ?? null,
      referenceId: input.reference?.id ?? null,
      createdBy: ctx.userId,
      closedAt: transit ? null : sql`now()`,
    })
    .returning({ id: stockTransfers.id });
  if (!t) throw new Error('transfer insert returned nothing');
  await hop(tx, ctx, input.product_id, src, transit ?? dst, input.quantity, t.id, input.reason ?? null, emit);
  const r = await load(tx, ctx, t.id);
  emit(
    inventoryEvents.transferCreated.create({
      tenantId: ctx.tenantId,
      aggregateId: t.id,
      payload: event(r, r.status),
    }),
  );
  return view(r);
};

/** Transfers by their reason text, in the caller's transaction (a supply order tags its transfers this way). */
/** The transfers carrying out some records of another module (by reference id). */
export const transfersByReference = (tx: Executor, tenantId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({
          id: stockTransfers.id,
          productId: stockTransfers.productId,
          status: stockTransfers.status,
          referenceId: stockTransfers.referenceId,
        })
        .from(stockTransfers)
        .where(and(eq(stockTransfers.tenantId, tenantId), inArray(stockTransfers.referenceId, ids)));

export const createTransfersService = (p: Platform) => ({
  create: (ctx: RequestContext, input: TransferInput, record?: RecordOutcome) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const out = await createTransferIn(tx, ctx, emit, input);
      await record?.(tx, { status: 201, body: out });
      return out;
    }),
  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => view(await load(tx, ctx, id))),

  list: (
    ctx: RequestContext,
    q: PageQuery & { status?: TransferStatus | undefined; product_id?: string | undefined },
  ) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const rows = await select(tx)
        .where(
          and(
            eq(stockTransfers.tenantId, ctx.tenantId),
            q.status ? eq(stockTransfers.status, q.status) : undefined,
            q.product_id ? eq(stockTransfers.productId, q.product_id) : undefined,
            storeScopeFilter(ctx, stockTransfers.fromLocationId, stockTransfers.toLocationId),
          ),
        )
        .orderBy(desc(stockTransfers.createdAt), desc(stockTransfers.id))
        .limit(q.limit)
        .offset(offsetOf(q));
      return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
    }),

  receive: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, (tx, emit) => closeTransferIn(tx, ctx, emit, id, 'RECEIVED')),
  cancel: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, (tx, emit) => closeTransferIn(tx, ctx, emit, id, 'CANCELLED')),
});

export type TransfersService = ReturnType<typeof createTransfersService>;
