import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containing, escapeLike, startingWith } from './like.ts';

const cases: [string, string][] = [
  ['tornillo', 'tornillo'],
  ['%', '\\%'],
  ['_', '\\_'],
  ['\\', '\\\\'],
  ['50%_off\\', '50\\%\\_off\\\\'],
  ['(', '('],
];
for (const [term, escaped] of cases) {
  test(`LIKE text ${JSON.stringify(term)} is escaped as ${JSON.stringify(escaped)}`, () =>
    assert.equal(escapeLike(term), escaped));
}
test('containing and startingWith wrap the escaped text', () => {
  assert.equal(containing('a%'), '%a\\%%');
  assert.equal(startingWith('a_'), 'a\\_%');
});
