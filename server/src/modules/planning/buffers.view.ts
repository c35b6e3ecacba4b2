import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/client.ts';
import { containing, startingWith } from '../../platform/db/like.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { profileView } from './profiles.service.ts';
import { bufferProfiles, buffers, type PRIORITIES } from './schema.ts';

const num = (v: string | null) => (v === null ? null : Number(v));

const sourceLocations = alias(locations, 'source_locations');

/** Buffers with their product, location, profile and source: what a reader and a calculation see. */
export const selectBuffers = (tx: Tx) =>
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
type Joined = Awaited<ReturnType<ReturnType<typeof selectBuffers>['execute']>>[number];

/** One buffer as the API shows it: settings as set, the last calculation's numbers. */
export const bufferView = (j: Joined) => {
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

/** One buffer of the tenant, joined; not found is the client's 404. */
export const loadBuffer = async (tx: Tx, tenantId: string, id: string) => {
  const [j] = await selectBuffers(tx).where(and(eq(buffers.tenantId, tenantId), eq(buffers.id, id)));
  if (!j) throw new DomainError('planning.buffer_not_found');
  return j;
};

/** The buffer list and detail. */
export const createBufferViews = (p: Platform) => ({
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
      const rows = await selectBuffers(tx)
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
          // A product buffered at several locations: without this, paging could repeat or skip one.
          asc(locations.code),
        )
        .limit(q.limit)
        .offset(offsetOf(q));
      return pageOf(rows.map(bufferView), rows[0]?.total ?? 0, q);
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => bufferView(await loadBuffer(tx, ctx.tenantId, id))),
});

export type BufferViews = ReturnType<typeof createBufferViews>;
