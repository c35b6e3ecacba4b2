import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksSeasonal, seasonalIndices } from './ets-seasonal.ts';
import { linearSlope, theta, thetaFromSes } from './theta.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
const noise = (seed: number) => {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return () => u() + u() - 1;
};

const slopeCases: [number[], number][] = [
  [[10, 12, 11, 13], 0.8],
  [[5, 5, 5], 0],
  [[1, 3, 5, 7, 9], 2],
  [[4], 0],
];
for (const [y, slope] of slopeCases) {
  test(`the regression slope of ${y.join(',')} is ${slope}`, () => close(linearSlope(y), slope));
}

test('Theta on a short hand-worked series is SES plus half the slope as drift', () => {
  // y = 10, 12, 11, 13 with α = 0.5 from ℓ₀ = 10: SES levels 10, 11, 11, 12. Slope 0.8, so the
  // drift is 0.4 and (1 − 0.5⁴)/0.5 = 1.875: ŷ(1) = 12 + 0.4·1.875, ŷ(2) = 12 + 0.4·2.875.
  const f = thetaFromSes(12, 0.5, 4, 0.8, 2);
  close(f[0]!, 12.75);
  close(f[1]!, 13.15);
});

test('Theta forecasts a constant series as the constant with zero spread', () => {
  const f = theta.fit(
    Array.from({ length: 36 }, () => 9),
    12,
    4,
  );
  assert.deepEqual(f.mean, [9, 9, 9, 9]);
  assert.deepEqual(f.sd, [0, 0, 0, 0]);
});

const degenerate: [string, number[]][] = [
  ['empty', []],
  ['all zeros', [0, 0, 0, 0, 0, 0]],
  ['one value', [3]],
  ['two values', [3, 8]],
];
for (const [what, y] of degenerate) {
  test(`Theta on a ${what} series gives finite, non-negative forecasts`, () => {
    const f = theta.fit(y, 12, 3);
    assert.equal(f.mean.length, 3);
    assert.ok(f.mean.every((v) => Number.isFinite(v) && v >= 0));
    assert.ok(f.sd?.every((v) => Number.isFinite(v) && v >= 0));
  });
}

test('Theta follows a linear trend', () => {
  const e = noise(4);
  const y = Array.from({ length: 40 }, (_, t) => 50 + 2 * t + e());
  const f = theta.fit(y, 1, 6);
  for (let i = 1; i < 6; i++) assert.ok(f.mean[i]! > f.mean[i - 1]!);
  // The drift is half the slope: Theta deliberately damps the trend.
  close(f.mean[5]! - f.mean[4]!, 1, 0.1);
});

test('scaling the series by c scales the Theta forecast by c', () => {
  const e = noise(8);
  const y = Array.from({ length: 48 }, (_, t) => 100 + t + 20 * Math.sin(t / 2) + 5 * e());
  const a = theta.fit(y, 12, 12);
  const b = theta.fit(
    y.map((v) => v * 250),
    12,
    12,
  );
  a.mean.forEach((v, i) => {
    close(b.mean[i]! / 250, v, 1e-6 * v);
  });
});

test('Theta deseasonalises a clearly seasonal positive series and reseasonalises the forecast', () => {
  const pattern = [0.7, 0.8, 1, 1.2, 1.4, 1.5, 1.4, 1.2, 1, 0.8, 0.6, 0.4];
  const e = noise(2);
  const y = Array.from({ length: 60 }, (_, t) => 100 * pattern[t % 12]! * (1 + 0.02 * e()));
  assert.ok(looksSeasonal(y, 12));
  const f = theta.fit(y, 12, 12);
  assert.match(f.model ?? '', /seasonal/);
  const avg = pattern.reduce((a, b) => a + b, 0) / 12;
  f.mean.forEach((v, i) => {
    close(v, (100 * pattern[i]!) / avg, 0.06 * v);
  });
});

test('white noise is not judged seasonal', () => {
  const e = noise(17);
  assert.equal(
    looksSeasonal(
      Array.from({ length: 60 }, () => 100 + 10 * e()),
      12,
    ),
    false,
  );
});

test('multiplicative seasonal indices average 1 and additive ones sum to 0', () => {
  const y = Array.from({ length: 36 }, (_, t) => (10 + t) * [1.2, 0.8, 1][t % 3]!);
  const mul = seasonalIndices(y, 3, 'multiplicative');
  close(mul.reduce((a, b) => a + b, 0) / 3, 1, 1e-12);
  assert.ok(mul[0]! > 1.1 && mul[1]! < 0.9);
  const add = seasonalIndices(y, 4, 'additive');
  close(
    add.reduce((a, b) => a + b, 0),
    0,
    1e-9,
  );
});

test('Theta sd is positive and non-decreasing without season', () => {
  const e = noise(21);
  const f = theta.fit(
    Array.from({ length: 30 }, () => 40 + 8 * e()),
    1,
    8,
  );
  const sd = f.sd ?? [];
  assert.ok(sd[0]! > 0);
  for (let i = 1; i < sd.length; i++) assert.ok(sd[i]! >= sd[i - 1]!);
});
