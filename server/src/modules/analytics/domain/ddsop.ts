import { addDays, dayNumber } from '../../../platform/dates.ts';
import { averageOnHandTarget, round4 } from './kpis.ts';

// The weekly arithmetic of DDS&OP projections (docs/ARCHITECTURE.md, analytics). Zones come
// from planning's own formulas; these functions only spread forecasts and add weeks up.

/** Rolling weeks of seven days from `today`: week 1 is today and the six days after it. */
export const weekStarts = (today: string, weeks: number) =>
  Array.from({ length: weeks }, (_, i) => addDays(today, 7 * i));

export type Range = { start: string; end: string; qty: number };

/**
 * A week's projected ADU: each day takes the forecast range covering it (its quantity spread
 * evenly over its days) or, where none does, `fallback` (the buffer's current base ADU); the
 * week's ADU is the mean of its seven days.
 */
export const weekAdu = (ranges: readonly Range[], weekStart: string, fallback: number) => {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const day = addDays(weekStart, i);
    const r = ranges.find((x) => x.start <= day && x.end >= day);
    sum += r ? r.qty / (dayNumber(r.end) - dayNumber(r.start) + 1) : fallback;
  }
  return sum / 7;
};

/** One buffer in one week: its projected ADU and zones, its unit cost and what supplies it. */
export type BufferWeek = {
  adu: number;
  red: number;
  yellow: number;
  green: number;
  cost: number | null;
  kind: 'purchased' | 'manufactured' | 'distributed';
  /** Preferred supplier for purchased items, the product for made ones. */
  source: string | null;
};

/** A week summed over buffers: average on-hand target (red + green ÷ 2) in units and at cost, and load. */
export const weekTotals = (rows: readonly BufferWeek[]) => {
  let target = 0;
  let value = 0;
  let red = 0;
  let yellow = 0;
  let green = 0;
  let purchase = 0;
  let production = 0;
  for (const r of rows) {
    const t = averageOnHandTarget(r.red, r.green);
    target += t;
    value += t * (r.cost ?? 0);
    red += r.red;
    yellow += r.yellow;
    green += r.green;
    if (r.kind === 'purchased') purchase += r.adu * 7;
    if (r.kind === 'manufactured') production += r.adu * 7;
  }
  return {
    buffers: rows.length,
    adu: round4(rows.reduce((s, r) => s + r.adu, 0)),
    red: round4(red),
    yellow: round4(yellow),
    green: round4(green),
    target_units: round4(target),
    target_value: round4(value),
    purchase_load: round4(purchase),
    production_load: round4(production),
  };
};

/**
 * Weekly demand on each source: projected ADU × 7 of the purchased buffers by preferred
 * supplier (`kind` purchased) or of the manufactured ones by item, one series per source.
 */
export const loadBy = (weeks: readonly (readonly BufferWeek[])[], kind: 'purchased' | 'manufactured') => {
  const out = new Map<string | null, number[]>();
  weeks.forEach((rows, w) => {
    for (const r of rows) {
      if (r.kind !== kind) continue;
      const series = out.get(r.source) ?? new Array<number>(weeks.length).fill(0);
      series[w] = (series[w] ?? 0) + r.adu * 7;
      out.set(r.source, series);
    }
  });
  return [...out].map(([source, series]) => ({
    source,
    weekly: series.map(round4),
    total: round4(series.reduce((s, x) => s + x, 0)),
  }));
};
