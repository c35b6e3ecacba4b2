import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ForecastInput, forecastSeries, type MethodChoice } from './forecast.ts';
import { randomSeries, seededNormal } from './testing.ts';
import { METHODS } from './types.ts';

const input = (values: number[], m: number, h: number, method: MethodChoice = 'auto'): ForecastInput => ({
  id: 'x',
  values,
  seasonLength: m,
  horizon: h,
  levels: [80, 95],
  method,
});
const CHOICES: MethodChoice[] = ['auto', ...METHODS];

test('a constant series forecasts the constant, whatever the method (SBA: its deliberate 1 − α/2)', () => {
  for (const method of CHOICES) {
    const r = forecastSeries(input(new Array<number>(30).fill(7), 7, 5, method));
    const expected = method === 'sba' ? 7 * 0.95 : 7;
    for (const v of r.mean) assert.ok(Math.abs(v - expected) < 1e-9, `${method}: ${v}`);
  }
});

test('scaling the series by c scales the forecast by c', () => {
  // Powers of two scale exactly in floating point, so no near-tie in a search can flip.
  for (const seed of [1, 2, 3, 5, 6]) {
    const y = randomSeries(seed, 50, 12);
    for (const method of CHOICES) {
      const base = forecastSeries(input(y, 12, 6, method));
      for (const c of [2, 0.5]) {
        const r = forecastSeries(
          input(
            y.map((v) => v * c),
            12,
            6,
            method,
          ),
        );
        assert.equal(r.method, base.method, `${method} seed ${seed} × ${c}`);
        // The likelihood search stops at a relative tolerance: fitted ETS models agree to ~1e-4.
        for (const [j, v] of r.mean.entries())
          assert.ok(Math.abs(v - c * base.mean[j]!) < 1e-3 * (1 + v), `${method} × ${c}`);
      }
    }
  }
});

test('auto follows a clean trend', () => {
  const r = forecastSeries(
    input(
      Array.from({ length: 48 }, (_, t) => 10 + 2 * t),
      12,
      6,
    ),
  );
  for (const [j, v] of r.mean.entries())
    assert.ok(Math.abs(v - (10 + 2 * (48 + j))) < 1e-6, `step ${j + 1}: ${v}`);
});

test('intervals hold lo ≤ mean ≤ hi, lo ≥ 0 and finite numbers for every method', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const y = randomSeries(seed, 20 + seed * 5, 7);
    for (const method of CHOICES) {
      const r = forecastSeries({ ...input(y, 7, 10, method), levels: [50, 80, 99] });
      for (const band of Object.values(r.intervals))
        for (const [j, v] of r.mean.entries()) {
          const [lo, hi] = [band.lo[j]!, band.hi[j]!];
          assert.ok(
            Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && lo <= v && v <= hi,
            `${method} ${seed}`,
          );
        }
    }
  }
});

// 300 series of N(100, 10²) noise: each future value falls inside the 80% and 95% intervals at
// about those rates. The bands are narrow enough that too-wide or too-narrow intervals fail.
const coverage = (method: MethodChoice) => {
  const noise = seededNormal(12345);
  const hits = { '80': 0, '95': 0 };
  let total = 0;
  for (let s = 0; s < 300; s++) {
    const all = Array.from({ length: 72 }, () => 100 + 10 * noise());
    const r = forecastSeries(input(all.slice(0, 60), 12, 12, method));
    for (const level of ['80', '95'] as const)
      for (const [j, v] of all.slice(60).entries()) {
        if (v >= r.intervals[level]!.lo[j]! && v <= r.intervals[level]!.hi[j]!) hits[level]++;
      }
    total += 12;
  }
  return { c80: hits['80'] / total, c95: hits['95'] / total };
};

for (const method of ['auto', 'mean', 'ses', 'croston'] as const) {
  test(`${method}: 80% and 95% intervals cover about their share of known futures`, () => {
    const { c80, c95 } = coverage(method);
    assert.ok(c80 > 0.75 && c80 < 0.86, `80%: ${c80}`);
    assert.ok(c95 > 0.92 && c95 < 0.985, `95%: ${c95}`);
  });
}
