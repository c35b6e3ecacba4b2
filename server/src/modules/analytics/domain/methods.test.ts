import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historicMean, naive, seasonalNaive } from './baseline.ts';
import { adida, adidaBuckets, croston, crostonState, sba, tsb } from './intermittent.ts';
import { fitAlpha, ses, sesForecast, sesRun } from './ses.ts';
import type { Method } from './types.ts';

const close = (actual: readonly number[] | undefined, expected: readonly number[], tol = 1e-6) => {
  assert.ok(actual, 'expected a vector');
  assert.equal(actual.length, expected.length);
  for (const [i, a] of actual.entries())
    assert.ok(Math.abs(a - expected[i]!) < tol, `[${i}] ${a} ≠ ${expected[i]}`);
};

type Case = {
  name: string;
  method: Method;
  y: number[];
  m: number;
  h: number;
  mean: number[];
  sd?: number[];
};

// Worked by hand; σ² is the mean of the squared in-sample residuals of each method.
const CASES: Case[] = [
  {
    name: 'naive: last value, σ√h with σ² = (4 + 1 + 9) / 3',
    method: naive,
    y: [1, 3, 2, 5],
    m: 1,
    h: 3,
    mean: [5, 5, 5],
    sd: [Math.sqrt(14 / 3), Math.sqrt(28 / 3), Math.sqrt(14)],
  },
  {
    name: 'seasonal naive: last season repeated, σ grows once per whole season',
    method: seasonalNaive,
    y: [1, 2, 3, 4, 2, 3, 4, 6],
    m: 4,
    h: 6,
    mean: [2, 3, 4, 6, 2, 3],
    sd: [1.75, 1.75, 1.75, 1.75, 3.5, 3.5].map(Math.sqrt),
  },
  {
    name: 'seasonal naive with fewer values than a season is naive',
    method: seasonalNaive,
    y: [1, 2],
    m: 4,
    h: 2,
    mean: [2, 2],
    sd: [1, Math.SQRT2],
  },
  {
    name: 'mean: σ√(1 + 1/n) with the sample σ² = 20 / 3',
    method: historicMean,
    y: [2, 4, 6, 8],
    m: 1,
    h: 2,
    mean: [5, 5],
    sd: [Math.sqrt((20 / 3) * 1.25), Math.sqrt((20 / 3) * 1.25)],
  },
  {
    name: 'croston: size 3 → 3.2 → 3.28, interval 3 → 2.9 → 2.91',
    method: croston,
    y: [0, 0, 3, 0, 5, 0, 0, 4],
    m: 1,
    h: 2,
    mean: [3.28 / 2.91, 3.28 / 2.91],
  },
  {
    name: 'sba: croston × 0.95',
    method: sba,
    y: [0, 0, 3, 0, 5, 0, 0, 4],
    m: 1,
    h: 1,
    mean: [(3.28 / 2.91) * 0.95],
  },
  {
    name: 'tsb: probability 0.375 → 0.39337420375, size 4 → 4.009',
    method: tsb,
    y: [0, 0, 3, 0, 5, 0, 0, 4],
    m: 1,
    h: 1,
    mean: [0.39337420375 * 4.009],
  },
  {
    name: 'adida: buckets of 3 → [8, 4]; α ties go to 0.01, so 7.96 / 3 a period',
    method: adida,
    y: [0, 0, 3, 0, 5, 0, 0, 4],
    m: 1,
    h: 2,
    mean: [7.96 / 3, 7.96 / 3],
  },
  {
    name: 'adida: buckets of 2 → [2, 2, 2, 3], the oldest value dropped; 2.01 / 2 a period',
    method: adida,
    y: [0, 2, 0, 2, 0, 2, 0, 2, 1],
    m: 1,
    h: 1,
    mean: [1.005],
  },
  { name: 'croston of no demand is zero', method: croston, y: [0, 0, 0], m: 1, h: 2, mean: [0, 0] },
  { name: 'tsb of no demand is zero', method: tsb, y: [0, 0, 0], m: 1, h: 1, mean: [0] },
  { name: 'adida of no demand is zero', method: adida, y: [0, 0, 0], m: 1, h: 1, mean: [0] },
];

for (const c of CASES) {
  test(c.name, () => {
    const f = c.method.fit(c.y, c.m, c.h);
    close(f.mean, c.mean);
    if (c.sd) close(f.sd, c.sd);
    else assert.equal(f.sd, undefined, 'intermittent methods have no distribution');
  });
}

test('a single value leaves nothing to estimate σ from, so no sd', () => {
  for (const method of [naive, seasonalNaive, historicMean, ses])
    assert.equal(method.fit([4], 1, 2).sd, undefined);
});

test('SES with α 0.5 by hand: level 10 → 11 → 9.5 → 9.75, SSE 13.25 over 3 errors', () => {
  assert.deepEqual(sesRun([10, 12, 8, 10], 0.5), { level: 9.75, sse: 13.25, errors: 3 });
  const f = sesForecast([10, 12, 8, 10], 0.5, 3);
  close(f.mean, [9.75, 9.75, 9.75]);
  const s2 = 13.25 / 3;
  close(f.sd, [s2, s2 * 1.25, s2 * 1.5].map(Math.sqrt));
});

test('fitted α: 1 for a clean line, the smallest for a constant, and no α on a fine grid does better', () => {
  assert.ok(Math.abs(fitAlpha([1, 2, 3, 4, 5, 6, 7, 8]) - 1) < 1e-3);
  assert.equal(fitAlpha([5, 5, 5, 5]), 0.01);
  let seed = 7;
  const rand = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let s = 0; s < 20; s++) {
    const y = Array.from({ length: 40 }, (_, t) => 10 + 3 * Math.sin(t / (2 + s)) + 4 * rand());
    const best = sesRun(y, fitAlpha(y)).sse;
    for (let a = 0.01; a <= 1; a += 0.001) assert.ok(best <= sesRun(y, a).sse * (1 + 1e-6) + 1e-9, `α ${a}`);
  }
});

test('croston starts the interval from the start of the history', () => {
  assert.deepEqual(crostonState([0, 0, 6], 0.1), { size: 6, interval: 3 });
  assert.equal(crostonState([0, 0], 0.1), null);
});

test('adida cuts buckets from the end so the latest one is complete', () => {
  assert.deepEqual(adidaBuckets([1, 0, 0, 2, 0, 0, 3]), { k: 2, sums: [0, 2, 3] });
  assert.deepEqual(adidaBuckets([0, 0, 9]), { k: 3, sums: [9] });
});
