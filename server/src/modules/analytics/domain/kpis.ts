import { addDays, dayNumber } from '../../../platform/dates.ts';

// The arithmetic of the KPI page (docs/ARCHITECTURE.md, analytics). Quantities arrive as
// numbers already summed by SQL; these functions only divide, count and classify.

/** Rounds to 4 decimals, so shares and ratios read cleanly and compare exactly in tests. */
export const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const ratio = (a: number, b: number) => (b > 0 ? round4(a / b) : null);

/**
 * Annualised inventory turns: cost of consumption in the window ÷ average inventory value at
 * cost over it, scaled by 365 / days. Null when nothing was held on average.
 */
export const inventoryTurns = (t: { cogs: number; averageInventoryValue: number; days: number }) =>
  t.averageInventoryValue > 0 && t.days > 0
    ? round4((t.cogs / t.averageInventoryValue) * (365 / t.days))
    : null;

/** Days the closing inventory lasts at the window's average daily cost of consumption. */
export const daysOfSupply = (t: { endingValue: number; cogs: number; days: number }) =>
  t.cogs > 0 && t.days > 0 ? round4(t.endingValue / (t.cogs / t.days)) : null;

/** One customer-order line: the day it was due and the day it shipped (whole, or not yet). */
export type ServiceLine = { quantity: number; due: string; shipped: string | null };

/**
 * Fill rate = quantity shipped complete by its due day ÷ quantity demanded; service level =
 * share of lines shipped complete on time. Lines not shipped count as missed once their due day
 * is before `today`; while it is today or later they are still open and left out.
 */
export const fillRate = (lines: readonly ServiceLine[], today: string) => {
  let demanded = 0;
  let onTimeQty = 0;
  let count = 0;
  let onTime = 0;
  for (const l of lines) {
    if (l.shipped === null && l.due >= today) continue;
    const ok = l.shipped !== null && l.shipped <= l.due;
    demanded += l.quantity;
    count += 1;
    if (ok) {
      onTimeQty += l.quantity;
      onTime += 1;
    }
  }
  return {
    fill_rate: ratio(onTimeQty, demanded),
    demanded_quantity: round4(demanded),
    on_time_quantity: round4(onTimeQty),
    service_level: ratio(onTime, count),
    lines: count,
    on_time_lines: onTime,
  };
};

/** The days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

/**
 * Closing on hand of every day in [from, to] from the balance before `from` and the closing
 * balance of the days that had movements (the balance holds between them).
 */
export const onHandPath = (
  opening: number,
  closings: readonly { date: string; balance: number }[],
  from: string,
  to: string,
) => {
  const byDay = new Map(closings.map((c) => [c.date, c.balance]));
  let level = opening;
  return daysBetween(from, to).map((date) => {
    level = byDay.get(date) ?? level;
    return level;
  });
};

/** Days whose closing on hand was zero or less. */
export const stockoutDays = (path: readonly number[]) => path.filter((v) => v <= 0).length;

/** Lost sales estimate: each stockout day would have sold the item's average daily usage. */
export const lostSales = (days: number, adu: number) => round4(days * Math.max(0, adu));

export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export const sd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

/** A buffer's tops, as planning sizes them. */
export type Tops = { topOfRed: number; topOfYellow: number; topOfGreen: number };
export type Zone = 'red' | 'yellow' | 'green' | 'over';

/** The zone a position (net flow or on hand) is in: red up to TOR, … , over above TOG. */
export const zoneOf = (position: number, t: Tops): Zone =>
  position <= t.topOfRed
    ? 'red'
    : position <= t.topOfYellow
      ? 'yellow'
      : position <= t.topOfGreen
        ? 'green'
        : 'over';

export type OnHandStatus = 'too_little' | 'right' | 'too_much';

/** On hand against the buffer: below TOR too little, above TOG too much, else right. */
export const onHandStatus = (onHand: number, t: Tops): OnHandStatus =>
  onHand < t.topOfRed ? 'too_little' : onHand > t.topOfGreen ? 'too_much' : 'right';

/** Each key's share of the total count (0–1, 4 decimals); all zero when there is nothing to count. */
export const shares = <K extends string>(keys: readonly K[], items: readonly K[]) => {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const i of items) out[i] += 1;
  for (const k of keys) out[k] = items.length ? round4(out[k] / items.length) : 0;
  return out;
};

/** DDMRP's average on-hand target: the red zone plus half the green zone. */
export const averageOnHandTarget = (red: number, green: number) => red + green / 2;

/** Whole days from `a` to `b`. */
export const daysFrom = (a: string, b: string) => dayNumber(b) - dayNumber(a);
