import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { RequestContext } from '../../platform/http/auth.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { locations, products } from '../catalog/schema.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { decoupledLeadTimes } from './domain/bom-dlt.ts';
import { type BufferResult, computeBuffer } from './domain/compute.ts';
import { addDays } from './domain/dates.ts';
import { BufferInput } from './domain/input.ts';
import { planningEvents } from './events.ts';
import { openSupply, suggest } from './suggestions.service.ts';
import { ensureStandardProfiles, findProfile, profileView } from './profiles.ts';
import {
  type ADU_METHODS,
  type AUTO_PROCURE,
  bufferProfiles,
  buffers,
  type PRIORITIES,
  standardProfileName,
} from './schema.ts';

const num = (v: string | null) => (v === null ? null : Number(v));
const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Settings a planner sets; every one optional on update. */
export type BufferSettings = {
  profile_id?: string | undefined;
  adu_method?: (typeof ADU_METHODS)[number] | undefined;
  adu_fixed?: number | null | undefined;
  adu_horizon_days?: number | undefined;
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

const today = () => new Date().toISOString().slice(0, 10);

export const createBuffersService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        b: buffers,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        location_name: locations.name,
        profile: bufferProfiles,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(buffers)
      .innerJoin(products, eq(products.id, buffers.productId))
      .innerJoin(locations, eq(locations.id, buffers.locationId))
      .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId));
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
      calculated_at: b.calculatedAt ? new Date(b.calculatedAt).toISOString() : null,
    };
  };

  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [j] = await select(tx).where(and(eq(buffers.tenantId, tenantId), eq(buffers.id, id)));
    if (!j) throw new DomainError('planning.buffer_not_found');
    return j;
  };

  /**
   * The engine's inputs for one buffer, read from the catalog and the ledger at this instant.
   * `netFlowOnly` keeps the last ADU and DLT (they move daily, on demand and with settings) and
   * reads only what net flow needs, so a stock event costs a few indexed reads.
   */
  const inputsOf = async (tx: Tx, tenantId: string, j: Joined, asOf: string, netFlowOnly: boolean) => {
    const b = j.b;
    const keep = netFlowOnly && b.adu !== null && b.dlt !== null;
    let dlt = keep ? num(b.dlt) : num(b.dltDays);
    if (dlt === null) {
      const tree = await catalogFacade.supplyTree(tx, tenantId, b.productId, b.locationId);
      const items = tree.map((t) => ({
        id: t.id,
        type: t.manufactured ? ('manufactured' as const) : ('purchased' as const),
        lead_time_days: t.manufactured ? t.ownLeadTimeDays : t.leadTimeDays,
        buffered: t.buffered,
        components: t.components,
      }));
      dlt = decoupledLeadTimes({ items })[b.productId] ?? 0;
    }
    const history =
      !keep && b.aduMethod === 'past'
        ? await inventoryFacade.consumptionByDay(
            tx,
            tenantId,
            b.productId,
            b.locationId,
            addDays(asOf, -b.aduHorizonDays),
            addDays(asOf, -1),
          )
        : [];
    const method = j.profile.replenishMethod;
    const hasOverrides = b.redOverride !== null && b.yellowOverride !== null && b.greenOverride !== null;
    return BufferInput.parse({
      as_of: asOf,
      adu: keep
        ? { method: 'fixed', value: num(b.adu) ?? 0 }
        : b.aduMethod === 'fixed'
          ? { method: 'fixed', value: num(b.aduFixed) ?? 0 }
          : { method: 'past', horizon_days: b.aduHorizonDays, history },
      dlt,
      extra_lead_time_days: Number(b.extraLeadTimeDays),
      profile: {
        // An override profile without the three zones falls back to computing them.
        replenish_method: method === 'override' && !hasOverrides ? 'replenish' : method,
        lead_time_factor: Number(j.profile.leadTimeFactor),
        variability_factor: Number(j.profile.variabilityFactor),
      },
      overrides: { red: num(b.redOverride), yellow: num(b.yellowOverride), green: num(b.greenOverride) },
      order_cycle_days: Number(b.orderCycleDays),
      qty_multiple: Number(b.qtyMultiple),
      multiple_tolerance_pct: Number(b.multipleTolerancePct),
      min_batch: Number(b.minBatch),
      max_batch: num(b.maxBatch),
      storage_capacity: num(b.storageCapacity),
      spike: {
        horizon_days: b.spikeHorizonDays,
        threshold_pct_of_red: Number(b.spikeThresholdPct),
        threshold: num(b.spikeThreshold),
      },
      on_hand: await inventoryFacade.unreservedOnHand(tx, tenantId, b.productId, b.locationId),
      supply: [
        ...(await inventoryFacade.inboundInTransit(tx, tenantId, b.productId, b.locationId)),
        ...(await openSupply(tx, tenantId, b.productId, b.locationId)),
      ],
      demand: [],
    });
  };

  /** Runs the engine for one buffer, stores its answer, and says so (and when it got worse). */
  const calculate = async (
    tx: Tx,
    tenantId: string,
    j: Joined,
    emit: (e: EventEnvelope) => void,
    netFlowOnly = false,
  ) => {
    const input = await inputsOf(tx, tenantId, j, today(), netFlowOnly);
    const r: BufferResult = computeBuffer(input);
    const before = j.b.planningPriority;
    await tx
      .update(buffers)
      .set({
        adu: str(r.adu),
        dlt: str(r.dlt),
        red: str(r.zones.red),
        yellow: str(r.zones.yellow),
        green: str(r.zones.green),
        topOfRed: str(r.zones.top_of_red),
        topOfYellow: str(r.zones.top_of_yellow),
        topOfGreen: str(r.zones.top_of_green),
        onHand: str(input.on_hand),
        onOrder: str(r.incoming_within_dlt),
        qualifiedDemand: str(r.qualified_demand),
        netFlow: str(r.net_flow_position),
        netFlowPercent: str(r.net_flow_percent),
        planningPriority: r.planning_priority,
        onHandAlert: r.on_hand_alert,
        recommendedQty: str(r.recommended_qty),
        calculatedAt: sql`now()`,
      })
      .where(eq(buffers.id, j.b.id));
    const payload = {
      product_id: j.b.productId,
      location_code: j.location_code,
      planning_priority: r.planning_priority,
      net_flow_position: r.net_flow_position,
      net_flow_percent: r.net_flow_percent,
      top_of_green: r.zones.top_of_green,
      recommended_qty: r.recommended_qty,
    };
    emit(planningEvents.bufferCalculated.create({ tenantId, aggregateId: j.b.id, payload }));
    await suggest(tx, tenantId, j.b.id, r, emit);
    const rank = { green: 0, yellow: 1, red: 2 } as const;
    if (r.planning_priority !== 'green' && (before === null || rank[r.planning_priority] > rank[before]))
      emit(
        planningEvents.bufferPenetrated.create({
          tenantId,
          aggregateId: j.b.id,
          payload: { ...payload, from: before },
        }),
      );
  };

  const recalcWhere = (tenantId: string, where: ReturnType<typeof and>, netFlowOnly: boolean) =>
    p.uow.forTenant(tenantId, async (tx, emit) => {
      const rows = await select(tx).where(and(eq(buffers.tenantId, tenantId), where));
      for (const j of rows) await calculate(tx, tenantId, j, emit, netFlowOnly);
      return rows.length;
    });

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
                    ilike(products.sku, `${q.search.trim().replace(/[%_\\]/g, '\\$&')}%`),
                    ilike(products.name, `%${q.search.trim().replace(/[%_\\]/g, '\\$&')}%`),
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
            })
            .returning({ id: buffers.id });
          if (!row) throw new Error('buffer insert returned nothing');
          await calculate(tx, ctx.tenantId, await load(tx, ctx.tenantId, row.id), emit);
          return view(await load(tx, ctx.tenantId, row.id));
        })
        .catch((err) => mapConstraint(err, { unique: 'planning.buffer_exists' })),

    /** Changing settings recomputes the buffer at once. */
    update: (ctx: RequestContext, id: string, input: BufferSettings) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await load(tx, ctx.tenantId, id);
        if (input.profile_id) await findProfile(tx, ctx.tenantId, input.profile_id);
        await tx
          .update(buffers)
          .set({ ...columns(input), updatedAt: sql`now()` })
          .where(eq(buffers.id, id));
        await calculate(tx, ctx.tenantId, await load(tx, ctx.tenantId, id), emit);
        return view(await load(tx, ctx.tenantId, id));
      }),

    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await load(tx, ctx.tenantId, id);
        await tx.delete(buffers).where(eq(buffers.id, id));
      }),

    recalculate: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await calculate(tx, ctx.tenantId, await load(tx, ctx.tenantId, id), emit);
        return view(await load(tx, ctx.tenantId, id));
      }),

    /** Recomputes one buffer inside the caller's transaction (an approval that just put supply on order). */
    calculateInTx: async (tx: Tx, tenantId: string, id: string, emit: (e: EventEnvelope) => void) =>
      calculate(tx, tenantId, await load(tx, tenantId, id), emit, true),

    /** Event-driven: a stock change recomputes the net flow of only the buffers of the products it touched. */
    recalculateProducts: (tenantId: string, productIds: string[]) =>
      productIds.length
        ? recalcWhere(tenantId, and(inArray(buffers.productId, productIds)), true)
        : Promise.resolve(0),

    /** The daily schedule: every buffer of every tenant. */
    recalculateAll: async () => {
      const tenants = await p.database.db.selectDistinct({ tenantId: buffers.tenantId }).from(buffers);
      let n = 0;
      for (const t of tenants) n += await recalcWhere(t.tenantId, undefined, false);
      return n;
    },
  };
};

export type BuffersService = ReturnType<typeof createBuffersService>;
