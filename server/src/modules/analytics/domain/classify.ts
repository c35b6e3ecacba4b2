import type { DemandClass } from './types.ts';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export type Demand = { adi: number | null; cv2: number | null; class: DemandClass };

/**
 * Syntetos–Boylan–Croston classes. ADI = periods / periods with demand (the mean interval
 * between demands, leading and trailing zeros included, so a product that stopped selling reads
 * as intermittent); CV² = population variance / mean² of the non-zero sizes. A value at a
 * cut-off goes to the intermittent or erratic side. Edge cases: all zeros has no ADI or CV² and
 * is `intermittent` (its methods forecast 0); a single non-zero has CV² 0 (one size cannot vary).
 */
export const classify = (y: readonly number[]): Demand => {
  let count = 0;
  let sum = 0;
  for (const v of y) if (v > 0) [count, sum] = [count + 1, sum + v];
  if (count === 0) return { adi: null, cv2: null, class: 'intermittent' };
  const adi = y.length / count;
  const mu = sum / count;
  let ss = 0;
  for (const v of y) if (v > 0) ss += (v - mu) * (v - mu);
  const cv2 = ss / count / (mu * mu);
  const sparse = adi >= ADI_CUTOFF;
  const variable = cv2 >= CV2_CUTOFF;
  const cls: DemandClass = sparse ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  return { adi, cv2, class: cls };
};
