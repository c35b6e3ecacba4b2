import { round4 } from './kpis.ts';

// Forecast accuracy after the fact (docs/ARCHITECTURE.md, analytics): each item's forecast for
// a calendar month, as it stood before the month began, against the month's actual demand.

/** The first day of the month `n` months after the one starting on `month` (n may be negative). */
export const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
};

/** The first days of the months from `from` to `to`, both included (first days as given). */
export const monthsBetween = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
};

/** Months of history read to scale an item-month's error: 13 months give 12 month-to-month changes. */
export const SCALE_MONTHS = 13;

/**
 * The scale of RMSSE: the mean squared change from one month to the next over the months
 * before the one judged (the in-sample error of the naive "same as last month" forecast), in
 * squared units. Null when fewer than two months or when demand never changed: the error
 * cannot be scaled, and the item-month is left out of RMSSE (not of the other measures).
 */
export const naiveScale = (history: readonly number[]) => {
  if (history.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < history.length; i++) sum += ((history[i] ?? 0) - (history[i - 1] ?? 0)) ** 2;
  const scale = sum / (history.length - 1);
  return scale > 0 ? scale : null;
};

/** One item's forecast for one month and what it then sold. */
export type ItemMonth = {
  item: string;
  month: string;
  forecast: number;
  actual: number;
  /** `naiveScale` of the item's months before this one. */
  scale: number | null;
};

export type Accuracy = {
  items: number;
  item_months: number;
  forecast: number;
  actual: number;
  bias: number | null;
  mae: number | null;
  wape: number | null;
  rmsse: number | null;
  rmsse_item_months: number;
};

/**
 * bias = Σ(f − a) ÷ Σa (positive: over-forecast); WAPE = Σ|f − a| ÷ Σa; MAE = Σ|f − a| ÷
 * item-months; RMSSE per item = √(mean of (f − a)² ÷ scale over its scaled months), averaged
 * over items (as M5 does, unweighted). Ratios are null when there is nothing to divide by.
 */
export const accuracyOf = (rows: readonly ItemMonth[]): Accuracy => {
  let forecast = 0;
  let actual = 0;
  let absError = 0;
  let scaled = 0;
  const items = new Set<string>();
  const perItem = new Map<string, { sum: number; n: number }>();
  for (const r of rows) {
    items.add(r.item);
    forecast += r.forecast;
    actual += r.actual;
    absError += Math.abs(r.forecast - r.actual);
    if (r.scale !== null && r.scale > 0) {
      scaled += 1;
      const s = perItem.get(r.item) ?? { sum: 0, n: 0 };
      s.sum += (r.forecast - r.actual) ** 2 / r.scale;
      s.n += 1;
      perItem.set(r.item, s);
    }
  }
  const rmsses = [...perItem.values()].map((s) => Math.sqrt(s.sum / s.n));
  return {
    items: items.size,
    item_months: rows.length,
    forecast: round4(forecast),
    actual: round4(actual),
    bias: actual > 0 ? round4((forecast - actual) / actual) : null,
    mae: rows.length ? round4(absError / rows.length) : null,
    wape: actual > 0 ? round4(absError / actual) : null,
    rmsse: rmsses.length ? round4(rmsses.reduce((s, x) => s + x, 0) / rmsses.length) : null,
    rmsse_item_months: scaled,
  };
};

/** `accuracyOf` per group, groups in first-seen order. */
export const accuracyBy = <R extends ItemMonth>(rows: readonly R[], keyOf: (r: R) => string) => {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].map(([key, list]) => ({ key, ...accuracyOf(list) }));
};

/** The single accuracy figure of the KPI page: 1 − WAPE, at least 0; null without actual demand. */
export const accuracyValue = (wape: number | null) => (wape === null ? null : round4(Math.max(0, 1 - wape)));

/**
 * The months the KPI page judges for a window of days: the complete months it overlaps; when
 * it lies wholly in the current month (the default 30 days often do), the last complete one.
 */
export const kpiAccuracyMonths = (from: string, to: string, today: string) => {
  const current = `${today.slice(0, 7)}-01`;
  const first = `${from.slice(0, 7)}-01`;
  const last = `${to.slice(0, 7)}-01` < current ? `${to.slice(0, 7)}-01` : addMonths(current, -1);
  return first > last ? { first: last, last } : { first, last };
};
