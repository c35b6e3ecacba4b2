import { addDays, dayNumber } from '../../../platform/dates.ts';

/** z for a two-sided 90% band: 5% of outcomes fall on each side. */
export const BAND_Z = 1.645;

export type StockoutInputs = {
  /** Day 0 of the walk (the tenant's today). */
  today: string;
  /** Free on hand now. */
  onHand: number;
  /** Open supply by due day; a day before `today` is overdue and counted as arriving today. */
  supply: readonly { date: string; qty: number }[];
  /** Mean demand of each day from `today` on; `demand[0]` is today's. Shorter than the horizon: the last value holds. */
  demand: readonly number[];
  /** Standard deviation of one day's demand. */
  sigma: number;
  horizonDays: number;
  z?: number;
};

export type StockoutProjection = {
  /** First day whose projected closing on hand is below zero at mean demand; null within the horizon. */
  date: string | null;
  /** The same at the band's high demand (the soonest plausible stockout). */
  earliest: string | null;
  /** The same at the band's low demand (the latest plausible stockout). */
  latest: string | null;
};

/**
 * Walks day by day: on hand + supply due so far − cumulative demand. The band widens the
 * cumulative demand by ± z·σ·√t after t days, as independent daily errors add up, so a
 * forecast without its own band still says how sure the date is.
 */
export const projectStockout = (i: StockoutInputs): StockoutProjection => {
  const z = i.z ?? BAND_Z;
  const start = dayNumber(i.today);
  const arriving = new Map<number, number>();
  for (const s of i.supply) {
    const t = Math.max(0, dayNumber(s.date) - start);
    arriving.set(t, (arriving.get(t) ?? 0) + s.qty);
  }
  const out: StockoutProjection = { date: null, earliest: null, latest: null };
  let supplied = i.onHand;
  let demanded = 0;
  for (let t = 0; t < i.horizonDays; t++) {
    supplied += arriving.get(t) ?? 0;
    demanded += i.demand[Math.min(t, i.demand.length - 1)] ?? 0;
    const spread = z * i.sigma * Math.sqrt(t + 1);
    const day = addDays(i.today, t);
    if (out.earliest === null && supplied - (demanded + spread) < 0) out.earliest = day;
    if (out.date === null && supplied - demanded < 0) out.date = day;
    if (out.latest === null && supplied - Math.max(0, demanded - spread) < 0) out.latest = day;
    if (out.latest !== null) break;
  }
  return out;
};

/** Each day's share of forecast ranges that cover it: a range's quantity spreads evenly over its days. */
export const dailyForecast = (
  ranges: readonly { start: string; end: string; qty: number }[],
  from: string,
  days: number,
) => {
  const out = new Array<number>(days).fill(0);
  const first = dayNumber(from);
  for (const r of ranges) {
    const s = dayNumber(r.start);
    const e = dayNumber(r.end);
    const perDay = r.qty / (e - s + 1);
    for (let d = Math.max(s, first); d <= Math.min(e, first + days - 1); d++)
      out[d - first] = (out[d - first] ?? 0) + perDay;
  }
  return out;
};
