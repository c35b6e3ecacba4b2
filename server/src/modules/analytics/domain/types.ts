/** The forecasting engine's shared vocabulary: every method fits to this shape. */

export type Period = 'day' | 'week' | 'month';

export const METHODS = [
  'naive',
  'seasonal_naive',
  'mean',
  'ses',
  'ets',
  'theta',
  'croston',
  'sba',
  'tsb',
  'adida',
] as const;
export type MethodName = (typeof METHODS)[number];

/** Syntetos–Boylan demand classes from ADI and CV² (cut-offs 1.32 and 0.49). */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

/**
 * One method's answer for `h` steps after the last value. `sd` is the standard deviation of
 * the forecast error per step when the model has a distribution (ETS, the naive family,
 * mean); methods without one leave it out and get conformal intervals from the backtest.
 * `model` names the variant chosen inside a family, e.g. `ETS(M,Ad,M)` or `theta(0.2)`.
 */
export type PointForecast = {
  mean: number[];
  sd?: number[];
  model?: string;
};

/** A forecasting method: fits `y` (oldest first, season length `m`) and forecasts `h` steps. */
export type Method = {
  name: MethodName;
  fit: (y: readonly number[], m: number, h: number) => PointForecast;
};
