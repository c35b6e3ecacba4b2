import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracyBy,
  accuracyOf,
  accuracyValue,
  addMonths,
  kpiAccuracyMonths,
  monthsBetween,
  naiveScale,
} from './accuracy.ts';

test('months step across year ends both ways', () => {
  const cases = [
    { month: '2026-01-01', n: -1, want: '2025-12-01' },
    { month: '2026-11-01', n: 2, want: '2027-01-01' },
    { month: '2026-03-01', n: -13, want: '2025-02-01' },
    { month: '2026-03-01', n: 0, want: '2026-03-01' },
  ];
  for (const c of cases) assert.equal(addMonths(c.month, c.n), c.want, JSON.stringify(c));
  assert.deepEqual(monthsBetween('2025-11-01', '2026-02-01'), [
    '2025-11-01',
    '2025-12-01',
    '2026-01-01',
    '2026-02-01',
  ]);
});

test('the scale is the mean squared month-to-month change, null when it cannot divide', () => {
  const cases = [
    // changes +2, −3: (4 + 9) ÷ 2
    { history: [10, 12, 9], want: 6.5 },
    { history: [0, 0, 4, 0], want: 32 / 3 },
    { history: [5, 5, 5], want: null },
    { history: [3], want: null },
    { history: [], want: null },
  ];
  for (const c of cases) assert.equal(naiveScale(c.history), c.want, JSON.stringify(c));
});

const A1 = { item: 'A', month: '2026-01-01', forecast: 10, actual: 8, scale: 4 };
const A2 = { item: 'A', month: '2026-02-01', forecast: 6, actual: 10, scale: 4 };
const B1 = { item: 'B', month: '2026-01-01', forecast: 5, actual: 0, scale: null };

test('bias, MAE, WAPE and RMSSE of a group, worked by hand', () => {
  assert.deepEqual(accuracyOf([A1, A2, B1]), {
    items: 2,
    item_months: 3,
    forecast: 21,
    actual: 18,
    // (21 − 18) ÷ 18
    bias: 0.1667,
    // (2 + 4 + 5) ÷ 3
    mae: 3.6667,
    // 11 ÷ 18
    wape: 0.6111,
    // A: √((2²/4 + 4²/4) ÷ 2) = √2.5; B has no scale and is left out
    rmsse: 1.5811,
    rmsse_item_months: 2,
  });
});

test('RMSSE averages items, not item-months', () => {
  const C1 = { item: 'C', month: '2026-01-01', forecast: 3, actual: 3, scale: 1 };
  // A: √2.5 = 1.5811; C: 0; mean 0.7906
  assert.equal(accuracyOf([A1, A2, C1]).rmsse, 0.7906);
});

test('ratios are null when nothing was sold or nothing was forecast', () => {
  const cases = [
    { rows: [], want: { bias: null, mae: null, wape: null, rmsse: null } },
    { rows: [B1], want: { bias: null, mae: 5, wape: null, rmsse: null } },
  ];
  for (const c of cases) {
    const { bias, mae, wape, rmsse } = accuracyOf(c.rows);
    assert.deepEqual({ bias, mae, wape, rmsse }, c.want);
  }
});

test('groups keep their own figures', () => {
  const byMonth = accuracyBy([A1, A2, B1], (r) => r.month);
  assert.deepEqual(
    byMonth.map((g) => [g.key, g.forecast, g.actual, g.wape]),
    [
      ['2026-01-01', 15, 8, 0.875],
      ['2026-02-01', 6, 10, 0.4],
    ],
  );
});

test('accuracy on the KPI page is 1 − WAPE, floored at 0', () => {
  const cases = [
    { wape: 0.25, want: 0.75 },
    { wape: 1.6, want: 0 },
    { wape: null, want: null },
  ];
  for (const c of cases) assert.equal(accuracyValue(c.wape), c.want);
});

test('the KPI page judges the complete months its window overlaps, else the last complete one', () => {
  const today = '2026-12-07';
  const cases = [
    { from: '2026-11-08', to: '2026-12-07', want: { first: '2026-11-01', last: '2026-11-01' } },
    { from: '2026-12-01', to: '2026-12-07', want: { first: '2026-11-01', last: '2026-11-01' } },
    { from: '2026-06-15', to: '2026-09-02', want: { first: '2026-06-01', last: '2026-09-01' } },
    { from: '2026-12-02', to: '2027-01-10', want: { first: '2026-11-01', last: '2026-11-01' } },
  ];
  for (const c of cases) assert.deepEqual(kpiAccuracyMonths(c.from, c.to, today), c.want, JSON.stringify(c));
});
