import { type Choice, chooseAuto } from './auto.ts';
import { planOrigins } from './backtest.ts';
import { classify } from './classify.ts';
import { evaluate } from './evaluate.ts';
import { conformalIntervals, fallbackIntervals, type Intervals, normalIntervals } from './intervals.ts';
import { REGISTRY, type Refittable } from './registry.ts';
import type { DemandClass, MethodName, Period } from './types.ts';

export type MethodChoice = 'auto' | MethodName;

/** One series, already validated: the command's input after defaults, or the nightly job's numbers. */
export type ForecastInput = {
  id: string;
  values: readonly number[];
  seasonLength: number;
  horizon: number;
  levels: readonly number[];
  method: MethodChoice;
};

export type ForecastResult = {
  id: string;
  method: MethodName | 'combination';
  class: DemandClass;
  mean: number[];
  intervals: Intervals;
  /** Scaled errors, and `mae` / `rmse` in the series' own units, over every origin's steps. */
  backtest: {
    rmsse: number | null;
    mase: number | null;
    mae: number | null;
    rmse: number | null;
    origins: number;
  };
  /** The averaged methods, only when `method` is `combination`. */
  members?: MethodName[];
  /** The variant a family chose, e.g. `ses(0.1234)` or `ETS(A,N,N)`, when the method names one. */
  model?: string;
};

export const DEFAULT_SEASON_LENGTH: Record<Period, number> = { day: 7, week: 52, month: 12 };
export const DEFAULT_LEVELS = [80, 95] as const;

/**
 * Too short for any origin: no score can choose, so smooth and erratic demand carries its
 * last value forward and sparse demand its mean rate, the choice a planner would make by hand.
 */
const SHORT_FALLBACK: Record<DemandClass, MethodName> = {
  smooth: 'naive',
  erratic: 'naive',
  intermittent: 'mean',
  lumpy: 'mean',
};

const choose = (input: ForecastInput, cls: DemandClass, registry: Record<MethodName, Refittable>): Choice => {
  const { values: y, seasonLength: m, horizon: h } = input;
  const origins = planOrigins(y, m, h);
  if (input.method === 'auto' && origins.length > 0) return chooseAuto(y, m, h, cls, origins, registry);
  const name = input.method === 'auto' ? SHORT_FALLBACK[cls] : input.method;
  const run = evaluate(registry[name], y, m, h, origins);
  return { method: name, forecast: run.full(), backtest: origins.length > 0 ? run.backtest : null };
};

/** Mean absolute and root mean squared error of every backtest step, in the series' units. */
const unitErrors = (errors: readonly (readonly number[])[]) => {
  const all = errors.flat();
  if (all.length === 0) return { mae: null, rmse: null };
  let abs = 0;
  let sq = 0;
  for (const e of all) {
    abs += Math.abs(e);
    sq += e * e;
  }
  return { mae: abs / all.length, rmse: Math.sqrt(sq / all.length) };
};

/**
 * Forecasts one series: classifies it, fits the asked method (or lets `auto` choose), scores it
 * on the backtest, and sets intervals at each level — from the model's sd when it has one,
 * conformal from the backtest errors otherwise. Forecasts are clamped at zero.
 */
export const forecastSeries = (
  input: ForecastInput,
  registry: Record<MethodName, Refittable> = REGISTRY,
): ForecastResult => {
  const demand = classify(input.values);
  const choice = choose(input, demand.class, registry);
  const mean = choice.forecast.mean.map((v) => Math.max(0, v));
  const sd = choice.forecast.sd;
  const intervals = sd
    ? normalIntervals(mean, sd, input.levels)
    : choice.backtest
      ? conformalIntervals(mean, choice.backtest.errors, input.levels)
      : fallbackIntervals(mean, input.values, input.levels);
  const result: ForecastResult = {
    id: input.id,
    method: choice.method,
    class: demand.class,
    mean,
    intervals,
    backtest: {
      rmsse: choice.backtest?.rmsse ?? null,
      mase: choice.backtest?.mase ?? null,
      ...unitErrors(choice.backtest?.errors ?? []),
      origins: choice.backtest?.forecasts.length ?? 0,
    },
  };
  if (choice.members) result.members = choice.members;
  if (choice.forecast.model !== undefined) result.model = choice.forecast.model;
  return result;
};

/** Every series in input order; each is independent, so one bad fit cannot shift another. */
export const forecastAll = (inputs: readonly ForecastInput[]): ForecastResult[] =>
  inputs.map((input) => forecastSeries(input));
