import { and, asc, eq, ilike, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/client.ts';
import { containing, startingWith } from '../../platform/db/like.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { locations, products } from '../catalog/schema.ts';
import { tenantCalendar } from '../identity/index.ts';
import { calculateBuffers, loadTenantContext } from './calculation.ts';
import { snapshotHistory } from './history.writer.ts';
import { ensureStandardProfiles, findProfile, profileView } from './profiles.ts';
import {
  type ADU_METHODS,
  type AUTO_PROCURE,
  bufferProfiles,
  buffers,
  type ORDER_TRIGGERS,
  type PRIORITIES,
  standardProfileName,
} from './schema.ts';
import { syncMaterialAlerts, syncSupplyAlerts } from './supply-alerts.writer.ts';

const num = (v: string | null) => (v === null ? null : Number(v));
const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Settings a planner sets; every one optional on update. */
export type BufferSettings = {
  profile_id?: string | undefined;
  adu_method?: (typeof ADU_METHODS)[number] | undefined;
  adu_fixed?: number | null | undefined;
  adu_horizon_days?: number | undefined;
  adu_future_horizon_days?: number | null | undefined;
  adu_past_weight?: number | undefined;
  source_location?: string | null | undefined;
  incoming_safety_factor?: number | undefined;
  order_trigger?: (typeof ORDER_TRIGGERS)[number] | undefined;
  dlt_days?: number | null | undefined;
  extra_lead_time_days?: number | undefined;
  order_cycle_days?: number | undefined;
  spike_horizon_days?: number | null | undefined;
  spike_threshold_pct?: number | undefined;
  spike_threshold?: number | null | undefined;
  qty_multiple?: number | undefined;
  multiple_tolerance_pct?: number | undefined;
  min_batch?: number | undefined;
  max_batch?: number | null | undefined;
  storage_capacity?: number | null | undefined;
  red_override?: number | null | undefined;
  yellow_override?: number | null | undefined;
  green_override?: number | null | undefined;
  auto_procure?: (typeof AUTO_PROCURE)[number] | undefined;
};

const columns = (s: BufferSettings) => {
  const out: Partial<typeof buffers.$inferInsert> = {};
  const set = <K extends keyof typeof buffers.$inferInsert>(
    k: K,
    v: (typeof buffers.$inferInsert)[K] | undefined,
  ) => {
    if (v !== undefined) out[k] = v;
  };
  set('profileId', s.profile_id);
  set('aduMethod', s.adu_method);
  set('aduFixed', s.adu_fixed === undefined ? undefined : str(s.adu_fixed));
  set('aduHorizonDays', s.adu_horizon_days);
  set('aduFutureHorizonDays', s.adu_future_horizon_days);
  set('aduPastWeight', str(s.adu_past_weight) ?? undefined);
  set('incomingSafetyFactor', str(s.incoming_safety_factor) ?? undefined);
  set('orderTrigger', s.order_trigger);
  set('dltDays', s.dlt_days === undefined ? undefined : str(s.dlt_days));
  set('extraLeadTimeDays', str(s.extra_lead_time_days) ?? undefined);
  set('orderCycleDays', str(s.order_cycle_days) ?? undefined);
  set('spikeHorizonDays', s.spike_horizon_days);
  set('spikeThresholdPct', str(s.spike_threshold_pct) ?? undefined);
  set('spikeThreshold', s.spike_threshold === undefined ? undefined : str(s.spike_threshold));
  set('qtyMultiple', str(s.qty_multiple) ?? undefined);
  set('multipleTolerancePct', str(s.multiple_tolerance_pct) ?? undefined);
  set('minBatch', str(s.min_batch) ?? undefined);
  set('maxBatch', s.max_batch === undefined ? undefined : str(s.max_batch));
  set('storageCapacity', s.storage_capacity === undefined ? undefined : str(s.storage_capacity));
  set('redOverride', s.red_override === undefined ? undefined : str(s.red_override));
  set('yellowOverride', s.yellow_override === undefined ? undefined : str(s.yellow_override));
  set('greenOverride', s.green_override === undefined ? undefined : str(s.green_override));
  set('autoProcure', s.auto_procure);
  return out;
};

const sourceLocations = alias(locations, 'source_locations');

/** The location a distributed buffer is replenished from: not the buffer's own. */
const sourceLocationId = async (tx: Tx, tenantId: string, codeOrId: string | null, own: string) => {
  if (codeOrId === null) return null;
  const src = await catalogFacade.location(tx, tenantId, codeOrId, 'source_location');
  if (src.id === own)
    throw new DomainError('planning.invalid_settings', {
      detail: 'A buffer cannot be replenished from its own location.',
      errors: [{ field: 'source_location', message: 'must differ from the buffer location' }],
    });
  return src.id;
};

/**
 * A partial update is checked against what it leaves stored: a maximum batch below the
 * minimum batch the buffer keeps (or the reverse) is the planner's to fix, named.
 */
const batchesInOrder = (input: BufferSettings, stored: typeof buffers.$inferSelect) => {
  const min = input.min_batch ?? Number(stored.minBatch);
  const max = input.max_batch === undefined ? num(stored.maxBatch) : input.max_batch;
  if (max === null || max >= min) return;
  const field = input.max_batch === undefined ? 'min_batch' : 'max_batch';
  throw new DomainError('planning.invalid_settings', {
    detail: `The maximum batch (${max}) would be below the minimum batch (${min}).`,
    errors: [
      {
        field,
        message:
          field === 'max_batch'
            ? `must not be below min_batch (${min})`
            : `must not exceed max_batch (${max})`,
      },
    ],
  });
};

export const createBuffersService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        b: buffers,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        location_name: locations.name,
        category: products.category,
        source_location_code: sourceLocations.code,
        profile: bufferProfiles,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(buffers)
      .innerJoin(products, eq(products.id, buffers.productId))
      .innerJoin(locations, eq(locations.id, buffers.locationId))
      .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
      .leftJoin(sourceLocations, eq(sourceLocations.id, buffers.sourceLocationId));
  type Joined = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

  const view = (j: Joined) => {
    const b = j.b;
    return {
      id: b.id,
      product_id: b.productId,
      sku: j.sku,
      product_name: j.product_name,
      location_id: b.locationId,
      location_code: j.location_code,
      location_name: j.location_name,
      profile: profileView(j.profile),
      settings: {
        adu_method: b.aduMethod,
        adu_fixed: num(b.aduFixed),
        adu_horizon_days: b.aduHorizonDays,
        adu_future_horizon_days: b.aduFutureHorizonDays,
        adu_past_weight: Number(b.aduPastWeight),
        source_location_id: b.sourceLocationId,
        source_location_code: j.source_location_code,
        incoming_safety_factor: Number(b.incomingSafetyFactor),
        order_trigger: b.orderTrigger,
        dlt_days: num(b.dltDays),
        extra_lead_time_days: Number(b.extraLeadTimeDays),
        order_cycle_days: Number(b.orderCycleDays),
        spike_horizon_days: b.spikeHorizonDays,
        spike_threshold_pct: Number(b.spikeThresholdPct),
        spike_threshold: num(b.spikeThreshold),
        qty_multiple: Number(b.qtyMultiple),
        multiple_tolerance_pct: Number(b.multipleTolerancePct),
        min_batch: Number(b.minBatch),
        max_batch: num(b.maxBatch),
        storage_capacity: num(b.storageCapacity),
        red_override: num(b.redOverride),
        yellow_override: num(b.yellowOverride),
        green_override: num(b.greenOverride),
        auto_procure: b.autoProcure,
      },
      adu: num(b.adu),
      dlt: num(b.dlt),
      zones: {
        red: num(b.red),
        yellow: num(b.yellow),
        green: num(b.green),
        top_of_red: num(b.topOfRed),
        top_of_yellow: num(b.topOfYellow),
        top_of_green: num(b.topOfGreen),
      },
      on_hand: num(b.onHand),
      on_order: num(b.onOrder),
      qualified_demand: num(b.qualifiedDemand),
      net_flow_position: num(b.netFlow),
      net_flow_percent: num(b.netFlowPercent),
      planning_priority: b.planningPriority,
      on_hand_alert: b.onHandAlert,
      recommended_qty: num(b.recommendedQty),
      long_term_supply: num(b.longTermSupply),
      propagated_adu: num(b.propagatedAdu),
      applied_factors: b.appliedFactors,
      calculated_at: b.calculatedAt ? new Date(b.calculatedAt).toISOString() : null,
    };
  };

  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [j] = await select(tx).where(and(eq(buffers.tenantId, tenantId), eq(buffers.id, id)));
    if (!j) throw new DomainError('planning.buffer_not_found');
    return j;
  };

  /**
   * Buffers about to be calculated, locked in id order: calculations of one buffer take turns,
   * so each reads the stock and supply the previous one left, and none writes a stale answer.
   */
  const lockIds = (tx: Tx, ids: string[]) =>
    tx
      .select({ id: buffers.id })
      .from(buffers)
      .where(inArray(buffers.id, ids))
      .orderBy(buffers.id)
      .for('update');

  const locked = async (tx: Tx, tenantId: string, where: ReturnType<typeof and>, known?: string[]) => {
    // Ids already known (the nightly chunks) are locked first and read once.
    if (known) await lockIds(tx, known);
    const found = await select(tx).where(and(eq(buffers.tenantId, tenantId), where));
    if (found.length === 0) return { rows: found, siblings: new Set<string>() };
    const ids = new Set(found.map((j) => j.b.id));
    // Buffers drawing on the same source share its stock: they come along, for net flow only.
    const sources = new Set(
      found.filter((j) => j.b.sourceLocationId).map((j) => `${j.b.productId}|${j.b.sourceLocationId}`),
    );
    const siblings = new Set<string>();
    if (sources.size > 0) {
      const same = await tx
        .select({ id: buffers.id, productId: buffers.productId, sourceId: buffers.sourceLocationId })
        .from(buffers)
        .where(
          and(
            eq(buffers.tenantId, tenantId),
            inArray(buffers.productId, [...new Set(found.map((j) => j.b.productId))]),
            isNotNull(buffers.sourceLocationId),
          ),
        );
      for (const r of same)
        if (!ids.has(r.id) && sources.has(`${r.productId}|${r.sourceId}`)) siblings.add(r.id);
    }
    const all = [...ids, ...siblings];
    await tx
      .select({ id: buffers.id })
      .from(buffers)
      .where(inArray(buffers.id, all))
      .orderBy(buffers.id)
      .for('update');
    return { rows: await select(tx).where(inArray(buffers.id, all)), siblings };
  };

  const calculate = async (tx: Tx, tenantId: string, id: string, emit: Emit, netFlowOnly = false) => {
    const { rows, siblings } = await locked(tx, tenantId, eq(buffers.id, id));
    if (rows.length === 0) throw new DomainError('planning.buffer_not_found');
    await calculateBuffers(tx, tenantId, rows, emit, {
      asOf: await tenantCalendar.today(tx, tenantId),
      netFlowOnly,
      netFlowOnlyIds: siblings,
    });
  };

  const recalcWhere = (tenantId: string, where: ReturnType<typeof and>, netFlowOnly: boolean) =>
    p.uow.forTenant(tenantId, async (tx, emit) => {
      const { rows, siblings } = await locked(tx, tenantId, where);
      await calculateBuffers(tx, tenantId, rows, emit, {
        asOf: await tenantCalendar.today(tx, tenantId),
        netFlowOnly,
        netFlowOnlyIds: siblings,
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
      const all = await select(tx).where(eq(buffers.tenantId, tenantId)).orderBy(buffers.productId);
      return { all, context: await loadTenantContext(tx, tenantId, asOf, all, null) };
    });
    for (let i = 0; i < all.length; i += chunk) {
      const ids = all.slice(i, i + chunk).map((j) => j.b.id);
      await p.uow.forTenant(tenantId, async (tx, emit) => {
        const { rows, siblings } = await locked(tx, tenantId, inArray(buffers.id, ids), ids);
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
    list: (
      ctx: RequestContext,
      q: PageQuery & {
        search?: string | undefined;
        zone?: (typeof PRIORITIES)[number] | undefined;
        product_id?: string | undefined;
        location?: string | undefined;
      },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(buffers.tenantId, ctx.tenantId),
              q.zone ? eq(buffers.planningPriority, q.zone) : undefined,
              q.product_id ? eq(buffers.productId, q.product_id) : undefined,
              q.location ? eq(locations.code, q.location) : undefined,
              q.search?.trim()
                ? or(
                    ilike(products.sku, startingWith(q.search.trim())),
                    ilike(products.name, containing(q.search.trim())),
                  )
                : undefined,
            ),
          )
          // Red first, then yellow, then green; within a zone the most penetrated first.
          .orderBy(
            sql`case ${buffers.planningPriority} when 'red' then 0 when 'yellow' then 1 when 'green' then 2 else 3 end`,
            asc(buffers.netFlowPercent),
            asc(products.sku),
          )
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => view(await load(tx, ctx.tenantId, id))),

    create: (ctx: RequestContext, input: BufferSettings & { product_id: string; store_id: string }) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
          await catalogFacade.product(tx, ctx.tenantId, input.product_id);
          await ensureStandardProfiles(tx, ctx.tenantId);
          let profileId = input.profile_id;
          if (profileId) await findProfile(tx, ctx.tenantId, profileId);
          else {
            const tree = await catalogFacade.supplyTree(tx, ctx.tenantId, input.product_id, location.id);
            const type = tree.find((t) => t.id === input.product_id)?.manufactured
              ? 'manufactured'
              : 'purchased';
            const [std] = await tx
              .select({ id: bufferProfiles.id })
              .from(bufferProfiles)
              .where(
                and(
                  eq(bufferProfiles.tenantId, ctx.tenantId),
                  eq(bufferProfiles.name, standardProfileName(type, 'medium', 'medium')),
                ),
              );
            profileId = std?.id;
          }
          if (!profileId) throw new Error('no standard profile');
          const [row] = await tx
            .insert(buffers)
            .values({
              ...columns(input),
              tenantId: ctx.tenantId,
              productId: input.product_id,
              locationId: location.id,
              profileId,
              sourceLocationId:
                input.source_location === undefined
                  ? null
                  : await sourceLocationId(tx, ctx.tenantId, input.source_location, location.id),
            })
            .returning({ id: buffers.id });
          if (!row) throw new Error('buffer insert returned nothing');
          await calculate(tx, ctx.tenantId, row.id, emit);
          return view(await load(tx, ctx.tenantId, row.id));
        })
        .catch((err) => mapConstraint(err, { unique: 'planning.buffer_exists' })),

    /** Changing settings recomputes the buffer at once. */
    update: (ctx: RequestContext, id: string, input: BufferSettings) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const current = await load(tx, ctx.tenantId, id);
        batchesInOrder(input, current.b);
        if (input.profile_id) await findProfile(tx, ctx.tenantId, input.profile_id);
        const source =
          input.source_location === undefined
            ? {}
            : {
                sourceLocationId: await sourceLocationId(
                  tx,
                  ctx.tenantId,
                  input.source_location,
                  current.b.locationId,
                ),
              };
        await tx
          .update(buffers)
          .set({ ...columns(input), ...source, updatedAt: sql`now()` })
          .where(eq(buffers.id, id));
        await calculate(tx, ctx.tenantId, id, emit);
        return view(await load(tx, ctx.tenantId, id));
      }),

    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await load(tx, ctx.tenantId, id);
        await tx.delete(buffers).where(eq(buffers.id, id));
      }),

    recalculate: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await calculate(tx, ctx.tenantId, id, emit);
        return view(await load(tx, ctx.tenantId, id));
      }),

    /** Recomputes one buffer inside the caller's transaction (an approval that just put supply on order). */
    calculateInTx: async (tx: Tx, tenantId: string, id: string, emit: Emit) => {
      await calculate(tx, tenantId, id, emit, true);
    },

    /**
     * Event-driven: a stock or supply change recomputes the net flow of only the buffers of the
     * products it touched. Stock of a component moves the material synchronization of planned
     * production; a supply order's change moves every alert on supply.
     */
    recalculateProducts: async (tenantId: string, productIds: string[], supplyMoved = false) => {
      if (productIds.length === 0) return 0;
      const n = await recalcWhere(tenantId, and(inArray(buffers.productId, productIds)), true);
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

export type BuffersService = ReturnType<typeof createBuffersService>;
