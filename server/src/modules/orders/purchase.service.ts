import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogProducts as products,
  catalogSuppliers as suppliers,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { linePriceProblem, MAX_TOTAL_MINOR, storedMinor } from './domain/money.ts';
import { submittedStatus } from './domain/supply-status.ts';
import { ordersEvents } from './events.ts';
import { supplyOrderLines, supplyOrders } from './schema.ts';
import {
  insertSupplyOrder,
  loadVisibleSupplyOrder,
  settingsOf,
  supplyPayload,
  totalOf,
} from './supply.repo.ts';
import { supplyOrderDetail } from './supply.view.ts';

export type PurchaseLineInput = {
  product_id: string;
  quantity: string;
  unit_price_minor?: number | undefined;
};
export type PurchaseInput = {
  supplier_id: string;
  store_id: string;
  lines: PurchaseLineInput[];
  due_date?: string | undefined;
  order_date?: string | undefined;
  currency?: string | undefined;
  notes?: string | null | undefined;
  submit?: boolean | undefined;
};
export type PurchaseEdit = Partial<Omit<PurchaseInput, 'submit'>>;

const invalid = (field: string, message: string) =>
  new DomainError('orders.invalid_order', { detail: `${field}: ${message}`, errors: [{ field, message }] });

/** The tenant's supplier (active, when newly chosen), or 404 naming `supplier_id`. */
const supplierOf = async (tx: Tx, tenantId: string, id: string, newlyChosen = true) => {
  const [s] = await tx
    .select({ id: suppliers.id, active: suppliers.active, leadTime: suppliers.defaultLeadTimeDays })
    .from(suppliers)
    .where(and(eq(suppliers.tenantId, tenantId), eq(suppliers.id, id)));
  if (!s)
    throw new DomainError('catalog.supplier_not_found', {
      errors: [{ field: 'supplier_id', message: 'is not a supplier here' }],
    });
  if (!s.active && newlyChosen) throw invalid('supplier_id', 'is inactive');
  return s;
};

/** Where the goods arrive: a location of the tenant the caller may act on, not the in-transit one. */
const receivingLocation = async (tx: Tx, ctx: RequestContext, storeId: string) => {
  const loc = await catalogFacade.location(tx, ctx.tenantId, storeId, 'store_id');
  if (loc.type === 'in_transit')
    throw invalid('store_id', 'is the in-transit location; goods arrive at a real one');
  assertStoreAccess(ctx, loc.id);
  return loc;
};

/**
 * Each line priced (given price, else the supplier item's, else the product's cost) and the
 * order's lead time: the longest of its lines (the supplier item's, else the supplier's
 * default, else the product's own, else 0). A product appears on one line only.
 */
const pricedLines = async (
  tx: Tx,
  tenantId: string,
  supplier: { id: string; leadTime: number | null },
  lines: PurchaseLineInput[],
  currency: string,
) => {
  const ids = lines.map((l) => l.product_id);
  const found = await tx
    .select({
      id: products.id,
      cost: products.cost,
      leadTime: products.leadTimeDays,
      active: products.active,
    })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
  const byId = new Map(found.map((p) => [p.id, p]));
  let leadTimeDays = 0;
  const out = [];
  for (const [i, l] of lines.entries()) {
    const field = `lines[${i}].product_id`;
    if (ids.indexOf(l.product_id) !== i) throw invalid(field, 'is already on another line of this order');
    const product = byId.get(l.product_id);
    if (!product)
      throw new DomainError('catalog.product_not_found', {
        detail: `${field}: is not a product here`,
        errors: [{ field, message: 'is not a product here' }],
      });
    if (!product.active) throw invalid(field, 'is inactive');
    const item = await catalogFacade.supplierItem(tx, tenantId, supplier.id, l.product_id);
    const price = item?.price ?? product.cost;
    leadTimeDays = Math.max(leadTimeDays, item?.leadTimeDays ?? supplier.leadTime ?? product.leadTime ?? 0);
    const unitPriceMinor = l.unit_price_minor ?? (price === null ? null : storedMinor(price, currency));
    const problem =
      unitPriceMinor === null ? null : linePriceProblem(l.quantity, unitPriceMinor, { sale: false });
    if (problem)
      throw invalid(
        `lines[${i}].${l.unit_price_minor === undefined ? 'quantity' : 'unit_price_minor'}`,
        problem,
      );
    out.push({ productId: l.product_id, quantity: l.quantity, unitPriceMinor, bufferId: null });
  }
  await catalogFacade.checkLines(tx, tenantId, lines);
  if (totalOf(out) > MAX_TOTAL_MINOR)
    throw invalid('lines', `come to more than ${MAX_TOTAL_MINOR} minor units`);
  return { lines: out, leadTimeDays };
};

const checkDates = (orderDate: string, dueDate: string) => {
  if (dueDate < orderDate) throw invalid('due_date', `must not be before the order date ${orderDate}`);
};

export const createPurchaseService = (p: Platform) => ({
  /** A purchase order: DRAFT, or submitted (OPEN, or PENDING_APPROVAL above the tenant's threshold). */
  create: (ctx: RequestContext, input: PurchaseInput, record?: RecordOutcome) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const settings = await settingsOf(tx, ctx.tenantId);
      const supplier = await supplierOf(tx, ctx.tenantId, input.supplier_id);
      const location = await receivingLocation(tx, ctx, input.store_id);
      const currency = input.currency ?? settings.currency;
      const priced = await pricedLines(tx, ctx.tenantId, supplier, input.lines, currency);
      const orderDate = input.order_date ?? (await tenantCalendar.today(tx, ctx.tenantId));
      const dueDate = input.due_date ?? addDays(orderDate, priced.leadTimeDays);
      checkDates(orderDate, dueDate);
      const row = await insertSupplyOrder(tx, emit, ctx.tenantId, ctx.userId, {
        kind: 'purchase',
        status: input.submit
          ? submittedStatus('purchase', totalOf(priced.lines), settings.approvalThresholdMinor)
          : 'DRAFT',
        supplierId: supplier.id,
        locationId: location.id,
        sourceLocationId: null,
        origin: 'manual',
        orderDate,
        dueDate,
        currency,
        notes: input.notes ?? null,
        lines: priced.lines,
      });
      const view = await supplyOrderDetail(tx, ctx.tenantId, row.id);
      await record?.(tx, { status: 201, body: view });
      return view;
    }),

  /** Edits a purchase DRAFT; `lines` replaces them all. Anything past DRAFT is a 409. */
  edit: (ctx: RequestContext, id: string, input: PurchaseEdit) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const loaded = await loadVisibleSupplyOrder(tx, ctx, id, true);
      const { order } = loaded;
      if (order.kind !== 'purchase' || order.status !== 'DRAFT')
        throw new DomainError('orders.not_editable', {
          detail: `${order.number} is a ${order.status} ${order.kind} order; only purchase drafts are edited.`,
        });
      const supplierId = input.supplier_id ?? order.supplierId;
      // A planned purchase may have come without a supplier; editing it means choosing one.
      if (!supplierId) throw invalid('supplier_id', 'is required');
      const supplier = await supplierOf(tx, ctx.tenantId, supplierId, input.supplier_id !== undefined);
      const location = input.store_id ? await receivingLocation(tx, ctx, input.store_id) : null;
      const currency = input.currency ?? order.currency;
      const priced = input.lines
        ? await pricedLines(tx, ctx.tenantId, supplier, input.lines, currency)
        : null;
      const orderDate = input.order_date ?? order.orderDate;
      const dueDate = input.due_date ?? order.dueDate;
      checkDates(orderDate, dueDate);
      if (priced) {
        // A product still on the draft keeps the buffer that asked for it.
        const buffers = new Map(loaded.lines.map((l) => [l.productId, l.bufferId]));
        await tx.delete(supplyOrderLines).where(eq(supplyOrderLines.orderId, id));
        await tx.insert(supplyOrderLines).values(
          priced.lines.map((l, i) => ({
            ...l,
            tenantId: ctx.tenantId,
            orderId: id,
            lineNo: i + 1,
            bufferId: buffers.get(l.productId) ?? null,
          })),
        );
      }
      const [row] = await tx
        .update(supplyOrders)
        .set({
          supplierId: supplier.id,
          locationId: location?.id ?? order.locationId,
          orderDate,
          dueDate,
          currency,
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
          totalMinor: totalOf(priced?.lines ?? loaded.lines),
          updatedAt: sql`now()`,
        })
        .where(eq(supplyOrders.id, id))
        .returning();
      if (!row) throw new Error('supply order update returned nothing');
      // Old and new products both: a line taken off the draft leaves their net flow too.
      emit(
        ordersEvents.supplyChanged.create({
          tenantId: ctx.tenantId,
          aggregateId: id,
          payload: supplyPayload(row, [...loaded.lines, ...(priced?.lines ?? [])]),
        }),
      );
      return supplyOrderDetail(tx, ctx.tenantId, id);
    }),
});

export type PurchaseService = ReturnType<typeof createPurchaseService>;
