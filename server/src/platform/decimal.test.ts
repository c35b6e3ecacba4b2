import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDecimals, trimDecimal } from './decimal.ts';

test('trimDecimal drops trailing zeros after the point and never those of a whole number', () => {
  const cases: [string, string][] = [
    ['5.000', '5'],
    ['2.500000', '2.5'],
    ['0.000000', '0'],
    ['-1.250', '-1.25'],
    ['10', '10'],
    ['100', '100'],
    ['0.000001', '0.000001'],
  ];
  for (const [v, want] of cases) assert.equal(trimDecimal(v), want, v);
});

test('addDecimals sums decimal texts exactly', () => {
  const cases: [string[], string][] = [
    [['0.1', '0.2'], '0.3'],
    [['1', '2.50'], '3.5'],
    [['-1.25', '0.25'], '-1'],
    [['-0.5', '0.25'], '-0.25'],
    [['123456789.123456', '0.000001'], '123456789.123457'],
    [['3'], '3'],
  ];
  for (const [values, sum] of cases) assert.equal(addDecimals(...values), sum, values.join(' + '));
});
