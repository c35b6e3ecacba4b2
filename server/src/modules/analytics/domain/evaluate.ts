import { type Backtest, backtest, type Origin } from './backtest.ts';
import type { Refittable } from './registry.ts';
import type { PointForecast } from './types.ts';

/** A method's backtest, and its full-series fit, computed at most once and only when asked. */
export type Fitted = { backtest: Backtest; full: () => PointForecast };

/**
 * Backtests one method on the given origins. A refittable method is fitted on the full series
 * first and its chosen variant refitted at each origin; any other is fitted at each origin and
 * on the full series only if `full` is called.
 */
export const evaluate = (
  method: Refittable,
  y: readonly number[],
  m: number,
  h: number,
  origins: readonly Origin[],
): Fitted => {
  let cached: PointForecast | undefined;
  const full = () => {
    cached ??= method.fit(y, m, h);
    return cached;
  };
  let atOrigin = method;
  if (method.forModel) {
    const model = full().model;
    atOrigin = (model === undefined ? undefined : method.forModel(model)) ?? method;
  }
  return { backtest: backtest(y, origins, (train, w) => atOrigin.fit(train, m, w).mean), full };
};
