// Accuracy of `auto` on held-out values: RMSSE against the seasonal naive method and against the
// best single method chosen in hindsight, and how often the 80% and 95% intervals hold the actuals.
import {
  type ForecastResult,
  forecastSeries,
  METHODS,
  type MethodChoice,
  type MethodName,
} from '../server/src/modules/analytics/index.ts';
import { round } from './setup.ts';

/** One forecast to score: the training values and the actuals that follow them. */
export type Holdout = { train: readonly number[]; actual: readonly number[] };

export type Scored = {
  /** RMSSE of auto, of every single method, and the per-series best single one. */
  rmsse: Record<'auto' | MethodName | 'oracle', number>;
  /** Held-out values inside auto's (and the seasonal naive's) band at each level. */
  inside: { auto: Record<string, number>; seasonal_naive: Record<string, number> };
  steps: number;
  engineClass: string;
  autoMethod: string;
};

const LEVELS = [80, 95] as const;

/**
 * The engine's scale: the in-sample mean squared seasonal-naive one-step error of the training
 * part (naive when m = 1), floored as the engine floors it so a flat part still scores.
 */
const scaleOf = (y: readonly number[], m: number) => {
  const lag = Math.max(1, m);
  let ss = 0;
  for (let t = lag; t < y.length; t++) ss += (y[t]! - y[t - lag]!) ** 2;
  const scale = y.length > lag ? ss / (y.length - lag) : 0;
  if (scale > 0) return scale;
  const ms = y.reduce((s, v) => s + v * v, 0) / Math.max(1, y.length);
  return ms > 0 ? ms * 1e-6 : 1;
};

const rmsse = (actual: readonly number[], mean: readonly number[], scale: number) => {
  let sq = 0;
  for (const [j, a] of actual.entries()) sq += (a - mean[j]!) ** 2;
  return Math.sqrt(sq / actual.length / scale);
};

const inside = (actual: readonly number[], f: ForecastResult) => {
  const out: Record<string, number> = {};
  for (const level of LEVELS) {
    const band = f.intervals[String(level)];
    out[level] = band ? actual.filter((a, j) => a >= band.lo[j]! && a <= band.hi[j]!).length : 0;
  }
  return out;
};

/** Forecasts one holdout with auto and with every single method, and scores each. */
export const score = (h: Holdout, m: number): Scored => {
  const scale = scaleOf(h.train, m);
  const run = (method: MethodChoice) =>
    forecastSeries({
      id: 'bench',
      values: h.train,
      seasonLength: m,
      horizon: h.actual.length,
      levels: LEVELS,
      method,
    });
  const auto = run('auto');
  const r = { auto: rmsse(h.actual, auto.mean, scale) } as Scored['rmsse'];
  let sn: ForecastResult | undefined;
  let oracle = Number.POSITIVE_INFINITY;
  for (const name of METHODS) {
    const f = run(name);
    if (name === 'seasonal_naive') sn = f;
    r[name] = rmsse(h.actual, f.mean, scale);
    oracle = Math.min(oracle, r[name]);
  }
  r.oracle = oracle;
  return {
    rmsse: r,
    inside: { auto: inside(h.actual, auto), seasonal_naive: sn ? inside(h.actual, sn) : {} },
    steps: h.actual.length,
    engineClass: auto.class,
    autoMethod: auto.method,
  };
};

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
const tally = (xs: readonly string[]) => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
};

/** A class's (or the real series') summary over its scored holdouts. */
export const summarize = (label: string, scored: readonly Scored[]) => {
  const byMethod = Object.fromEntries(
    METHODS.map((name) => [name, round(mean(scored.map((s) => s.rmsse[name])), 4)]),
  ) as Record<MethodName, number>;
  const bestFixed = METHODS.reduce((a, b) => (byMethod[b] < byMethod[a] ? b : a));
  const steps = scored.reduce((s, x) => s + x.steps, 0);
  const coverage = (who: 'auto' | 'seasonal_naive', level: number) =>
    round(scored.reduce((s, x) => s + (x.inside[who][level] ?? 0), 0) / Math.max(1, steps), 3);
  const auto = mean(scored.map((s) => s.rmsse.auto));
  const sn = byMethod.seasonal_naive;
  return {
    label,
    series: scored.length,
    rmsse_auto: round(auto, 4),
    rmsse_seasonal_naive: sn,
    auto_over_seasonal_naive: round(auto / sn, 3),
    rmsse_oracle: round(mean(scored.map((s) => s.rmsse.oracle)), 4),
    best_fixed_method: bestFixed,
    rmsse_best_fixed: byMethod[bestFixed],
    auto_over_best_fixed: round(auto / byMethod[bestFixed], 3),
    share_auto_at_most_seasonal_naive: round(
      scored.filter((s) => s.rmsse.auto <= s.rmsse.seasonal_naive).length / Math.max(1, scored.length),
      3,
    ),
    coverage_80: coverage('auto', 80),
    coverage_95: coverage('auto', 95),
    seasonal_naive_coverage_80: coverage('seasonal_naive', 80),
    seasonal_naive_coverage_95: coverage('seasonal_naive', 95),
    rmsse_by_method: byMethod,
    engine_classes: tally(scored.map((s) => s.engineClass)),
    auto_methods: tally(scored.map((s) => s.autoMethod)),
  };
};
export type Summary = ReturnType<typeof summarize>;
