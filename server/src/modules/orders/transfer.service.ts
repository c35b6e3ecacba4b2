import { and, asc, eq, sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade, catalogLocations as locations } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { decimal } from './domain/production.ts';
import { canMove, isReceivable, statusAfterReceipt, submittedStatus } from './domain/supply-status.ts';
import { detailOf } from './production.service.ts';
import { supplyOrderLines, supplyReceipts } from './schema.ts';
import {
  insertSupplyOrder,
  loadSupplyOrder,
  loadVisibleSupplyOrder,
  setSupplyStatus,
  settingsOf,
} from './supply.repo.ts';

export type CreateTransfer = {
  from_store_id: string;
  to_store_id: string;
  lines: { product_id: string; quantity: string }[];
  due_date?: string | undefined;
  notes?: string | undefined;
  submit?: boolean | undefined;
};

/** The reason the inventory transfer of a line reads with (its link is the line's id). */
const reasonOf = (number: string, lineNo: number) => `${number} line ${lineNo}`;

/** The transfer order `id` of the tenant, locked when `lock`; 409 when it is another kind. */
const loadTransfer = async (tx: Tx, ctx: RequestContext, id: string, lock = false) => {
  const loaded = await loadVisibleSupplyOrder(tx, ctx, id, lock);
  if (loaded.order.kind !== 'transfer')
    throw new DomainError('orders.wrong_kind', {
      detail: `${loaded.order.number} is a ${loaded.order.kind} order, not a transfer order.`,
    });
  return loaded;
};

/** The tenant's in-transit location: where shipped stock waits until it is received. */
const transitLocation = async (tx: Tx, tenantId: string) => {
  const [row] = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(
      and(eq(locations.tenantId, tenantId), eq(locations.type, 'in_transit'), eq(locations.active, true)),
    )
    .orderBy(asc(locations.code))
    .limit(1);
  if (!row)
    throw new DomainError('orders.no_in_transit_location', {
      detail: 'This tenant has no location of type in_transit; create one to ship transfer orders.',
    });
  return catalogFacade.location(tx, tenantId, row.id);
};

export const createTransferService = (p: Platform) => ({
  create: (ctx: RequestContext, input: CreateTransfer, record?: RecordOutcome) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const src = await catalogFacade.location(tx, ctx.tenantId, input.from_store_id, 'from_store_id');
      const dst = await catalogFacade.location(tx, ctx.tenantId, input.to_store_id, 'to_store_id');
      if (src.id === dst.id)
        throw new DomainError('orders.invalid_order', {
          errors: [{ field: 'to_store_id', message: 'must differ from from_store_id' }],
        });
      for (const [field, loc] of [
        ['from_store_id', src],
        ['to_store_id', dst],
      ] as const) {
        if (loc.type === 'in_transit')
          throw new DomainError('orders.invalid_order', {
            errors: [{ field, message: 'must not be an in_transit location: shipping puts stock there' }],
          });
      }
      // As for inventory transfers: a store-scoped user moves stock only between their own stores.
      assertStoreAccess(ctx, src.id);
      assertStoreAccess(ctx, dst.id);
      for (const [i, l] of input.lines.entries()) {
        await catalogFacade.product(tx, ctx.tenantId, l.product_id).catch((err) => {
          if (err instanceof DomainError)
            throw new DomainError('orders.invalid_order', {
              errors: [{ field: `lines[${i}].product_id`, message: 'is not a product here' }],
            });
          throw err;
        });
        if (input.lines.findIndex((x) => x.product_id === l.product_id) !== i)
          throw new DomainError('orders.invalid_order', {
            detail: `lines[${i}].product_id: is already on another line of this order`,
            errors: [
              { field: `lines[${i}].product_id`, message: 'is already on another line of this order' },
            ],
          });
      }
      await catalogFacade.checkLines(tx, ctx.tenantId, input.lines);
      // Due: today plus the source's delivery lead time (catalog's locations.lead_time_days).
      const [lead] = await tx
        .select({ days: locations.leadTimeDays })
        .from(locations)
        .where(eq(locations.id, src.id));
      const dueDate =
        input.due_date ?? addDays(await tenantCalendar.today(tx, ctx.tenantId), lead?.days ?? 0);
      const settings = await settingsOf(tx, ctx.tenantId);
      const row = await insertSupplyOrder(tx, emit, ctx.tenantId, ctx.userId, {
        kind: 'transfer',
        status: input.submit ? submittedStatus('transfer', 0, settings.approvalThresholdMinor) : 'DRAFT',
        supplierId: null,
        locationId: dst.id,
        sourceLocationId: src.id,
        origin: 'manual',
        dueDate,
        currency: settings.currency,
        notes: input.notes ?? null,
        lines: input.lines.map((l) => ({
          productId: l.product_id,
          quantity: l.quantity,
          unitPriceMinor: null,
          bufferId: null,
        })),
      });
      const body = await detailOf(tx, await loadSupplyOrder(tx, ctx.tenantId, row.id));
      await record?.(tx, { status: 201, body });
      return body;
    }),

  /**
   * Ships every line at once: each becomes an inventory transfer from the source into the
   * tenant's in-transit location, in this transaction, so a short line moves nothing at all.
   */
  ship: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const loaded = await loadTransfer(tx, ctx, id, true);
      const { order } = loaded;
      if (
        !['OPEN', 'DELAYED'].includes(order.status) ||
        order.shippedAt ||
        !canMove('transfer', order.status, 'IN_TRANSIT')
      )
        throw new DomainError('orders.invalid_transition', {
          detail: `${order.number} is ${order.status}${order.shippedAt ? ' and shipped' : ''}; only an OPEN or DELAYED transfer order ships.`,
        });
      const source = order.sourceLocationId;
      if (!source) throw new Error('transfer order without a source location');
      assertStoreAccess(ctx, source);
      const src = await catalogFacade.location(tx, ctx.tenantId, source);
      const transit = await transitLocation(tx, ctx.tenantId);
      if (!src.allowNegative) {
        const wanted = new Map<string, number>();
        for (const l of loaded.lines)
          wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + Number(l.quantity));
        const free = await inventoryFacade.freeOnHandMany(tx, ctx.tenantId, [...wanted.keys()]);
        const at = new Map(free.filter((f) => f.location_id === src.id).map((f) => [f.product_id, f.free]));
        const short = [...wanted].filter(([pid, q]) => (at.get(pid) ?? 0) < q);
        if (short.length > 0)
          throw new DomainError('orders.insufficient_stock', {
            detail: `Not enough stock at ${src.code} for ${short.length} product(s) of ${order.number}; nothing moved.`,
            meta: {
              shortages: short.map(([pid, q]) => ({
                product_id: pid,
                required: decimal(q),
                available: decimal(at.get(pid) ?? 0),
              })),
            },
          });
      }
      for (const l of loaded.lines) {
        await inventoryFacade.createTransfer(
          tx,
          ctx,
          emit,
          {
            product_id: l.productId,
            from_store_id: src.id,
            to_store_id: order.locationId,
            via_store_id: transit.id,
            quantity: l.quantity,
            reason: reasonOf(order.number, l.lineNo),
            reference: { type: 'supply_order_line', id: l.id },
          },
          'source',
        );
      }
      await setSupplyStatus(tx, emit, loaded, 'IN_TRANSIT', { shippedAt: new Date().toISOString() });
      return detailOf(tx, await loadSupplyOrder(tx, ctx.tenantId, id));
    }),

  /** Receives every line's in-transit stock at the destination. */
  receive: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const loaded = await loadTransfer(tx, ctx, id, true);
      const { order } = loaded;
      if (!order.shippedAt || !isReceivable('transfer', order.status))
        throw new DomainError('orders.not_receivable', {
          detail: `${order.number} is ${order.status}${order.shippedAt ? '' : ' and not shipped'}; ship it first.`,
        });
      assertStoreAccess(ctx, order.locationId);
      const byLine = new Map(loaded.lines.map((l) => [l.id, l]));
      const transfers = await inventoryFacade.transfersByReference(tx, ctx.tenantId, [...byLine.keys()]);
      const received = new Map<string, number>();
      for (const t of transfers) {
        const line = t.referenceId ? byLine.get(t.referenceId) : undefined;
        // A transfer someone already closed through inventory is not ours to receive again.
        if (!line || t.status !== 'IN_TRANSIT') continue;
        await inventoryFacade.closeTransfer(tx, ctx, emit, t.id, 'RECEIVED');
        await tx
          .update(supplyOrderLines)
          .set({ receivedQuantity: sql`${supplyOrderLines.quantity}` })
          .where(eq(supplyOrderLines.id, line.id));
        await tx.insert(supplyReceipts).values({
          tenantId: ctx.tenantId,
          orderId: order.id,
          lineId: line.id,
          quantity: line.quantity,
          receivedBy: ctx.userId,
        });
        received.set(line.id, Number(line.quantity));
      }
      const lines = loaded.lines.map((l) => ({
        ordered: Number(l.quantity),
        received: received.get(l.id) ?? Number(l.receivedQuantity),
      }));
      if (received.size === 0)
        throw new DomainError('orders.not_receivable', {
          detail: `${order.number} has no stock in transit left to receive.`,
        });
      await setSupplyStatus(tx, emit, loaded, statusAfterReceipt(order.status, lines));
      return detailOf(tx, await loadSupplyOrder(tx, ctx.tenantId, id));
    }),
});

export type TransferService = ReturnType<typeof createTransferService>;
