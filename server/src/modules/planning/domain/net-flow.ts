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

/** The days ahead whose open supply counts in net flow: DLT × the incoming safety factor, rounded up. */
export const incomingWindowDays = (dlt: number, incomingSafetyFactor: number) =>
  Math.ceil(dlt * incomingSafetyFactor);

/** Whether supply due on `date` counts in net flow on `asOf`: due within the window, or overdue. */
export const withinWindow = (asOf: string, date: string, windowDays: number) =>
  dayNumber(date) <= dayNumber(asOf) + windowDays;

/** Open supply due within the window counts in net flow; later supply is reported apart. */
export const incoming = (asOf: string, supply: Dated[], windowDays: number) => {
  let within = 0;
  let outside = 0;
  for (const s of supply) {
    if (withinWindow(asOf, s.date, windowDays)) within += s.qty;
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
