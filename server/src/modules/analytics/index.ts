export { type ForecastOutcome, runForecast } from './domain/command.ts';
export {
  DEFAULT_LEVELS,
  DEFAULT_SEASON_LENGTH,
  type ForecastInput,
  type ForecastResult,
  forecastAll,
  forecastSeries,
  type MethodChoice,
} from './domain/forecast.ts';
export { FORECAST_LIMITS } from './domain/input.ts';
export type { Band, Intervals } from './domain/intervals.ts';
export type { DemandClass, Method, MethodName, Period, PointForecast } from './domain/types.ts';
export { METHODS } from './domain/types.ts';
