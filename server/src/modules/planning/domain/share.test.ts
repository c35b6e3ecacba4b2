import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Claim, shareSupply } from './share.ts';

const wants: Record<string, number> = { a: 30, b: 50, c: 40 };
const order = (id: string, cap: number) => Math.min(wants[id] ?? 0, cap);

test('the neediest buffers are served first and later ones get what is left', () => {
  const cases: { name: string; claims: Claim[]; available: number; caps: Record<string, number> }[] = [
    {
      name: 'red before yellow before green',
      claims: [
        { id: 'a', priority: 'green', netFlowPercent: 80 },
        { id: 'b', priority: 'red', netFlowPercent: 10 },
        { id: 'c', priority: 'yellow', netFlowPercent: 40 },
      ],
      available: 100,
      caps: { b: 100, c: 50, a: 10 },
    },
    {
      name: 'within a zone, the lowest net flow % first',
      claims: [
        { id: 'a', priority: 'red', netFlowPercent: 20 },
        { id: 'b', priority: 'red', netFlowPercent: 5 },
      ],
      available: 60,
      caps: { b: 60, a: 10 },
    },
    {
      name: 'plenty for everyone',
      claims: [
        { id: 'a', priority: 'red', netFlowPercent: 20 },
        { id: 'c', priority: 'yellow', netFlowPercent: 30 },
      ],
      available: 1000,
      caps: { a: 1000, c: 970 },
    },
    {
      name: 'nothing at the source',
      claims: [{ id: 'a', priority: 'red', netFlowPercent: 0 }],
      available: -5,
      caps: { a: 0 },
    },
  ];
  for (const c of cases) {
    assert.deepEqual(Object.fromEntries(shareSupply(c.claims, c.available, order)), c.caps, c.name);
  }
});
