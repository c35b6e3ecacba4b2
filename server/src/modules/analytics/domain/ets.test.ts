import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EtsSpec, etsFilter, type FilterScratch } from './ets-core.ts';
import { etsForecastVariance, etsPointForecast } from './ets-forecast.ts';
import { ets, etsCandidates, fitEts, forecastEts } from './ets.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
const spec = (name: string): EtsSpec => {
  const [error, trend, season] = name.split(',') as [EtsSpec['error'], EtsSpec['trend'], EtsSpec['season']];
  return { error, trend, season };
};
/** Deterministic noise: a linear congruential generator mapped to a symmetric triangle on ±1. */
const noise = (seed: number) => {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return () => u() + u() - 1;
};

test('the ETS(A,N,N) recursion with α = 0.5 and ℓ₀ = 10 gives the hand-worked fit', () => {
  // ŷ = 10, 10, 11, 10; e = 0, 2, −2, 3; ℓ ends at 11.5; SSE = 0 + 4 + 4 + 9.
  const y = Float64Array.from([10, 12, 9, 13]);
  const scratch: FilterScratch = {
    season: new Float64Array(1),
    level: 0,
    trend: 0,
    sumSq: 0,
    sumLog: 0,
    scale: 1,
  };
  const fitted = new Float64Array(4);
  const ok = etsFilter(y, spec('A,N,N'), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 10, 0, scratch, fitted);
  assert.ok(ok);
  assert.deepEqual(Array.from(fitted), [10, 10, 11, 10]);
  close(scratch.sumSq, 17);
  close(scratch.level, 11.5);
});

test('multiplicative error scores relative errors and the log of the forecasts', () => {
  // ŷ = 10 then 10 + 0.5·2 = 11; ε = 0.2, −1/11.
  const y = Float64Array.from([12, 10]);
  const scratch: FilterScratch = {
    season: new Float64Array(1),
    level: 0,
    trend: 0,
    sumSq: 0,
    sumLog: 0,
    scale: 7,
  };
  assert.ok(etsFilter(y, spec('M,N,N'), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 10, 0, scratch));
  close(scratch.sumSq, 0.04 + 1 / 121);
  close(scratch.sumLog, Math.log(10) + Math.log(11));
});

const states = (level: number, trend: number, season: number[]) => ({ level, trend, season });
const pointCases: [string, number, ReturnType<typeof states>, number, number[]][] = [
  ['A,A,N', 1, states(100, 5, []), 3, [105, 110, 115]],
  ['A,Ad,N', 0.9, states(100, 10, []), 3, [109, 117.1, 124.39]],
  ['A,N,A', 1, states(50, 0, [5, -3, -2]), 4, [55, 47, 48, 55]],
  ['M,N,M', 1, states(50, 0, [1.1, 0.9, 1]), 4, [55, 45, 50, 55]],
  ['A,A,A', 1, states(10, 1, [2, -2]), 3, [13, 10, 15]],
];
for (const [name, phi, x, h, expected] of pointCases) {
  test(`ETS(${name}) forecasts ${expected.join(', ')} from its final states`, () => {
    const got = etsPointForecast(spec(name), { alpha: 0.5, beta: 0.1, gamma: 0.1, phi }, x, h);
    got.forEach((v, i) => {
      close(v, expected[i]!);
    });
  });
}

const varianceCases: [string, { alpha: number; beta: number; gamma: number }, number[], number, number[]][] =
  [
    // c_j = α: v = σ²(1, 1 + α², 1 + 2α²).
    ['A,N,N', { alpha: 0.5, beta: 0, gamma: 0 }, [], 4, [4, 5, 6]],
    // c_j = α + βj = 0.6, 0.7: v = 1, 1.36, 1.85.
    ['A,A,N', { alpha: 0.5, beta: 0.1, gamma: 0 }, [], 1, [1, 1.36, 1.85]],
    // m = 2, c_j = α + γ[j even] = 0.3, 0.5, 0.3: v = 1, 1.09, 1.34, 1.43.
    ['A,N,A', { alpha: 0.3, beta: 0, gamma: 0.2 }, [0, 0], 1, [1, 1.09, 1.34, 1.43]],
    // class 2 with μ = 100: θ₁ = 10⁴, θ₂ = 10⁴ + 0.01·0.25·10⁴; v = (1 + σ²)θ − μ².
    ['M,N,N', { alpha: 0.5, beta: 0, gamma: 0 }, [], 0.01, [100, 125.25]],
  ];
for (const [name, p, season, sigma2, expected] of varianceCases) {
  test(`ETS(${name}) forecast variance matches the hand computation`, () => {
    const x = states(100, 0, season);
    const s = spec(name);
    const mu = etsPointForecast(s, { ...p, phi: 1 }, x, expected.length);
    const v = etsForecastVariance(s, { ...p, phi: 1 }, x, sigma2, mu);
    v.forEach((got, i) => {
      close(got, expected[i]!, 1e-9);
    });
  });
}

const trendSeasonal = (n: number, m: number, seed: number) => {
  const e = noise(seed);
  return Array.from(
    { length: n },
    (_, t) => (200 + 2 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / m)) * (1 + 0.02 * e()),
  );
};

const candidateCases: [string, number[], number, number][] = [
  ['a positive monthly series of 84', trendSeasonal(84, 12, 1), 12, 15],
  ['a monthly series with a zero', [0, ...trendSeasonal(83, 12, 1)], 12, 6],
  ['a monthly series shorter than two years', trendSeasonal(20, 12, 1), 12, 6],
  ['a positive series without season', trendSeasonal(30, 1, 1), 1, 6],
  ['six positive values', [5, 6, 7, 6, 5, 6], 1, 2],
];
for (const [what, y, m, count] of candidateCases) {
  test(`ETS considers ${count} models for ${what}`, () => {
    const c = etsCandidates(y, m);
    assert.equal(c.length, count);
    assert.ok(!c.some((s) => s.error === 'A' && s.season === 'M'));
  });
}

const degenerate: [string, number[], number[]][] = [
  ['an empty series', [], [0, 0, 0]],
  ['all zeros', [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0]],
  ['a constant', Array.from({ length: 40 }, () => 7), [7, 7, 7]],
  ['a single value', [4], [4, 4, 4]],
];
for (const [what, y, expected] of degenerate) {
  test(`ETS on ${what} forecasts ${expected[0]} with zero spread`, () => {
    const f = ets.fit(y, 12, 3);
    assert.deepEqual(f.mean, expected);
    assert.deepEqual(f.sd, [0, 0, 0]);
  });
}

for (const y of [
  [3, 5],
  [3, 5, 4],
  [0, 0, 9, 0],
  [1, 2, 3, 4, 5],
]) {
  test(`ETS on the short series ${y.join(',')} gives finite, non-negative forecasts`, () => {
    const f = ets.fit(y, 12, 4);
    assert.equal(f.mean.length, 4);
    assert.ok(f.mean.every((v) => Number.isFinite(v) && v >= 0));
    assert.ok(f.sd?.every(Number.isFinite));
  });
}

test('scaling the series by c scales the forecast by c', () => {
  const y = trendSeasonal(60, 12, 5);
  const a = ets.fit(y, 12, 12);
  const b = ets.fit(
    y.map((v) => v * 1000),
    12,
    12,
  );
  assert.equal(a.model, b.model);
  a.mean.forEach((v, i) => {
    close(b.mean[i]! / 1000, v, 1e-3 * v);
  });
});

test('a clean linear trend is followed with about its slope', () => {
  const e = noise(3);
  const y = Array.from({ length: 40 }, (_, t) => 100 + 3 * t + e());
  const f = ets.fit(y, 1, 6);
  assert.match(f.model ?? '', /,A/);
  for (let i = 1; i < 6; i++) assert.ok(f.mean[i]! > f.mean[i - 1]!);
  close(f.mean[0]!, 100 + 3 * 40, 3);
  close((f.mean[5]! - f.mean[0]!) / 5, 3, 0.6);
});

test('a clean monthly seasonal series selects a seasonal model and repeats its pattern', () => {
  const pattern = [80, 90, 110, 130, 150, 160, 150, 130, 110, 95, 85, 80];
  const e = noise(11);
  const y = Array.from({ length: 72 }, (_, t) => pattern[t % 12]! * (1 + 0.01 * e()));
  const f = ets.fit(y, 12, 12);
  assert.match(f.model ?? '', /,[AM]\)$/);
  f.mean.forEach((v, i) => {
    close(v, pattern[i]!, 0.05 * pattern[i]!);
  });
});

test('sd is positive and non-decreasing in h for a noisy additive series', () => {
  const e = noise(7);
  const y = Array.from({ length: 50 }, (_, t) => Math.max(0, 20 + 5 * e() + (t % 3 === 0 ? -20 : 0)));
  const f = ets.fit(y, 1, 10);
  const sd = f.sd ?? [];
  assert.equal(sd.length, 10);
  assert.ok(sd[0]! > 0);
  for (let i = 1; i < sd.length; i++) assert.ok(sd[i]! >= sd[i - 1]! - 1e-12);
});

test('every forecast from a varied batch of series is finite and non-negative', () => {
  const e = noise(13);
  const shapes = [
    () => 50 + 10 * e(),
    (t: number) => Math.max(0, 30 - t + 5 * e()),
    (t: number) => (t % 4 === 0 ? 12 : 0),
    (t: number) => 5 + 100 * Math.abs(Math.sin(t)),
    (t: number) => 1e6 * (1 + 0.5 * Math.sin(t / 2)) + 1e4 * e(),
  ];
  for (const shape of shapes) {
    for (const m of [1, 4, 12]) {
      const f = ets.fit(
        Array.from({ length: 48 }, (_, t) => shape(t)),
        m,
        8,
      );
      assert.ok(
        f.mean.every((v) => Number.isFinite(v) && v >= 0),
        `${f.model} mean`,
      );
      assert.ok(
        f.sd?.every((v) => Number.isFinite(v) && v >= 0),
        `${f.model} sd`,
      );
    }
  }
});

test('fitEts reports residuals that add back to the series and a finite AICc', () => {
  const y = trendSeasonal(48, 12, 2);
  const fit = fitEts(y, 12);
  fit.residuals.forEach((r, t) => {
    close(r + fit.fitted[t]!, y[t]!, 1e-9);
  });
  assert.ok(Number.isFinite(fit.aicc) && Number.isFinite(fit.logLik));
  assert.equal(fit.final.season.length, fit.spec.season === 'N' ? 0 : 12);
  const f = forecastEts(fit, 24);
  assert.equal(f.mean.length, 24);
});

test('fitEts restricted to ETS(A,N,N) is simple exponential smoothing', () => {
  const y = [10, 12, 9, 13, 11, 12, 10, 14, 12, 11];
  const fit = fitEts(y, 1, { errors: ['A'], trends: ['N'], seasons: ['N'] });
  assert.equal(fit.model, 'ETS(A,N,N)');
  assert.ok(fit.params.alpha > 0 && fit.params.alpha < 1);
  const f = forecastEts(fit, 3);
  assert.ok(f.mean.every((v) => v === f.mean[0]));
});

test('the simulated variance of ETS(M,N,M) with flat indices agrees with the class-2 formula of ETS(M,N,N)', () => {
  const p = { alpha: 0.3, beta: 0, gamma: 0.1, phi: 1 };
  const flat = states(100, 0, [1, 1, 1, 1]);
  const h = 8;
  const mu = etsPointForecast(spec('M,N,M'), p, flat, h);
  const simulated = etsForecastVariance(spec('M,N,M'), p, flat, 0.01, mu);
  const exact = etsForecastVariance(spec('M,N,N'), { ...p, gamma: 0 }, states(100, 0, []), 0.01, mu);
  // 1000 paths: the sd is within a few percent; γ adds a little spread after one season.
  for (let j = 0; j < 4; j++)
    close(Math.sqrt(simulated[j]!), Math.sqrt(exact[j]!), 0.08 * Math.sqrt(exact[j]!));
  assert.deepEqual(simulated, etsForecastVariance(spec('M,N,M'), p, flat, 0.01, mu));
});
