import type { Priority } from './net-flow.ts';

const RANK: Record<Priority, number> = { red: 0, yellow: 1, green: 2 };

export type Claim = { id: string; priority: Priority; netFlowPercent: number | null };

/**
 * Prioritised share of constrained supply (DDI): buffers drawing on one limited source are
 * served in order of need — red before yellow before green, then the lowest net flow % — each
 * taking what it orders out of what is left. `order(id, cap)` returns what that buffer orders
 * when it may take at most `cap`.
 */
export const shareSupply = (
  claims: Claim[],
  available: number,
  order: (id: string, cap: number) => number,
): Map<string, number> => {
  const sorted = [...claims].sort(
    (a, b) =>
      RANK[a.priority] - RANK[b.priority] ||
      (a.netFlowPercent ?? 0) - (b.netFlowPercent ?? 0) ||
      a.id.localeCompare(b.id),
  );
  const caps = new Map<string, number>();
  let left = Math.max(0, available);
  for (const c of sorted) {
    caps.set(c.id, left);
    left = Math.max(0, left - order(c.id, left));
  }
  return caps;
};
