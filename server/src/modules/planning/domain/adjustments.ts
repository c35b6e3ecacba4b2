import { roundPlaces } from './rounding.ts';

/**
 * Planned adjustments (DDMRP.md, "Zones"): over a date range, a demand factor multiplies ADU,
 * a lead-time factor multiplies DLT and zone factors multiply red, yellow and green.
 */
export type ZoneFactors = { red: number; yellow: number; green: number };

export type Adjustment = {
  buffer_id: string | null;
  product_category: string | null;
  location_id: string | null;
  start_date: string;
  end_date: string;
  demand_factor: number;
  lead_time_factor: number;
  zone_factors: ZoneFactors;
};

export type AdjustmentTarget = { buffer_id: string; product_category: string | null; location_id: string };

export type Factors = { demand_factor: number; lead_time_factor: number; zone_factors: ZoneFactors };

export type AdjustmentStatus = 'active' | 'upcoming' | 'past';

/** Where a range stands on `today`; both ends are days in force. */
export const adjustmentStatus = (
  a: { start_date: string; end_date: string },
  today: string,
): AdjustmentStatus => (a.end_date < today ? 'past' : a.start_date > today ? 'upcoming' : 'active');

/**
 * Whether an adjustment reaches a buffer: one scoped to a buffer reaches only it; otherwise
 * its category and its location, each when set, must both be the buffer's.
 */
export const appliesTo = (target: AdjustmentTarget, a: Adjustment): boolean => {
  if (a.buffer_id !== null) return a.buffer_id === target.buffer_id;
  if (a.product_category === null && a.location_id === null) return false;
  if (a.product_category !== null && a.product_category !== target.product_category) return false;
  return a.location_id === null || a.location_id === target.location_id;
};

/** The factors in force for one buffer on `asOf` (YYYY-MM-DD): the product of every matching adjustment's factors; 1s when none. */
export const factorsFor = (target: AdjustmentTarget, adjustments: Adjustment[], asOf: string): Factors => {
  const f = { demand: 1, leadTime: 1, red: 1, yellow: 1, green: 1 };
  for (const a of adjustments) {
    if (a.start_date > asOf || a.end_date < asOf || !appliesTo(target, a)) continue;
    f.demand *= a.demand_factor;
    f.leadTime *= a.lead_time_factor;
    f.red *= a.zone_factors.red;
    f.yellow *= a.zone_factors.yellow;
    f.green *= a.zone_factors.green;
  }
  // Rounded once at the end, so several small factors do not lose precision step by step.
  const r = (x: number) => roundPlaces(x, 6);
  return {
    demand_factor: r(f.demand),
    lead_time_factor: r(f.leadTime),
    zone_factors: { red: r(f.red), yellow: r(f.yellow), green: r(f.green) },
  };
};
