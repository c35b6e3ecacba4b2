import { lagMeanSquare, meanOf, repeat } from './stats.ts';
import type { Method, PointForecast } from './types.ts';

/**
 * The benchmark methods with their textbook error spreads (Hyndman & Athanasopoulos, FPP3
 * §5.5), σ estimated from the in-sample one-step residuals. A series with no residual to
 * estimate σ from gets no `sd`, and the intervals fall back as intervals.ts describes.
 */

const naiveFit = (y: readonly number[], h: number): PointForecast => {
  const last = y.length === 0 ? 0 : y[y.length - 1]!;
  const ms = lagMeanSquare(y, 1);
  const out: PointForecast = { mean: repeat(last, h), model: 'naive' };
  if (ms !== null) out.sd = Array.from({ length: h }, (_, j) => Math.sqrt(ms * (j + 1)));
  return out;
};

/** The last value, flat; σ√h because every step adds one random-walk shock. */
export const naive: Method = { name: 'naive', fit: (y, _m, h) => naiveFit(y, h) };

/**
 * The value one season back; σ√(⌊(h−1)/m⌋+1) because only whole seasons add shocks. With m = 1
 * or fewer than m values it is the naive method, the nearest thing that can still run.
 */
export const seasonalNaive: Method = {
  name: 'seasonal_naive',
  fit: (y, m, h) => {
    const n = y.length;
    if (m <= 1 || n < m) return naiveFit(y, h);
    const mean = Array.from({ length: h }, (_, j) => y[n - m + (j % m)]!);
    const ms = lagMeanSquare(y, m);
    const out: PointForecast = { mean, model: 'seasonal_naive' };
    if (ms !== null) out.sd = Array.from({ length: h }, (_, j) => Math.sqrt(ms * (Math.floor(j / m) + 1)));
    return out;
  },
};

/** The mean of the history; σ√(1 + 1/n) adds the uncertainty of the estimated mean to the noise. */
export const historicMean: Method = {
  name: 'mean',
  fit: (y, _m, h) => {
    const n = y.length;
    const mu = meanOf(y);
    const out: PointForecast = { mean: repeat(mu, h), model: 'mean' };
    if (n >= 2) {
      let ss = 0;
      for (const v of y) ss += (v - mu) * (v - mu);
      const sigma = Math.sqrt(ss / (n - 1));
      out.sd = repeat(sigma * Math.sqrt(1 + 1 / n), h);
    }
    return out;
  },
};
