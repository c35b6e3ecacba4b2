/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000): the average of the θ = 0 line
 * (the regression line) and SES on the θ = 2 line. Hyndman & Billah (2003) show this equals SES
 * on the series with a drift of half the regression slope, which is how it is computed here.
 */
import { fitEts } from './ets.ts';
import { looksSeasonal, seasonalIndices } from './ets-seasonal.ts';
import type { Method, PointForecast } from './types.ts';

/** Least-squares slope of y on t = 1..n; 0 for fewer than two points. */
export const linearSlope = (y: ArrayLike<number>): number => {
  const n = y.length;
  if (n < 2) return 0;
  const tm = (n + 1) / 2;
  let ym = 0;
  for (let t = 0; t < n; t++) ym += y[t]!;
  ym /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t + 1 - tm) * (y[t]! - ym);
    sxx += (t + 1 - tm) ** 2;
  }
  return sxy / sxx;
};

/**
 * Theta forecasts from SES: ŷ(h) = ℓ_n + (b/2)(h − 1 + (1 − (1 − α)^n)/α), with ℓ_n the final SES
 * level, α its smoothing parameter, n the series length and b the regression slope.
 */
export const thetaFromSes = (level: number, alpha: number, n: number, slope: number, h: number): number[] => {
  const reach = (1 - (1 - alpha) ** n) / alpha;
  return Array.from({ length: h }, (_, j) => level + (slope / 2) * (j + reach));
};

/**
 * Whether to deseasonalise first, as in the M3 practice: m > 1, at least two full seasons (so
 * the centred moving average leaves every season position a detrended value and the lag-m
 * autocorrelation has m pairs), strictly positive values (multiplicative indices), and a
 * significant lag-m autocorrelation at 90%.
 */
const seasonalIndicesFor = (y: readonly number[], m: number): number[] | null => {
  if (m < 2 || y.length < 2 * m || !y.every((v) => v > 0)) return null;
  if (!looksSeasonal(y, m)) return null;
  return seasonalIndices(y, m, 'multiplicative');
};

export const theta: Method = {
  name: 'theta',
  fit: (y, m, h): PointForecast => {
    const n = y.length;
    if (n === 0) return { mean: Array(h).fill(0), sd: Array(h).fill(0), model: 'theta' };
    const period = Math.max(1, Math.floor(m));
    const idx = seasonalIndicesFor(y, period);
    const x = idx ? y.map((v, t) => v / idx[t % period]!) : y;
    const ses = fitEts(x, 1, { errors: ['A'], trends: ['N'], seasons: ['N'] });
    const { alpha } = ses.params;
    const mean = thetaFromSes(ses.final.level, alpha, n, linearSlope(x), h);
    // SES state-space variance: σ²(1 + (j − 1)α²) for step j.
    const sd = mean.map((_, j) => Math.sqrt(ses.sigma2 * (1 + j * alpha * alpha)));
    if (idx) {
      for (let j = 0; j < h; j++) {
        const s = idx[(n + j) % period]!;
        mean[j] = mean[j]! * s;
        sd[j] = sd[j]! * s;
      }
    }
    const finite = mean.every(Number.isFinite) && sd.every(Number.isFinite);
    if (!finite) {
      const avg = y.reduce((a, b) => a + b, 0) / n;
      return { mean: Array(h).fill(Math.max(0, avg)), model: 'theta' };
    }
    const name = `theta(${alpha.toFixed(2)}${idx ? ', seasonal' : ''})`;
    return { mean: mean.map((v) => Math.max(0, v)), sd, model: name };
  },
};
