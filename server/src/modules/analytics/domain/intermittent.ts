import { fitAlpha, sesRun } from './ses.ts';
import { repeat } from './stats.ts';
import type { Method } from './types.ts';

/**
 * Methods for demand that is often zero. None has a distribution, so they carry no `sd` and
 * get conformal intervals. α = 0.1 follows Croston's and Syntetos–Boylan's advice for
 * intermittent items (0.05–0.2): a fitted α chases the few non-zero points.
 */
export const INTERMITTENT_ALPHA = 0.1;
/** TSB smooths the demand probability every period, so it reacts to obsolescence; same rate. */
export const TSB_BETA = 0.1;

/** Croston's size z and interval p, smoothed only in periods with demand; null with none. */
export const crostonState = (y: readonly number[], alpha: number) => {
  let size = 0;
  let interval = 0;
  let since = 0;
  let seen = false;
  for (const v of y) {
    since++;
    if (v <= 0) continue;
    if (!seen) {
      // The first interval counts from the start of the history, as if demand came just before it.
      [size, interval, seen] = [v, since, true];
    } else {
      size += alpha * (v - size);
      interval += alpha * (since - interval);
    }
    since = 0;
  }
  return seen ? { size, interval } : null;
};

const crostonRate = (y: readonly number[]) => {
  const s = crostonState(y, INTERMITTENT_ALPHA);
  return s === null ? 0 : s.size / s.interval;
};

/** Croston (1972): demand per period = smoothed size / smoothed interval. */
export const croston: Method = { name: 'croston', fit: (y, _m, h) => ({ mean: repeat(crostonRate(y), h) }) };

/** Syntetos–Boylan approximation: Croston × (1 − α/2) removes Croston's upward bias. */
export const sba: Method = {
  name: 'sba',
  fit: (y, _m, h) => ({ mean: repeat(crostonRate(y) * (1 - INTERMITTENT_ALPHA / 2), h) }),
};

/**
 * Teunter–Syntetos–Babai (2011): the probability of demand is smoothed every period and the
 * size only when demand occurs; forecast = probability × size. Both start from the whole
 * history (share of periods with demand, mean non-zero size) so the first periods do not
 * dominate.
 */
export const tsbRate = (y: readonly number[], alpha: number, beta: number) => {
  let count = 0;
  let total = 0;
  for (const v of y) if (v > 0) [count, total] = [count + 1, total + v];
  if (count === 0) return 0;
  let p = count / y.length;
  let z = total / count;
  for (const v of y) {
    p += beta * ((v > 0 ? 1 : 0) - p);
    if (v > 0) z += alpha * (v - z);
  }
  return p * z;
};

export const tsb: Method = {
  name: 'tsb',
  fit: (y, _m, h) => ({ mean: repeat(tsbRate(y, INTERMITTENT_ALPHA, TSB_BETA), h) }),
};

/**
 * ADIDA (Nikolopoulos et al., 2011): sums non-overlapping buckets of k periods, k the mean
 * interval between demands rounded, so most buckets hold demand; SES forecasts the next bucket
 * and each period gets an even share. Buckets are cut from the end so the latest is complete;
 * the oldest n mod k values are dropped.
 */
export const adidaBuckets = (y: readonly number[]) => {
  const n = y.length;
  let count = 0;
  for (const v of y) if (v > 0) count++;
  const k = count === 0 ? 1 : Math.min(n, Math.max(1, Math.round(n / count)));
  const sums: number[] = [];
  for (let end = n; end - k >= 0; end -= k) {
    let s = 0;
    for (let t = end - k; t < end; t++) s += y[t]!;
    sums.push(s);
  }
  return { k, sums: sums.reverse() };
};

export const adida: Method = {
  name: 'adida',
  fit: (y, _m, h) => {
    const { k, sums } = adidaBuckets(y);
    if (sums.length === 0) return { mean: repeat(0, h) };
    const bucket = sesRun(sums, fitAlpha(sums)).level;
    return { mean: repeat(bucket / k, h), model: `adida(${k})` };
  },
};
