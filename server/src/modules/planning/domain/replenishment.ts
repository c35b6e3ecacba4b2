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
 * then split by the maximum batch. Never negative.
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
  const batches: number[] = [];
  if (rules.maxBatch === null || qty <= rules.maxBatch) batches.push(qty);
  else {
    let left = qty;
    while (left > 0) {
      const b = roundTo(Math.min(left, rules.maxBatch), rules.rounding);
      batches.push(b);
      left = roundTo(left - b, rules.rounding);
    }
  }
  return { qty, batches };
};
