/**
 * Rounding for the engine. Values are plain numbers; every result is rounded half-up to a
 * step (the unit's rounding, 0.01 by default) with a guard against binary noise, so
 * 0.1 + 0.2 sized at step 0.01 is 0.3 and 2.675 rounds to 2.68.
 */
const EPS = 1e-9;

/** Decimal places of a step such as 0.01 → 2, 0.5 → 1, 1 → 0. */
const placesOf = (step: number) => {
  const s = String(step);
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  return s.includes('.') ? (s.split('.')[1] ?? '').length : 0;
};

/** Half-up (away from zero for halves) to a multiple of `step`. */
export const roundTo = (x: number, step: number): number => {
  if (step <= 0) throw new Error('rounding step must be positive');
  const units = x / step;
  const rounded = Math.sign(units) * Math.floor(Math.abs(units) + 0.5 + EPS);
  return Number((rounded * step).toFixed(placesOf(step))) + 0;
};

/** Percentages and day counts: half-up to `places` decimals. */
export const roundPlaces = (x: number, places: number): number => roundTo(x, 10 ** -places);

/** Down to a multiple of `step` (never rounding 2.9999999 below 3). */
export const floorTo = (x: number, step: number): number =>
  Number((Math.floor(x / step + EPS) * step).toFixed(placesOf(step))) + 0;

/** Up to a multiple of `step` (never rounding 3.0000001 above 3). */
export const ceilTo = (x: number, step: number): number =>
  Number((Math.ceil(x / step - EPS) * step).toFixed(placesOf(step))) + 0;
