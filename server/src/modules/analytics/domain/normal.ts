/**
 * The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error
 * about 1.15e-9), which is far finer than any forecast interval needs and has no dependency.
 */
const A = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const poly = (coef: readonly number[], x: number) => coef.reduce((acc, c) => acc * x + c, 0);

/** Φ⁻¹(p) for 0 < p < 1; the tails use the √(−2 ln p) substitution, the centre a ratio in (p − ½)². */
export const normalQuantile = (p: number): number => {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
};

/** The z of a two-sided central interval holding `level` percent, e.g. 95 → 1.959964. */
export const zForLevel = (level: number) => normalQuantile(0.5 + level / 200);
