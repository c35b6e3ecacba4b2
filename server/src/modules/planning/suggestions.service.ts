import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { LIMITS } from './domain/limits.ts';
import { batchCount, splitByMaxBatch } from './domain/replenishment.ts';
import { buffers, replenishmentSuggestions, type SUGGESTION_STATUSES } from './schema.ts';
import { placeOrders } from './suggestions.writer.ts';
import { syncSupplyAlerts } from './supply-alerts.writer.ts';

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
        sourceLocationId: buffers.sourceLocationId,
        maxBatch: buffers.maxBatch,
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
    suggested_quantity: j.s.suggestedQuantity === null ? null : Number(j.s.suggestedQuantity),
    planning_priority: j.s.planningPriority,
    net_flow_position: Number(j.s.netFlowPosition),
    net_flow_percent: j.s.netFlowPercent === null ? null : Number(j.s.netFlowPercent),
    top_of_green: Number(j.s.topOfGreen),
    supply_order_id: j.s.supplyOrderId,
    batches: j.s.batches,
    created_at: new Date(j.s.createdAt).toISOString(),
    updated_at: new Date(j.s.updatedAt).toISOString(),
  });
  const open = async (tx: Tx, tenantId: string, id: string) => {
    // The buffer before the suggestion, the order every calculation locks them in.
    const [owner] = await tx
      .select({ bufferId: replenishmentSuggestions.bufferId })
      .from(replenishmentSuggestions)
      .where(and(eq(replenishmentSuggestions.tenantId, tenantId), eq(replenishmentSuggestions.id, id)));
    if (!owner) throw new DomainError('planning.suggestion_not_found');
    await tx.select({ id: buffers.id }).from(buffers).where(eq(buffers.id, owner.bufferId)).for('update');
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
            // One product at several locations: without this, paging could repeat or skip one.
            asc(locations.code),
            asc(replenishmentSuggestions.id),
          )
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    /**
     * Orders the suggestion (or an edited quantity) through the orders module — a transfer from
     * the buffer's source, production when the product has a BOM, else a purchase from the
     * preferred supplier — due after the buffer's DLT. It is on order at once: the buffer
     * recalculates in this transaction.
     */
    approve: (ctx: RequestContext, id: string, quantity?: number) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const j = await open(tx, ctx.tenantId, id);
        const qty = quantity ?? Number(j.s.quantity);
        const maxBatch = j.maxBatch === null ? null : Number(j.maxBatch);
        // One supply order per batch: a quantity needing more than the cap is the planner's to split.
        const orders = batchCount(qty, maxBatch, LIMITS.step);
        if (orders > LIMITS.batches)
          throw new DomainError('planning.too_many_batches', {
            detail: `At the maximum batch of ${maxBatch} this would be ${orders} supply orders; at most ${LIMITS.batches} are placed at once.`,
            errors: [
              {
                field: 'quantity',
                message: `must not need more than ${LIMITS.batches} batches of ${maxBatch} (at most ${LIMITS.batches * (maxBatch ?? 0)})`,
              },
            ],
          });
        const [order] = await placeOrders(
          tx,
          emit,
          ctx.tenantId,
          [
            {
              bufferId: j.s.bufferId,
              productId: j.productId,
              locationId: j.locationId,
              sourceLocationId: j.sourceLocationId,
              dlt: Number(j.dlt ?? 0),
              quantity: qty,
              maxBatch,
            },
          ],
          ctx.userId,
          'approved',
        );
        await tx
          .update(replenishmentSuggestions)
          .set({
            status: 'APPROVED',
            quantity: String(qty),
            supplyOrderId: order?.supplyOrderIds[0],
            batches:
              order && order.supplyOrderIds.length > 1
                ? splitByMaxBatch(qty, Number(j.maxBatch), LIMITS.step)
                : null,
            closedAt: sql`now()`,
            updatedAt: sql`now()`,
          })
          .where(eq(replenishmentSuggestions.id, id));
        await recalculate(tx, ctx.tenantId, j.s.bufferId, emit);
        await syncSupplyAlerts(tx, ctx.tenantId, emit);
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
