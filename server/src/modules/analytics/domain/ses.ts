import { repeat } from './stats.ts';
import type { Method, PointForecast } from './types.ts';

/**
 * Simple exponential smoothing, ETS(A,N,N) without the likelihood: the level starts at the first
 * value, each later value adds one one-step error, and α minimises their sum of squares.
 */

export type SesState = { level: number; sse: number; errors: number };

/** Runs the recursion ℓ_t = ℓ_{t−1} + α(y_t − ℓ_{t−1}) from ℓ_0 = y_0. */
export const sesRun = (y: readonly number[], alpha: number): SesState => {
  if (y.length === 0) return { level: 0, sse: 0, errors: 0 };
  let level = y[0]!;
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const e = y[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return { level, sse, errors: y.length - 1 };
};

export const ALPHA_MIN = 0.01;
export const ALPHA_MAX = 1;
const GRID_STEP = 0.05;
const TOLERANCE = 1e-4;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The α in [0.01, 1] with the least one-step SSE: a 0.05 grid finds the basin (the SSE is not
 * always unimodal), golden-section search refines it to 1e-4. Fixed steps keep it deterministic.
 */
export const fitAlpha = (y: readonly number[]): number => {
  const sse = (a: number) => sesRun(y, a).sse;
  let best = ALPHA_MIN;
  let bestSse = sse(best);
  for (let a = GRID_STEP; a <= ALPHA_MAX + 1e-12; a += GRID_STEP) {
    const s = sse(a);
    if (s < bestSse) [best, bestSse] = [a, s];
  }
  let lo = Math.max(ALPHA_MIN, best - GRID_STEP);
  let hi = Math.min(ALPHA_MAX, best + GRID_STEP);
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let f1 = sse(x1);
  let f2 = sse(x2);
  while (hi - lo > TOLERANCE) {
    if (f1 <= f2) {
      [hi, x2, f2] = [x2, x1, f1];
      x1 = hi - GOLDEN * (hi - lo);
      f1 = sse(x1);
    } else {
      [lo, x1, f1] = [x1, x2, f2];
      x2 = lo + GOLDEN * (hi - lo);
      f2 = sse(x2);
    }
  }
  const refined = (lo + hi) / 2;
  return sse(refined) < bestSse ? refined : best;
};

/** SES with a given α: a flat forecast at the last level, sd σ√(1 + (j−1)α²) from ETS(A,N,N). */
export const sesForecast = (y: readonly number[], alpha: number, h: number): PointForecast => {
  const { level, sse, errors } = sesRun(y, alpha);
  const out: PointForecast = { mean: repeat(level, h), model: `ses(${alpha.toFixed(4)})` };
  if (errors > 0) {
    const s2 = sse / errors;
    out.sd = Array.from({ length: h }, (_, j) => Math.sqrt(s2 * (1 + j * alpha * alpha)));
  }
  return out;
};

export const ses: Method = { name: 'ses', fit: (y, _m, h) => sesForecast(y, fitAlpha(y), h) };
