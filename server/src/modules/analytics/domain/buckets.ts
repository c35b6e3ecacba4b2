import { addDays, dayNumber, isoDay } from '../../../platform/dates.ts';
import type { Period } from './types.ts';

/** The first day of the bucket holding `day`: itself, its ISO week's Monday, or the 1st of its month. */
export const bucketStart = (day: string, period: Period): string => {
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day);
  // Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (n + 3) mod 7.
  return isoDay(n - ((((n + 3) % 7) + 7) % 7));
};

/** The day after the bucket that starts on `start`. */
export const nextBucket = (start: string, period: Period): string => {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** Days in the bucket that starts on `start`. */
export const bucketDays = (start: string, period: Period) =>
  dayNumber(nextBucket(start, period)) - dayNumber(start);

/**
 * Demand per bucket, oldest first, from the bucket of the first day with demand up to the
 * bucket that ends the day before `until` (whole buckets only: `until` is a bucket's first
 * day). Leading buckets before an item ever sold are not history, so they are left out; an
 * item with no demand at all has an empty series. `first` is the first bucket's start. With
 * `from`, the series starts at `from`'s bucket instead, whatever sold (a chart's fixed span).
 */
export const bucketize = (
  days: readonly { day: string; qty: number }[],
  period: Period,
  until: string,
  from?: string,
): { first: string | null; values: number[] } => {
  const sums = new Map<string, number>();
  let first: string | null = from === undefined ? null : bucketStart(from, period);
  for (const d of days) {
    if (d.day >= until || d.qty <= 0 || (first !== null && from !== undefined && d.day < first)) continue;
    const b = bucketStart(d.day, period);
    sums.set(b, (sums.get(b) ?? 0) + d.qty);
    if (first === null || b < first) first = b;
  }
  if (first === null) return { first: null, values: [] };
  const values: number[] = [];
  for (let b = first; b < until; b = nextBucket(b, period)) values.push(sums.get(b) ?? 0);
  return { first, values };
};

/**
 * The forecast as date ranges for planning, from `today` on: step 1 is the bucket holding
 * today, of which only the days from today on remain (its mean is prorated to them); later
 * steps are whole buckets. Planning spreads each range's total evenly over its days.
 */
export const forecastRanges = (
  today: string,
  period: Period,
  mean: readonly number[],
): { start_date: string; end_date: string; quantity: number }[] => {
  let start = bucketStart(today, period);
  return mean.map((m, i) => {
    const next = nextBucket(start, period);
    const from = i === 0 ? today : start;
    const share = (dayNumber(next) - dayNumber(from)) / (dayNumber(next) - dayNumber(start));
    const range = { start_date: from, end_date: addDays(next, -1), quantity: m * share };
    start = next;
    return range;
  });
};
