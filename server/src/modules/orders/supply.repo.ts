import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { trimDecimal as trim } from '../../platform/decimal.ts';
import { type RequestContext, visibleInStoreScope } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { lineTotal } from './domain/money.ts';
import { ordersEvents } from './events.ts';
import {
  orderCounters,
  orderSettings,
  type SUPPLY_ORIGINS,
  type SupplyKind,
  type SupplyStatus,
  supplyOrderLines,
  supplyOrders,
} from './schema.ts';

export { trim };

export const PREFIX: Record<SupplyKind | 'customer', string> = {
  purchase: 'PO',
  production: 'MO',
  transfer: 'TO',
  customer: 'SO',
};

/** The tenant's next number for a prefix (PO-000042), counted under the counter row's lock. */
export const nextNumber = async (tx: Tx, tenantId: string, prefix: string) => {
  const [row] = await tx
    .insert(orderCounters)
    .values({ tenantId, prefix, last: 1 })
    .onConflictDoUpdate({
      target: [orderCounters.tenantId, orderCounters.prefix],
      set: { last: sql`${orderCounters.last} + 1` },
    })
    .returning({ last: orderCounters.last });
  return `${prefix}-${String(row?.last ?? 1).padStart(6, '0')}`;
};

export type OrderSettings = typeof orderSettings.$inferSelect;

/** The tenant's order settings, created with the defaults on first use. */
export const settingsOf = async (tx: Tx, tenantId: string): Promise<OrderSettings> => {
  // Read first: the row exists on every use but the first, and a read is one round trip.
  const read = () => tx.select().from(orderSettings).where(eq(orderSettings.tenantId, tenantId));
  const [found] = await read();
  if (found) return found;
  await tx.insert(orderSettings).values({ tenantId }).onConflictDoNothing();
  const [s] = await read();
  if (!s) throw new Error('order settings row missing');
  return s;
};

export type NewSupplyOrder = {
  kind: SupplyKind;
  status: SupplyStatus;
  supplierId: string | null;
  locationId: string;
  sourceLocationId: string | null;
  origin: (typeof SUPPLY_ORIGINS)[number];
  dueDate: string;
  /** Defaults to today (UTC). */
  orderDate?: string;
  currency: string;
  notes?: string | null;
  bomSnapshot?: { component_id: string; quantity: string; scrap_pct: string }[] | null;
  lines: { productId: string; quantity: string; unitPriceMinor: number | null; bufferId: string | null }[];
};

export const totalOf = (lines: { quantity: string; unitPriceMinor: number | null }[]) =>
  lines.reduce(
    (sum, l) => sum + (l.unitPriceMinor === null ? 0 : lineTotal(l.quantity, l.unitPriceMinor)),
    0,
  );

/** Writes one supply order with its lines and emits `orders.<kind>.created`. */
export const insertSupplyOrder = async (
  tx: Tx,
  emit: Emit,
  tenantId: string,
  userId: string | null,
  o: NewSupplyOrder,
) => {
  const number = await nextNumber(tx, tenantId, PREFIX[o.kind]);
  const [row] = await tx
    .insert(supplyOrders)
    .values({
      tenantId,
      number,
      kind: o.kind,
      status: o.status,
      supplierId: o.supplierId,
      locationId: o.locationId,
      sourceLocationId: o.sourceLocationId,
      origin: o.origin,
      dueDate: o.dueDate,
      ...(o.orderDate ? { orderDate: o.orderDate } : {}),
      currency: o.currency,
      totalMinor: totalOf(o.lines),
      notes: o.notes ?? null,
      bomSnapshot: o.bomSnapshot ?? null,
      createdBy: userId,
    })
    .returning();
  if (!row) throw new Error('supply order insert returned nothing');
  await tx.insert(supplyOrderLines).values(
    o.lines.map((l, i) => ({
      tenantId,
      orderId: row.id,
      lineNo: i + 1,
      productId: l.productId,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      bufferId: l.bufferId,
    })),
  );
  const def =
    o.kind === 'purchase'
      ? ordersEvents.purchaseCreated
      : o.kind === 'production'
        ? ordersEvents.productionCreated
        : ordersEvents.transferCreated;
  emit(
    def.create({
      tenantId,
      aggregateId: row.id,
      payload: supplyPayload(row, o.lines),
    }),
  );
  return row;
};

export type SupplyOrderRow = typeof supplyOrders.$inferSelect;
export type SupplyLineRow = typeof supplyOrderLines.$inferSelect;

export const supplyPayload = (o: SupplyOrderRow, lines: { productId: string }[]) => ({
  number: o.number,
  kind: o.kind,
  status: o.status,
  location_id: o.locationId,
  product_ids: [...new Set(lines.map((l) => l.productId))],
});

/** One supply order with its lines, locked for update when `lock`; 404 when not the tenant's. */
export const loadSupplyOrder = async (tx: Executor, tenantId: string, id: string, lock = false) => {
  const q = tx
    .select()
    .from(supplyOrders)
    .where(and(eq(supplyOrders.id, id), eq(supplyOrders.tenantId, tenantId)));
  const [order] = lock ? await q.for('update') : await q;
  if (!order) throw new DomainError('orders.order_not_found');
  const lines = await tx
    .select()
    .from(supplyOrderLines)
    .where(eq(supplyOrderLines.orderId, id))
    .orderBy(asc(supplyOrderLines.lineNo));
  return { order, lines };
};

/**
 * `loadSupplyOrder` for a caller: a store-scoped one sees the orders supplying one of their
 * stores, or (transfer orders) leaving one; any other order answers as not found.
 */
export const loadVisibleSupplyOrder = async (tx: Executor, ctx: RequestContext, id: string, lock = false) => {
  const loaded = await loadSupplyOrder(tx, ctx.tenantId, id, lock);
  if (!visibleInStoreScope(ctx, [loaded.order.locationId, loaded.order.sourceLocationId]))
    throw new DomainError('orders.order_not_found');
  return loaded;
};

/** Lines of several orders, for list views. */
export const linesOfOrders = async (tx: Executor, ids: string[]) =>
  ids.length === 0
    ? []
    : tx
        .select()
        .from(supplyOrderLines)
        .where(inArray(supplyOrderLines.orderId, ids))
        .orderBy(asc(supplyOrderLines.lineNo));

/** Moves a loaded order to a new status and emits `orders.supply.changed`. */
export const setSupplyStatus = async (
  tx: Tx,
  emit: Emit,
  loaded: { order: SupplyOrderRow; lines: SupplyLineRow[] },
  status: SupplyStatus,
  extra: Partial<typeof supplyOrders.$inferInsert> = {},
) => {
  const closed = status === 'RECEIVED' || status === 'CANCELLED';
  const [order] = await tx
    .update(supplyOrders)
    .set({ ...extra, status, updatedAt: sql`now()`, ...(closed ? { closedAt: sql`now()` } : {}) })
    .where(eq(supplyOrders.id, loaded.order.id))
    .returning();
  if (!order) throw new Error('supply order update returned nothing');
  emit(
    ordersEvents.supplyChanged.create({
      tenantId: order.tenantId,
      aggregateId: order.id,
      payload: supplyPayload(order, loaded.lines),
    }),
  );
  return order;
};
