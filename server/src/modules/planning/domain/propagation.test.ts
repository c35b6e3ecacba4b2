import assert from 'node:assert/strict';
import { test } from 'node:test';
import { propagateDemand } from './propagation.ts';

// FP is made of 2 × SUB (not buffered) and 1 × BUF (buffered); SUB of 3 × RAW (buffered).
const bom: Record<string, { id: string; qty: number }[]> = {
  FP: [
    { id: 'SUB', qty: 2 },
    { id: 'BUF', qty: 1 },
  ],
  SUB: [{ id: 'RAW', qty: 3 }],
  BUF: [{ id: 'DEEP', qty: 5 }],
};
const buffered = new Set(['BUF', 'RAW', 'DEEP']);
const of = (id: string) => bom[id] ?? [];

test('extra demand flows through non-buffered parts and stops at the first buffered ones', () => {
  const cases = [
    { extra: 10, want: { BUF: 10, RAW: 60 } },
    { extra: -4, want: { BUF: -4, RAW: -24 } },
    { extra: 0, want: {} },
  ];
  for (const c of cases) {
    const got = Object.fromEntries(propagateDemand('FP', c.extra, of, (id) => buffered.has(id)));
    assert.deepEqual(got, c.want, `extra ${c.extra}`);
  }
});

test('demand from two parents adds up on a shared component', () => {
  const into = new Map<string, number>();
  propagateDemand('FP', 10, of, (id) => buffered.has(id), into);
  propagateDemand('SUB', 1, of, (id) => buffered.has(id), into);
  assert.deepEqual(Object.fromEntries(into), { BUF: 10, RAW: 63 });
});

test('a cycle in a BOM does not loop', () => {
  const cyclic = (id: string) =>
    id === 'A' ? [{ id: 'B', qty: 1 }] : id === 'B' ? [{ id: 'A', qty: 1 }] : [];
  assert.deepEqual(Object.fromEntries(propagateDemand('A', 5, cyclic, () => false)), {});
});
