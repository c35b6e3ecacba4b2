import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { catalogFacade } from '../catalog/index.ts';
import { toMinor } from './domain/money.ts';
import { OPEN_SUPPLY, submittedStatus } from './domain/supply-status.ts';
import { type SupplyKind, type SupplyStatus, supplyOrderLines, supplyOrders } from './schema.ts';
import { customerServiceLines, supplierLeadTimes } from './service-facts.ts';
import { insertSupplyOrder, settingsOf, totalOf } from './supply.repo.ts';

export type OpenSupply = {
  orderId: string;
  number: string;
  kind: SupplyKind;
  status: SupplyStatus;
  origin: string;
  productId: string;
  locationId: string;
  sourceLocationId: string | null;
  bufferId: string | null;
  dueDate: string;
  createdAt: string;
  /** Ordered less received: what is still to come. */
  quantity: number;
};

export type PlannedOrder = {
  kind: SupplyKind;
  productId: string;
  locationId: string;
  sourceLocationId: string | null;
  supplierId: string | null;
  quantity: string;
  /** Unit price in the tenant's currency, minor units (the supplier item's price), if known. */
  unitPriceMinor: number | null;
  dueDate: string;
  bufferId: string | null;
  origin: 'approved' | 'auto' | 'reorder';
};

/** What other modules may read and do with orders (planning's net flow and replenishment). */
export const ordersFacade = {
  /**
   * Supply still to come per order line, for open orders (every status but RECEIVED and
   * CANCELLED). A transfer counts until it ships; after that its stock is inventory's in-transit
   * stock, which planning reads from inventory, so it is never counted twice.
   */
  openSupply: async (
    tx: Executor,
    tenantId: string,
    filter: { productIds?: string[] | null; orderIds?: string[]; kinds?: SupplyKind[] } = {},
  ): Promise<OpenSupply[]> => {
    const rows = await tx
      .select({
        orderId: supplyOrders.id,
        number: supplyOrders.number,
        kind: supplyOrders.kind,
        status: supplyOrders.status,
        origin: supplyOrders.origin,
        productId: supplyOrderLines.productId,
        locationId: supplyOrders.locationId,
        sourceLocationId: supplyOrders.sourceLocationId,
        bufferId: supplyOrderLines.bufferId,
        dueDate: supplyOrders.dueDate,
        createdAt: supplyOrders.createdAt,
        quantity: sql<string>`(${supplyOrderLines.quantity} - ${supplyOrderLines.receivedQuantity})::text`,
      })
      .from(supplyOrders)
      .innerJoin(supplyOrderLines, eq(supplyOrderLines.orderId, supplyOrders.id))
      .where(
        and(
          eq(supplyOrders.tenantId, tenantId),
          inArray(supplyOrders.status, [...OPEN_SUPPLY]),
          or(sql`${supplyOrders.kind} <> 'transfer'`, isNull(supplyOrders.shippedAt)),
          sql`${supplyOrderLines.quantity} > ${supplyOrderLines.receivedQuantity}`,
          filter.productIds ? inArray(supplyOrderLines.productId, filter.productIds) : undefined,
          filter.orderIds ? inArray(supplyOrders.id, filter.orderIds) : undefined,
          filter.kinds ? inArray(supplyOrders.kind, filter.kinds) : undefined,
        ),
      )
      .orderBy(supplyOrders.dueDate, supplyOrders.createdAt);
    return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
  },

  /**
   * Supply orders for approved or auto-procured replenishment, one per request, in the caller's
   * transaction: a purchase above the tenant's approval threshold waits for approval, anything
   * else is open at once. Either way it is on order in net flow from this moment.
   */
  createPlanned: async (
    tx: Tx,
    emit: Emit,
    tenantId: string,
    userId: string | null,
    requests: PlannedOrder[],
  ): Promise<string[]> => {
    if (requests.length === 0) return [];
    const settings = await settingsOf(tx, tenantId);
    const ids: string[] = [];
    for (const r of requests) {
      // Priced as a manual purchase is (the supplier item's price, else the product's cost) when
      // the caller knows no price, so the approval threshold applies to planned purchases too.
      const item =
        r.unitPriceMinor === null && r.kind === 'purchase'
          ? await catalogFacade.supplierItem(tx, tenantId, r.supplierId, r.productId)
          : null;
      const cost =
        r.unitPriceMinor === null && r.kind === 'purchase' && !item?.price
          ? (await catalogFacade.costs(tx, tenantId, [r.productId])).get(r.productId)
          : undefined;
      const price = item?.price ?? cost;
      const lines = [
        {
          productId: r.productId,
          quantity: r.quantity,
          unitPriceMinor: r.unitPriceMinor ?? (price ? toMinor(price, settings.currency) : null),
          bufferId: r.bufferId,
        },
      ];
      // Production keeps the bill of materials as it stands today, as a manual order does.
      const bom =
        r.kind === 'production' ? await catalogFacade.bom(tx, tenantId, r.productId, r.locationId) : null;
      const row = await insertSupplyOrder(tx, emit, tenantId, userId, {
        kind: r.kind,
        status: submittedStatus(r.kind, totalOf(lines), settings.approvalThresholdMinor),
        supplierId: r.kind === 'purchase' ? r.supplierId : null,
        locationId: r.locationId,
        sourceLocationId: r.sourceLocationId,
        origin: r.origin,
        dueDate: r.dueDate,
        currency: settings.currency,
        bomSnapshot: bom
          ? bom.lines.map((l) => ({
              component_id: l.componentId,
              quantity: l.quantity,
              scrap_pct: l.scrapPct,
            }))
          : null,
        lines,
      });
      ids.push(row.id);
    }
    return ids;
  },

  /**
   * Production still to draw its components: lines of open production orders (DRAFT,
   * PENDING_APPROVAL, OPEN, DELAYED) whose components were not issued yet, earliest due first,
   * with the order's BOM snapshot (null when it kept none). Planning's material synchronization.
   */
  unissuedProduction: async (tx: Executor, tenantId: string) => {
    const rows = await tx
      .select({
        orderId: supplyOrders.id,
        number: supplyOrders.number,
        status: supplyOrders.status,
        productId: supplyOrderLines.productId,
        locationId: supplyOrders.locationId,
        bufferId: supplyOrderLines.bufferId,
        dueDate: supplyOrders.dueDate,
        bomSnapshot: supplyOrders.bomSnapshot,
        quantity: sql<string>`(${supplyOrderLines.quantity} - ${supplyOrderLines.receivedQuantity})::text`,
      })
      .from(supplyOrders)
      .innerJoin(supplyOrderLines, eq(supplyOrderLines.orderId, supplyOrders.id))
      .where(
        and(
          eq(supplyOrders.tenantId, tenantId),
          eq(supplyOrders.kind, 'production'),
          inArray(supplyOrders.status, ['DRAFT', 'PENDING_APPROVAL', 'OPEN', 'DELAYED']),
          eq(supplyOrders.componentsIssued, false),
          sql`${supplyOrderLines.quantity} > ${supplyOrderLines.receivedQuantity}`,
        ),
      )
      .orderBy(supplyOrders.dueDate, supplyOrders.createdAt, supplyOrderLines.lineNo);
    return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
  },

  /** Customer-order lines with the day they shipped (analytics' fill rate and service level). */
  customerServiceLines,
  /** Days from order to receipt per purchase receipt of a supplier (analytics' lead-time spread). */
  supplierLeadTimes,
};
