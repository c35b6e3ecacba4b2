import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { bufferView, loadBuffer } from './buffers.view.ts';
import { calculateBuffers, loadTenantContext } from './calculation.ts';
import { snapshotHistory } from './history.writer.ts';
import { bufferProfiles, buffers } from './schema.ts';
import { syncMaterialAlerts, syncSupplyAlerts } from './supply-alerts.writer.ts';

const sibling = alias(buffers, 'sibling');

/** One array parameter for a list of ids, however long (a chunk holds a thousand). */
const anyId = (column: typeof buffers.id | typeof buffers.productId, ids: string[]) =>
  sql`${column} = any(${sql.param(ids)}::uuid[])`;

/**
 * The buffers `where` picks and those drawing on the same source (they share its stock, so
 * they come along, for net flow only), read and locked in one statement in id order:
 * calculations that overlap wait for each other instead of crossing. `asked` tells the picked
 * ones from their siblings.
 */
const lockRows = (tx: Tx, tenantId: string, where: ReturnType<typeof and>) => {
  // No condition picks every buffer of the tenant.
  const pick = where ?? sql`true`;
  const mine = and(eq(buffers.tenantId, tenantId), pick);
  const picked = tx
    .select({ id: buffers.id })
    .from(buffers)
    .innerJoin(products, eq(products.id, buffers.productId))
    .where(mine);
  const sources = tx
    .select({ productId: buffers.productId, sourceId: buffers.sourceLocationId })
    .from(buffers)
    .innerJoin(products, eq(products.id, buffers.productId))
    .where(and(mine, isNotNull(buffers.sourceLocationId)));
  const siblings = tx
    .select({ id: sibling.id })
    .from(sibling)
    .where(
      and(
        eq(sibling.tenantId, tenantId),
        sql`(${sibling.productId}, ${sibling.sourceLocationId}) in (${sources})`,
      ),
    );
  return (
    tx
      .select({
        b: buffers,
        sku: products.sku,
        category: products.category,
        location_code: locations.code,
        profile: bufferProfiles,
        asked: sql<boolean>`coalesce(${pick}, false)`,
      })
      .from(buffers)
      .innerJoin(products, eq(products.id, buffers.productId))
      .innerJoin(locations, eq(locations.id, buffers.locationId))
      .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
      // One set of ids (a semi-join on the key), not an OR the planner could only filter by.
      .where(and(eq(buffers.tenantId, tenantId), sql`${buffers.id} in (${picked} union ${siblings})`))
      .orderBy(buffers.id)
      .for('update', { of: buffers })
  );
};

const locked = async (tx: Tx, tenantId: string, where: ReturnType<typeof and>) => {
  const rows = await lockRows(tx, tenantId, where);
  return { rows, siblings: new Set(rows.filter((r) => !r.asked).map((r) => r.b.id)) };
};

/** Recomputes one buffer (and those sharing its source) inside the caller's transaction. */
export const calculateOne = async (tx: Tx, tenantId: string, id: string, emit: Emit, netFlowOnly = false) => {
  const { rows, siblings } = await locked(tx, tenantId, eq(buffers.id, id));
  if (rows.length === 0) throw new DomainError('planning.buffer_not_found');
  await calculateBuffers(tx, tenantId, rows, emit, {
    asOf: await tenantCalendar.today(tx, tenantId),
    netFlowOnly,
    netFlowOnlyIds: siblings,
  });
};

/** When buffers recompute: on request, on stock and supply events, on upstream changes, nightly. */
export const createBufferRecalculation = (p: Platform) => {
  const recalcWhere = (tenantId: string, where: ReturnType<typeof and>, netFlowOnly: boolean) =>
    p.uow.forTenant(tenantId, async (tx, emit) => {
      const { rows, siblings } = await locked(tx, tenantId, where);
      await calculateBuffers(tx, tenantId, rows, emit, {
        asOf: await tenantCalendar.today(tx, tenantId),
        netFlowOnly,
        netFlowOnlyIds: siblings,
        // A stock or supply event recomputes every buffer of its products; only those whose
        // numbers moved are news (every planner's open stream carries each one).
        quietUnchanged: netFlowOnly,
      });
      return rows.length;
    });

  /**
   * Every buffer of one tenant, in chunks of their own transactions: the catalog graph, the
   * adjustments, past consumption and forecasts are read once for the run; stock and supply
   * per chunk, where they are written. Then the day's history snapshot and material sync.
   */
  const recalculateTenant = async (tenantId: string, chunk = 1000) => {
    const asOf = await tenantCalendar.today(p.database.db, tenantId);
    const { all, context } = await p.uow.forTenant(tenantId, async (tx) => {
      // Ids and what ADU reads: the chunks read the full rows under their lock.
      const all = (
        await tx
          .select({
            id: buffers.id,
            aduMethod: buffers.aduMethod,
            aduHorizonDays: buffers.aduHorizonDays,
            aduFutureHorizonDays: buffers.aduFutureHorizonDays,
          })
          .from(buffers)
          .where(eq(buffers.tenantId, tenantId))
          .orderBy(buffers.productId)
      ).map((b) => ({ b }));
      return { all, context: await loadTenantContext(tx, tenantId, asOf, all, null) };
    });
    for (let i = 0; i < all.length; i += chunk) {
      const ids = all.slice(i, i + chunk).map((j) => j.b.id);
      await p.uow.forTenant(tenantId, async (tx, emit) => {
        const { rows, siblings } = await locked(tx, tenantId, anyId(buffers.id, ids));
        await calculateBuffers(tx, tenantId, rows, emit, {
          asOf,
          netFlowOnly: false,
          netFlowOnlyIds: siblings,
          context,
          quietUnchanged: true,
        });
      });
    }
    await p.uow.forTenant(tenantId, async (tx, emit) => {
      await snapshotHistory(tx, tenantId, asOf);
      await syncSupplyAlerts(tx, tenantId, emit);
    });
    return all.length;
  };

  return {
    recalculate: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await calculateOne(tx, ctx.tenantId, id, emit);
        return bufferView(await loadBuffer(tx, ctx.tenantId, id));
      }),

    /** Recomputes one buffer inside the caller's transaction (an approval that just put supply on order). */
    calculateInTx: async (tx: Tx, tenantId: string, id: string, emit: Emit) => {
      await calculateOne(tx, tenantId, id, emit, true);
    },

    /**
     * Event-driven: a stock or supply change recomputes the net flow of only the buffers of the
     * products it touched. Stock of a component moves the material synchronization of planned
     * production; a supply order's change moves every alert on supply.
     */
    recalculateProducts: async (tenantId: string, productIds: string[], supplyMoved = false) => {
      if (productIds.length === 0) return 0;
      const n = await recalcWhere(tenantId, anyId(buffers.productId, productIds), true);
      await p.uow.forTenant(tenantId, (tx, emit) =>
        (supplyMoved ? syncSupplyAlerts : syncMaterialAlerts)(tx, tenantId, emit),
      );
      return n;
    },

    /** A forecast or a setting upstream changed: these product × location buffers recompute fully. */
    recalculateItems: (tenantId: string, items: { product_id: string; location_id: string }[]) =>
      items.length
        ? recalcWhere(
            tenantId,
            or(
              ...items.map((i) =>
                and(eq(buffers.productId, i.product_id), eq(buffers.locationId, i.location_id)),
              ),
            ),
            false,
          )
        : Promise.resolve(0),

    /** A planned adjustment changed: every buffer of its scope recomputes fully. */
    recalculateScope: (
      tenantId: string,
      scope: { buffer_id: string | null; product_category: string | null; location_id: string | null },
    ) =>
      recalcWhere(
        tenantId,
        scope.buffer_id
          ? eq(buffers.id, scope.buffer_id)
          : and(
              scope.product_category ? eq(products.category, scope.product_category) : undefined,
              scope.location_id ? eq(buffers.locationId, scope.location_id) : undefined,
            ),
        false,
      ),

    recalculateTenant,

    /** The daily schedule: every buffer of every tenant. */
    recalculateAll: async () => {
      const tenants = await p.database.db.selectDistinct({ tenantId: buffers.tenantId }).from(buffers);
      let n = 0;
      for (const t of tenants) n += await recalculateTenant(t.tenantId);
      return n;
    },
  };
};

export type BufferRecalculation = ReturnType<typeof createBufferRecalculation>;
