import { historicMean, naive, seasonalNaive } from './baseline.ts';
import { ets, etsForModel } from './ets.ts';
import { adida, croston, sba, tsb } from './intermittent.ts';
import { ses } from './ses.ts';
import { theta } from './theta.ts';
import type { Method, MethodName } from './types.ts';

/**
 * A method whose costly part is choosing a variant (ETS's AICc search over its family) may
 * offer `forModel`: a method that fits only the parameters of the variant named by a full fit's
 * `model`. The backtest then chooses once, on the full series, and refits parameters at each
 * origin — a mild look-ahead in the structure only, traded for a fraction of the cost.
 */
export type Refittable = Method & { forModel?: (model: string) => Method | undefined };

export const REGISTRY: Record<MethodName, Refittable> = {
  naive,
  seasonal_naive: seasonalNaive,
  mean: historicMean,
  ses,
  ets: { ...ets, forModel: etsForModel },
  theta,
  croston,
  sba,
  tsb,
  adida,
};
