import { dayNumber } from './dates.ts';
import type { Adu } from './input.ts';

type Dated = { date: string; qty: number };

const sumBetween = (rows: Dated[], from: number, to: number) =>
  rows.reduce((s, r) => {
    const d = dayNumber(r.date);
    return d >= from && d <= to ? s + r.qty : s;
  }, 0);

/** Past ADU: consumption from asOf − H to asOf − 1 inclusive (today excluded), over H days. */
export const pastAdu = (asOf: string, horizon: number, history: Dated[]) => {
  const today = dayNumber(asOf);
  return sumBetween(history, today - horizon, today - 1) / horizon;
};

/** Future ADU: forecast or open demand of the H days from asOf (asOf included), over H days. */
export const futureAdu = (asOf: string, horizon: number, forecast: Dated[]) => {
  const today = dayNumber(asOf);
  return sumBetween(forecast, today, today + horizon - 1) / horizon;
};

/** Average daily usage by the buffer's method, before planned adjustments. */
export const adu = (asOf: string, a: Adu): number => {
  switch (a.method) {
    case 'fixed':
      return a.value;
    case 'past':
      return pastAdu(asOf, a.horizon_days, a.history);
    case 'future':
      return futureAdu(asOf, a.horizon_days, a.forecast);
    case 'blended':
      return (
        pastAdu(asOf, a.past.horizon_days, a.past.history) * a.past_weight +
        futureAdu(asOf, a.future.horizon_days, a.future.forecast) * a.future_weight
      );
  }
};
