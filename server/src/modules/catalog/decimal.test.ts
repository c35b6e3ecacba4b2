import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal, decimalOut } from './decimal.ts';

const accepted: [unknown, string][] = [
  [12, '12'],
  [0.5, '0.5'],
  ['12.250', '12.250'],
  [' 7 ', '7'],
];
for (const [input, out] of accepted) {
  test(`decimal ${JSON.stringify(input)} is kept as "${out}"`, () => assert.equal(Decimal.parse(input), out));
}
for (const bad of [-1, '-0.5', 'abc', '1e5', '', Number.NaN, '1.1234567']) {
  test(`decimal ${JSON.stringify(bad)} is refused`, () =>
    assert.equal(Decimal.safeParse(bad).success, false));
}
test('numeric output loses only trailing zeros', () => {
  assert.equal(decimalOut('12.500'), '12.5');
  assert.equal(decimalOut('12.000'), '12');
  assert.equal(decimalOut('100'), '100');
  assert.equal(decimalOut(null), null);
});
