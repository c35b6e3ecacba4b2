import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BufferWeek, loadBy, weekAdu, weekStarts, weekTotals } from './ddsop.ts';

test('weeks roll seven days at a time from today', () => {
  assert.deepEqual(weekStarts('2026-12-28', 3), ['2026-12-28', '2027-01-04', '2027-01-11']);
});

test("a week's ADU spreads forecast ranges over their days and fills gaps with the fallback", () => {
  const week = '2026-03-02';
  const cases = [
    // 70 over exactly the week: 10 a day
    { ranges: [{ start: '2026-03-02', end: '2026-03-08', qty: 70 }], fallback: 3, want: 10 },
    // 28 over four days (7 a day) on Mon–Thu, three days at the fallback 3: (28 + 9) ÷ 7
    { ranges: [{ start: '2026-03-02', end: '2026-03-05', qty: 28 }], fallback: 3, want: 37 / 7 },
    // a month's 310 over 31 days covers the week: 10 a day
    { ranges: [{ start: '2026-03-01', end: '2026-03-31', qty: 310 }], fallback: 3, want: 10 },
    // no forecast: the fallback
    { ranges: [], fallback: 2.5, want: 2.5 },
  ];
  for (const c of cases) assert.equal(weekAdu(c.ranges, week, c.fallback), c.want, JSON.stringify(c));
});

const purchased: BufferWeek = {
  adu: 2,
  red: 15,
  yellow: 20,
  green: 10,
  cost: 4,
  kind: 'purchased',
  source: 'ACME',
};
const made: BufferWeek = {
  adu: 1,
  red: 6,
  yellow: 5,
  green: 8,
  cost: null,
  kind: 'manufactured',
  source: 'P-1',
};

test('a week adds up targets in units and at cost, and the load on suppliers and production', () => {
  assert.deepEqual(weekTotals([purchased, made]), {
    buffers: 2,
    adu: 3,
    red: 21,
    yellow: 25,
    green: 18,
    // (15 + 10 ÷ 2) + (6 + 8 ÷ 2) = 20 + 10
    target_units: 30,
    // 20 × 4; the made item has no cost and counts 0
    target_value: 80,
    purchase_load: 14,
    production_load: 7,
  });
});

test('load is per source and per week', () => {
  const other = { ...purchased, adu: 0.5, source: 'BETA' };
  const weeks = [
    [purchased, other, made],
    [{ ...purchased, adu: 3 }, made],
  ];
  assert.deepEqual(loadBy(weeks, 'purchased'), [
    { source: 'ACME', weekly: [14, 21], total: 35 },
    { source: 'BETA', weekly: [3.5, 0], total: 3.5 },
  ]);
  assert.deepEqual(loadBy(weeks, 'manufactured'), [{ source: 'P-1', weekly: [7, 7], total: 14 }]);
});
