import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalQuantile, zForLevel } from './normal.ts';

// Reference values from the standard normal table (to 6 decimals).
const TABLE: [p: number, z: number][] = [
  [0.5, 0],
  [0.9, 1.281552],
  [0.95, 1.644854],
  [0.975, 1.959964],
  [0.995, 2.575829],
  [0.01, -2.326348],
  [0.001, -3.090232],
  [0.02425, -1.972961],
  [0.999999, 4.753424],
];

test('normalQuantile matches the table in the centre and both tails', () => {
  for (const [p, z] of TABLE)
    assert.ok(Math.abs(normalQuantile(p) - z) < 2e-6, `Φ⁻¹(${p}) = ${normalQuantile(p)}`);
});

test('normalQuantile is antisymmetric about ½', () => {
  for (const p of [0.001, 0.02, 0.1, 0.3, 0.45])
    assert.ok(Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-9);
});

test('zForLevel gives the two-sided z of a central interval', () => {
  assert.ok(Math.abs(zForLevel(80) - 1.281552) < 1e-6);
  assert.ok(Math.abs(zForLevel(95) - 1.959964) < 1e-6);
});

test('normalQuantile refuses p outside (0, 1)', () => {
  for (const p of [0, 1, -0.1, Number.NaN]) assert.throws(() => normalQuantile(p), RangeError);
});
