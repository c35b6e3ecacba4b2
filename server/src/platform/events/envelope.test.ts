import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextOf, matches } from './envelope.ts';

const cases: [string, string, boolean][] = [
  ['inventory.stock.updated', 'inventory.stock.updated', true],
  ['inventory.stock.*', 'inventory.stock.updated', true],
  ['inventory.stock.*', 'inventory.reservation.created', false],
  ['inventory.*', 'inventory.stock.updated', false],
  ['inventory.>', 'inventory.stock.updated', true],
  ['inventory.>', 'inventory', false],
  ['*.stock.updated', 'inventory.stock.updated', true],
  ['>', 'planning.buffer.penetrated', true],
  ['planning.buffer.penetrated', 'planning.buffer', false],
  ['planning.buffer', 'planning.buffer.penetrated', false],
];
for (const [pattern, type, expected] of cases) {
  test(`pattern ${pattern} ${expected ? 'matches' : 'does not match'} ${type}`, () => {
    assert.equal(matches(pattern, type), expected);
  });
}

test('the context of an event is the first segment of its type', () => {
  assert.equal(contextOf('orders.customer.paid'), 'orders');
});
