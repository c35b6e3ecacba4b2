import { roundTo } from './rounding.ts';

export type ZoneInput = {
  adu: number;
  /** DLT plus extra lead time: the days zones are sized on. */
  sizingDays: number;
  method: 'replenish' | 'min_max' | 'override';
  leadTimeFactor: number;
  variabilityFactor: number;
  orderCycleDays: number;
  moq: number;
  overrides: { red: number | null; yellow: number | null; green: number | null };
  zoneFactors: { red: number; yellow: number; green: number };
  rounding: number;
};

export type Zones = {
  red_base: number;
  red_safety: number;
  red: number;
  yellow: number;
  green: number;
  top_of_red: number;
  top_of_yellow: number;
  top_of_green: number;
};

/**
 * Red = base (d × ADU × LTF) + safety (base × VF); yellow = d × ADU (0 for min-max); green =
 * the largest of the order cycle's usage, d × ADU × LTF and the MOQ. Zone factors scale each
 * zone; a given override replaces it. Every value is rounded half-up to the unit's step.
 */
export const zones = (z: ZoneInput): Zones => {
  const r = (x: number) => roundTo(x, z.rounding);
  const usage = z.sizingDays * z.adu;
  const base = r(usage * z.leadTimeFactor * z.zoneFactors.red);
  const safety = r(base * z.variabilityFactor);
  let red = r(base + safety);
  let redBase = base;
  let redSafety = safety;
  if (z.overrides.red !== null) {
    red = r(z.overrides.red);
    redBase = red;
    redSafety = 0;
  }
  const yellow =
    z.overrides.yellow !== null
      ? r(z.overrides.yellow)
      : z.method === 'min_max'
        ? 0
        : r(usage * z.zoneFactors.yellow);
  const green =
    z.overrides.green !== null
      ? r(z.overrides.green)
      : r(Math.max(z.orderCycleDays * z.adu, usage * z.leadTimeFactor, z.moq) * z.zoneFactors.green);
  return {
    red_base: redBase,
    red_safety: redSafety,
    red,
    yellow,
    green,
    top_of_red: red,
    top_of_yellow: r(red + yellow),
    top_of_green: r(red + yellow + green),
  };
};
