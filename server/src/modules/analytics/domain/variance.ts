import { round4 } from './kpis.ts';

// Signal integrity of buffers (docs/ARCHITECTURE.md, analytics): the ADU a buffer was sized
// with against the demand that then came, and the engine's month forecasts against it too.

/** |ADU − actual| ÷ actual beyond this flags a buffer: a third off resizes every zone by a third. */
export const DEFAULT_VARIANCE_THRESHOLD = 0.3;

/** (planned − actual) ÷ actual: positive when the plan was too high; null when nothing sold. */
export const deviation = (planned: number | null, actual: number) =>
  planned === null || actual <= 0 ? null : round4((planned - actual) / actual);

/**
 * A buffer's ADU is flagged when it strays from actual daily demand by more than the
 * threshold, or when it expects demand that never came (nothing sold, ADU above 0).
 */
export const flagged = (adu: number | null, actual: number, threshold: number) => {
  if (adu === null) return false;
  if (actual <= 0) return adu > 0;
  return Math.abs(adu - actual) / actual > threshold;
};

/** How far off a buffer is, for sorting: ADU with no demand at all is the farthest. */
export const severity = (adu: number | null, actual: number) => {
  if (adu === null) return -1;
  if (actual <= 0) return adu > 0 ? Number.POSITIVE_INFINITY : 0;
  return Math.abs(adu - actual) / actual;
};
