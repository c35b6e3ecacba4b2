import { roundPlaces } from './rounding.ts';

/** One replenishment suggestion as the inbox left it. */
export type SuggestionOutcome = {
  status: 'OPEN' | 'APPROVED' | 'REJECTED' | 'CLOSED';
  quantity: number;
  suggested_quantity: number | null;
  created_at: string;
  closed_at: string | null;
};

export type SignalIntegrity = {
  suggestions: number;
  open: number;
  approved: number;
  /** Approved at the quantity the engine asked for (within a hundredth). */
  approved_as_suggested: number;
  approved_changed: number;
  rejected: number;
  /** Closed because net flow recovered before anyone acted. */
  closed_unattended: number;
  /** Approved as suggested over all decided (approved + rejected), in percent. */
  followed_percent: number | null;
  average_hours_to_decision: number | null;
};

/**
 * Signal integrity (DDI): how faithfully planners act on the buffers' signals — how many
 * suggestions were approved as the engine sized them, changed, rejected or left to lapse, and
 * how long a decision took.
 */
export const signalIntegrity = (rows: SuggestionOutcome[]): SignalIntegrity => {
  let approvedAsSuggested = 0;
  let approvedChanged = 0;
  let rejected = 0;
  let closed = 0;
  let open = 0;
  const hours: number[] = [];
  for (const r of rows) {
    if (r.status === 'OPEN') open++;
    else if (r.status === 'CLOSED') closed++;
    else {
      if (r.status === 'REJECTED') rejected++;
      else if (r.suggested_quantity !== null && Math.abs(r.quantity - r.suggested_quantity) < 0.01)
        approvedAsSuggested++;
      else approvedChanged++;
      if (r.closed_at) hours.push((Date.parse(r.closed_at) - Date.parse(r.created_at)) / 3_600_000);
    }
  }
  const decided = approvedAsSuggested + approvedChanged + rejected;
  return {
    suggestions: rows.length,
    open,
    approved: approvedAsSuggested + approvedChanged,
    approved_as_suggested: approvedAsSuggested,
    approved_changed: approvedChanged,
    rejected,
    closed_unattended: closed,
    followed_percent: decided ? roundPlaces((approvedAsSuggested / decided) * 100, 2) : null,
    average_hours_to_decision: hours.length
      ? roundPlaces(hours.reduce((a, b) => a + b, 0) / hours.length, 2)
      : null,
  };
};
