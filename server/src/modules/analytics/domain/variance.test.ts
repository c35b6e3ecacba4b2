import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviation, flagged, severity } from './variance.ts';

test('deviation is (planned − actual) ÷ actual, null without demand or plan', () => {
  const cases = [
    { planned: 13, actual: 10, want: 0.3 },
    { planned: 5, actual: 10, want: -0.5 },
    { planned: 2, actual: 3, want: -0.3333 },
    { planned: 4, actual: 0, want: null },
    { planned: null, actual: 4, want: null },
  ];
  for (const c of cases) assert.equal(deviation(c.planned, c.actual), c.want, JSON.stringify(c));
});

test('a buffer is flagged beyond the threshold either way, or when it expects demand that never came', () => {
  const cases = [
    { adu: 13, actual: 10, threshold: 0.3, want: false }, // exactly 30 %: within
    { adu: 13.1, actual: 10, threshold: 0.3, want: true },
    { adu: 6.9, actual: 10, threshold: 0.3, want: true },
    { adu: 8, actual: 10, threshold: 0.3, want: false },
    { adu: 8, actual: 10, threshold: 0.1, want: true },
    { adu: 1, actual: 0, threshold: 0.3, want: true },
    { adu: 0, actual: 0, threshold: 0.3, want: false },
    { adu: null, actual: 5, threshold: 0.3, want: false },
  ];
  for (const c of cases) assert.equal(flagged(c.adu, c.actual, c.threshold), c.want, JSON.stringify(c));
});

test('severity ranks ADU without demand first, then the largest relative gap', () => {
  const rows = [
    { id: 'close', adu: 9, actual: 10 },
    { id: 'none', adu: 2, actual: 0 },
    { id: 'unsized', adu: null, actual: 3 },
    { id: 'far', adu: 20, actual: 10 },
    { id: 'low', adu: 4, actual: 10 },
  ];
  const order = rows.sort((a, b) => severity(b.adu, b.actual) - severity(a.adu, a.actual)).map((r) => r.id);
  assert.deepEqual(order, ['none', 'far', 'low', 'close', 'unsized']);
});
