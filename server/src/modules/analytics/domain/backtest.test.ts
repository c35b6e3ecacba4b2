import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backtest, planOrigins } from './backtest.ts';
import { naive } from './baseline.ts';

const ORIGINS: [name: string, n: number, m: number, h: number, trains: number[], window: number][] = [
  ['a short non-seasonal series gets two windows of h', 9, 1, 2, [5, 7], 2],
  ['7 years of months: three yearly windows', 84, 12, 12, [48, 60, 72], 12],
  ['2 years of days: three 30-day windows', 730, 7, 30, [640, 670, 700], 30],
  ['20 months with h 12: windows shrink to keep two origins', 20, 12, 12, [14, 17], 3],
  ['one value past the shortest training part: one origin of one step', 6, 1, 5, [5], 1],
  ['a season and no more: no origin', 13, 12, 12, [], 0],
  ['five values without a season: no origin', 5, 1, 3, [], 0],
];

for (const [name, n, m, h, trains, window] of ORIGINS) {
  test(`origins: ${name}`, () => {
    const origins = planOrigins(new Array<number>(n).fill(1), m, h);
    assert.deepEqual(
      origins.map((o) => o.train),
      trains,
    );
    for (const o of origins) assert.equal(o.window, window);
  });
}

// y = [2, 4, 3, 5, 6, 4, 7, 5, 8], naive, m = 1, h = 2.
// Origin 5: train diffs 2, −1, 2, 1 → scale² 10/4, scale 6/4; forecast 6, 6 vs 4, 7 → errors −2, 1.
// Origin 7: diffs add −2, 3 → scale² 23/6, scale 11/6; forecast 7, 7 vs 5, 8 → errors −2, 1.
test('RMSSE and MASE by hand on a two-origin backtest', () => {
  const y = [2, 4, 3, 5, 6, 4, 7, 5, 8];
  const origins = planOrigins(y, 1, 2);
  assert.deepEqual(
    origins.map((o) => [o.scale2, o.scale1]),
    [
      [2.5, 1.5],
      [23 / 6, 11 / 6],
    ],
  );
  const run = backtest(y, origins, (train, w) => naive.fit(train, 1, w).mean);
  const rmsse = (Math.sqrt(2.5 / 2.5) + Math.sqrt(2.5 / (23 / 6))) / 2;
  const mase = (1.5 / 1.5 + 1.5 / (11 / 6)) / 2;
  assert.ok(Math.abs(run.rmsse - rmsse) < 1e-12, `rmsse ${run.rmsse}`);
  assert.ok(Math.abs(run.mase - mase) < 1e-12, `mase ${run.mase}`);
  assert.deepEqual(run.errors, [
    [-2, 1],
    [-2, 1],
  ]);
});

test('the scale is the seasonal naive one when there is a season', () => {
  // Lag-2 differences of [1, 5, 2, 7, 3]: 1, 2, 1 → scale² 2, scale 4/3.
  const [o] = planOrigins([1, 5, 2, 7, 3, 9, 4, 11], 2, 1);
  assert.equal(o?.train, 5);
  assert.deepEqual([o?.scale2, o?.scale1], [2, 4 / 3]);
});

test('a flat training part has a tiny scale of its own size, or 1 when all zeros', () => {
  assert.equal(planOrigins([4, 4, 4, 4, 4, 4], 1, 1)[0]?.scale2, 16e-6);
  assert.equal(planOrigins([0, 0, 0, 0, 0, 3], 1, 1)[0]?.scale2, 1);
});

test('backtest forecasts are clamped at zero like the final ones', () => {
  const origins = planOrigins([5, 4, 3, 2, 1, 0], 1, 1);
  assert.deepEqual(backtest([5, 4, 3, 2, 1, 0], origins, () => [-3]).forecasts, [[0]]);
});
