import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMultipleOf, quantityProblem } from './quantity.ts';

// [quantity, unit step, sign rule, expected problem or null]
const cases: [string, string, 'positive' | 'non_negative' | 'non_zero', string | null][] = [
  ['1', '1', 'positive', null],
  ['12', '1', 'positive', null],
  ['0.000001', '1', 'positive', 'must be a multiple of 1 (the product’s unit step)'],
  ['0.4', '1', 'positive', 'must be a multiple of 1 (the product’s unit step)'],
  ['1.5', '0.5', 'positive', null],
  ['1.25', '0.5', 'positive', 'must be a multiple of 0.5 (the product’s unit step)'],
  ['0.3', '0.1', 'positive', null],
  ['0.30', '0.1', 'positive', null],
  ['1000000000', '1', 'positive', null],
  ['1000000001', '1', 'positive', 'must be at most 1000000000'],
  ['1e-7', '1', 'positive', 'must be a plain decimal number such as 12 or 0.5'],
  ['1e3', '1', 'positive', 'must be a plain decimal number such as 12 or 0.5'],
  ['0.0000001', '0.000001', 'positive', 'must have at most 6 decimals'],
  ['0', '1', 'positive', 'must be greater than zero'],
  ['-2', '1', 'positive', 'must be greater than zero'],
  ['0', '1', 'non_negative', null],
  ['-2', '1', 'non_negative', 'must not be negative'],
  ['0', '1', 'non_zero', 'must not be zero'],
  ['-3', '1', 'non_zero', null],
  ['-2.5', '1', 'non_zero', 'must be a multiple of 1 (the product’s unit step)'],
  ['-1000000001', '1', 'non_zero', 'must be at most 1000000000'],
  ['7.5', '2.5', 'positive', null],
  ['7', '2.5', 'positive', 'must be a multiple of 2.5 (the product’s unit step)'],
];
for (const [q, step, sign, problem] of cases) {
  test(`quantity ${q} with step ${step} (${sign}) → ${problem ?? 'valid'}`, () =>
    assert.equal(quantityProblem(q, step, sign), problem));
}

test('multiples are exact where floats are not (0.3 is three steps of 0.1)', () => {
  assert.notEqual(0.3 % 0.1, 0);
  assert.equal(isMultipleOf('0.3', '0.1'), true);
  assert.equal(isMultipleOf('100.000001', '0.000001'), true);
  assert.equal(isMultipleOf('100.0000015', '0.000001'), false);
});
