/** Maximum-likelihood fit of one ETS model: smoothing parameters and initial level/trend. */
import {
  type EtsParams,
  type EtsSpec,
  type EtsStates,
  etsFilter,
  etsInitialStates,
  etsName,
  etsParameterCount,
  type FilterScratch,
} from './ets-core.ts';
import { nelderMead } from './optimize.ts';

export type EtsFit = {
  spec: EtsSpec;
  /** e.g. `ETS(M,Ad,M)`. */
  model: string;
  m: number;
  n: number;
  params: EtsParams;
  /** States before the first observation. */
  initial: EtsStates;
  /** States after the last observation: what the forecast starts from. */
  final: EtsStates;
  /** Gaussian log-likelihood at the estimates; −∞ for the fixed fallbacks (not fitted). */
  logLik: number;
  /** Parameters counted by AIC/AICc, initial states and σ² included. */
  k: number;
  aic: number;
  /** +∞ for the fixed fallbacks, so a fitted model always ranks first. */
  aicc: number;
  /** One-step variance: of e for additive error, of e/ŷ for multiplicative error. */
  sigma2: number;
  /** One-step in-sample forecasts ŷ_t and residuals y_t − ŷ_t. */
  fitted: number[];
  residuals: number[];
};

/** The traditional bounds (HKOS 2008 §5.2, FPP3 §8.6); α, β/α, γ/(1−α) share the open box. */
const LO = 1e-4;
const HI = 0.9999;
const PHI_LO = 0.8;
const PHI_HI = 0.98;

export type FitOptions = {
  /** Refine the heuristic initial level and trend by likelihood too (default true). */
  optimiseInitial?: boolean;
  /** Cap on likelihood evaluations for this model. */
  maxEvals?: number;
  /**
   * A fitted model with the same trend whose estimates start the search: the additive-error
   * twin usually sits close to the optimum, which roughly halves the evaluations.
   */
  from?: EtsFit;
};

const within = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Mean absolute value: the scale that step sizes and the SSE floor follow, so c·y fits as y. */
const scaleOf = (y: Float64Array) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]!);
  return s / y.length || 1;
};

/** Runs the fitted model once more to collect fitted values, final states and the criteria. */
const finish = (
  y: Float64Array,
  m: number,
  spec: EtsSpec,
  params: EtsParams,
  initial: EtsStates,
  logLikOverride?: number,
  aiccOverride?: number,
): EtsFit | null => {
  const n = y.length;
  const period = spec.season === 'N' ? 1 : m;
  const scratch: FilterScratch = {
    season: Float64Array.from(spec.season === 'N' ? [0] : initial.season),
    level: 0,
    trend: 0,
    sumSq: 0,
    sumLog: 0,
    scale: scaleOf(y),
  };
  const fitted = new Float64Array(n);
  if (!etsFilter(y, spec, params, initial.level, initial.trend, scratch, fitted)) return null;
  const k = etsParameterCount(spec, m);
  const sumSq = scratch.sumSq;
  const logLik =
    logLikOverride ??
    -0.5 * (n * Math.log((2 * Math.PI * Math.max(sumSq, 1e-300)) / n) + n + 2 * scratch.sumLog);
  const aic = -2 * logLik + 2 * k;
  const aicc = aiccOverride ?? aic + (2 * k * (k + 1)) / (n - k - 1);
  const season: number[] = [];
  if (spec.season !== 'N') for (let i = 0; i < period; i++) season.push(scratch.season[(n + i) % period]!);
  const fittedArr = Array.from(fitted);
  return {
    spec,
    model: etsName(spec),
    m,
    n,
    params,
    initial,
    final: { level: scratch.level, trend: spec.trend === 'N' ? 0 : scratch.trend, season },
    logLik,
    k,
    aic: aiccOverride ?? aic,
    aicc,
    sigma2: sumSq / Math.max(1, n - (k - 1)),
    fitted: fittedArr,
    residuals: fittedArr.map((f, t) => y[t]! - f),
  };
};

/** A fit whose parameters are given, not estimated: the short-series and constant fallbacks. */
export const etsFixedFit = (y: Float64Array, m: number, spec: EtsSpec, p: EtsParams, x0: EtsStates): EtsFit =>
  finish(y, m, spec, p, x0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) ??
  constantFit(y.length, m, x0.level);

/** ETS(A,N,N) that forecasts `level` with no spread: a series with nothing left to explain. */
export const constantFit = (n: number, m: number, level: number): EtsFit => ({
  spec: { error: 'A', trend: 'N', season: 'N' },
  model: 'ETS(A,N,N)',
  m,
  n,
  params: { alpha: LO, beta: 0, gamma: 0, phi: 1 },
  initial: { level, trend: 0, season: [] },
  final: { level, trend: 0, season: [] },
  logLik: Number.NEGATIVE_INFINITY,
  k: 3,
  aic: Number.POSITIVE_INFINITY,
  aicc: Number.POSITIVE_INFINITY,
  sigma2: 0,
  fitted: Array.from({ length: n }, () => level),
  residuals: Array.from({ length: n }, () => 0),
});

/**
 * Fits `spec` by maximising the concentrated likelihood, i.e. minimising n·log Σe² (additive
 * error) or n·log Σ(e/ŷ)² + 2 Σ log ŷ (multiplicative). β and γ are searched as fractions of α
 * and 1 − α so the box keeps 0 < β < α and 0 < γ < 1 − α. Null when no admissible fit exists.
 */
export const fitEtsModel = (
  y: Float64Array,
  m: number,
  spec: EtsSpec,
  options: FitOptions = {},
): EtsFit | null => {
  const n = y.length;
  const seasonal = spec.season !== 'N';
  const period = seasonal ? m : 1;
  const init = etsInitialStates(y, period, spec);
  const scale = scaleOf(y);
  const from = options.from;
  if (from) {
    init.level = from.initial.level;
    init.trend = from.initial.trend;
  }
  if (spec.error === 'M' || spec.season === 'M') {
    // Multiplicative paths need a positive start; the first value is a safe one for y > 0.
    if (!(init.level > 0) || !(init.level + init.trend > 0)) {
      init.level = y[0]!;
      init.trend = 0;
    }
  }
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const optimiseInitial = options.optimiseInitial ?? true;

  const warm = from ? 0.5 : 1;
  const a0 = from ? within(from.params.alpha, LO, HI) : 0.2;
  const x0: number[] = [a0];
  const lower: number[] = [LO];
  const upper: number[] = [HI];
  const step: number[] = [0.1 * warm];
  const add = (v: number, lo: number, hi: number, st: number) => {
    x0.push(v);
    lower.push(lo);
    upper.push(hi);
    step.push(st);
    return x0.length - 1;
  };
  const b0 = from?.spec.trend !== 'N' && from ? within(from.params.beta / a0, LO, HI) : 0.1;
  const g0 = from?.spec.season !== 'N' && from ? within(from.params.gamma / (1 - a0), LO, HI) : 0.1;
  const iB = hasTrend ? add(b0, LO, HI, 0.1 * warm) : -1;
  const iG = seasonal ? add(g0, LO, HI, 0.1 * warm) : -1;
  const iP = damped
    ? add(from?.spec.trend === 'Ad' ? from.params.phi : 0.9, PHI_LO, PHI_HI, 0.04 * warm)
    : -1;
  const iL = optimiseInitial ? add(init.level, -Infinity, Infinity, 0.1 * warm * scale) : -1;
  const iT =
    optimiseInitial && hasTrend
      ? add(init.trend, -Infinity, Infinity, 0.1 * warm * Math.max(Math.abs(init.trend), 0.01 * scale))
      : -1;

  const p: EtsParams = { alpha: 0.2, beta: 0, gamma: 0, phi: 1 };
  const decode = (x: ArrayLike<number>) => {
    p.alpha = x[0]!;
    p.beta = iB >= 0 ? p.alpha * x[iB]! : 0;
    p.gamma = iG >= 0 ? (1 - p.alpha) * x[iG]! : 0;
    p.phi = iP >= 0 ? x[iP]! : 1;
  };
  const initialSeason = Float64Array.from(seasonal ? init.season : [0]);
  const scratch: FilterScratch = {
    season: new Float64Array(period),
    level: 0,
    trend: 0,
    sumSq: 0,
    sumLog: 0,
    scale,
  };
  const multErr = spec.error === 'M';
  // Keeps log Σe² finite on a perfectly fitted series while staying proportional to the scale.
  const floor = n * (multErr ? 1e-18 : (1e-9 * scale) ** 2);
  const objective = (x: Float64Array) => {
    decode(x);
    scratch.season.set(initialSeason);
    const l0 = iL >= 0 ? x[iL]! : init.level;
    const b0 = iT >= 0 ? x[iT]! : init.trend;
    if (!etsFilter(y, spec, p, l0, b0, scratch)) return Number.POSITIVE_INFINITY;
    return n * Math.log(Math.max(scratch.sumSq, floor)) + 2 * scratch.sumLog;
  };
  const best = nelderMead(objective, x0, lower, upper, {
    step,
    maxEvals: options.maxEvals ?? 60 * x0.length + 100,
    reltol: 1e-6,
  });
  if (!Number.isFinite(best.f)) return null;
  decode(best.x);
  const params = { ...p };
  const start: EtsStates = {
    level: iL >= 0 ? best.x[iL]! : init.level,
    trend: hasTrend ? (iT >= 0 ? best.x[iT]! : init.trend) : 0,
    season: seasonal ? init.season : [],
  };
  return finish(y, m, spec, params, start);
};
