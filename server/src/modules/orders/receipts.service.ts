import { and, eq, sql } from 'drizzle-orm';
import { todayIn } from '../../platform/dates.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { daysBetween, isReceivable, RECEIVABLE, statusAfterReceipt } from './domain/supply-status.ts';
import { supplierPerformance, supplyOrderLines, supplyReceipts } from './schema.ts';
import {
  loadVisibleSupplyOrder,
  type SupplyLineRow,
  setSupplyStatus,
  settingsOf,
  totalOf,
  trim,
} from './supply.repo.ts';
import { supplyOrderDetail } from './supply.view.ts';

export type ReceiptInput = {
  lines: { line_id: string; quantity: string; close?: boolean | undefined }[];
  /** A date (YYYY-MM-DD) or an instant; defaults to now. */
  received_at?: string | undefined;
};

const invalid = (field: string, message: string) =>
  new DomainError('orders.invalid_order', { detail: `${field}: ${message}`, errors: [{ field, message }] });

const isDay = (value: string | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** When the goods arrived: a past instant, or a date (taken as now when it is the tenant's today). */
const arrival = (value: string | undefined, today: string) => {
  const now = new Date();
  if (!value) return now;
  const at = isDay(value) ? (value === today ? now : new Date(`${value}T12:00:00Z`)) : new Date(value);
  if (at.getTime() > now.getTime() + 60_000) throw invalid('received_at', 'is in the future');
  return at;
};

export const createReceiptsService = (p: Platform) => ({
  /**
   * Goods in against a purchase order, all lines or none: a ledger receipt per line, the
   * receipt rows, received quantities, the order's status and one supplier performance fact
   * per line. A line may exceed what is open by the tenant's tolerance; `close` finishes an
   * under-delivered line (its quantity becomes what arrived, so net flow stops expecting the rest).
   */
  receive: (ctx: RequestContext, id: string, input: ReceiptInput, record?: RecordOutcome) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const loaded = await loadVisibleSupplyOrder(tx, ctx, id, true);
      const { order } = loaded;
      assertStoreAccess(ctx, order.locationId);
      if (order.kind !== 'purchase')
        throw new DomainError('orders.not_receivable', {
          detail:
            order.kind === 'production'
              ? `${order.number} is a production order: complete it through its own endpoint (POST /api/v1/orders/${id}/complete).`
              : `${order.number} is a transfer: receive it through its own endpoint (POST /api/v1/orders/${id}/receive).`,
        });
      if (!isReceivable('purchase', order.status))
        throw new DomainError('orders.not_receivable', {
          detail: `${order.number} is ${order.status}; receipts post against ${RECEIVABLE.purchase.join(', ')} orders.`,
        });
      const timeZone = await tenantCalendar.timeZoneOf(tx, ctx.tenantId);
      const at = arrival(input.received_at, todayIn(timeZone));
      // A day on the tenant's calendar, like the order date it is checked against.
      const receivedDate = isDay(input.received_at) ? input.received_at : todayIn(timeZone, at);
      if (receivedDate < order.orderDate)
        throw invalid('received_at', `is before the order date ${order.orderDate}`);
      const settings = await settingsOf(tx, ctx.tenantId);
      const location = await catalogFacade.location(tx, ctx.tenantId, order.locationId);
      const lines = new Map(loaded.lines.map((l) => [l.id, l]));
      const after = new Map<string, SupplyLineRow>();
      let shortClosed = false;
      for (const [i, r] of input.lines.entries()) {
        const line = lines.get(r.line_id);
        if (!line) throw invalid(`lines[${i}].line_id`, 'is not a line of this order');
        if (input.lines.findIndex((x) => x.line_id === r.line_id) !== i)
          throw invalid(`lines[${i}].line_id`, 'appears twice in this receipt');
        await catalogFacade.checkQuantities(tx, ctx.tenantId, [
          { productId: line.productId, quantity: r.quantity, field: `lines[${i}].quantity` },
        ]);
        // Checked and applied in one conditional update, in exact numeric arithmetic.
        const tolerance = sql`${supplyOrderLines.quantity} * (1 + ${settings.receiptTolerancePct}::numeric / 100)`;
        const [u] = await tx
          .update(supplyOrderLines)
          .set({ receivedQuantity: sql`${supplyOrderLines.receivedQuantity} + ${r.quantity}::numeric` })
          .where(
            and(
              eq(supplyOrderLines.id, line.id),
              sql`${supplyOrderLines.receivedQuantity} + ${r.quantity}::numeric <= ${tolerance}`,
            ),
          )
          .returning();
        if (!u) {
          const [room] = await tx
            .select({
              max: sql<string>`greatest(${tolerance} - ${supplyOrderLines.receivedQuantity}, 0)::text`,
            })
            .from(supplyOrderLines)
            .where(eq(supplyOrderLines.id, line.id));
          const message = `at most ${trim(room?.max ?? '0')} more can be received (ordered ${trim(line.quantity)}, tolerance ${trim(settings.receiptTolerancePct)}%)`;
          throw new DomainError('orders.over_receipt', {
            detail: `lines[${i}].quantity: ${message}`,
            errors: [{ field: `lines[${i}].quantity`, message }],
          });
        }
        const [closed] = r.close
          ? await tx
              .update(supplyOrderLines)
              .set({ quantity: sql`${supplyOrderLines.receivedQuantity}` })
              .where(
                and(
                  eq(supplyOrderLines.id, line.id),
                  sql`${supplyOrderLines.receivedQuantity} < ${supplyOrderLines.quantity}`,
                ),
              )
              .returning()
          : [];
        if (closed) shortClosed = true;
        after.set(line.id, closed ?? u);
      }
      const posted = await inventoryFacade.postMovements(
        tx,
        ctx,
        emit,
        input.lines.map((r) => ({
          productId: lines.get(r.line_id)?.productId ?? '',
          locationId: location.id,
          locationCode: location.code,
          allowNegative: location.allowNegative,
          quantity: r.quantity,
          kind: 'receipt' as const,
          reason: order.number,
          reference: { type: 'supply_order', id },
        })),
      );
      for (const [i, r] of input.lines.entries()) {
        const line = lines.get(r.line_id) as SupplyLineRow;
        const [receipt] = await tx
          .insert(supplyReceipts)
          .values({
            tenantId: ctx.tenantId,
            orderId: id,
            lineId: line.id,
            quantity: r.quantity,
            movementId: posted[i]?.movement_id ?? null,
            receivedBy: ctx.userId,
            receivedAt: at.toISOString(),
          })
          .returning({ id: supplyReceipts.id });
        if (receipt && order.supplierId)
          await tx.insert(supplierPerformance).values({
            tenantId: ctx.tenantId,
            supplierId: order.supplierId,
            orderId: id,
            receiptId: receipt.id,
            productId: line.productId,
            promisedDate: order.dueDate,
            receivedDate,
            daysLate: daysBetween(order.dueDate, receivedDate),
            orderedQuantity: line.quantity,
            receivedQuantity: r.quantity,
          });
      }
      const now = loaded.lines.map((l) => after.get(l.id) ?? l);
      const status = statusAfterReceipt(
        order.status,
        now.map((l) => ({ ordered: Number(l.quantity), received: Number(l.receivedQuantity) })),
      );
      await setSupplyStatus(
        tx,
        emit,
        { order, lines: now },
        status,
        shortClosed ? { totalMinor: totalOf(now) } : {},
      );
      const view = await supplyOrderDetail(tx, ctx.tenantId, id);
      await record?.(tx, { status: 201, body: view });
      return view;
    }),
});

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
