import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromMinor, linePriceProblem, lineTotal, minorDigits, toMinor } from './money.ts';

describe('toMinor: major-unit decimal → integer minor units', () => {
  const cases: [string, string, number][] = [
    ['12', 'MXN', 1200],
    ['12.5', 'MXN', 1250],
    ['12.50', 'MXN', 1250],
    ['0.005', 'MXN', 1],
    ['0.0049', 'MXN', 0],
    ['0.015', 'EUR', 2],
    ['-0.005', 'MXN', -1],
    ['-12.345', 'MXN', -1235],
    ['.5', 'MXN', 50],
    ['7.', 'MXN', 700],
    ['1999.99', 'COP', 199_999],
    ['1500', 'CLP', 1500],
    ['1500.5', 'CLP', 1501],
    ['1500.49', 'JPY', 1500],
    ['1.2345', 'KWD', 1235],
    [' 3.1 ', 'MXN', 310],
    ['90071992547409.91', 'MXN', 9_007_199_254_740_991],
  ];
  for (const [amount, currency, expected] of cases)
    test(`${JSON.stringify(amount)} ${currency} is ${expected}`, () => {
      assert.equal(toMinor(amount, currency), expected);
    });

  for (const bad of ['', '.', '-', 'abc', '1,5', '1e3', '90071992547409.92'])
    test(`${JSON.stringify(bad)} is refused`, () => {
      assert.throws(() => toMinor(bad, 'MXN'));
    });
});

describe('fromMinor: integer minor units → decimal text', () => {
  const cases: [number, string, string][] = [
    [1250, 'MXN', '12.50'],
    [5, 'MXN', '0.05'],
    [0, 'MXN', '0.00'],
    [-1, 'MXN', '-0.01'],
    [-1250, 'EUR', '-12.50'],
    [1500, 'CLP', '1500'],
    [1235, 'KWD', '1.235'],
  ];
  for (const [minor, currency, expected] of cases)
    test(`${minor} ${currency} is ${expected}`, () => {
      assert.equal(fromMinor(minor, currency), expected);
    });

  test('round-trips through toMinor', () => {
    for (const v of [0, 1, 99, 100, 123_456_789])
      for (const c of ['MXN', 'CLP', 'KWD']) assert.equal(toMinor(fromMinor(v, c), c), v);
  });
});

describe('lineTotal: quantity × unit price, rounded half away from zero', () => {
  const cases: [string, number, number][] = [
    ['5', 1250, 6250],
    ['5.000', 1250, 6250],
    ['1.5', 1001, 1502],
    ['0.5', 1, 1],
    ['0.4', 1, 0],
    ['2.345', 100, 235],
    ['0.333333', 3, 1],
    ['12', 0, 0],
    ['-1.5', 1001, -1502],
    ['1000000000.000001', 1_000_000, 1_000_000_000_000_001],
  ];
  for (const [quantity, unit, expected] of cases)
    test(`${quantity} × ${unit} is ${expected}`, () => {
      assert.equal(lineTotal(quantity, unit), expected);
    });

  test('a total past the exact integer range is refused, not rounded', () => {
    assert.throws(() => lineTotal('10000000', 1_000_000_000), /too large/);
  });
});

test('currencies without minor units and with three', () => {
  assert.deepEqual(
    ['MXN', 'COP', 'CLP', 'JPY', 'PYG', 'KWD', 'BHD', 'XYZ'].map(minorDigits),
    [2, 2, 0, 0, 0, 3, 3, 2],
  );
});

describe('linePriceProblem: what a line may cost', () => {
  const cases: [string, number, boolean, string | null][] = [
    ['2', 300, true, null],
    ['0.000001', 300, true, 'comes to 0 in money at this price; order a larger quantity'],
    ['0.002', 300, true, null],
    ['0.000001', 300, false, null],
    ['1', 0, true, 'comes to 0 in money at this price; order a larger quantity'],
    ['1', 1_000_000_000_001, false, 'has a unit price outside 0…1000000000000 minor units'],
    ['1', -1, false, 'has a unit price outside 0…1000000000000 minor units'],
    ['1000', 1_000_000_000_000, false, null],
    ['1001', 1_000_000_000_000, false, 'comes to more than 1000000000000000 minor units'],
    ['1000000000', 1_000_000_000_000, false, 'comes to more than 1000000000000000 minor units'],
  ];
  for (const [q, unit, sale, expected] of cases)
    test(`${q} × ${unit}${sale ? ' (sale)' : ''} → ${expected ?? 'fine'}`, () =>
      assert.equal(linePriceProblem(q, unit, { sale }), expected));
});
