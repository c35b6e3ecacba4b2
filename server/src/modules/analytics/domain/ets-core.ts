/**
 * The ETS state-space recursions (Hyndman, Koehler, Ord & Snyder 2008, tables 2.2–2.3) written
 * once for every admissible model: the one-step error e = y − ŷ drives the same state updates
 * whether the error is additive or multiplicative, so the error type only changes the likelihood.
 */
import { seasonalIndices } from './ets-seasonal.ts';

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';
export type EtsSpec = { error: EtsError; trend: EtsTrend; season: EtsSeason };

/** Smoothing parameters; β = 0 without trend, γ = 0 without season, φ = 1 unless damped. */
export type EtsParams = { alpha: number; beta: number; gamma: number; phi: number };

/**
 * States at one time: level, trend (0 without trend) and the next m seasonal indices in the
 * order they apply, so `season[0]` is the index of the very next period (empty without season).
 */
export type EtsStates = { level: number; trend: number; season: number[] };

export const etsName = (s: EtsSpec): string => `ETS(${s.error},${s.trend},${s.season})`;

/**
 * Free parameters counted by the information criteria: the smoothing parameters, the initial
 * level and trend, m − 1 initial seasonal indices (one is fixed by normalisation) and σ².
 */
export const etsParameterCount = (s: EtsSpec, m: number): number => {
  const smoothing = 1 + (s.trend === 'N' ? 0 : 1) + (s.trend === 'Ad' ? 1 : 0) + (s.season === 'N' ? 0 : 1);
  const initial = 1 + (s.trend === 'N' ? 0 : 1) + (s.season === 'N' ? 0 : m - 1);
  return smoothing + initial + 1;
};

/** Output slots of `etsFilter`, reused across calls so the likelihood allocates nothing. */
export type FilterScratch = {
  /** Seasonal ring: slot t mod m holds the index used at time t; initial in, final out. */
  season: Float64Array;
  level: number;
  trend: number;
  /** Σ e² (additive error) or Σ (e/ŷ)² (multiplicative error). */
  sumSq: number;
  /** Σ log ŷ; only accumulated for multiplicative error. */
  sumLog: number;
  /** Typical size of y; ŷ/scale keeps the chunked products in `sumLog` far from overflow. */
  scale: number;
};

/** ŷ values multiplied before one log: Math.log per step would dominate the likelihood. */
const LOG_CHUNK = 8;

const SEASON_NONE = 0;
const SEASON_ADD = 1;
const SEASON_MUL = 2;

/**
 * Runs the recursion over y from the initial level/trend and `scratch.season`, leaving the final
 * states in `scratch`. Returns false when the path leaves the admissible region (a non-positive
 * ŷ under multiplicative error, a non-positive level or index under multiplicative season).
 * `fitted`, when given, receives the one-step forecasts ŷ_t.
 */
export const etsFilter = (
  y: Float64Array,
  spec: EtsSpec,
  p: EtsParams,
  level0: number,
  trend0: number,
  scratch: FilterScratch,
  fitted?: Float64Array,
): boolean => {
  const n = y.length;
  const seas = scratch.season;
  const m = seas.length;
  const multErr = spec.error === 'M';
  const sKind = spec.season === 'N' ? SEASON_NONE : spec.season === 'A' ? SEASON_ADD : SEASON_MUL;
  const { alpha, beta, gamma } = p;
  const phi = spec.trend === 'N' ? 0 : p.phi;
  let l = level0;
  let b = spec.trend === 'N' ? 0 : trend0;
  let sumSq = 0;
  let sumLog = 0;
  let prod = 1;
  let inChunk = 0;
  const invScale = 1 / scratch.scale;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const base = l + phi * b;
    let yhat = base;
    let s = 0;
    if (sKind === SEASON_MUL) {
      s = seas[j]!;
      if (base <= 0 || s <= 0) return false;
      yhat = base * s;
    } else if (sKind === SEASON_ADD) {
      s = seas[j]!;
      yhat = base + s;
    }
    const e = y[t]! - yhat;
    if (multErr) {
      if (!(yhat > 0)) return false;
      const r = e / yhat;
      sumSq += r * r;
      prod *= yhat * invScale;
      if (++inChunk === LOG_CHUNK) {
        sumLog += Math.log(prod);
        prod = 1;
        inChunk = 0;
      }
    } else {
      sumSq += e * e;
    }
    if (fitted) fitted[t] = yhat;
    if (sKind === SEASON_MUL) {
      const es = e / s;
      l = base + alpha * es;
      b = phi * b + beta * es;
      seas[j] = s + (gamma * e) / base;
    } else {
      l = base + alpha * e;
      b = phi * b + beta * e;
      if (sKind === SEASON_ADD) seas[j] = s + gamma * e;
    }
    if (++j === m) j = 0;
  }
  if (multErr) sumLog += Math.log(prod) + n * Math.log(scratch.scale);
  if (!Number.isFinite(sumSq) || !Number.isFinite(l) || !Number.isFinite(sumLog)) return false;
  scratch.level = l;
  scratch.trend = b;
  scratch.sumSq = sumSq;
  scratch.sumLog = sumLog;
  return true;
};

/** Seasons (at most) averaged for the heuristic initial indices. */
const INIT_SEASONS = 4;
/** Points in the regression that starts level and trend, after HKOS §2.6.1. */
const INIT_POINTS = 10;

/**
 * Heuristic initial states (HKOS 2008 §2.6.1): seasonal indices by classical decomposition of
 * the first seasons, then a regression on the first deseasonalised values gives the level
 * (intercept at t = 0) and trend (slope). The optimiser refines level and trend afterwards.
 */
export const etsInitialStates = (y: Float64Array, m: number, spec: EtsSpec): EtsStates => {
  const n = y.length;
  let season: number[] = [];
  if (spec.season !== 'N') {
    const seasons = Math.min(INIT_SEASONS, Math.floor(n / m));
    const head = y.subarray(0, seasons * m);
    season = seasonalIndices(head, m, spec.season === 'A' ? 'additive' : 'multiplicative');
  }
  const k = Math.min(n, Math.max(INIT_POINTS, m === 1 ? 0 : 2 * m));
  const x = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const s = season.length ? season[t % m]! : spec.season === 'M' ? 1 : 0;
    x[t] = spec.season === 'M' ? y[t]! / s : y[t]! - s;
  }
  let level = 0;
  let trend = 0;
  if (spec.trend === 'N' || k < 3) {
    const first = Math.min(k, Math.max(INIT_POINTS, m));
    for (let t = 0; t < first; t++) level += x[t]!;
    level /= first;
  } else {
    // Regression of x_t on t = 1..k; the level at t = 0 is the intercept.
    const tm = (k + 1) / 2;
    let xm = 0;
    for (let t = 0; t < k; t++) xm += x[t]!;
    xm /= k;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < k; t++) {
      sxy += (t + 1 - tm) * (x[t]! - xm);
      sxx += (t + 1 - tm) ** 2;
    }
    trend = sxy / sxx;
    level = xm - trend * tm;
  }
  return { level, trend, season };
};
