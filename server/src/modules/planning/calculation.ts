import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { syncBufferAlerts } from './alerts.writer.ts';
import {
  key,
  loadPositions,
  loadTenantContext,
  num,
  type Positions,
  settingsOf,
  type TenantContext,
} from './calculation.inputs.ts';
import type { BufferRow, Calculated } from './calculation.types.ts';
import { factorsFor } from './domain/adjustments.ts';
import { baseAdu } from './domain/adu.ts';
import { bufferAlerts, projectOnHand } from './domain/alerts.ts';
import { dltOf } from './domain/bom-dlt.ts';
import { type BufferResult, computeBuffer } from './domain/compute.ts';
import { subtreeOf } from './domain/graph.ts';
import { BufferInput } from './domain/input.ts';
import { clamp, held, LIMITS } from './domain/limits.ts';
import { shareSupply } from './domain/share.ts';
import { planningEvents } from './events.ts';
import type { AppliedFactors } from './schema.ts';
import { type Ordered, placeOrders, syncSuggestions } from './suggestions.writer.ts';

export { loadTenantContext, type TenantContext };

const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

const ONES: AppliedFactors = { demand: 1, lead_time: 1, zones: { red: 1, yellow: 1, green: 1 } };

/**
 * The engine's input for one buffer. Net-flow-only keeps the last ADU, DLT and factors (they
 * move daily, on demand and with settings) and takes only stock and supply fresh.
 */
const inputOf = (
  row: BufferRow,
  asOf: string,
  pos: Positions,
  full: { ctx: TenantContext; tree: (id: string) => string[]; dlt: ReturnType<typeof dltOf> } | null,
) => {
  const b = row.b;
  let adu: number;
  let dlt: number;
  let propagated = 0;
  let factors: AppliedFactors;
  if (full || b.adu === null || b.dlt === null) {
    if (!full) throw new Error('a buffer never calculated needs a full calculation');
    const f = factorsFor(
      { buffer_id: b.id, product_category: row.category, location_id: b.locationId },
      full.ctx.adjustments,
      asOf,
    );
    factors = { demand: f.demand_factor, lead_time: f.lead_time_factor, zones: f.zone_factors };
    propagated = full.ctx.propagated.get(key(b.productId, b.locationId)) ?? 0;
    const settings = settingsOf(b);
    adu = baseAdu(full.ctx, full.tree, settings) * f.demand_factor + propagated;
    dlt = full.dlt(settings) * f.lead_time_factor;
  } else {
    factors = b.appliedFactors ?? ONES;
    adu = Number(b.adu);
    dlt = Number(b.dlt);
    propagated = num(b.propagatedAdu) ?? 0;
  }
  const method = row.profile.replenishMethod;
  // Derived values (stacked adjustments, catalog lead times, stock sums) and rows stored before
  // the limits are held within them, so the engine's input always parses.
  const { quantity: qty, days, factor } = held;
  const minBatch = qty(Number(b.minBatch)) ?? 0;
  const maxBatch =
    b.maxBatch === null ? null : clamp(Number(b.maxBatch), Math.max(minBatch, LIMITS.step), LIMITS.quantity);
  const hasOverrides = b.redOverride !== null && b.yellowOverride !== null && b.greenOverride !== null;
  const input = BufferInput.parse({
    as_of: asOf,
    adu: { method: 'fixed', value: qty(adu) ?? 0 },
    dlt: days(dlt),
    extra_lead_time_days: days(Number(b.extraLeadTimeDays)),
    profile: {
      // An override profile without the three zones falls back to computing them.
      replenish_method: method === 'override' && !hasOverrides ? 'replenish' : method,
      lead_time_factor: factor(Number(row.profile.leadTimeFactor)),
      variability_factor: factor(Number(row.profile.variabilityFactor)),
    },
    overrides: {
      red: qty(num(b.redOverride)),
      yellow: qty(num(b.yellowOverride)),
      green: qty(num(b.greenOverride)),
    },
    order_cycle_days: days(Number(b.orderCycleDays)),
    qty_multiple: held.step(Number(b.qtyMultiple)),
    multiple_tolerance_pct: Number(b.multipleTolerancePct),
    min_batch: minBatch,
    max_batch: maxBatch,
    storage_capacity: qty(num(b.storageCapacity)),
    source_free_qty: b.sourceLocationId ? qty(pos.sourceAvailable(b.productId, b.sourceLocationId)) : null,
    spike: {
      horizon_days: b.spikeHorizonDays,
      threshold_pct_of_red: Number(b.spikeThresholdPct),
      threshold: qty(num(b.spikeThreshold)),
    },
    incoming_safety_factor: Number(b.incomingSafetyFactor),
    order_trigger: b.orderTrigger,
    on_hand: held.signedQuantity(pos.free.get(key(b.productId, b.locationId)) ?? 0),
    supply: (pos.supply.get(key(b.productId, b.locationId)) ?? []).map((s) => ({
      ...s,
      qty: qty(s.qty) ?? 0,
    })),
    // Open customer demand arrives with the orders module; reservations already left on hand.
    demand: [],
    adjustments: {
      demand_factor: 1,
      lead_time_factor: 1,
      zone_factors: {
        red: factor(factors.zones.red),
        yellow: factor(factors.zones.yellow),
        green: factor(factors.zones.green),
      },
    },
  });
  return { input, factors, propagated };
};

const evaluate = (
  row: BufferRow,
  input: BufferInput,
  factors: AppliedFactors,
  propagated: number,
): Calculated => {
  const result = computeBuffer(input);
  const alerts = bufferAlerts({
    onHand: input.on_hand,
    onHandAlert: result.on_hand_alert,
    onHandPercent: result.on_hand_percent,
    topOfRed: result.zones.top_of_red,
    dlt: result.dlt,
    spikeHorizonDays: row.b.spikeHorizonDays,
    projection: projectOnHand(
      input.as_of,
      input.on_hand,
      input.supply,
      input.demand,
      result.adu,
      result.dlt,
      result.zones.top_of_red / 2,
      input.rounding,
    ),
  });
  return { row, input, result, propagatedAdu: propagated, factors, alerts };
};

/** Stores each buffer's answer in one statement per chunk. */
const store = async (tx: Tx, done: Calculated[]) => {
  if (done.length === 0) return;
  const rows = done.map(({ row, input, result: r, propagatedAdu, factors }) => ({
    id: row.b.id,
    adu: str(r.adu),
    dlt: str(r.dlt),
    red: str(r.zones.red),
    yellow: str(r.zones.yellow),
    green: str(r.zones.green),
    tor: str(r.zones.top_of_red),
    toy: str(r.zones.top_of_yellow),
    tog: str(r.zones.top_of_green),
    on_hand: str(input.on_hand),
    on_order: str(r.incoming_within_dlt),
    qd: str(r.qualified_demand),
    nfp: str(r.net_flow_position),
    nfp_pct: str(r.net_flow_percent),
    priority: r.planning_priority,
    oh_alert: r.on_hand_alert,
    rec: str(r.recommended_qty),
    lts: str(r.incoming_outside_dlt),
    prop: str(propagatedAdu),
    factors,
  }));
  await tx.execute(sql`
    update buffers b set
      adu = x.adu, dlt = x.dlt, red = x.red, yellow = x.yellow, green = x.green,
      top_of_red = x.tor, top_of_yellow = x.toy, top_of_green = x.tog,
      on_hand = x.on_hand, on_order = x.on_order, qualified_demand = x.qd,
      net_flow = x.nfp, net_flow_percent = x.nfp_pct, planning_priority = x.priority,
      on_hand_alert = x.oh_alert, recommended_qty = x.rec, long_term_supply = x.lts,
      propagated_adu = x.prop, applied_factors = x.factors, calculated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
      id uuid, adu numeric, dlt numeric, red numeric, yellow numeric, green numeric,
      tor numeric, toy numeric, tog numeric, on_hand numeric, on_order numeric, qd numeric,
      nfp numeric, nfp_pct numeric, priority text, oh_alert text, rec numeric, lts numeric,
      prop numeric, factors jsonb)
    where b.id = x.id`);
};

/** Buffers computed between turns of the event loop: the nightly chunks hold a thousand. */
const BUFFERS_PER_TURN = 100;

/** Computes every row, letting other requests run every few dozen buffers. */
const calcAll = async (rows: BufferRow[], calc: (row: BufferRow) => Calculated) => {
  const out: Calculated[] = [];
  for (const row of rows) {
    out.push(calc(row));
    if (out.length % BUFFERS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
};

const RANK = { green: 0, yellow: 1, red: 2 } as const;

/** What changed enough to tell readers: zones, net flow, priority or the recommendation. */
const changed = (row: BufferRow, r: BufferResult) =>
  row.b.planningPriority !== r.planning_priority ||
  num(row.b.netFlow) !== r.net_flow_position ||
  num(row.b.topOfGreen) !== r.zones.top_of_green ||
  num(row.b.topOfRed) !== r.zones.top_of_red ||
  num(row.b.recommendedQty) !== r.recommended_qty;

export type CalculateOptions = {
  asOf: string;
  /** Keep ADU, DLT and factors; refresh stock, supply and what follows. */
  netFlowOnly: boolean;
  /** Buffers along for the ride (they share a source with the ones asked for): net flow only. */
  netFlowOnlyIds?: Set<string> | undefined;
  /** Shared per-tenant reads for a full calculation; loaded for these rows when absent. */
  context?: TenantContext | undefined;
  /** Emit `planning.buffer.calculated` only for buffers whose numbers moved (the nightly run). */
  quietUnchanged?: boolean | undefined;
};

/**
 * Calculates a set of buffers of one tenant inside the caller's transaction, which holds them
 * locked (`FOR UPDATE`, in id order): set-based reads,
 * the pure engine per buffer, auto-procurement, then one write per table — buffers,
 * suggestions, alerts — and the events. Supply and stock are read in this transaction, so a
 * buffer is never half refreshed.
 */
export const calculateBuffers = async (
  tx: Tx,
  tenantId: string,
  rows: BufferRow[],
  emit: Emit,
  opts: CalculateOptions,
): Promise<Calculated[]> => {
  if (rows.length === 0) return [];
  const productIds = [...new Set(rows.map((r) => r.b.productId))];
  const sizes = (r: BufferRow) =>
    (!opts.netFlowOnly && !opts.netFlowOnlyIds?.has(r.b.id)) || r.b.adu === null || r.b.dlt === null;
  const needsFull = rows.some(sizes);
  const ctx = needsFull
    ? (opts.context ?? (await loadTenantContext(tx, tenantId, opts.asOf, rows, productIds)))
    : null;
  const full = ctx ? { ctx, tree: subtreeOf(ctx.graph), dlt: dltOf(ctx.graph) } : null;
  let pos = await loadPositions(tx, tenantId, productIds);
  const calc = (row: BufferRow) => {
    const { input, factors, propagated } = inputOf(row, opts.asOf, pos, sizes(row) ? full : null);
    return evaluate(row, input, factors, propagated);
  };
  /** Buffers replenished from one source share what is free there, neediest first. */
  const share = (list: Calculated[]) => {
    const bySource = new Map<string, Calculated[]>();
    for (const c of list) {
      const src = c.row.b.sourceLocationId;
      if (!src) continue;
      const k = key(c.row.b.productId, src);
      bySource.set(k, [...(bySource.get(k) ?? []), c]);
    }
    const shared = new Map<string, Calculated>();
    for (const group of bySource.values()) {
      if (group.length < 2) continue;
      const first = group[0] as Calculated;
      const byId = new Map(group.map((c) => [c.row.b.id, c]));
      shareSupply(
        group.map((c) => ({
          id: c.row.b.id,
          priority: c.result.planning_priority,
          netFlowPercent: c.result.net_flow_percent,
        })),
        pos.sourceAvailable(first.row.b.productId, first.row.b.sourceLocationId as string),
        (id, cap) => {
          const c = byId.get(id) as Calculated;
          const again = evaluate(c.row, { ...c.input, source_free_qty: cap }, c.factors, c.propagatedAdu);
          shared.set(id, again);
          return again.result.recommended_qty;
        },
      );
    }
    return shared.size ? list.map((c) => shared.get(c.row.b.id) ?? c) : list;
  };
  let done = share(await calcAll(rows, calc));

  // Auto-procure: order what is recommended, then recompute with the new supply on order. The
  // rows are locked by the caller, so no other calculation of these buffers is ordering too.
  const auto = done.filter(
    (c) =>
      c.result.recommended_qty > 0 &&
      (c.row.b.autoProcure === 'on_suggestion' ||
        (c.row.b.autoProcure === 'below_zero' && c.result.net_flow_position < 0)),
  );
  const ordered: Ordered[] = auto.length ? await placeOrders(tx, emit, tenantId, auto, null, 'auto') : [];
  if (ordered.length > 0) {
    pos = await loadPositions(tx, tenantId, productIds);
    const redo = new Set(ordered.map((o) => o.bufferId));
    done = share(done.map((c) => (redo.has(c.row.b.id) ? calc(c.row) : c)));
  }

  await store(tx, done);
  await syncSuggestions(tx, tenantId, done, ordered, emit);
  await syncBufferAlerts(tx, tenantId, done, emit);
  for (const c of done) {
    const r = c.result;
    if (opts.quietUnchanged && !changed(c.row, r)) continue;
    const payload = {
      product_id: c.row.b.productId,
      location_code: c.row.location_code,
      planning_priority: r.planning_priority,
      net_flow_position: r.net_flow_position,
      net_flow_percent: r.net_flow_percent,
      top_of_green: r.zones.top_of_green,
      recommended_qty: r.recommended_qty,
    };
    emit(planningEvents.bufferCalculated.create({ tenantId, aggregateId: c.row.b.id, payload }));
    const before = c.row.b.planningPriority;
    if (r.planning_priority !== 'green' && (before === null || RANK[r.planning_priority] > RANK[before]))
      emit(
        planningEvents.bufferPenetrated.create({
          tenantId,
          aggregateId: c.row.b.id,
          payload: { ...payload, from: before },
        }),
      );
  }
  return done;
};
