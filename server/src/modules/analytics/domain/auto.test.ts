import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidatesFor } from './auto.ts';
import { type ForecastInput, forecastSeries } from './forecast.ts';
import { REGISTRY, type Refittable } from './registry.ts';
import { randomSeries } from './testing.ts';
import type { MethodName } from './types.ts';

const input = (
  values: number[],
  m: number,
  h: number,
  method: ForecastInput['method'] = 'auto',
): ForecastInput => ({
  id: 'x',
  values,
  seasonLength: m,
  horizon: h,
  levels: [80, 95],
  method,
});

test('auto is never worse than seasonal naive on the backtest (naive when m = 1)', () => {
  for (let seed = 1; seed <= 90; seed++) {
    const m = [12, 7, 1][seed % 3]!;
    const y = randomSeries(seed, 30 + (seed % 60), m);
    const auto = forecastSeries(input(y, m, 6));
    const base = forecastSeries(input(y, m, 6, m > 1 ? 'seasonal_naive' : 'naive'));
    assert.equal(auto.backtest.origins, base.backtest.origins);
    assert.ok(
      auto.backtest.rmsse! <= base.backtest.rmsse!,
      `seed ${seed}: ${auto.method} ${auto.backtest.rmsse}`,
    );
  }
});

test('a combination is chosen only when it beats each of its members, and names them', () => {
  let seen = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const y = randomSeries(seed, 60, 12);
    const r = forecastSeries(input(y, 12, 6));
    if (r.method !== 'combination') continue;
    seen++;
    assert.ok(r.members && r.members.length >= 2 && r.members.length <= 3);
    for (const name of r.members) {
      const alone = forecastSeries(input(y, 12, 6, name));
      assert.ok(r.backtest.rmsse! < alone.backtest.rmsse!, `seed ${seed}: ${name}`);
    }
    const fits = r.members.map((name) => forecastSeries(input(y, 12, 6, name)).mean);
    for (const [j, v] of r.mean.entries())
      assert.ok(Math.abs(v - fits.reduce((s, f) => s + f[j]!, 0) / fits.length) < 1e-9);
  }
  assert.ok(seen > 0, 'the seeded set holds at least one combination');
});

test('candidates follow the class, and seasonal naive is dropped when m = 1', () => {
  assert.deepEqual(candidatesFor('smooth', 12), ['seasonal_naive', 'naive', 'mean', 'ses', 'ets', 'theta']);
  assert.deepEqual(candidatesFor('lumpy', 1), ['naive', 'mean', 'croston', 'sba', 'tsb', 'adida']);
});

test('too short for a backtest: naive for smooth demand, mean for sparse, no scores', () => {
  const smooth = forecastSeries(input([3, 4, 5], 12, 2));
  assert.deepEqual(
    [smooth.method, smooth.mean, smooth.backtest],
    ['naive', [5, 5], { rmsse: null, mase: null, mae: null, rmse: null, origins: 0 }],
  );
  const sparse = forecastSeries(input([0, 4, 0, 0], 1, 1));
  assert.deepEqual([sparse.method, sparse.mean, sparse.backtest.origins], ['mean', [1], 0]);
});

test('an explicit method is fitted on the whole series and still scored', () => {
  const y = randomSeries(4, 48, 12);
  const r = forecastSeries(input(y, 12, 3, 'croston'));
  assert.equal(r.method, 'croston');
  assert.deepEqual(r.mean, REGISTRY.croston.fit(y, 12, 3).mean);
  assert.equal(r.backtest.origins, 3);
  assert.ok(Number.isFinite(r.backtest.rmsse) && Number.isFinite(r.backtest.mase));
});

test('a refittable method chooses its variant once and refits only parameters at the origins', () => {
  const calls: string[] = [];
  const ets: Refittable = {
    name: 'ets',
    fit: (y, _m, h) => {
      calls.push(`choose ${y.length}`);
      return { mean: new Array<number>(h).fill(y.at(-1)!), model: 'V' };
    },
    forModel: (model) => ({
      name: 'ets',
      fit: (y, _m, h) => {
        calls.push(`${model} ${y.length}`);
        return { mean: new Array<number>(h).fill(y.at(-1)!) };
      },
    }),
  };
  const registry: Record<MethodName, Refittable> = { ...REGISTRY, ets };
  const y = Array.from({ length: 40 }, (_, t) => 20 + (t % 4));
  forecastSeries(input(y, 1, 4, 'ets'), registry);
  assert.deepEqual(calls, ['choose 40', 'V 28', 'V 32', 'V 36']);
});
