import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { CONSUMPTION_KINDS, inventoryFacade } from '../inventory/index.ts';
import { planningEvents } from './events.ts';
import { aduExclusions, buffers } from './schema.ts';

export type AduExclusionInput = { movement_id: string; reason: string };
export type AduExclusionFilter = PageQuery & {
  product_id?: string | undefined;
  location?: string | undefined;
};

/**
 * Only consumption feeds past ADU (DDMRP.md, "Inputs"), so only it can be left out: sales net
 * of returns, and components issued to production (demand on component buffers).
 */
const CONSUMPTION = new Set<string>(CONSUMPTION_KINDS);

/** Movement quantities carry up to 6 decimals; summing them as floats must not show noise. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Consumption (−quantity: positive for a shipment or an issue, negative for a return) of the excluded
 * movements whose day lies in [from, to] inclusive, per product × location as stored (no
 * roll-up of sub-locations), exactly as `consumptionTotals` counts the ledger: the past ADU
 * subtracts it. `productIds` null reads the whole tenant.
 */
export const excludedConsumption = async (
  tx: Tx,
  tenantId: string,
  from: string,
  to: string,
  productIds: string[] | null,
): Promise<{ product_id: string; location_id: string; qty: number }[]> => {
  if (productIds?.length === 0) return [];
  const excluded = await tx
    .select({ movementId: aduExclusions.movementId })
    .from(aduExclusions)
    .where(
      and(
        eq(aduExclusions.tenantId, tenantId),
        productIds ? inArray(aduExclusions.productId, productIds) : undefined,
      ),
    );
  const moved = await inventoryFacade.movementsByIds(
    tx,
    tenantId,
    excluded.map((e) => e.movementId),
    { from, to },
  );
  const totals = new Map<string, { product_id: string; location_id: string; qty: number }>();
  for (const m of moved) {
    if (!CONSUMPTION.has(m.kind)) continue;
    const k = `${m.product_id}|${m.location_id}`;
    const t = totals.get(k) ?? { product_id: m.product_id, location_id: m.location_id, qty: 0 };
    t.qty -= m.quantity;
    totals.set(k, t);
  }
  return [...totals.values()].map((t) => ({ ...t, qty: round6(t.qty) }));
};

/** The items (product × location) of every buffer of a product: what an exclusion re-sizes. */
export const productBufferItems = (tx: Tx, tenantId: string, productId: string) =>
  tx
    .select({ product_id: buffers.productId, location_id: buffers.locationId })
    .from(buffers)
    .where(and(eq(buffers.tenantId, tenantId), eq(buffers.productId, productId)));

export const createAduExclusionsService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        x: aduExclusions,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(aduExclusions)
      .innerJoin(products, eq(products.id, aduExclusions.productId))
      .innerJoin(locations, eq(locations.id, aduExclusions.locationId));
  type Joined = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

  /** Each exclusion with its movement's day, kind and quantity, read from the ledger. */
  const views = async (tx: Tx, tenantId: string, rows: Joined[]) => {
    const moved = await inventoryFacade.movementsByIds(
      tx,
      tenantId,
      rows.map((r) => r.x.movementId),
    );
    const byId = new Map(moved.map((m) => [m.id, m]));
    return rows.flatMap((r) => {
      const m = byId.get(r.x.movementId);
      if (!m) return [];
      return [
        {
          id: r.x.id,
          movement_id: r.x.movementId,
          product_id: r.x.productId,
          sku: r.sku,
          product_name: r.product_name,
          location_id: r.x.locationId,
          location_code: r.location_code,
          kind: m.kind,
          quantity: m.quantity,
          moved_at: m.created_at,
          reason: r.x.reason,
          created_by: r.x.createdBy,
          created_at: new Date(r.x.createdAt).toISOString(),
        },
      ];
    });
  };

  const announce = (
    emit: (e: EventEnvelope) => void,
    tenantId: string,
    movementId: string,
    productId: string,
  ) =>
    emit(
      planningEvents.aduExclusionChanged.create({
        tenantId,
        aggregateId: movementId,
        payload: { product_id: productId },
      }),
    );

  return {
    list: (ctx: RequestContext, q: AduExclusionFilter) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(aduExclusions.tenantId, ctx.tenantId),
              q.product_id ? eq(aduExclusions.productId, q.product_id) : undefined,
              q.location ? eq(locations.code, q.location) : undefined,
            ),
          )
          .orderBy(desc(aduExclusions.createdAt), desc(aduExclusions.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(await views(tx, ctx.tenantId, rows), rows[0]?.total ?? 0, q);
      }),

    /** Leaves a consumption movement of the tenant (shipment, return, production issue) out of past ADU, once. */
    create: (ctx: RequestContext, input: AduExclusionInput) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const m = await inventoryFacade.movement(tx, ctx.tenantId, input.movement_id);
        if (!m)
          throw new DomainError('planning.movement_not_found', {
            errors: [{ field: 'movement_id', message: 'no such stock movement' }],
          });
        if (!CONSUMPTION.has(m.kind))
          throw new DomainError('planning.movement_not_consumption', {
            detail: `movement_id: a ${m.kind} is not consumption; only shipments, returns and production issues count in ADU.`,
            errors: [
              {
                field: 'movement_id',
                message: `must be a shipment, a return or a production issue, not a ${m.kind}`,
              },
            ],
          });
        // The unique (tenant, movement) answers a second exclusion, even one racing this one.
        const [row] = await tx
          .insert(aduExclusions)
          .values({
            tenantId: ctx.tenantId,
            movementId: m.id,
            productId: m.product_id,
            locationId: m.location_id,
            reason: input.reason,
            createdBy: ctx.userId,
          })
          .onConflictDoNothing({ target: [aduExclusions.tenantId, aduExclusions.movementId] })
          .returning({ id: aduExclusions.id });
        if (!row)
          throw new DomainError('planning.movement_already_excluded', {
            errors: [{ field: 'movement_id', message: 'already excluded from ADU' }],
          });
        announce(emit, ctx.tenantId, m.id, m.product_id);
        const [joined] = await select(tx).where(eq(aduExclusions.id, row.id));
        const [view] = joined ? await views(tx, ctx.tenantId, [joined]) : [];
        if (!view) throw new Error('adu exclusion insert not readable');
        return view;
      }),

    /** Counts the movement in ADU again. */
    remove: (ctx: RequestContext, movementId: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const [gone] = await tx
          .delete(aduExclusions)
          .where(and(eq(aduExclusions.tenantId, ctx.tenantId), eq(aduExclusions.movementId, movementId)))
          .returning({ productId: aduExclusions.productId });
        if (!gone) throw new DomainError('planning.adu_exclusion_not_found');
        announce(emit, ctx.tenantId, movementId, gone.productId);
      }),
  };
};

export type AduExclusionsService = ReturnType<typeof createAduExclusionsService>;
