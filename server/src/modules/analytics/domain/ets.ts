/**
 * ETS: fits every admissible exponential-smoothing state-space model and keeps the lowest AICc
 * (Hyndman, Koehler, Ord & Snyder 2008; FPP3 ch. 8).
 */
import type { EtsError, EtsParams, EtsSeason, EtsSpec, EtsTrend } from './ets-core.ts';
import { etsParameterCount } from './ets-core.ts';
import { constantFit, type EtsFit, etsFixedFit, fitEtsModel } from './ets-fit.ts';
import { etsForecastVariance, etsPointForecast } from './ets-forecast.ts';
import type { Method, PointForecast } from './types.ts';

export type { EtsError, EtsParams, EtsSeason, EtsSpec, EtsStates, EtsTrend } from './ets-core.ts';
export type { EtsFit } from './ets-fit.ts';

export type EtsOptions = {
  /** Restrict the search, e.g. `{ errors: ['A'], trends: ['N'], seasons: ['N'] }` for SES. */
  errors?: readonly EtsError[];
  trends?: readonly EtsTrend[];
  seasons?: readonly EtsSeason[];
  /** Refine the initial level and trend by likelihood (default true). */
  optimiseInitial?: boolean;
};

const ERRORS: readonly EtsError[] = ['A', 'M'];
const TRENDS: readonly EtsTrend[] = ['N', 'A', 'Ad'];
const SEASONS: readonly EtsSeason[] = ['N', 'A', 'M'];

/** Below this many values nothing is estimated: too few points for α, ℓ₀ and σ² together. */
const MIN_FIT_N = 5;
/** α of the short-series fallback: low, so the forecast stays near the mean of what there is. */
const FALLBACK_ALPHA = 0.2;

/**
 * The models worth fitting to `y`:
 * - multiplicative error or season only when every value is > 0;
 * - no additive error with multiplicative season (A,*,M: numerically unstable, HKOS §2.5.3),
 *   no multiplicative trend;
 * - seasonal only when m ≥ 2 and n ≥ 2m (two full seasons for the initial indices);
 * - only models with n ≥ k + 2, k counting smoothing parameters, initial states and σ², so AICc
 *   has a positive denominator.
 */
export const etsCandidates = (y: readonly number[], m: number, options: EtsOptions = {}): EtsSpec[] => {
  const n = y.length;
  const positive = y.every((v) => v > 0);
  const out: EtsSpec[] = [];
  for (const error of options.errors ?? ERRORS) {
    if (error === 'M' && !positive) continue;
    for (const trend of options.trends ?? TRENDS) {
      for (const season of options.seasons ?? SEASONS) {
        if (season !== 'N' && (m < 2 || n < 2 * m)) continue;
        if (season === 'M' && (error === 'A' || !positive)) continue;
        const spec = { error, trend, season };
        if (n < etsParameterCount(spec, m) + 2) continue;
        out.push(spec);
      }
    }
  }
  return out;
};

const isConstant = (y: readonly number[]) => y.every((v) => v === y[0]);

/**
 * Every admissible fit, best AICc first; never empty. Constant, empty and very short series get
 * a fixed ETS(A,N,N) instead of an estimate, and so does a series where every fit degenerates.
 */
export const rankEts = (y: readonly number[], m: number, options: EtsOptions = {}): EtsFit[] => {
  const n = y.length;
  const period = Math.max(1, Math.floor(m));
  if (n === 0) return [constantFit(0, period, 0)];
  if (isConstant(y)) return [constantFit(n, period, y[0]!)];
  const data = Float64Array.from(y);
  const fits: EtsFit[] = [];
  if (n >= MIN_FIT_N) {
    // Additive-error fits come first (candidate order) and seed their multiplicative twins.
    const seeds = new Map<string, EtsFit>();
    for (const spec of etsCandidates(y, period, options)) {
      const twin = `${spec.trend},${spec.season === 'M' ? 'A' : spec.season}`;
      const from = spec.error === 'M' ? seeds.get(twin) : undefined;
      const fit = fitEtsModel(data, period, spec, { optimiseInitial: options.optimiseInitial, from });
      if (!fit || !Number.isFinite(fit.aicc) || !Number.isFinite(fit.sigma2)) continue;
      fits.push(fit);
      if (spec.error === 'A') seeds.set(`${spec.trend},${spec.season}`, fit);
    }
    fits.sort((a, b) => a.aicc - b.aicc);
  }
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const p: EtsParams = { alpha: FALLBACK_ALPHA, beta: 0, gamma: 0, phi: 1 };
  const spec: EtsSpec = { error: 'A', trend: 'N', season: 'N' };
  fits.push(etsFixedFit(data, period, spec, p, { level: mean, trend: 0, season: [] }));
  return fits;
};

/** The chosen ETS model for `y` with its parameters, states, likelihood and residuals. */
export const fitEts = (y: readonly number[], m: number, options: EtsOptions = {}): EtsFit =>
  rankEts(y, m, options)[0]!;

/**
 * Mean and standard deviation of the forecast errors for steps 1..h. The mean is floored at 0
 * because demand cannot be negative; the sd is that of the unclamped model.
 */
export const forecastEts = (fit: EtsFit, h: number): { mean: number[]; sd: number[] } => {
  const mu = etsPointForecast(fit.spec, fit.params, fit.final, h);
  const variance = etsForecastVariance(fit.spec, fit.params, fit.final, fit.sigma2, mu);
  return { mean: mu.map((v) => Math.max(0, v)), sd: variance.map(Math.sqrt) };
};

const allFinite = (xs: readonly number[]) => xs.every(Number.isFinite);

/** ETS over the models `options` allows, keeping the best AICc whose forecast is finite. */
export const etsWith = (options: EtsOptions): Method => ({
  name: 'ets',
  fit: (y, m, h): PointForecast => {
    const ranked = rankEts(y, m, options);
    for (const fit of ranked) {
      const f = forecastEts(fit, h);
      if (allFinite(f.mean) && allFinite(f.sd)) return { ...f, model: fit.model };
    }
    const mean = y.length ? y.reduce((a, b) => a + b, 0) / y.length : 0;
    return { mean: Array.from({ length: h }, () => Math.max(0, mean)), model: 'ETS(A,N,N)' };
  },
});

export const ets: Method = etsWith({});

/**
 * The one model a full fit chose (`ETS(M,Ad,N)`), refitted alone: the backtest's origins fit
 * its parameters without searching the family again. A window too short for the model falls
 * back as `rankEts` does.
 */
export const etsForModel = (model: string): Method | undefined => {
  const parts = /^ETS\((A|M),(N|A|Ad),(N|A|M)\)$/.exec(model);
  if (!parts) return undefined;
  return etsWith({
    errors: [parts[1] as EtsError],
    trends: [parts[2] as EtsTrend],
    seasons: [parts[3] as EtsSeason],
  });
};
