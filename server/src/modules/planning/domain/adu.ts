import { addDays, dayNumber } from './dates.ts';
import { itemKey } from './graph.ts';
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

/** A buffer's ADU settings, as stored: the future horizon falls back to the past one. */
export type AduSettings = {
  productId: string;
  locationId: string;
  aduMethod: Adu['method'];
  aduFixed: number | null;
  aduHorizonDays: number;
  aduFutureHorizonDays: number | null;
  aduPastWeight: number;
};

export const futureHorizonOf = (b: Pick<AduSettings, 'aduHorizonDays' | 'aduFutureHorizonDays'>) =>
  b.aduFutureHorizonDays ?? b.aduHorizonDays;

/**
 * What base ADU reads, loaded once for many buffers: consumption totals per past horizon and
 * forecast ranges, both keyed by `itemKey` (consumption not rolled up the location tree).
 */
export type DemandHistory = {
  asOf: string;
  consumption: Map<number, Map<string, number>>;
  forecasts: Map<string, { start: string; end: string; qty: number }[]>;
};

/** Base ADU (before adjustments) of one buffer from the loaded history and forecasts. */
export const baseAdu = (d: DemandHistory, tree: (locationId: string) => string[], b: AduSettings) => {
  const past = () => {
    const totals = d.consumption.get(b.aduHorizonDays);
    let sum = 0;
    for (const loc of tree(b.locationId)) sum += totals?.get(itemKey(b.productId, loc)) ?? 0;
    return {
      horizon_days: b.aduHorizonDays,
      history: [{ date: addDays(d.asOf, -1), qty: Math.max(0, sum) }],
    };
  };
  const future = () => {
    const h = futureHorizonOf(b);
    const from = dayNumber(d.asOf);
    const to = from + h - 1;
    // Each range's total spreads evenly over its days; only the days inside the window count.
    const forecast: Dated[] = (d.forecasts.get(itemKey(b.productId, b.locationId)) ?? []).map((f) => {
      const s = dayNumber(f.start);
      const e = dayNumber(f.end);
      const overlap = Math.max(0, Math.min(e, to) - Math.max(s, from) + 1);
      return { date: d.asOf, qty: (f.qty * overlap) / (e - s + 1) };
    });
    return { horizon_days: h, forecast };
  };
  switch (b.aduMethod) {
    case 'fixed':
      return adu(d.asOf, { method: 'fixed', value: b.aduFixed ?? 0 });
    case 'past':
      return adu(d.asOf, { method: 'past', ...past() });
    case 'future':
      return adu(d.asOf, { method: 'future', ...future() });
    case 'blended':
      return adu(d.asOf, {
        method: 'blended',
        past: past(),
        future: future(),
        past_weight: b.aduPastWeight,
        future_weight: 1 - b.aduPastWeight,
      });
  }
};
