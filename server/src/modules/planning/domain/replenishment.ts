import { LIMITS } from './limits.ts';
import { ceilTo, floorTo, roundTo } from './rounding.ts';

export type OrderRules = {
  multiple: number;
  tolerancePct: number;
  minBatch: number;
  maxBatch: number | null;
  storageCapacity: number | null;
  sourceFreeQty: number | null;
  rounding: number;
};

/**
 * To the order multiple: a remainder above `multiple × tolerance%` rounds up to the next
 * multiple, otherwise down.
 */
export const toMultiple = (qty: number, multiple: number, tolerancePct: number) => {
  const down = floorTo(qty, multiple);
  const remainder = roundTo(qty - down, 1e-9);
  if (remainder <= 0) return down;
  return remainder > (multiple * tolerancePct) / 100 ? ceilTo(qty, multiple) : down;
};

/**
 * The quantity to order and its batches: TOG − NFP − what is already being ordered, to the
 * multiple, raised to the minimum batch, capped by storage and by the source's free stock,
 * then split by the maximum batch into at most `LIMITS.batches` orders. Never negative.
 */
export const recommend = (
  raw: number,
  rules: OrderRules,
  onHand: number,
  onOrder: number,
): { qty: number; batches: number[] } => {
  let qty = Math.max(0, raw);
  if (qty === 0) return { qty: 0, batches: [] };
  qty = toMultiple(qty, rules.multiple, rules.tolerancePct);
  if (qty > 0 && qty < rules.minBatch) qty = rules.minBatch;
  for (const limit of [
    rules.storageCapacity === null ? null : rules.storageCapacity - onHand - onOrder,
    rules.sourceFreeQty,
  ]) {
    if (limit === null) continue;
    const cap = floorTo(Math.max(0, limit), rules.multiple);
    if (qty > cap) qty = cap < rules.minBatch ? 0 : cap;
  }
  qty = roundTo(qty, rules.rounding);
  if (qty <= 0) return { qty: 0, batches: [] };
  const batches = splitByMaxBatch(qty, rules.maxBatch, rules.rounding);
  return {
    qty: roundTo(
      batches.reduce((a, b) => a + b, 0),
      rules.rounding,
    ),
    batches,
  };
};

/** How many orders a quantity needs at the maximum batch (1 without one). */
export const batchCount = (qty: number, maxBatch: number | null, rounding: number) => {
  if (maxBatch === null || qty <= maxBatch) return 1;
  const size = roundTo(maxBatch, rounding) || rounding;
  return Math.ceil(roundTo(qty / size, 1e-9));
};

/**
 * A quantity split by the maximum batch: full batches, then the rest. A batch smaller than the
 * rounding step is one step. At most `LIMITS.batches` orders: a quantity that needs more is cut
 * to that many full batches — the maximum batch is what the supplier or the line can take, so
 * it is kept, and net flow stays below the top of yellow, so the next calculation orders the
 * rest. No loop runs once per batch beyond that.
 */
export const splitByMaxBatch = (qty: number, maxBatch: number | null, rounding: number): number[] => {
  if (maxBatch === null || qty <= maxBatch) return [qty];
  const size = roundTo(maxBatch, rounding) || rounding;
  const full = Math.floor(roundTo(qty / size, 1e-9));
  if (full >= LIMITS.batches) return Array.from({ length: LIMITS.batches }, () => size);
  const rest = roundTo(qty - full * size, rounding);
  const batches = Array.from({ length: full }, () => size);
  if (rest > 0) batches.push(rest);
  return batches;
};
