import { z } from 'zod';

/**
 * The largest numbers planning accepts from a client, and the most iterations the engine runs
 * whatever its input. One place, so the HTTP schemas, the `flujo ddmrp` command and the engine
 * agree; the README's "Limits" table repeats them. Every limit is far beyond what a small or
 * medium business plans with, and small enough that no single request can hold the server.
 */
export const LIMITS = {
  /** Any quantity a client sets: zones, batches, capacity, MOQ, forecasts, approvals, on hand. */
  quantity: 1_000_000_000,
  /** Smallest rounding step or order multiple: quantities keep four decimals. */
  step: 0.0001,
  /** Lead times, DLT, extra lead time, order cycle: ten years. */
  leadTimeDays: 3650,
  /** ADU horizons: two years of history or forecast. */
  horizonDays: 730,
  /** Spike horizon: one year ahead. */
  spikeHorizonDays: 365,
  /** Days the simulator replays: two years. */
  simulationDays: 730,
  /** Days of buffer history one request reads: two years and a leap day. */
  historyDays: 731,
  /** Planned adjustments and profile factors multiply by at most this. */
  factor: 100,
  /** Supply due within DLT × this factor counts in net flow. */
  incomingSafetyFactor: 10,
  /** Spike threshold, as a percentage of red. */
  percent: 1000,
  /** Supply orders one recommendation or approval splits into by the maximum batch. */
  batches: 100,
  /** Days the projected on-hand alert walks, whatever the adjusted DLT. */
  projectionDays: 3650,
  /** Levels of a bill of materials the DLT follows down. */
  bomDepth: 100,
} as const;

/** A quantity a client sets: zero up to the largest quantity. */
export const Quantity = z.number().finite().min(0).max(LIMITS.quantity);
/** A quantity that may be negative (on hand after oversold reservations, returns). */
export const SignedQuantity = z.number().finite().min(-LIMITS.quantity).max(LIMITS.quantity);
/** A rounding step, order multiple or batch size: positive, not finer than four decimals. */
export const Step = z.number().finite().min(LIMITS.step).max(LIMITS.quantity);
/** Lead time, DLT, extra lead time or order cycle, in days. */
export const LeadDays = z.number().finite().min(0).max(LIMITS.leadTimeDays);
/** A multiplying factor: zero up to the largest factor. */
export const Factor = z.number().finite().min(0).max(LIMITS.factor);

/**
 * Holds a value the server derived (stacked adjustments, catalog lead times, stock sums, rows
 * stored before these limits) within the bounds a client is held to, so the engine's input
 * always parses.
 */
export const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/** `clamp` to each kind of bound, for the calculation and the simulator alike. */
export const held = {
  quantity: (v: number | null) => (v === null ? null : clamp(v, 0, LIMITS.quantity)),
  signedQuantity: (v: number) => clamp(v, -LIMITS.quantity, LIMITS.quantity),
  step: (v: number) => clamp(v, LIMITS.step, LIMITS.quantity),
  days: (v: number) => clamp(v, 0, LIMITS.leadTimeDays),
  factor: (v: number) => clamp(v, 0, LIMITS.factor),
};
