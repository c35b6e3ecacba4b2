import { z } from 'zod';
import { DEFAULT_LEVELS, DEFAULT_SEASON_LENGTH, type ForecastInput } from './forecast.ts';
import { METHODS } from './types.ts';

/**
 * The largest numbers `flujo forecast` accepts; the README's "Demand forecasting engine" section
 * repeats them. They hold the largest call (10,000 daily series of two years) to seconds and
 * hundreds of megabytes, and are far beyond what one planner forecasts.
 */
export const FORECAST_LIMITS = {
  series: 10_000,
  valuesPerSeries: 10_000,
  valuesPerCall: 10_000_000,
  value: 1_000_000_000,
  horizon: 366,
  seasonLength: 366,
  levels: 10,
  idLength: 200,
} as const;

const L = FORECAST_LIMITS;

const Levels = z
  .array(z.number().gt(0).lt(100))
  .min(1)
  .max(L.levels)
  .refine((ls) => new Set(ls).size === ls.length, { message: 'must not repeat a level' });

const Series = z.strictObject({
  id: z.string().min(1).max(L.idLength),
  values: z.array(z.number().min(0).max(L.value)).min(1).max(L.valuesPerSeries),
  period: z.enum(['day', 'week', 'month']),
  season_length: z.number().int().min(1).max(L.seasonLength).optional(),
  horizon: z.number().int().min(1).max(L.horizon),
  levels: Levels.optional(),
  method: z.enum(['auto', ...METHODS]).default('auto'),
});

export const ForecastRequest = z
  .strictObject({ series: z.array(Series).max(L.series) })
  .refine((r) => r.series.reduce((n, s) => n + s.values.length, 0) <= L.valuesPerCall, {
    message: `must hold at most ${L.valuesPerCall} values in all`,
    path: ['series'],
  });
export type ForecastRequest = z.infer<typeof ForecastRequest>;

/** The engine's input with every default filled: season length by period, levels 80 and 95. */
export const toInputs = (r: ForecastRequest): ForecastInput[] =>
  r.series.map((s) => ({
    id: s.id,
    values: s.values,
    seasonLength: s.season_length ?? DEFAULT_SEASON_LENGTH[s.period],
    horizon: s.horizon,
    levels: s.levels ?? DEFAULT_LEVELS,
    method: s.method,
  }));

/** The first problem as one line naming its field (`series[3].horizon: …`). */
export const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
  return `${path || '(input)'}: ${issue.message}`;
};
