import { adu as aduOf } from './adu.ts';
import type { BufferInput } from './input.ts';
import {
  incoming,
  incomingWindowDays,
  netFlow,
  onHandAlert,
  percent,
  planningPriority,
  qualifiedDemand,
} from './net-flow.ts';
import { recommend } from './replenishment.ts';
import { roundPlaces, roundTo } from './rounding.ts';
import { zones as zonesOf } from './zones.ts';

/** The engine: one buffer's state from its inputs (DDMRP.md), pure and deterministic. */
export const computeBuffer = (b: BufferInput) => {
  const step = b.rounding;
  const adu = roundPlaces(aduOf(b.as_of, b.adu) * b.adjustments.demand_factor, 4);
  const dlt = roundPlaces(b.dlt * b.adjustments.lead_time_factor, 2);
  const zones = zonesOf({
    adu,
    sizingDays: dlt + b.extra_lead_time_days,
    method: b.profile.replenish_method,
    leadTimeFactor: b.profile.lead_time_factor,
    variabilityFactor: b.profile.variability_factor,
    orderCycleDays: b.order_cycle_days,
    moq: b.minimum_order_qty,
    overrides: b.overrides,
    zoneFactors: b.adjustments.zone_factors,
    rounding: step,
  });
  const spikeThreshold = roundTo(b.spike.threshold ?? (zones.red * b.spike.threshold_pct_of_red) / 100, step);
  const qualified = roundTo(
    qualifiedDemand(b.as_of, b.demand, b.spike.horizon_days ?? Math.ceil(dlt), spikeThreshold),
    step,
  );
  const supply = incoming(b.as_of, b.supply, incomingWindowDays(dlt, b.incoming_safety_factor));
  const within = roundTo(supply.within, step);
  const nfp = netFlow(b.on_hand, within, qualified, step);
  const priority = planningPriority(nfp, zones);
  const orders = b.order_trigger === 'at_or_below' ? nfp <= zones.top_of_yellow : nfp < zones.top_of_yellow;
  const order = orders
    ? recommend(
        zones.top_of_green - nfp - b.in_progress_qty,
        {
          multiple: b.qty_multiple,
          tolerancePct: b.multiple_tolerance_pct,
          minBatch: b.min_batch,
          maxBatch: b.max_batch,
          storageCapacity: b.storage_capacity,
          sourceFreeQty: b.source_free_qty,
          rounding: step,
        },
        b.on_hand,
        within,
      )
    : { qty: 0, batches: [] };
  return {
    adu,
    dlt,
    zones,
    spike_threshold: spikeThreshold,
    qualified_demand: qualified,
    incoming_within_dlt: within,
    incoming_outside_dlt: roundTo(supply.outside, step),
    net_flow_position: nfp,
    net_flow_percent: percent(nfp, zones.top_of_green),
    planning_priority: priority,
    on_hand_percent: percent(b.on_hand, zones.top_of_red),
    on_hand_alert: onHandAlert(b.on_hand, zones),
    recommended_qty: order.qty,
    order_batches: order.batches,
    coverage_days: adu > 0 ? roundPlaces(b.on_hand / adu, 1) : null,
    order_frequency_days: adu > 0 ? roundPlaces(zones.green / adu, 1) : null,
  };
};
export type BufferResult = ReturnType<typeof computeBuffer>;
