import { forecastAll } from './forecast.ts';
import { ForecastRequest, firstIssue, toInputs } from './input.ts';

/** What `flujo forecast` prints: JSON on success, one line naming the field otherwise. */
export type ForecastOutcome = { ok: true; json: unknown } | { ok: false; error: string };

/** `{ "series": [...] }` → `{ "results": [...] }` in input order; all or nothing. */
export const runForecast = (text: string): ForecastOutcome => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `(input): not JSON: ${(err as Error).message}` };
  }
  const parsed = ForecastRequest.safeParse(value);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return { ok: true, json: { results: forecastAll(toInputs(parsed.data)) } };
};
