import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchCount, splitByMaxBatch } from './replenishment.ts';

const cases: { name: string; qty: number; maxBatch: number | null; rounding: number; want: number[] }[] = [
  { name: 'no maximum batch: one order', qty: 250, maxBatch: null, rounding: 1, want: [250] },
  { name: 'within the maximum: one order', qty: 80, maxBatch: 100, rounding: 1, want: [80] },
  { name: 'exactly the maximum: one order', qty: 100, maxBatch: 100, rounding: 1, want: [100] },
  { name: 'full batches, then the rest', qty: 250, maxBatch: 100, rounding: 1, want: [100, 100, 50] },
  {
    name: 'a multiple of the maximum: no empty rest',
    qty: 300,
    maxBatch: 100,
    rounding: 1,
    want: [100, 100, 100],
  },
  {
    name: 'the maximum is taken to the rounding step',
    qty: 10,
    maxBatch: 3.3,
    rounding: 1,
    want: [3, 3, 3, 1],
  },
  {
    name: 'a maximum below the step is one step',
    qty: 0.03,
    maxBatch: 0.001,
    rounding: 0.01,
    want: [0.01, 0.01, 0.01],
  },
  { name: 'a decimal rest keeps its decimals', qty: 2.5, maxBatch: 1, rounding: 0.1, want: [1, 1, 0.5] },
];

test('a quantity splits by the maximum batch into full batches and the rest', () => {
  for (const c of cases) assert.deepEqual(splitByMaxBatch(c.qty, c.maxBatch, c.rounding), c.want, c.name);
});

test('the number of orders a quantity needs is the number of batches it splits into', () => {
  for (const c of cases) assert.equal(batchCount(c.qty, c.maxBatch, c.rounding), c.want.length, c.name);
});
