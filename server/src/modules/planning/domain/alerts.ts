import { addDays, dayNumber } from './dates.ts';
import { LIMITS } from './limits.ts';
import type { Priority } from './net-flow.ts';
import { roundTo } from './rounding.ts';

type Dated = { date: string; qty: number };

export type Projection = {
  /** The first day projected on hand falls below the threshold, or null. */
  first_day: string | null;
  lowest: number;
  lowest_day: string;
  threshold: number;
  horizon_days: number;
};

/**
 * Projected on hand day by day over the horizon (DDI's projected on-hand alert): today's on
 * hand plus the supply due each day, less each day's demand — the known demand of the day or
 * the ADU, whichever is larger, so an empty order book still consumes. Supply and demand past
 * due land today. The walk stops after `LIMITS.projectionDays`, however long the adjusted DLT:
 * a projection ten years out says nothing a planner can act on, and each day is a loop turn.
 */
export const projectOnHand = (
  asOf: string,
  onHand: number,
  supply: Dated[],
  demand: Dated[],
  adu: number,
  horizonDays: number,
  threshold: number,
  rounding = 0.01,
): Projection => {
  const today = dayNumber(asOf);
  const days = Math.min(LIMITS.projectionDays, Math.max(1, Math.ceil(horizonDays)));
  const bucket = (rows: Dated[]) => {
    const m = new Map<number, number>();
    for (const r of rows) {
      const d = Math.max(today, dayNumber(r.date));
      m.set(d, (m.get(d) ?? 0) + r.qty);
    }
    return m;
  };
  const incoming = bucket(supply);
  const outgoing = bucket(demand);
  let level = onHand;
  let lowest = Number.POSITIVE_INFINITY;
  let lowestDay = today;
  let first: number | null = null;
  for (let d = today; d < today + days; d++) {
    level += (incoming.get(d) ?? 0) - Math.max(outgoing.get(d) ?? 0, adu);
    if (level < lowest) {
      lowest = level;
      lowestDay = d;
    }
    if (first === null && level < threshold) first = d;
  }
  return {
    first_day: first === null ? null : addDays(asOf, first - today),
    lowest: roundTo(lowest, rounding),
    lowest_day: addDays(asOf, lowestDay - today),
    threshold: roundTo(threshold, rounding),
    horizon_days: days,
  };
};

export type AlertKind =
  | 'on_hand'
  | 'projected_on_hand'
  | 'material_sync'
  | 'spike_horizon'
  | 'lead_time'
  | 'late_supply';
export type RaisedAlert = {
  kind: AlertKind;
  severity: 'red' | 'yellow';
  message: string;
  details: Record<string, number | string | null>;
};

export type AlertInputs = {
  onHand: number;
  onHandAlert: Priority;
  onHandPercent: number | null;
  topOfRed: number;
  dlt: number;
  spikeHorizonDays: number | null;
  projection: Projection;
};

/**
 * The buffer alerts a calculation raises: on hand in the execution red or yellow zone, on hand
 * projected into red (below half of the top of red) or below zero within the DLT, and a spike
 * horizon shorter than the DLT, which lets a large order inside the lead time go unseen.
 */
export const bufferAlerts = (a: AlertInputs): RaisedAlert[] => {
  const out: RaisedAlert[] = [];
  if (a.onHandAlert !== 'green')
    out.push({
      kind: 'on_hand',
      severity: a.onHandAlert,
      message: `On hand ${a.onHand} is ${a.onHandAlert === 'red' ? 'below half of' : 'below'} the top of red (${a.topOfRed}).`,
      details: { on_hand: a.onHand, top_of_red: a.topOfRed, on_hand_percent: a.onHandPercent },
    });
  const p = a.projection;
  if (p.first_day !== null)
    out.push({
      kind: 'projected_on_hand',
      severity: p.lowest <= 0 ? 'red' : 'yellow',
      message:
        p.lowest <= 0
          ? `Projected to run out by ${p.lowest_day} (lowest ${p.lowest}) within the lead time.`
          : `Projected on hand falls below ${p.threshold} on ${p.first_day} within the lead time.`,
      details: { ...p },
    });
  if (a.spikeHorizonDays !== null && a.spikeHorizonDays < a.dlt)
    out.push({
      kind: 'spike_horizon',
      severity: 'yellow',
      message: `The spike horizon (${a.spikeHorizonDays} days) is shorter than the DLT (${a.dlt} days).`,
      details: { spike_horizon_days: a.spikeHorizonDays, dlt: a.dlt },
    });
  return out;
};

export type SyncInputs = {
  orderDue: string;
  required: number;
  available: number;
  componentSku: string;
  parentSku: string;
};

/**
 * Material synchronization (DDI): a non-buffered component needed by planned production whose
 * free stock plus supply due before the order starts does not cover it.
 */
export const materialSync = (s: SyncInputs): RaisedAlert | null => {
  const shortage = roundTo(s.required - s.available, 0.0001);
  if (shortage <= 0) return null;
  return {
    kind: 'material_sync',
    severity: s.available <= 0 ? 'red' : 'yellow',
    message: `${s.componentSku} is short by ${shortage} for ${s.parentSku} due ${s.orderDue}.`,
    details: {
      order_due: s.orderDue,
      required: s.required,
      available: s.available,
      component_sku: s.componentSku,
      parent_sku: s.parentSku,
      shortage,
    },
  };
};

export type LeadTimeInputs = { placed: string; due: string; today: string; sku: string };

/**
 * DDI's lead-time alert for long-lead supply: the last third of an order's lead time is its
 * alert zone, split in three. In its first third nothing is said; in the second the planner is
 * asked to check with the supplier (yellow); in the last, or once overdue, to chase it (red).
 */
export const leadTimeAlert = (l: LeadTimeInputs): RaisedAlert | null => {
  const lead = dayNumber(l.due) - dayNumber(l.placed);
  if (lead <= 0) return null;
  const left = dayNumber(l.due) - dayNumber(l.today);
  if (left > (lead * 2) / 9) return null;
  const red = left <= lead / 9;
  return {
    kind: 'lead_time',
    severity: red ? 'red' : 'yellow',
    message:
      left < 0
        ? `Supply of ${l.sku} due ${l.due} is ${-left} days late.`
        : `Supply of ${l.sku} is due ${l.due}, ${left} of ${lead} lead-time days left: ${red ? 'chase' : 'check'} it.`,
    details: { due: l.due, placed: l.placed, lead_time_days: lead, days_left: left, sku: l.sku },
  };
};

export type LateSupplyInputs = {
  number: string;
  kind: string;
  due: string;
  today: string;
  sku: string;
  quantity: number;
};

/**
 * Seed 000's late-supply synchronization alert: open supply past its promised date. Always red:
 * net flow counts on stock that is not there.
 */
export const lateSupply = (l: LateSupplyInputs): RaisedAlert | null => {
  const late = dayNumber(l.today) - dayNumber(l.due);
  if (late <= 0) return null;
  return {
    kind: 'late_supply',
    severity: 'red',
    message: `${l.number}: ${l.quantity} of ${l.sku} was due ${l.due} and is ${late} ${late === 1 ? 'day' : 'days'} late.`,
    details: {
      order_number: l.number,
      order_kind: l.kind,
      due: l.due,
      days_late: late,
      quantity: l.quantity,
      sku: l.sku,
    },
  };
};
