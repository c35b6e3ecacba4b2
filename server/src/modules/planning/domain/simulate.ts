import { z } from 'zod';
import { computeBuffer } from './compute.ts';
import { dayNumber, isoDay } from './dates.ts';
import { BufferInput } from './input.ts';
import { LIMITS } from './limits.ts';
import type { Priority } from './net-flow.ts';
import { roundPlaces, roundTo } from './rounding.ts';

const Day = z.iso.date();

/**
 * A policy to replay: the engine's own settings (same names, same defaults as its input) and
 * the days of trailing history ADU averages. ADU always comes from the replayed history.
 */
const engine = BufferInput.shape;
export const SimulationPolicy = z.object({
  dlt: engine.dlt,
  extra_lead_time_days: engine.extra_lead_time_days,
  profile: engine.profile,
  overrides: engine.overrides,
  order_cycle_days: engine.order_cycle_days,
  minimum_order_qty: engine.minimum_order_qty,
  rounding: engine.rounding,
  qty_multiple: engine.qty_multiple,
  multiple_tolerance_pct: engine.multiple_tolerance_pct,
  min_batch: engine.min_batch,
  max_batch: engine.max_batch,
  storage_capacity: engine.storage_capacity,
  order_trigger: engine.order_trigger,
  adu_horizon_days: z.number().int().min(1).max(LIMITS.horizonDays),
});
export type SimulationPolicy = z.input<typeof SimulationPolicy>;

export const SimulationInput = z
  .object({
    /** First and last day replayed, both included. */
    from: Day,
    to: Day,
    /** Daily demand; days before `from` only warm up ADU. Several rows of a day add up. */
    history: z.array(z.object({ date: Day, qty: z.number().finite() })).default([]),
    /** The first day the history covers; ADU averages only days from it. Default `from`. */
    history_from: Day.optional(),
    /** On hand before the first day; null starts at the first day's top of green. */
    initial_on_hand: z.number().finite().min(0).nullable().default(null),
    policy: SimulationPolicy,
  })
  .refine((s) => s.from <= s.to, { message: 'must not be after to', path: ['from'] })
  // The replay computes the buffer once a day: its days are capped, whoever calls it.
  .refine((s) => dayNumber(s.to) - dayNumber(s.from) < LIMITS.simulationDays, {
    message: `the replay may span at most ${LIMITS.simulationDays} days`,
    path: ['from'],
  })
  .refine((s) => !s.history_from || s.history_from <= s.from, {
    message: 'must not be after from',
    path: ['history_from'],
  });
export type SimulationInput = z.input<typeof SimulationInput>;

export type SimulatedDay = {
  date: string;
  demand: number;
  shipped: number;
  on_hand: number;
  on_order: number;
  net_flow: number;
  top_of_red: number;
  top_of_yellow: number;
  top_of_green: number;
  order_qty: number;
};

export type SimulationSummary = {
  days: number;
  average_on_hand: number;
  min_on_hand: number;
  stockout_days: number;
  lost_units: number;
  /** Percent of the demand shipped; null when there was no demand. */
  fill_rate: number | null;
  orders: number;
  average_order_qty: number | null;
  days_in_red: number;
  days_in_yellow: number;
  days_in_green: number;
  average_net_flow_percent: number | null;
};

const mean = (xs: number[]) => (xs.length ? roundPlaces(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : null);

/**
 * Replays a demand history against a buffer policy, day by day, as the live buffer would have
 * run: supply due that day arrives, the day's demand ships from on hand, ADU becomes the
 * trailing average of the history through that day (over the days that exist when fewer than
 * the horizon), the engine sizes the zones and, from net flow (on hand + on order: a replay
 * has no qualified demand), recommends an order, which arrives DLT days later (rounded up).
 * A generator: it yields after each day replayed, so a caller on a server can let other work
 * run between days; `simulate` runs it through.
 */
export function* simulation(raw: SimulationInput): Generator<number, SimulationResult, void> {
  const s = SimulationInput.parse(raw);
  const p = s.policy;
  const step = p.rounding;
  const r = (x: number) => roundTo(x, step);
  const first = dayNumber(s.from);
  const last = dayNumber(s.to);
  const known = dayNumber(s.history_from ?? s.from);
  const demandOn = new Map<number, number>();
  for (const h of s.history) {
    const d = dayNumber(h.date);
    if (d >= known && d <= last) demandOn.set(d, (demandOn.get(d) ?? 0) + h.qty);
  }
  // A day whose returns outweigh its shipments used nothing; it does not give stock back.
  const used = (d: number) => Math.max(0, demandOn.get(d) ?? 0);
  const horizon = p.adu_horizon_days;
  // One parse checks the policy as the engine would; each day only changes what moves.
  const base = BufferInput.parse({
    ...p,
    as_of: s.from,
    adu: { method: 'fixed', value: 0 },
    on_hand: 0,
    // Every simulated order is due within DLT, so all of it is on order.
    incoming_safety_factor: 1,
  });
  // The H days through the day (its demand has shipped when it plans); over the days known
  // when fewer than H. The window opens one day early: each day's step drops its oldest.
  let window = 0;
  for (let d = Math.max(known, first - horizon); d < first; d++) window += used(d);
  const aduOn = (d: number) => {
    window += used(d) - (d - horizon >= known ? used(d - horizon) : 0);
    return window / Math.min(horizon, d - known + 1);
  };
  const plan = (d: number, adu: number, onHand: number, supply: { date: string; qty: number }[]) =>
    computeBuffer({
      ...base,
      as_of: isoDay(d),
      adu: { method: 'fixed', value: adu },
      on_hand: onHand,
      supply,
    });

  const lead = Math.ceil(p.dlt);
  const open = new Map<number, number>();
  let onHand = s.initial_on_hand;
  const series: SimulatedDay[] = [];
  const priorities: Record<Priority, number> = { red: 0, yellow: 0, green: 0 };
  const nfpPercents: number[] = [];
  let orders = 0;
  let ordered = 0;
  let demanded = 0;
  let shippedTotal = 0;
  let stockoutDays = 0;
  for (let d = first; d <= last; d++) {
    const adu = aduOn(d);
    // By default the buffer starts full: at the top of green the first day's sizing gives.
    onHand ??= plan(d, adu, 0, []).zones.top_of_green;
    onHand = r(onHand + (open.get(d) ?? 0));
    open.delete(d);
    const demand = r(used(d));
    // Demand that finds no stock is lost, not backordered: a shelf customer buys elsewhere,
    // so the day counts as a stockout and its missing units as lost, never made up later.
    const shipped = Math.min(demand, onHand);
    onHand = r(onHand - shipped);
    demanded += demand;
    shippedTotal += shipped;
    if (shipped < demand) stockoutDays++;
    const planned = plan(
      d,
      adu,
      onHand,
      [...open].map(([day, qty]) => ({ date: isoDay(day), qty })),
    );
    priorities[planned.planning_priority]++;
    if (planned.net_flow_percent !== null) nfpPercents.push(planned.net_flow_percent);
    // Ordered at the end of the day, it serves demand from the next morning at the earliest.
    const due = d + Math.max(1, lead);
    for (const batch of planned.order_batches) open.set(due, r((open.get(due) ?? 0) + batch));
    orders += planned.order_batches.length;
    ordered += planned.recommended_qty;
    series.push({
      date: isoDay(d),
      demand,
      shipped,
      on_hand: onHand,
      on_order: planned.incoming_within_dlt,
      net_flow: planned.net_flow_position,
      top_of_red: planned.zones.top_of_red,
      top_of_yellow: planned.zones.top_of_yellow,
      top_of_green: planned.zones.top_of_green,
      order_qty: planned.recommended_qty,
    });
    yield series.length;
  }
  const onHands = series.map((x) => x.on_hand);
  const summary: SimulationSummary = {
    days: series.length,
    average_on_hand: mean(onHands) ?? 0,
    min_on_hand: Math.min(...onHands),
    stockout_days: stockoutDays,
    lost_units: r(demanded - shippedTotal),
    fill_rate: demanded > 0 ? roundPlaces((shippedTotal / demanded) * 100, 2) : null,
    orders,
    average_order_qty: orders ? r(ordered / orders) : null,
    days_in_red: priorities.red,
    days_in_yellow: priorities.yellow,
    days_in_green: priorities.green,
    average_net_flow_percent: mean(nfpPercents),
  };
  return { summary, series };
}
export type SimulationResult = { summary: SimulationSummary; series: SimulatedDay[] };

/** The whole replay at once (tests, the command line). */
export const simulate = (raw: SimulationInput): SimulationResult => {
  const run = simulation(raw);
  for (let step = run.next(); ; step = run.next()) if (step.done) return step.value;
};
export type Simulation = SimulationResult;
