import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AduSettings, baseAdu, type DemandHistory } from './adu.ts';
import { subtreeOf } from './graph.ts';

// ST holds the back room ST-B; consumption there counts for a buffer at ST.
const tree = subtreeOf({
  locations: [
    { id: 'ST', parentId: null, leadTimeDays: null },
    { id: 'ST-B', parentId: 'ST', leadTimeDays: null },
  ],
});

const demand: DemandHistory = {
  asOf: '2026-03-10',
  consumption: new Map([
    // The last 10 days: 60 out of ST, 40 out of its back room, none of it elsewhere; Q had net returns.
    [
      10,
      new Map([
        ['P|ST', 60],
        ['P|ST-B', 40],
        ['P|OTHER', 999],
        ['Q|ST', -50],
      ]),
    ],
  ]),
  forecasts: new Map([
    // 300 over the 30 days from as-of: 10 a day.
    ['P|ST', [{ start: '2026-03-10', end: '2026-04-08', qty: 300 }]],
    // 190 over 19 days from 03-01, 10 a day; only 03-10 to 03-19 falls in a 10-day window.
    ['R|ST', [{ start: '2026-03-01', end: '2026-03-19', qty: 190 }]],
    // 50 over 03-10..03-14, then 200 over 03-15..03-24 (20 a day, 5 days in the window): 150.
    [
      'S|ST',
      [
        { start: '2026-03-10', end: '2026-03-14', qty: 50 },
        { start: '2026-03-15', end: '2026-03-24', qty: 200 },
      ],
    ],
  ]),
};

const buffer = (more: Partial<AduSettings>): AduSettings => ({
  productId: 'P',
  locationId: 'ST',
  aduMethod: 'fixed',
  aduFixed: 7,
  aduHorizonDays: 10,
  aduFutureHorizonDays: null,
  aduPastWeight: 0.5,
  ...more,
});

test('base ADU of a buffer by its method, from the loaded consumption and forecasts', () => {
  const cases: { name: string; b: AduSettings; want: number }[] = [
    { name: 'fixed: the value set', b: buffer({}), want: 7 },
    { name: 'fixed without a value: nothing', b: buffer({ aduFixed: null }), want: 0 },
    {
      name: 'past: the location and everything under it, over the horizon',
      b: buffer({ aduMethod: 'past' }),
      want: 10,
    },
    {
      name: 'past: a sub-location counts only its own',
      b: buffer({ aduMethod: 'past', locationId: 'ST-B' }),
      want: 4,
    },
    {
      name: 'past: a horizon with nothing loaded is nothing',
      b: buffer({ aduMethod: 'past', aduHorizonDays: 20 }),
      want: 0,
    },
    {
      name: 'past: net returns never make it negative',
      b: buffer({ aduMethod: 'past', productId: 'Q' }),
      want: 0,
    },
    {
      name: 'future: the past horizon when it has none of its own',
      b: buffer({ aduMethod: 'future' }),
      want: 10,
    },
    // The whole 300 falls inside 60 days.
    {
      name: 'future: its own horizon',
      b: buffer({ aduMethod: 'future', aduFutureHorizonDays: 60 }),
      want: 5,
    },
    {
      name: 'future: only the days of a range inside the window',
      b: buffer({ aduMethod: 'future', productId: 'R' }),
      want: 10,
    },
    {
      name: 'future: ranges add up, each spread over its own days',
      b: buffer({ aduMethod: 'future', productId: 'S' }),
      want: 15,
    },
    { name: 'future: no forecast is nothing', b: buffer({ aduMethod: 'future', productId: 'Q' }), want: 0 },
    // Past 10 a day × 0.25 + future 5 a day (60 days) × 0.75.
    {
      name: 'blended: past and future by their weights, each over its own horizon',
      b: buffer({ aduMethod: 'blended', aduFutureHorizonDays: 60, aduPastWeight: 0.25 }),
      want: 6.25,
    },
  ];
  for (const c of cases) assert.equal(baseAdu(demand, tree, c.b), c.want, c.name);
});
