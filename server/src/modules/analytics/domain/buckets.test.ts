import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketDays, bucketize, bucketStart, forecastRanges, nextBucket } from './buckets.ts';

test('a bucket starts on the day itself, the ISO week Monday, or the 1st of the month', () => {
  const cases = [
    ['2026-12-07', 'day', '2026-12-07'],
    ['2026-12-07', 'week', '2026-12-07'], // a Monday
    ['2026-12-13', 'week', '2026-12-07'], // the Sunday after
    ['2026-12-06', 'week', '2026-11-30'], // the Sunday before
    ['2027-01-01', 'week', '2026-12-28'], // a week across the new year
    ['1970-01-01', 'week', '1969-12-29'], // before day 0's own week
    ['2026-12-31', 'month', '2026-12-01'],
  ] as const;
  for (const [day, period, start] of cases) assert.equal(bucketStart(day, period), start, `${day} ${period}`);
});

test('the next bucket and its length: 7 days a week, the month’s own days', () => {
  assert.equal(nextBucket('2026-12-01', 'month'), '2027-01-01');
  assert.equal(nextBucket('2026-12-28', 'week'), '2027-01-04');
  assert.equal(bucketDays('2028-02-01', 'month'), 29);
  assert.equal(bucketDays('2026-02-01', 'month'), 28);
  assert.equal(bucketDays('2026-12-07', 'week'), 7);
});

test('history starts at the first bucket with demand, fills empty buckets with 0, and stops before `until`', () => {
  const days = [
    { day: '2026-11-10', qty: 2 }, // week of 11-09
    { day: '2026-11-12', qty: 3 },
    { day: '2026-11-25', qty: 4 }, // week of 11-23; 11-16 has none
    { day: '2026-12-02', qty: 0 }, // a day without demand adds nothing
    { day: '2026-12-08', qty: 9 }, // this week, not whole yet
  ];
  assert.deepEqual(bucketize(days, 'week', '2026-12-07'), { first: '2026-11-09', values: [5, 0, 4, 0] });
  assert.deepEqual(bucketize([], 'week', '2026-12-07'), { first: null, values: [] });
  assert.deepEqual(bucketize(days, 'month', '2026-12-01'), { first: '2026-11-01', values: [9] });
});

test('the forecast becomes ranges from today: the current bucket prorated to its days left, then whole buckets', () => {
  // Thursday 2026-12-10: Thursday to Sunday is 4 of the week's 7 days.
  assert.deepEqual(forecastRanges('2026-12-10', 'week', [7, 14]), [
    { start_date: '2026-12-10', end_date: '2026-12-13', quantity: 4 },
    { start_date: '2026-12-14', end_date: '2026-12-20', quantity: 14 },
  ]);
  assert.deepEqual(forecastRanges('2026-12-07', 'day', [1, 2]), [
    { start_date: '2026-12-07', end_date: '2026-12-07', quantity: 1 },
    { start_date: '2026-12-08', end_date: '2026-12-08', quantity: 2 },
  ]);
});

test('with `from`, the series spans from its bucket whatever sold, leaving earlier days out', () => {
  const days = [
    { day: '2026-11-01', qty: 8 }, // before `from`'s week
    { day: '2026-11-25', qty: 4 },
  ];
  assert.deepEqual(bucketize(days, 'week', '2026-12-07', '2026-11-16'), {
    first: '2026-11-16',
    values: [0, 4, 0],
  });
});
