import { roundPlaces } from './rounding.ts';

type Priority = 'red' | 'yellow' | 'green';

/** One day of a buffer as the daily snapshot kept it; a value the engine had not produced is null. */
export type DaySnapshot = {
  date: string;
  green: number | null;
  top_of_red: number | null;
  top_of_yellow: number | null;
  top_of_green: number | null;
  on_hand: number | null;
  net_flow: number | null;
  net_flow_percent: number | null;
  planning_priority: Priority | null;
};

/** Shares are percentages of the days that could be measured; averages are null without data. */
export type IntegrityMetrics = {
  days: number;
  planning_priority_share: { red: number | null; yellow: number | null; green: number | null };
  on_hand_share: {
    below_top_of_red: number | null;
    within: number | null;
    above_top_of_green: number | null;
  };
  stockout_days: number;
  average_on_hand: number | null;
  target_average_on_hand: number | null;
  average_net_flow_percent: number | null;
};

const known = (v: number | null): v is number => v !== null && Number.isFinite(v);

const mean = (xs: number[]) => (xs.length ? roundPlaces(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : null);

/** Each key's share of `counted` days, in percent; null when no day was counted. */
const shares = <K extends string>(keys: readonly K[], tally: Record<K, number>, counted: number) =>
  Object.fromEntries(
    keys.map((k) => [k, counted ? roundPlaces((tally[k] / counted) * 100, 2) : null]),
  ) as Record<K, number | null>;

/** The stored priority, else the one net flow gives against the zones (green ≥ TOY, yellow ≥ TOR). */
const priorityOf = (s: DaySnapshot): Priority | null => {
  if (s.planning_priority) return s.planning_priority;
  if (!known(s.net_flow) || !known(s.top_of_red) || !known(s.top_of_yellow)) return null;
  return s.net_flow >= s.top_of_yellow ? 'green' : s.net_flow >= s.top_of_red ? 'yellow' : 'red';
};

/**
 * Signal and decoupling integrity of one buffer over its daily snapshots: how often net flow
 * sat in each zone, and how often on hand was too little (below TOR), just right, or too much
 * (above TOG), against DDI's target average on hand of TOR + green / 2. A day without zones
 * or positions still counts in `days` but is left out of the shares it cannot inform.
 */
export const integrityMetrics = (snapshots: readonly DaySnapshot[]): IntegrityMetrics => {
  const priority = { red: 0, yellow: 0, green: 0 };
  let prioritised = 0;
  const onHand = { below_top_of_red: 0, within: 0, above_top_of_green: 0 };
  let placed = 0;
  let stockouts = 0;
  const onHands: number[] = [];
  const targets: number[] = [];
  const nfps: number[] = [];
  for (const s of snapshots) {
    const p = priorityOf(s);
    if (p) {
      priority[p]++;
      prioritised++;
    }
    if (known(s.on_hand)) {
      onHands.push(s.on_hand);
      if (s.on_hand <= 0) stockouts++;
      if (known(s.top_of_red) && known(s.top_of_green)) {
        placed++;
        if (s.on_hand < s.top_of_red) onHand.below_top_of_red++;
        else if (s.on_hand > s.top_of_green) onHand.above_top_of_green++;
        else onHand.within++;
      }
    }
    if (known(s.top_of_red) && known(s.green)) targets.push(s.top_of_red + s.green / 2);
    if (known(s.net_flow_percent)) nfps.push(s.net_flow_percent);
  }
  return {
    days: snapshots.length,
    planning_priority_share: shares(['red', 'yellow', 'green'] as const, priority, prioritised),
    on_hand_share: shares(['below_top_of_red', 'within', 'above_top_of_green'] as const, onHand, placed),
    stockout_days: stockouts,
    average_on_hand: mean(onHands),
    target_average_on_hand: mean(targets),
    average_net_flow_percent: mean(nfps),
  };
};
