import { eq, sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import {
  decimal,
  requirements,
  type Shortage,
  shortages,
  shortOnly,
  withinTolerance,
} from './domain/production.ts';
import { canMove, isReceivable, statusAfterReceipt, submittedStatus } from './domain/supply-status.ts';
import { ordersEvents } from './events.ts';
import { supplyOrderLines, supplyOrders, supplyReceipts } from './schema.ts';
import {
  insertSupplyOrder,
  loadSupplyOrder,
  loadVisibleSupplyOrder,
  type SupplyLineRow,
  type SupplyOrderRow,
  setSupplyStatus,
  settingsOf,
  supplyPayload,
  trim,
} from './supply.repo.ts';
import { supplyOrderViews } from './supply.view.ts';

export type CreateProduction = {
  product_id: string;
  store_id: string;
  quantity: string;
  due_date?: string | undefined;
  start_date?: string | undefined;
  notes?: string | undefined;
  submit?: boolean | undefined;
};

type Loaded = { order: SupplyOrderRow; lines: SupplyLineRow[] };

/** A loaded order as the detail view (with its receipts). */
export const detailOf = async (tx: Tx, loaded: Loaded) => {
  const [view] = await supplyOrderViews(tx, [loaded.order], { receipts: true, lines: loaded.lines });
  if (!view) throw new Error('supply order view missing');
  return view;
};
type Loc = Awaited<ReturnType<typeof catalogFacade.location>>;

/** The production order `id` of the tenant, locked when `lock`; 409 when it is another kind. */
const loadProduction = async (tx: Tx, ctx: RequestContext, id: string, lock = false) => {
  const loaded = await loadVisibleSupplyOrder(tx, ctx, id, lock);
  if (loaded.order.kind !== 'production')
    throw new DomainError('orders.wrong_kind', {
      detail: `${loaded.order.number} is a ${loaded.order.kind} order, not a production order.`,
    });
  return loaded;
};

const openQuantity = (l: SupplyLineRow) => Math.max(0, Number(l.quantity) - Number(l.receivedQuantity));

/** Each BOM component needed for `quantity` against what is free at the order's location. */
const checkComponents = async (tx: Tx, tenantId: string, order: SupplyOrderRow, quantity: number) => {
  const reqs = requirements(order.bomSnapshot ?? [], quantity);
  const ids = reqs.map((r) => r.product_id);
  const free = ids.length === 0 ? [] : await inventoryFacade.freeOnHandMany(tx, tenantId, ids);
  const here = new Map(
    free.filter((f) => f.location_id === order.locationId).map((f) => [f.product_id, f.free]),
  );
  return shortages(reqs, here);
};

const shortageEvent = (loaded: Loaded, short: Shortage[]) =>
  ordersEvents.materialShortage.create({
    tenantId: loaded.order.tenantId,
    aggregateId: loaded.order.id,
    payload: {
      ...supplyPayload(loaded.order, loaded.lines),
      shortages: short.map((s) => ({
        product_id: s.product_id,
        required: decimal(s.required),
        available: decimal(s.available),
      })),
    },
  });

const shortageError = (loaded: Loaded, short: Shortage[]) =>
  new DomainError('orders.shortage', {
    detail: `${short.length} component(s) short at the order's location for ${loaded.order.number}.`,
    meta: {
      shortages: short.map((s) => ({
        product_id: s.product_id,
        required: decimal(s.required),
        available: decimal(s.available),
        short: decimal(s.short),
      })),
    },
  });

/** Posts movements; a short line (raced after the check) becomes the order's shortage 409. */
const post = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  movements: Parameters<typeof inventoryFacade.postMovements>[3],
  onShort: () => Promise<DomainError>,
) => {
  try {
    return await inventoryFacade.postMovements(tx, ctx, emit, movements);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'inventory.insufficient_stock') throw await onShort();
    throw err;
  }
};

/** Components consumed by making `quantity`, as negative `production_issue` movements. */
const issues = (loaded: Loaded, loc: Loc, reqs: Shortage[]) =>
  reqs
    .filter((r) => r.required > 0)
    .map((r) => ({
      productId: r.product_id,
      locationId: loc.id,
      locationCode: loc.code,
      allowNegative: loc.allowNegative,
      quantity: `-${decimal(r.required)}`,
      kind: 'production_issue' as const,
      reason: loaded.order.number,
      reference: { type: 'supply_order', id: loaded.order.id },
    }));

export const createProductionService = (p: Platform) => {
  /** Shortage alert in its own transaction: the refused request rolls its own work back. */
  const alertShortage = (loaded: Loaded, short: Shortage[]) =>
    p.uow.forTenant(loaded.order.tenantId, async (_tx, emit) => emit(shortageEvent(loaded, short)));

  return {
    create: (ctx: RequestContext, input: CreateProduction, record?: RecordOutcome) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loc = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
        assertStoreAccess(ctx, loc.id);
        const product = await catalogFacade.product(tx, ctx.tenantId, input.product_id);
        catalogFacade.assertQuantities([{ step: product.step, quantity: input.quantity, field: 'quantity' }]);
        const bom = await catalogFacade.bom(tx, ctx.tenantId, input.product_id, loc.id);
        if (!bom || bom.lines.length === 0)
          throw new DomainError('orders.invalid_order', {
            detail: `Product ${input.product_id} has no bill of materials at ${loc.code}.`,
            errors: [{ field: 'product_id', message: `${input.product_id} has no bill of materials` }],
          });
        const orderDate = input.start_date ?? (await tenantCalendar.today(tx, ctx.tenantId));
        const tree = await catalogFacade.supplyTree(tx, ctx.tenantId, input.product_id, loc.id);
        const own = tree.find((t) => t.id === input.product_id)?.ownLeadTimeDays ?? 0;
        const dueDate = input.due_date ?? addDays(orderDate, own);
        if (dueDate < orderDate)
          throw new DomainError('orders.invalid_order', {
            errors: [{ field: 'due_date', message: 'must not be before the start date' }],
          });
        const settings = await settingsOf(tx, ctx.tenantId);
        // Production needs no approval of its own: with no price its total is 0, below any threshold.
        const status = input.submit
          ? submittedStatus('production', 0, settings.approvalThresholdMinor)
          : 'DRAFT';
        const row = await insertSupplyOrder(tx, emit, ctx.tenantId, ctx.userId, {
          kind: 'production',
          status,
          supplierId: null,
          locationId: loc.id,
          sourceLocationId: null,
          origin: 'manual',
          dueDate,
          currency: settings.currency,
          notes: input.notes ?? null,
          bomSnapshot: bom.lines.map((l) => ({
            component_id: l.componentId,
            quantity: trim(l.quantity),
            scrap_pct: trim(l.scrapPct),
          })),
          lines: [
            { productId: input.product_id, quantity: input.quantity, unitPriceMinor: null, bufferId: null },
          ],
        });
        if (input.start_date)
          await tx.update(supplyOrders).set({ orderDate }).where(eq(supplyOrders.id, row.id));
        const loaded = await loadSupplyOrder(tx, ctx.tenantId, row.id);
        if (loaded.order.status === 'OPEN') await emitIfShort(tx, emit, loaded);
        const body = await detailOf(tx, loaded);
        await record?.(tx, { status: 201, body });
        return body;
      }),

    shortages: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const loaded = await loadProduction(tx, ctx, id);
        const line = loaded.lines[0];
        // Issued components are already out of stock: nothing more is required of them.
        const outstanding = loaded.order.componentsIssued || !line ? 0 : openQuantity(line);
        const list = await checkComponents(tx, ctx.tenantId, loaded.order, outstanding);
        const loc = await catalogFacade.location(tx, ctx.tenantId, loaded.order.locationId);
        const components = [];
        for (const c of list) {
          const prod = await catalogFacade.product(tx, ctx.tenantId, c.product_id);
          components.push({
            product_id: c.product_id,
            sku: prod.sku,
            name: prod.name,
            per_unit: c.per_unit,
            scrap_pct: c.scrap_pct,
            required: decimal(c.required),
            available: decimal(c.available),
            short: decimal(c.short),
          });
        }
        return {
          order_id: loaded.order.id,
          number: loaded.order.number,
          status: loaded.order.status,
          store_id: loc.code,
          components_issued: loaded.order.componentsIssued,
          quantity_outstanding: decimal(outstanding),
          short: list.some((c) => c.short > 0),
          components,
        };
      }),

    start: async (ctx: RequestContext, id: string, issueComponents: boolean) => {
      const outcome = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loaded = await loadProduction(tx, ctx, id, true);
        const { order } = loaded;
        if (
          !['OPEN', 'DELAYED'].includes(order.status) ||
          !canMove('production', order.status, 'IN_PROGRESS')
        )
          throw new DomainError('orders.invalid_transition', {
            detail: `${order.number} is ${order.status}; only an OPEN or DELAYED production order starts.`,
          });
        if (issueComponents) {
          const loc = await catalogFacade.location(tx, ctx.tenantId, order.locationId);
          const line = loaded.lines[0];
          const list = await checkComponents(tx, ctx.tenantId, order, line ? openQuantity(line) : 0);
          const short = shortOnly(list);
          if (short.length > 0 && !loc.allowNegative) return { short, loaded, body: null };
          if (short.length > 0) emit(shortageEvent(loaded, short));
          await post(tx, ctx, emit, issues(loaded, loc, list), async () => {
            const again = shortOnly(
              await checkComponents(tx, ctx.tenantId, order, line ? openQuantity(line) : 0),
            );
            return shortageError(loaded, again);
          });
        }
        await setSupplyStatus(tx, emit, loaded, 'IN_PROGRESS', { componentsIssued: issueComponents });
        const body = await detailOf(tx, await loadSupplyOrder(tx, ctx.tenantId, id));
        return { short: null, loaded, body };
      });
      if (outcome.short) {
        await alertShortage(outcome.loaded, outcome.short);
        throw shortageError(outcome.loaded, outcome.short);
      }
      return outcome.body;
    },

    complete: (ctx: RequestContext, id: string, quantity: string, record?: RecordOutcome) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loaded = await loadProduction(tx, ctx, id, true);
        const { order } = loaded;
        const line = loaded.lines[0];
        if (!line || !isReceivable('production', order.status))
          throw new DomainError('orders.not_receivable', {
            detail: `${order.number} is ${order.status}; it takes no completions.`,
          });
        await catalogFacade.checkQuantities(tx, ctx.tenantId, [
          { productId: line.productId, quantity, field: 'quantity' },
        ]);
        const settings = await settingsOf(tx, ctx.tenantId);
        const open = openQuantity(line);
        const after = Number(line.receivedQuantity) + Number(quantity);
        if (!withinTolerance(after, Number(line.quantity), Number(settings.receiptTolerancePct)))
          throw new DomainError('orders.over_receipt', {
            detail: `${trim(quantity)} is above the open ${decimal(open)} and its ${trim(settings.receiptTolerancePct)}% tolerance.`,
            errors: [{ field: 'quantity', message: `must be at most the open quantity (${decimal(open)})` }],
          });
        const loc = await catalogFacade.location(tx, ctx.tenantId, order.locationId);
        const finished = {
          productId: line.productId,
          locationId: loc.id,
          locationCode: loc.code,
          allowNegative: loc.allowNegative,
          quantity,
          kind: 'production_receipt' as const,
          reason: order.number,
          reference: { type: 'supply_order', id: order.id },
        };
        let backflush: ReturnType<typeof issues> = [];
        if (!order.componentsIssued) {
          // Backflush: the components the completed quantity consumed leave stock with it.
          const list = await checkComponents(tx, ctx.tenantId, order, Number(quantity));
          const short = shortOnly(list);
          if (short.length > 0 && !loc.allowNegative) throw shortageError(loaded, short);
          backflush = issues(loaded, loc, list);
        }
        const [receipt] = await post(tx, ctx, emit, [finished, ...backflush], async () =>
          shortageError(loaded, shortOnly(await checkComponents(tx, ctx.tenantId, order, Number(quantity)))),
        );
        const [updated] = await tx
          .update(supplyOrderLines)
          .set({ receivedQuantity: sql`${supplyOrderLines.receivedQuantity} + ${quantity}::numeric` })
          .where(eq(supplyOrderLines.id, line.id))
          .returning();
        await tx.insert(supplyReceipts).values({
          tenantId: ctx.tenantId,
          orderId: order.id,
          lineId: line.id,
          quantity,
          movementId: receipt?.movement_id ?? null,
          receivedBy: ctx.userId,
        });
        const next = statusAfterReceipt(order.status, [
          { ordered: Number(line.quantity), received: Number(updated?.receivedQuantity ?? 0) },
        ]);
        await setSupplyStatus(tx, emit, { order, lines: updated ? [updated] : loaded.lines }, next);
        const body = await detailOf(tx, await loadSupplyOrder(tx, ctx.tenantId, id));
        await record?.(tx, { status: 200, body });
        return body;
      }),

    /** The shortage check of a released production order (called when it turns OPEN). */
    checkReleased: (tenantId: string, id: string) =>
      p.uow.forTenant(tenantId, async (tx, emit) => {
        const loaded = await loadSupplyOrder(tx, tenantId, id).catch((err) => {
          if (err instanceof DomainError && err.code === 'orders.order_not_found') return null;
          throw err;
        });
        if (loaded?.order.kind === 'production' && loaded.order.status === 'OPEN')
          await emitIfShort(tx, emit, loaded);
      }),
  };
};

/** Emits the material-shortage alert when an open order's components are short now. */
const emitIfShort = async (tx: Tx, emit: Emit, loaded: Loaded) => {
  const line = loaded.lines[0];
  const short = shortOnly(
    await checkComponents(tx, loaded.order.tenantId, loaded.order, line ? openQuantity(line) : 0),
  );
  if (short.length > 0) emit(shortageEvent(loaded, short));
};

export type ProductionService = ReturnType<typeof createProductionService>;
