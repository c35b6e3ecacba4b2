import { zForLevel } from './normal.ts';
import { lagMeanSquare } from './stats.ts';

export type Band = { lo: number[]; hi: number[] };
export type Intervals = Record<string, Band>;

/** Keys as the contract prints them: 80 → "80", 97.5 → "97.5". */
const key = (level: number) => String(level);

/** Every band holds lo ≤ mean ≤ hi with lo ≥ 0 (demand is never negative). */
const band = (mean: readonly number[], width: (j: number) => number): Band => ({
  lo: mean.map((v, j) => Math.max(0, v - width(j))),
  hi: mean.map((v, j) => v + width(j)),
});

/** From the model's own error spread: mean ± z·sd. */
export const normalIntervals = (
  mean: readonly number[],
  sd: readonly number[],
  levels: readonly number[],
) => {
  const out: Intervals = {};
  for (const level of levels) {
    const z = zForLevel(level);
    out[key(level)] = band(mean, (j) => z * sd[j]!);
  }
  return out;
};

/**
 * Split-conformal from the backtest: the absolute errors of every origin and step, each divided
 * by √step so steps can be pooled (a handful of origins gives too few errors per step), then
 * the ⌈(N+1)·level⌉-th smallest of the N pooled values — the largest when N is too small for the
 * level — times √step for each step of the horizon.
 */
export const conformalIntervals = (
  mean: readonly number[],
  errors: readonly number[][],
  levels: readonly number[],
) => {
  const pooled: number[] = [];
  for (const row of errors) for (const [j, e] of row.entries()) pooled.push(Math.abs(e) / Math.sqrt(j + 1));
  pooled.sort((a, b) => a - b);
  const n = pooled.length;
  const out: Intervals = {};
  for (const level of levels) {
    const rank = Math.min(n, Math.ceil(((n + 1) * level) / 100));
    const q = n === 0 ? 0 : pooled[rank - 1]!;
    out[key(level)] = band(mean, (j) => q * Math.sqrt(j + 1));
  }
  return out;
};

/**
 * Neither a model spread nor a backtest (a very short series): the random-walk spread of the
 * naive method, σ√step with σ from the one-step changes; zero width with a single value.
 */
export const fallbackIntervals = (
  mean: readonly number[],
  y: readonly number[],
  levels: readonly number[],
) => {
  const ms = lagMeanSquare(y, 1) ?? 0;
  return normalIntervals(
    mean,
    mean.map((_, j) => Math.sqrt(ms * (j + 1))),
    levels,
  );
};
