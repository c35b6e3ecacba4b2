import { type Backtest, type Origin, scoreRun } from './backtest.ts';
import { evaluate, type Fitted } from './evaluate.ts';
import type { Refittable } from './registry.ts';
import type { DemandClass, MethodName, PointForecast } from './types.ts';

/**
 * Candidates by demand class, the baseline first so it wins ties. Smooth and erratic demand
 * gets the model families; intermittent and lumpy demand the methods built for zeros, with the
 * simple benchmarks kept because a "lumpy" series is sometimes just noise around a mean.
 */
const CANDIDATES: Record<DemandClass, readonly MethodName[]> = {
  smooth: ['seasonal_naive', 'naive', 'mean', 'ses', 'ets', 'theta'],
  erratic: ['seasonal_naive', 'naive', 'mean', 'ses', 'ets', 'theta'],
  intermittent: ['seasonal_naive', 'naive', 'mean', 'croston', 'sba', 'tsb', 'adida'],
  lumpy: ['seasonal_naive', 'naive', 'mean', 'croston', 'sba', 'tsb', 'adida'],
};

/** With m = 1 the seasonal naive is the naive method; scoring it twice would only cost time. */
export const candidatesFor = (cls: DemandClass, m: number): MethodName[] =>
  CANDIDATES[cls].filter((name) => m > 1 || name !== 'seasonal_naive');

/** Combinations of the best 2 and 3 are tried; more members mostly dilute the best one. */
const COMBINE = [2, 3] as const;

export type Choice = {
  method: MethodName | 'combination';
  members?: MethodName[];
  forecast: PointForecast;
  backtest: Backtest | null;
};

const average = (rows: readonly (readonly number[])[]) =>
  rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);

/**
 * `auto`: every candidate is backtested on the same origins and ranked by RMSSE; the baseline
 * (seasonal naive, naive when m = 1) is first in the list, so a candidate must beat it strictly
 * and the choice is never worse than it on the backtest. The mean of the best 2 or 3 replaces
 * the winner only when its own backtest is strictly better. Only the choice is refitted on the
 * full series (a refittable method already was).
 */
export const chooseAuto = (
  y: readonly number[],
  m: number,
  h: number,
  cls: DemandClass,
  origins: readonly Origin[],
  registry: Record<MethodName, Refittable>,
): Choice => {
  const runs: (Fitted & { name: MethodName })[] = candidatesFor(cls, m).map((name) => ({
    name,
    ...evaluate(registry[name], y, m, h, origins),
  }));
  const ranked = runs.toSorted((a, b) => a.backtest.rmsse - b.backtest.rmsse);
  const best = ranked[0]!;
  let choice: { members: typeof ranked; backtest: Backtest } = { members: [best], backtest: best.backtest };
  for (const size of COMBINE) {
    if (ranked.length < size) break;
    const members = ranked.slice(0, size);
    const forecasts = origins.map((_, k) => average(members.map((r) => r.backtest.forecasts[k]!)));
    const run = scoreRun(y, origins, forecasts);
    if (run.rmsse < choice.backtest.rmsse) choice = { members, backtest: run };
  }
  if (choice.members.length === 1)
    return { method: best.name, forecast: best.full(), backtest: best.backtest };
  const fits = choice.members.map((r) => r.full().mean);
  return {
    method: 'combination',
    members: choice.members.map((r) => r.name),
    forecast: { mean: average(fits) },
    backtest: choice.backtest,
  };
};
