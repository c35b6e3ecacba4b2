import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conformalIntervals, fallbackIntervals, normalIntervals } from './intervals.ts';
import { zForLevel } from './normal.ts';

const close = (a: readonly number[], b: readonly number[]) =>
  assert.ok(a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-6), `${a} ≠ ${b}`);

test('normal intervals are mean ± z·sd, lo clamped at zero', () => {
  const r = normalIntervals([10, 1], [2, 2], [95]);
  const z = zForLevel(95);
  close(r['95']!.lo, [10 - z * 2, 0]);
  close(r['95']!.hi, [10 + z * 2, 1 + z * 2]);
});

// Errors [[1, −2], [−3, 4]] pool to |e|/√step = 1, √2, 3, 2√2; N = 4.
// 80%: rank ⌈5 × 0.8⌉ = 4 → 3; 50%: rank ⌈2.5⌉ = 3 → 2√2; widths grow with √step.
test('conformal intervals pool the backtest errors scaled by √step', () => {
  const r = conformalIntervals(
    [5, 5, 5],
    [
      [1, -2],
      [-3, 4],
    ],
    [80, 50],
  );
  close(r['80']!.lo, [2, 5 - 3 * Math.SQRT2, 0]);
  close(r['80']!.hi, [8, 5 + 3 * Math.SQRT2, 5 + 3 * Math.sqrt(3)]);
  close(r['50']!.hi, [5 + 2 * Math.SQRT2, 9, 5 + 2 * Math.SQRT2 * Math.sqrt(3)]);
});

test('with too few errors for the level, the conformal width is the largest one', () => {
  const r = conformalIntervals([5], [[2]], [95]);
  close(r['95']!.hi, [7]);
});

test('the fallback is the random-walk spread, and zero wide with one value', () => {
  const r = fallbackIntervals([3, 3], [1, 3], [80]);
  const z = zForLevel(80);
  close(r['80']!.hi, [3 + z * 2, 3 + z * 2 * Math.SQRT2]);
  const one = fallbackIntervals([4], [4], [80]);
  close(one['80']!.lo, [4]);
  close(one['80']!.hi, [4]);
});
