/**
 * Point forecasts and forecast-error standard deviations for ETS models, from the final states.
 * Variance: class 1 (additive error, linear) and class 2 (multiplicative error, linear states)
 * by the exact formulas of HKOS 2008 ch. 6; class 3 (multiplicative season) by a seeded
 * simulation, because its published variance is only an approximation with many terms.
 */
import type { EtsParams, EtsSpec, EtsStates } from './ets-core.ts';

/** φ + φ² + … + φ^h: the damped trend's reach after h steps (h for an undamped trend). */
const trendReach = (spec: EtsSpec, phi: number, h: number): number => {
  if (spec.trend === 'N') return 0;
  if (spec.trend === 'A' || phi === 1) return h;
  return (phi * (1 - phi ** h)) / (1 - phi);
};

/** Point forecasts ŷ_{n+1..n+h}: (ℓ + φ_h b) combined with the season in force at each step. */
export const etsPointForecast = (spec: EtsSpec, p: EtsParams, x: EtsStates, h: number): number[] => {
  const m = x.season.length;
  const out: number[] = [];
  for (let j = 1; j <= h; j++) {
    const base = x.level + trendReach(spec, p.phi, j) * x.trend;
    const s = m ? x.season[(j - 1) % m]! : 0;
    out.push(spec.season === 'M' ? base * s : base + s);
  }
  return out;
};

/**
 * c_j of the linear models: how a one-step error j periods back still moves the forecast,
 * c_j = α + β φ_j + γ·[j ≡ 0 mod m] (HKOS table 6.1, FPP3 table 8.8).
 */
const impulse = (spec: EtsSpec, p: EtsParams, m: number, j: number): number =>
  p.alpha + p.beta * trendReach(spec, p.phi, j) + (spec.season !== 'N' && j % m === 0 ? p.gamma : 0);

/** Class 1: v_h = σ² (1 + Σ_{j<h} c_j²). */
const linearVariance = (spec: EtsSpec, p: EtsParams, m: number, sigma2: number, h: number): number[] => {
  const out: number[] = [];
  let acc = 1;
  for (let k = 1; k <= h; k++) {
    out.push(sigma2 * acc);
    acc += impulse(spec, p, m, k) ** 2;
  }
  return out;
};

/**
 * Class 2: with μ_h the point forecast, θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}, and
 * v_h = (1 + σ²) θ_h − μ_h² (HKOS 2008 §6.3, Hyndman et al. 2005).
 */
const classTwoVariance = (
  spec: EtsSpec,
  p: EtsParams,
  m: number,
  sigma2: number,
  mu: readonly number[],
): number[] => {
  const h = mu.length;
  const c2 = new Float64Array(h);
  for (let j = 1; j < h; j++) c2[j] = impulse(spec, p, m, j) ** 2;
  const theta = new Float64Array(h + 1);
  const out: number[] = [];
  for (let k = 1; k <= h; k++) {
    let acc = 0;
    for (let j = 1; j < k; j++) acc += c2[j]! * theta[k - j]!;
    theta[k] = mu[k - 1]! ** 2 + sigma2 * acc;
    out.push(Math.max(0, (1 + sigma2) * theta[k]! - mu[k - 1]! ** 2));
  }
  return out;
};

/** Paths for the class-3 simulation: enough for sd within a few percent, cheap per series. */
export const SIMULATION_PATHS = 1000;
const SIMULATION_SEED = 0x5eed;

/** mulberry32: a tiny seeded generator, so the same series always gets the same intervals. */
const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Variance of simulated future paths about the point forecast (Box–Muller normal errors). */
const simulatedVariance = (
  spec: EtsSpec,
  p: EtsParams,
  x: EtsStates,
  sigma2: number,
  mu: readonly number[],
): number[] => {
  const h = mu.length;
  const m = x.season.length;
  const sigma = Math.sqrt(sigma2);
  const rand = mulberry32(SIMULATION_SEED);
  const sum = new Float64Array(h);
  const sumSq = new Float64Array(h);
  const seas = new Float64Array(m || 1);
  const phi = spec.trend === 'N' ? 0 : p.phi;
  for (let path = 0; path < SIMULATION_PATHS; path++) {
    let l = x.level;
    let b = x.trend;
    if (m) seas.set(x.season);
    for (let k = 0; k < h; k++) {
      const u1 = 1 - rand();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
      const base = l + phi * b;
      const j = m ? k % m : 0;
      const s = m ? seas[j]! : 0;
      const yhat = spec.season === 'M' ? base * s : base + s;
      const e = spec.error === 'M' ? yhat * sigma * z : sigma * z;
      const d = yhat + e - mu[k]!;
      sum[k]! += d;
      sumSq[k]! += d * d;
      if (spec.season === 'M') {
        // A path that reaches a non-positive level or index cannot continue multiplicatively.
        const sNext = base > 0 ? s + (p.gamma * e) / base : s;
        l = s > 0 ? base + (p.alpha * e) / s : base;
        b = phi * b + (s > 0 ? (p.beta * e) / s : 0);
        seas[j] = sNext;
      } else {
        l = base + p.alpha * e;
        b = phi * b + p.beta * e;
        if (m) seas[j] = s + p.gamma * e;
      }
    }
  }
  const out: number[] = [];
  for (let k = 0; k < h; k++) {
    const mean = sum[k]! / SIMULATION_PATHS;
    out.push(Math.max(0, sumSq[k]! / SIMULATION_PATHS - mean * mean));
  }
  return out;
};

/** Forecast-error variances v_1..v_h of the model with one-step variance σ². */
export const etsForecastVariance = (
  spec: EtsSpec,
  p: EtsParams,
  x: EtsStates,
  sigma2: number,
  mu: readonly number[],
): number[] => {
  const m = Math.max(1, x.season.length);
  if (sigma2 === 0) return mu.map(() => 0);
  if (spec.season === 'M') return simulatedVariance(spec, p, x, sigma2, mu);
  if (spec.error === 'M') return classTwoVariance(spec, p, m, sigma2, mu);
  return linearVariance(spec, p, m, sigma2, mu.length);
};
