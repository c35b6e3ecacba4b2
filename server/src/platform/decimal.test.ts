import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trimDecimal } from './decimal.ts';

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
