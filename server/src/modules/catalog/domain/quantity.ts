import { trimDecimal } from '../../../platform/decimal.ts';

/**
 * The one rule for a quantity of a product, wherever it enters (orders, the shop, reservations,
 * movements, transfers, counts): a plain decimal (no exponent), at most 6 decimals like the
 * numeric columns it lands in, at most a billion units either way, and a whole number of the
 * product's unit step. Arithmetic is exact on integers, never on floats (0.3 % 0.1 ≠ 0).
 */
export const MAX_QUANTITY = 1_000_000_000;
export const QUANTITY_DECIMALS = 6;

/** positive: orders, holds, receipts; non_negative: counted stock; non_zero: signed adjustments. */
export type QuantitySign = 'positive' | 'non_negative' | 'non_zero';

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as an integer of units and its scale: "-1.25" → { units: -125n, scale: 2 }. */
export const exactDecimal = (s: string): { units: bigint; scale: number } | null => {
  const m = PLAIN.exec(s.trim());
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  const units = BigInt(whole + frac);
  return { units: sign === '-' ? -units : units, scale: frac.length };
};

const atScale = (d: { units: bigint; scale: number }, scale: number) =>
  d.units * 10n ** BigInt(scale - d.scale);

/** Whether `quantity` is a whole number of `step`s (both decimal strings; step above zero). */
export const isMultipleOf = (quantity: string, step: string) => {
  const q = exactDecimal(quantity);
  const s = exactDecimal(step);
  if (!q || !s || s.units <= 0n) return false;
  const scale = Math.max(q.scale, s.scale);
  return atScale(q, scale) % atScale(s, scale) === 0n;
};

/** The shape alone, before the product is known: what the request schemas check. */
export const quantityShapeProblem = (quantity: string, sign: QuantitySign = 'positive'): string | null => {
  const q = exactDecimal(quantity);
  if (!q) return 'must be a plain decimal number such as 12 or 0.5';
  const zero = q.units === 0n;
  if (sign === 'positive' && (zero || q.units < 0n)) return 'must be greater than zero';
  if (sign === 'non_negative' && q.units < 0n) return 'must not be negative';
  if (sign === 'non_zero' && zero) return 'must not be zero';
  const magnitude = q.units < 0n ? -q.units : q.units;
  if (magnitude > BigInt(MAX_QUANTITY) * 10n ** BigInt(q.scale)) return `must be at most ${MAX_QUANTITY}`;
  // Trailing zeros carry no precision: "2.5000000" is 2.5.
  const significant = trimDecimal(quantity.trim()).split('.')[1]?.length ?? 0;
  if (significant > QUANTITY_DECIMALS) return `must have at most ${QUANTITY_DECIMALS} decimals`;
  return null;
};

/** Null when `quantity` is valid for a product sold in `step`s; else what is wrong, for the user. */
export const quantityProblem = (
  quantity: string,
  step: string,
  sign: QuantitySign = 'positive',
): string | null => {
  const shape = quantityShapeProblem(quantity, sign);
  if (shape) return shape;
  if (!isMultipleOf(quantity, step)) return `must be a multiple of ${step} (the product’s unit step)`;
  return null;
};
