import { and, asc, desc, eq, ilike, lt, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { containing } from '../../platform/db/like.ts';
import { storeScopeFilter } from '../../platform/db/store-scope.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { canMove, nextStatuses, submittedStatus } from './domain/supply-status.ts';
import { type SupplyKind, type SupplyStatus, supplyOrderLines, supplyOrders } from './schema.ts';
import { loadVisibleSupplyOrder, type SupplyOrderRow, setSupplyStatus, settingsOf } from './supply.repo.ts';
import { supplyOrderDetail, supplyOrderViews } from './supply.view.ts';

export type SupplyListQuery = PageQuery & {
  status?: SupplyStatus | undefined;
  kind?: SupplyKind | undefined;
  supplier_id?: string | undefined;
  store_id?: string | undefined;
  product_id?: string | undefined;
  q?: string | undefined;
  due_before?: string | undefined;
};

/** Moves that other endpoints own, and which one: the status route refuses them and says where to go. */
const elsewhere = (o: SupplyOrderRow, to: SupplyStatus): string | null => {
  if (to === 'IN_PROGRESS') return 'POST /api/v1/orders/:id/start';
  if (to === 'IN_TRANSIT' && o.kind === 'transfer') return 'POST /api/v1/orders/:id/ship';
  if (to === 'RECEIVED' || to === 'PARTIALLY_RECEIVED')
    return o.kind === 'purchase'
      ? 'POST /api/v1/orders/:id/receipts'
      : o.kind === 'production'
        ? 'POST /api/v1/orders/:id/complete'
        : 'POST /api/v1/orders/:id/receive';
  if (o.status === 'PENDING_APPROVAL' && to === 'OPEN') return 'POST /api/v1/orders/:id/approve';
  return null;
};

/** What `PUT /orders/:id/status` itself may do from here. */
const allowedHere = (o: SupplyOrderRow) => nextStatuses(o.kind, o.status).filter((s) => !elsewhere(o, s));

const refuse = (o: SupplyOrderRow, to: SupplyStatus, why: string) => {
  const allowed = allowedHere(o);
  return new DomainError('orders.invalid_transition', {
    detail: `${o.number} cannot move from ${o.status} to ${to} here: ${why}. Allowed here: ${allowed.join(', ') || 'none'}.`,
    meta: { allowed },
  });
};

const appendNote = (notes: string | null, line: string) => (notes ? `${notes}\n${line}` : line);

export const createSupplyService = (p: Platform) => {
  const list = (ctx: RequestContext, q: SupplyListQuery, order: 'newest' | 'oldest', extra?: SQL) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const store = q.store_id ? await catalogFacade.location(tx, ctx.tenantId, q.store_id) : null;
      if (store) assertStoreAccess(ctx, store.id);
      const rows = await tx
        .select({ o: supplyOrders, total: sql<number>`count(*) over ()::int` })
        .from(supplyOrders)
        .where(
          and(
            eq(supplyOrders.tenantId, ctx.tenantId),
            extra,
            // A transfer order is seen from its source store too.
            storeScopeFilter(ctx, supplyOrders.locationId, supplyOrders.sourceLocationId),
            q.status ? eq(supplyOrders.status, q.status) : undefined,
            q.kind ? eq(supplyOrders.kind, q.kind) : undefined,
            q.supplier_id ? eq(supplyOrders.supplierId, q.supplier_id) : undefined,
            store ? eq(supplyOrders.locationId, store.id) : undefined,
            q.product_id
              ? sql`exists (select 1 from ${supplyOrderLines} l where l.order_id = ${supplyOrders.id} and l.product_id = ${q.product_id})`
              : undefined,
            q.q ? ilike(supplyOrders.number, containing(q.q)) : undefined,
            q.due_before ? lt(supplyOrders.dueDate, q.due_before) : undefined,
          ),
        )
        .orderBy(
          ...(order === 'newest'
            ? [desc(supplyOrders.createdAt), desc(supplyOrders.number)]
            : [asc(supplyOrders.createdAt), asc(supplyOrders.number)]),
        )
        .limit(q.limit)
        .offset(offsetOf(q));
      const views = await supplyOrderViews(
        tx,
        rows.map((r) => r.o),
      );
      return pageOf(views, rows[0]?.total ?? 0, q);
    });

  /** Loads and locks an order the caller may act on. */
  const loadFor = async (tx: Tx, ctx: RequestContext, id: string) => {
    const loaded = await loadVisibleSupplyOrder(tx, ctx, id, true);
    // A transfer order seen from its source store is changed only by its destination's staff.
    assertStoreAccess(ctx, loaded.order.locationId);
    return loaded;
  };

  return {
    /** Every kind of supply order, newest first. */
    list: (ctx: RequestContext, q: SupplyListQuery) => list(ctx, q, 'newest'),

    /** The approval inbox: orders waiting for someone with `order:approve`, oldest first. */
    approvals: (ctx: RequestContext, q: PageQuery) =>
      list(ctx, q, 'oldest', eq(supplyOrders.status, 'PENDING_APPROVAL')),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await loadVisibleSupplyOrder(tx, ctx, id);
        return supplyOrderDetail(tx, ctx.tenantId, id);
      }),

    /**
     * A status change by hand. Submitting a draft (OPEN) goes to PENDING_APPROVAL above the
     * threshold; approval, start, shipment and receipts have their own endpoints; cancelling
     * closes what is still to come and keeps what already arrived.
     */
    setStatus: (
      ctx: RequestContext,
      id: string,
      input: { status: SupplyStatus; reason?: string | undefined },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loaded = await loadFor(tx, ctx, id);
        const { order } = loaded;
        const to = input.status;
        if (!canMove(order.kind, order.status, to)) throw refuse(order, to, 'not a move of this order');
        const other = elsewhere(order, to);
        if (other) throw refuse(order, to, `use ${other.replace(':id', id)}`);
        // A shipped transfer's stock is already on its way: it can only be received.
        if (to === 'CANCELLED' && order.kind === 'transfer' && order.shippedAt)
          throw refuse(order, to, 'the transfer has shipped');
        // Issued components are in the work: cancelling would lose them from the ledger's view.
        if (to === 'CANCELLED' && order.kind === 'production' && order.componentsIssued)
          throw refuse(order, to, 'its components were issued; complete it instead');
        let next = to;
        if (order.status === 'DRAFT' && to === 'OPEN') {
          const settings = await settingsOf(tx, ctx.tenantId);
          next = submittedStatus(order.kind, order.totalMinor, settings.approvalThresholdMinor);
        }
        const reason = input.reason ? { notes: appendNote(order.notes, `${next}: ${input.reason}`) } : {};
        await setSupplyStatus(tx, emit, loaded, next, reason);
        return supplyOrderDetail(tx, ctx.tenantId, id);
      }),

    /**
     * PENDING_APPROVAL → OPEN. Approving one's own order is refused (four eyes), except for
     * tenant administrators holding `*:*`, who may have no one above them to ask.
     */
    approve: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loaded = await loadFor(tx, ctx, id);
        const { order } = loaded;
        if (order.status !== 'PENDING_APPROVAL')
          throw new DomainError('orders.not_pending_approval', {
            detail: `${order.number} is ${order.status}.`,
          });
        if (order.createdBy === ctx.userId && !ctx.permissions.includes('*:*'))
          throw new DomainError('orders.self_approval', {
            detail: `${order.number} was raised by you; another approver must approve it.`,
          });
        await setSupplyStatus(tx, emit, loaded, 'OPEN', {
          approvedBy: ctx.userId,
          approvedAt: new Date().toISOString(),
        });
        return supplyOrderDetail(tx, ctx.tenantId, id);
      }),

    /** PENDING_APPROVAL → DRAFT, the reason kept in the notes for whoever edits it next. */
    reject: (ctx: RequestContext, id: string, reason: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const loaded = await loadFor(tx, ctx, id);
        const { order } = loaded;
        if (order.status !== 'PENDING_APPROVAL')
          throw new DomainError('orders.not_pending_approval', {
            detail: `${order.number} is ${order.status}.`,
          });
        await setSupplyStatus(tx, emit, loaded, 'DRAFT', {
          notes: appendNote(order.notes, `Rejected: ${reason}`),
        });
        return supplyOrderDetail(tx, ctx.tenantId, id);
      }),
  };
};

export type SupplyService = ReturnType<typeof createSupplyService>;
