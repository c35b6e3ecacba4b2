import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentsAt, type PlanningGraph, subtreeOf } from './graph.ts';

// WH holds ST and ST2; ST holds ST-B. C and D name each other as parent (bad data, no loop).
const locations: PlanningGraph['locations'] = [
  { id: 'WH', parentId: null, leadTimeDays: 2 },
  { id: 'ST', parentId: 'WH', leadTimeDays: null },
  { id: 'ST2', parentId: 'WH', leadTimeDays: null },
  { id: 'ST-B', parentId: 'ST', leadTimeDays: null },
  { id: 'C', parentId: 'D', leadTimeDays: null },
  { id: 'D', parentId: 'C', leadTimeDays: null },
];

test('a location’s subtree is itself and every location under it, at any depth', () => {
  const cases: { name: string; id: string; want: string[] }[] = [
    { name: 'a leaf is its own subtree', id: 'ST-B', want: ['ST-B'] },
    { name: 'a store takes its sub-location', id: 'ST', want: ['ST', 'ST-B'] },
    {
      name: 'the warehouse takes both stores and what is under them',
      id: 'WH',
      want: ['ST', 'ST-B', 'ST2', 'WH'],
    },
    { name: 'a location the graph does not know is its own subtree', id: 'NOPE', want: ['NOPE'] },
    { name: 'a cycle of parents ends once every location is seen', id: 'C', want: ['C', 'D'] },
  ];
  const tree = subtreeOf({ locations });
  for (const c of cases) assert.deepEqual([...tree(c.id)].sort(), c.want, c.name);
});

// FP is made of 2 × SUB and 1 × BUF anywhere, but of 4 × ALT at ST; SUB of 3 × RAW; KIT only at ST.
const bomLines: PlanningGraph['bomLines'] = [
  { productId: 'FP', locationId: null, componentId: 'SUB', quantity: 2 },
  { productId: 'FP', locationId: null, componentId: 'BUF', quantity: 1 },
  { productId: 'FP', locationId: 'ST', componentId: 'ALT', quantity: 4 },
  { productId: 'SUB', locationId: null, componentId: 'RAW', quantity: 3 },
  { productId: 'KIT', locationId: 'ST', componentId: 'RAW', quantity: 0.5 },
];

test('a product’s components at a location: its own BOM there, else the general one', () => {
  const cases: { name: string; at: string; product: string; want: { id: string; qty: number }[] }[] = [
    {
      name: 'the location’s own BOM replaces the general one',
      at: 'ST',
      product: 'FP',
      want: [{ id: 'ALT', qty: 4 }],
    },
    {
      name: 'elsewhere the general BOM holds',
      at: 'ST2',
      product: 'FP',
      want: [
        { id: 'SUB', qty: 2 },
        { id: 'BUF', qty: 1 },
      ],
    },
    {
      name: 'no own BOM at the location: the general one',
      at: 'ST',
      product: 'SUB',
      want: [{ id: 'RAW', qty: 3 }],
    },
    { name: 'a purchased product has none', at: 'ST', product: 'RAW', want: [] },
    { name: 'a BOM of one location does not apply at another', at: 'ST2', product: 'KIT', want: [] },
  ];
  const at = componentsAt({ bomLines });
  for (const c of cases) assert.deepEqual(at(c.at)(c.product), c.want, c.name);
});
