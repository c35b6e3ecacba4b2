/**
 * A year of sales and replenishment of one product at one store, for the demo tenant: pure and
 * deterministic (the same seed and day give the same history), so the demo opens the same way
 * on every machine.
 */

import { dayNumber, isoDay } from '../../platform/dates.ts';

/** What drives one item's history. Quantities are whole units. */
export type DemandProfile = {
  /** Units sold a day on an average weekday of an average month. */
  base: number;
  /** Days from order to receipt: the preferred supplier's, or the assembly time. */
  leadTimeDays: number;
  orderMultiple: number;
  minOrderQty: number;
  /** How much the DIY season shows: 1 follows it, 0 is flat. */
  seasonality: number;
};

export type SimulationOptions = {
  /** Names the item (e.g. `SKU@STORE`): the source of every random draw. */
  seed: string;
  /** The first day not simulated (YYYY-MM-DD, UTC); the history ends the day before. */
  today: string;
  days?: number;
  /** The supplier is late with the last replenishment due, so the item ends the year low. */
  late?: boolean;
};

export type DemoMovement = {
  day: string;
  kind: 'opening' | 'receipt' | 'shipment';
  /** Units moved, always positive: openings and receipts add, shipments take. */
  quantity: number;
  /** On hand after the movement. */
  balance: number;
};

export type OpenOrder = { placed: string; due: string; quantity: number };

export type DemoHistory = {
  /** In the order they happened: a day's receipt in the morning, its sales in the evening. */
  movements: DemoMovement[];
  onHand: number;
  /** Ordered and not received by today; a late one is due before today. */
  open: OpenOrder[];
  /** The store's own reorder point and order-up-to level at the end (its min and max). */
  reorderPoint: number;
  orderUpTo: number;
};

const DAY_MS = 86_400_000;

/** Monday to Sunday: a DIY store sells most on Friday and Saturday and little on Sunday. */
const WEEKDAY = [0.9, 0.9, 0.95, 1, 1.3, 1.55, 0.4] as const;
/** Mid-month season, January to December: spring and early autumn busy, August quiet. */
const SEASON = [0.85, 0.9, 1.05, 1.15, 1.2, 1.1, 0.95, 0.75, 1.05, 1.1, 0.95, 0.9] as const;
/** National holidays in Spain (month-day): stores are closed and nobody delivers. */
const HOLIDAYS = new Set(['01-01', '01-06', '05-01', '08-15', '10-12', '11-01', '12-06', '12-08', '12-25']);

export const isClosed = (day: number) => HOLIDAYS.has(isoDay(day).slice(5));
/** The last day before `today` (YYYY-MM-DD) on which the stores opened: where a history ends. */
export const lastTradingDay = (today: string) => {
  let d = dayNumber(today) - 1;
  while (isClosed(d)) d--;
  return isoDay(d);
};
/** 0 = Monday … 6 = Sunday. */
const weekday = (day: number) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;

/** The season's factor on a day, interpolated between mid-months so it never jumps. */
export const seasonFactor = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const m = d.getUTCMonth();
  const length = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate();
  const pos = m + (d.getUTCDate() - 0.5) / length - 0.5;
  const i = Math.floor(pos);
  const f = pos - i;
  const at = (k: number) => SEASON[(k + 12) % 12] ?? 1;
  return at(i) * (1 - f) + at(i + 1) * f;
};

/** A small seeded generator (FNV-1a into mulberry32): enough for demo data, never for secrets. */
const prng = (seed: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
type Rand = () => number;

const between = (r: Rand, lo: number, hi: number) => lo + (hi - lo) * r();
const gauss = (r: Rand) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
/** Whole units sold when λ are expected: exact for small λ, normal beyond. */
const poisson = (r: Rand, lambda: number) => {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
};

/** Daily demand: base × weekday × season × noise, zero when closed, now and then a bulk buyer. */
const demandOf = (item: DemandProfile, r: Rand) => (day: number) => {
  // Draws depend on the day alone, never on stock: a replay with a late delivery meets the same customers.
  const noise = Math.exp(0.3 * gauss(r) - 0.045);
  const spike = r() < 0.02 ? between(r, 3, 6) : 1;
  const season = 1 + item.seasonality * (seasonFactor(isoDay(day)) - 1);
  const lambda = item.base * (WEEKDAY[weekday(day)] ?? 1) * season * noise * spike;
  const units = poisson(r, lambda);
  return isClosed(day) ? 0 : units;
};

/** Most orders arrive within a day or two of the lead time; one in ten is days late. */
const leadOf = (lt: number, r: Rand) => {
  const u = r();
  const delay = u < 0.9 ? Math.floor(between(r, -1, 3)) : 3 + Math.floor(between(r, 0, lt / 3 + 1));
  return Math.max(1, lt + delay);
};
/** Suppliers deliver on working days: Sundays and holidays move to the next one. */
const deliveryDay = (day: number) => {
  let d = day;
  while (weekday(d) === 6 || isClosed(d)) d++;
  return d;
};

/** Days of sales the reorder policy averages, as a 90-day past ADU does. */
const WINDOW = 90;
/** Days before today the late replenishment was due at least. */
const overdueDays = (lt: number) => Math.max(3, Math.ceil(lt * 0.6));

type Order = { placed: number; due: number; quantity: number };

const run = (item: DemandProfile, opts: SimulationOptions, lateFrom: number | null) => {
  const days = opts.days ?? 365;
  const end = dayNumber(opts.today);
  const first = end - days;
  const lt = Math.max(1, item.leadTimeDays);
  const multiple = Math.max(1, item.orderMultiple);
  const policy = prng(`${opts.seed}:policy`);
  // Each store keeps its own cover: a safety share of the lead time, and orders for a cycle of
  // days. Against a standard medium buffer (red up to 0.75 × DLT × ADU, yellow up to 1.75 ×)
  // these ranges leave, on any day, about a tenth of the stores in red and a quarter to a third
  // in yellow.
  const safetyDays = lt * between(policy, 0.6, 1.0);
  const cycleDays = Math.max(3, lt * between(policy, 1.6, 2.6));
  const demand = demandOf(item, prng(`${opts.seed}:demand`));
  const leads = prng(`${opts.seed}:lead`);

  const sales: number[] = [];
  let sold = 0;
  const rate = () => (sold + item.base * Math.max(0, WINDOW - sales.length)) / WINDOW;
  const levels = () => {
    const est = rate();
    const reorderPoint = Math.ceil(est * (lt + safetyDays));
    return { reorderPoint, orderUpTo: reorderPoint + Math.max(1, Math.ceil(est * cycleDays)) };
  };

  const movements: DemoMovement[] = [];
  const orders: Order[] = [];
  const start = levels();
  let onHand = start.reorderPoint + Math.floor(policy() * (start.orderUpTo - start.reorderPoint)) + 1;
  movements.push({ day: isoDay(first), kind: 'opening', quantity: onHand, balance: onHand });
  let onOrder = 0;
  for (let day = first; day < end; day++) {
    for (const o of orders) {
      // From `lateFrom` on, the supplier has not delivered: those orders stay open.
      if (o.due !== day || (lateFrom !== null && o.due >= lateFrom)) continue;
      onHand += o.quantity;
      onOrder -= o.quantity;
      movements.push({ day: isoDay(day), kind: 'receipt', quantity: o.quantity, balance: onHand });
    }
    const shipped = Math.min(demand(day), onHand);
    if (shipped > 0) {
      onHand -= shipped;
      movements.push({ day: isoDay(day), kind: 'shipment', quantity: shipped, balance: onHand });
    }
    sales.push(shipped);
    sold += shipped - (sales.length > WINDOW ? (sales[sales.length - 1 - WINDOW] ?? 0) : 0);
    const { reorderPoint, orderUpTo } = levels();
    if (onHand + onOrder <= reorderPoint) {
      const need = orderUpTo - onHand - onOrder;
      const quantity = Math.max(item.minOrderQty, Math.ceil(need / multiple) * multiple);
      orders.push({ placed: day, due: deliveryDay(day + leadOf(lt, leads)), quantity });
      onOrder += quantity;
    }
  }
  const open = orders.filter((o) => o.due >= end || (lateFrom !== null && o.due >= lateFrom));
  return { movements, onHand, orders, open, ...levels() };
};

/**
 * Simulates `days` days (365 by default) ending yesterday: each morning what the supplier
 * delivers, each evening the day's sales (never more than on hand: a stock-out loses the sale)
 * and a review that orders up to the store's level when on hand plus on order falls to its
 * reorder point. A late item replays the same year with the last replenishment that arrived
 * at least a few days ago held back at the supplier, with all that follows it.
 */
export const simulateHistory = (item: DemandProfile, opts: SimulationOptions): DemoHistory => {
  let result = run(item, opts, null);
  if (opts.late) {
    const cutoff = dayNumber(opts.today) - overdueDays(Math.max(1, item.leadTimeDays));
    const due = result.orders.map((o) => o.due).filter((d) => d <= cutoff);
    if (due.length) result = run(item, opts, Math.max(...due));
  }
  return {
    movements: result.movements,
    onHand: result.onHand,
    open: result.open.map((o) => ({ placed: isoDay(o.placed), due: isoDay(o.due), quantity: o.quantity })),
    reorderPoint: result.reorderPoint,
    orderUpTo: result.orderUpTo,
  };
};
