import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { RequestContext } from '../../platform/http/auth.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { locations, products } from '../catalog/schema.ts';
import type { BufferResult } from './domain/compute.ts';
import { addDays } from './domain/dates.ts';
import { planningEvents } from './events.ts';
import { buffers, replenishmentSuggestions, type SUGGESTION_STATUSES, supplyOrders } from './schema.ts';

/** Approved supply not yet received: on order for net flow, due on its date. */
export const openSupply = async (tx: Tx, tenantId: string, productId: string, locationId: string) => {
  const rows = await tx
    .select({ date: supplyOrders.dueDate, qty: supplyOrders.quantity })
    .from(supplyOrders)
    .where(
      and(
        eq(supplyOrders.tenantId, tenantId),
        eq(supplyOrders.productId, productId),
        eq(supplyOrders.locationId, locationId),
        eq(supplyOrders.status, 'DRAFT'),
      ),
    );
  return rows.map((r) => ({ date: r.date, qty: Number(r.qty) }));
};

/**
 * Keeps a buffer's one open suggestion in step with its last calculation: raised (or updated)
 * while the engine recommends a quantity, closed when it no longer does. A suggestion rejected
 * today stays quiet unless the buffer gets worse.
 */
export const suggest = async (
  tx: Tx,
  tenantId: string,
  bufferId: string,
  r: BufferResult,
  emit: (e: EventEnvelope) => void,
) => {
  if (r.recommended_qty <= 0) {
    await tx
      .update(replenishmentSuggestions)
      .set({ status: 'CLOSED', closedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(eq(replenishmentSuggestions.bufferId, bufferId), eq(replenishmentSuggestions.status, 'OPEN')),
      );
    return;
  }
  const [muted] = await tx
    .select({ priority: replenishmentSuggestions.planningPriority })
    .from(replenishmentSuggestions)
    .where(
      and(
        eq(replenishmentSuggestions.bufferId, bufferId),
        eq(replenishmentSuggestions.status, 'REJECTED'),
        sql`${replenishmentSuggestions.closedAt} >= date_trunc('day', now())`,
      ),
    )
    .orderBy(sql`${replenishmentSuggestions.closedAt} desc`)
    .limit(1);
  const rank = { green: 0, yellow: 1, red: 2 } as const;
  if (muted && rank[r.planning_priority] <= rank[muted.priority]) return;
  const values = {
    quantity: String(r.recommended_qty),
    planningPriority: r.planning_priority,
    netFlowPosition: String(r.net_flow_position),
    netFlowPercent: r.net_flow_percent === null ? null : String(r.net_flow_percent),
    topOfGreen: String(r.zones.top_of_green),
  };
  const [row] = await tx
    .insert(replenishmentSuggestions)
    .values({ tenantId, bufferId, ...values })
    .onConflictDoUpdate({
      target: replenishmentSuggestions.bufferId,
      targetWhere: sql`${replenishmentSuggestions.status} = 'OPEN'`,
      set: { ...values, updatedAt: sql`now()` },
    })
    .returning({ id: replenishmentSuggestions.id, fresh: sql<boolean>`xmax = 0` });
  if (row?.fresh)
    emit(
      planningEvents.replenishmentSuggested.create({
        tenantId,
        aggregateId: row.id,
        payload: { buffer_id: bufferId, quantity: r.recommended_qty, planning_priority: r.planning_priority },
      }),
    );
};

export const createSuggestionsService = (
  p: Platform,
  recalculate: (
    tx: Tx,
    tenantId: string,
    bufferId: string,
    emit: (e: EventEnvelope) => void,
  ) => Promise<void>,
) => {
  const select = (tx: Tx) =>
    tx
      .select({
        s: replenishmentSuggestions,
        productId: buffers.productId,
        locationId: buffers.locationId,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        dlt: buffers.dlt,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(replenishmentSuggestions)
      .innerJoin(buffers, eq(buffers.id, replenishmentSuggestions.bufferId))
      .innerJoin(products, eq(products.id, buffers.productId))
      .innerJoin(locations, eq(locations.id, buffers.locationId));
  type J = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const view = (j: J) => ({
    id: j.s.id,
    buffer_id: j.s.bufferId,
    product_id: j.productId,
    sku: j.sku,
    product_name: j.product_name,
    location_code: j.location_code,
    status: j.s.status,
    quantity: Number(j.s.quantity),
    planning_priority: j.s.planningPriority,
    net_flow_position: Number(j.s.netFlowPosition),
    net_flow_percent: j.s.netFlowPercent === null ? null : Number(j.s.netFlowPercent),
    top_of_green: Number(j.s.topOfGreen),
    supply_order_id: j.s.supplyOrderId,
    created_at: new Date(j.s.createdAt).toISOString(),
    updated_at: new Date(j.s.updatedAt).toISOString(),
  });
  const open = async (tx: Tx, tenantId: string, id: string) => {
    const [held] = await tx
      .select({ id: replenishmentSuggestions.id, status: replenishmentSuggestions.status })
      .from(replenishmentSuggestions)
      .where(and(eq(replenishmentSuggestions.tenantId, tenantId), eq(replenishmentSuggestions.id, id)))
      .for('update');
    if (!held) throw new DomainError('planning.suggestion_not_found');
    if (held.status !== 'OPEN')
      throw new DomainError('planning.suggestion_closed', { detail: `The suggestion is ${held.status}.` });
    const [j] = await select(tx).where(eq(replenishmentSuggestions.id, id));
    if (!j) throw new DomainError('planning.suggestion_not_found');
    return j;
  };
  return {
    list: (
      ctx: RequestContext,
      q: PageQuery & {
        status: (typeof SUGGESTION_STATUSES)[number];
        zone?: 'red' | 'yellow' | 'green' | undefined;
      },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(replenishmentSuggestions.tenantId, ctx.tenantId),
              eq(replenishmentSuggestions.status, q.status),
              q.zone ? eq(replenishmentSuggestions.planningPriority, q.zone) : undefined,
            ),
          )
          .orderBy(
            sql`case ${replenishmentSuggestions.planningPriority} when 'red' then 0 when 'yellow' then 1 else 2 end`,
            asc(replenishmentSuggestions.netFlowPercent),
            asc(products.sku),
          )
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    /**
     * Orders the suggestion (or an edited quantity): a draft supply order the orders module
     * will adopt — production when the product has a BOM, else a purchase from the preferred
     * supplier — due after the buffer's DLT. It is on order at once: the buffer recalculates.
     */
    approve: (ctx: RequestContext, id: string, quantity?: number) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const j = await open(tx, ctx.tenantId, id);
        const qty = quantity ?? Number(j.s.quantity);
        const tree = await catalogFacade.supplyTree(tx, ctx.tenantId, j.productId, j.locationId);
        const self = tree.find((t) => t.id === j.productId);
        const [order] = await tx
          .insert(supplyOrders)
          .values({
            tenantId: ctx.tenantId,
            bufferId: j.s.bufferId,
            productId: j.productId,
            locationId: j.locationId,
            kind: self?.manufactured ? 'production' : 'purchase',
            supplierId: self?.manufactured ? null : (self?.preferredSupplierId ?? null),
            quantity: String(qty),
            dueDate: addDays(new Date().toISOString().slice(0, 10), Math.ceil(Number(j.dlt ?? 0))),
            createdBy: ctx.userId,
          })
          .returning({ id: supplyOrders.id });
        await tx
          .update(replenishmentSuggestions)
          .set({
            status: 'APPROVED',
            quantity: String(qty),
            supplyOrderId: order?.id,
            closedAt: sql`now()`,
            updatedAt: sql`now()`,
          })
          .where(eq(replenishmentSuggestions.id, id));
        await recalculate(tx, ctx.tenantId, j.s.bufferId, emit);
        const [done] = await select(tx).where(eq(replenishmentSuggestions.id, id));
        if (!done) throw new DomainError('planning.suggestion_not_found');
        return view(done);
      }),

    reject: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await open(tx, ctx.tenantId, id);
        await tx
          .update(replenishmentSuggestions)
          .set({ status: 'REJECTED', closedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(replenishmentSuggestions.id, id));
        const [done] = await select(tx).where(eq(replenishmentSuggestions.id, id));
        if (!done) throw new DomainError('planning.suggestion_not_found');
        return view(done);
      }),
  };
};

export type SuggestionsService = ReturnType<typeof createSuggestionsService>;
