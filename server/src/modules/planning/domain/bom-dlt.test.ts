import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DltSettings, dltOf } from './bom-dlt.ts';
import type { PlanningGraph } from './graph.ts';

// FP (2 days of its own) is made of SUB and BUF anywhere, of RAW alone at ST; SUB (3 days) of
// RAW, bought in 7 days (its own record says 5; the preferred supplier's 7 wins); BUF is buffered.
const graph: PlanningGraph = {
  products: [
    { id: 'FP', buffered: true, leadTimeDays: 2, ownLeadTimeDays: 2 },
    { id: 'SUB', buffered: false, leadTimeDays: 3, ownLeadTimeDays: 3 },
    { id: 'RAW', buffered: false, leadTimeDays: 7, ownLeadTimeDays: 5 },
    { id: 'BUF', buffered: true, leadTimeDays: 20, ownLeadTimeDays: 20 },
  ],
  bomLines: [
    { productId: 'FP', locationId: null, componentId: 'SUB', quantity: 1 },
    { productId: 'FP', locationId: null, componentId: 'BUF', quantity: 1 },
    { productId: 'FP', locationId: 'ST', componentId: 'RAW', quantity: 1 },
    { productId: 'SUB', locationId: null, componentId: 'RAW', quantity: 2 },
  ],
  locations: [
    { id: 'WH', parentId: null, leadTimeDays: 4 },
    { id: 'ST', parentId: 'WH', leadTimeDays: null },
    { id: 'ST2', parentId: 'WH', leadTimeDays: null },
  ],
};

const at = (productId: string, locationId: string, more: Partial<DltSettings> = {}): DltSettings => ({
  productId,
  locationId,
  sourceLocationId: null,
  dltDays: null,
  ...more,
});

test('a buffer’s DLT: its own setting, else its source’s lead time, else down the BOM', () => {
  const cases: { name: string; buffer: DltSettings; want: number }[] = [
    {
      name: 'its own setting wins over the source',
      buffer: at('FP', 'ST2', { sourceLocationId: 'WH', dltDays: 12 }),
      want: 12,
    },
    {
      name: 'a setting of 0 days is a setting',
      buffer: at('FP', 'ST2', { sourceLocationId: 'WH', dltDays: 0 }),
      want: 0,
    },
    {
      name: 'a distributed buffer takes its source’s lead time',
      buffer: at('FP', 'ST2', { sourceLocationId: 'WH' }),
      want: 4,
    },
    {
      name: 'a source without a lead time is 0 days',
      buffer: at('FP', 'ST2', { sourceLocationId: 'ST' }),
      want: 0,
    },
    // 2 + (SUB 3 + RAW 7); BUF is buffered, so its 20 days stop at it.
    {
      name: 'manufactured: its own days plus the longest unbuffered path',
      buffer: at('FP', 'ST2'),
      want: 12,
    },
    { name: 'the location’s own BOM sets the path there', buffer: at('FP', 'ST'), want: 9 },
    { name: 'purchased: the preferred supplier’s lead time', buffer: at('RAW', 'ST'), want: 7 },
    { name: 'a buffered component’s own DLT is its own lead time', buffer: at('BUF', 'ST'), want: 20 },
    { name: 'a product the graph does not know is 0 days', buffer: at('NOPE', 'ST'), want: 0 },
  ];
  const dlt = dltOf(graph);
  for (const c of cases) assert.equal(dlt(c.buffer), c.want, c.name);
});

test('remembered walks are per product and location: the same product elsewhere walks its own BOM', () => {
  const dlt = dltOf(graph);
  assert.deepEqual([dlt(at('FP', 'ST2')), dlt(at('FP', 'ST2')), dlt(at('FP', 'ST'))], [12, 12, 9]);
});
