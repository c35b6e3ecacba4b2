import { dayNumber } from './dates.ts';
import { roundPlaces, roundTo } from './rounding.ts';
import type { Zones } from './zones.ts';

type Dated = { date: string; qty: number };
export type Priority = 'red' | 'yellow' | 'green';

/**
 * Qualified demand: per day, everything due today or earlier, and a later day within the
 * spike horizon only when its total reaches the spike threshold.
 */
export const qualifiedDemand = (asOf: string, demand: Dated[], horizonDays: number, threshold: number) => {
  const today = dayNumber(asOf);
  const byDay = new Map<number, number>();
  for (const d of demand) {
    const n = dayNumber(d.date);
    byDay.set(n, (byDay.get(n) ?? 0) + d.qty);
  }
  let total = 0;
  for (const [day, qty] of byDay) {
    if (day <= today) total += qty;
    else if (day <= today + horizonDays && qty >= threshold) total += qty;
  }
  return total;
};

/** Open supply due within DLT × the incoming safety factor counts in net flow; later supply is reported apart. */
export const incoming = (asOf: string, supply: Dated[], windowDays: number) => {
  const last = dayNumber(asOf) + windowDays;
  let within = 0;
  let outside = 0;
  for (const s of supply) {
    if (dayNumber(s.date) <= last) within += s.qty;
    else outside += s.qty;
  }
  return { within, outside };
};

export const planningPriority = (nfp: number, z: Zones): Priority =>
  nfp >= z.top_of_yellow ? 'green' : nfp >= z.top_of_red ? 'yellow' : 'red';

/** The execution alert on on hand: green at or above TOR, yellow from half of it, else red. */
export const onHandAlert = (onHand: number, z: Zones): Priority =>
  onHand >= z.top_of_red ? 'green' : onHand >= z.top_of_red / 2 ? 'yellow' : 'red';

/** `part / whole × 100` to two decimals; null when the whole is zero. */
export const percent = (part: number, whole: number) =>
  whole > 0 ? roundPlaces((part / whole) * 100, 2) : null;

export const netFlow = (onHand: number, within: number, qualified: number, rounding: number) =>
  roundTo(onHand + within - qualified, rounding);
