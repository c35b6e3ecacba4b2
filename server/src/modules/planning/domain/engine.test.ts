import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { futureAdu, pastAdu } from './adu.ts';
import { decoupledLeadTimes } from './bom-dlt.ts';
import { runCompute, runDlt } from './command.ts';
import { computeBuffer } from './compute.ts';
import { BufferInput } from './input.ts';
import { qualifiedDemand } from './net-flow.ts';
import { type OrderRules, recommend, toMultiple } from './replenishment.ts';
import { roundTo } from './rounding.ts';

/** DDMRP.md's worked example; each case below changes a few fields of it. */
const example = {
  as_of: '2026-03-02',
  adu: { method: 'fixed', value: 4 },
  dlt: 10,
  on_hand: 200,
  supply: [{ date: '2026-03-07', qty: 10 }],
  demand: [{ date: '2026-03-02', qty: 150 }],
};
const run = (patch: object = {}) => computeBuffer(BufferInput.parse({ ...example, ...patch }));

describe('the documented example', () => {
  test('gives exactly the documented result', () => {
    assert.deepEqual(run(), {
      adu: 4,
      dlt: 10,
      zones: {
        red_base: 20,
        red_safety: 10,
        red: 30,
        yellow: 40,
        green: 20,
        top_of_red: 30,
        top_of_yellow: 70,
        top_of_green: 90,
      },
      spike_threshold: 15,
      qualified_demand: 150,
      incoming_within_dlt: 10,
      incoming_outside_dlt: 0,
      net_flow_position: 60,
      net_flow_percent: 66.67,
      planning_priority: 'yellow',
      on_hand_percent: 666.67,
      on_hand_alert: 'green',
      recommended_qty: 30,
      order_batches: [30],
      coverage_days: 50,
      order_frequency_days: 5,
    });
  });
});

describe('rounding', () => {
  const cases: [number, number, number][] = [
    [2.675, 0.01, 2.68],
    [0.1 + 0.2, 0.01, 0.3],
    [2.5, 1, 3],
    [-2.5, 1, -3],
    [7.25, 0.5, 7.5],
    [7.24, 0.5, 7],
    [1234.5678, 0.001, 1234.568],
  ];
  for (const [x, step, want] of cases)
    test(`${x} to ${step} → ${want}`, () => assert.equal(roundTo(x, step), want));
});

describe('ADU', () => {
  const history = [
    { date: '2026-02-28', qty: 10 },
    { date: '2026-03-01', qty: 20 },
    { date: '2026-03-02', qty: 1000 },
    { date: '2026-02-20', qty: 5 },
  ];
  const cases: [string, () => number, number][] = [
    ['past: the H days before as-of, today excluded', () => pastAdu('2026-03-02', 2, history), 15],
    ['past: days outside the window do not count', () => pastAdu('2026-03-02', 10, history), 3.5],
    [
      'future: from as-of for H days',
      () =>
        futureAdu('2026-03-02', 2, [
          { date: '2026-03-02', qty: 8 },
          { date: '2026-03-03', qty: 4 },
          { date: '2026-03-04', qty: 99 },
        ]),
      6,
    ],
  ];
  for (const [name, f, want] of cases) test(name, () => assert.equal(f(), want));
  test('blended weighs past and future; the demand factor multiplies it', () => {
    const adu = {
      method: 'blended',
      past: { horizon_days: 2, history },
      future: { horizon_days: 1, forecast: [{ date: '2026-03-02', qty: 25 }] },
      past_weight: 0.2,
      future_weight: 0.8,
    };
    assert.equal(run({ adu }).adu, 23);
    assert.equal(run({ adu, adjustments: { demand_factor: 1.5 } }).adu, 34.5);
  });
});

describe('zones', () => {
  const cases: [string, object, Partial<Record<string, number>>][] = [
    [
      'extra lead time sizes zones, the reported DLT stays',
      { extra_lead_time_days: 5 },
      { red: 45, yellow: 60, green: 30 },
    ],
    [
      'min-max has no yellow',
      { profile: { replenish_method: 'min_max' } },
      { red: 30, yellow: 0, top_of_green: 50 },
    ],
    ['the order cycle can set green', { order_cycle_days: 7 }, { green: 28 }],
    ['the MOQ can set green', { minimum_order_qty: 55 }, { green: 55 }],
    [
      'zone factors scale each zone',
      { adjustments: { zone_factors: { red: 2, yellow: 0.5, green: 1 } } },
      { red: 60, yellow: 20, green: 20 },
    ],
    [
      'the lead-time factor multiplies DLT',
      { adjustments: { lead_time_factor: 2 } },
      { red: 60, yellow: 80 },
    ],
    [
      'override takes the zones as given',
      { profile: { replenish_method: 'override' }, overrides: { red: 11, yellow: 22, green: 33 } },
      { red: 11, yellow: 22, green: 33, top_of_green: 66 },
    ],
    [
      'a whole-unit step rounds each zone half up',
      { adu: { method: 'fixed', value: 3.3 }, rounding: 1 },
      { red_base: 17, red_safety: 9, red: 26, yellow: 33, green: 17 },
    ],
  ];
  for (const [name, patch, want] of cases) {
    test(name, () => {
      const z = run(patch).zones as Record<string, number>;
      for (const [k, v] of Object.entries(want)) assert.equal(z[k], v, k);
    });
  }
  test('the reported DLT includes the lead-time factor but not the extra days', () => {
    assert.equal(run({ extra_lead_time_days: 5 }).dlt, 10);
    assert.equal(run({ adjustments: { lead_time_factor: 1.5 } }).dlt, 15);
  });
});

describe('net flow', () => {
  test('qualified demand: past due and today always, later days only as spikes within the horizon', () => {
    const demand = [
      { date: '2026-02-27', qty: 5 },
      { date: '2026-03-02', qty: 3 },
      { date: '2026-03-04', qty: 10 },
      { date: '2026-03-04', qty: 6 },
      { date: '2026-03-05', qty: 15 },
      { date: '2026-03-20', qty: 100 },
    ];
    assert.equal(qualifiedDemand('2026-03-02', demand, 10, 16), 5 + 3 + 16);
    assert.equal(qualifiedDemand('2026-03-02', demand, 10, 15), 5 + 3 + 16 + 15);
    assert.equal(qualifiedDemand('2026-03-02', demand, 30, 15), 5 + 3 + 16 + 15 + 100);
  });
  const cases: [string, object, Record<string, unknown>][] = [
    [
      'supply beyond DLT is long-term',
      { supply: [{ date: '2026-03-20', qty: 7 }] },
      { incoming_within_dlt: 0, incoming_outside_dlt: 7, net_flow_position: 50 },
    ],
    [
      'the incoming safety factor widens the window',
      { supply: [{ date: '2026-03-20', qty: 7 }], incoming_safety_factor: 2 },
      { incoming_within_dlt: 7 },
    ],
    [
      'an absolute spike threshold',
      { demand: [{ date: '2026-03-05', qty: 12 }], spike: { threshold: 12 } },
      { spike_threshold: 12, qualified_demand: 12 },
    ],
    [
      'a spike threshold as % of red',
      { demand: [{ date: '2026-03-05', qty: 12 }], spike: { threshold_pct_of_red: 50 } },
      { spike_threshold: 15, qualified_demand: 0 },
    ],
    [
      'the spike horizon defaults to DLT',
      { demand: [{ date: '2026-03-13', qty: 40 }] },
      { qualified_demand: 0 },
    ],
    [
      'green priority at or above TOY',
      { demand: [] },
      { planning_priority: 'green', recommended_qty: 0, order_batches: [] },
    ],
    [
      'red priority below TOR',
      { on_hand: 10, demand: [] },
      { net_flow_position: 20, planning_priority: 'red', recommended_qty: 70 },
    ],
    [
      'a negative NFP is red and orders up to TOG',
      { on_hand: 0, demand: [{ date: '2026-03-01', qty: 40 }], supply: [] },
      { net_flow_position: -40, net_flow_percent: -44.44, recommended_qty: 130 },
    ],
    [
      'on-hand alert yellow from half of TOR',
      { on_hand: 15 },
      { on_hand_alert: 'yellow', on_hand_percent: 50 },
    ],
    ['on-hand alert red below half of TOR', { on_hand: 14.99 }, { on_hand_alert: 'red' }],
    [
      'no usage: no coverage or frequency',
      { adu: { method: 'fixed', value: 0 } },
      { coverage_days: null, order_frequency_days: null, net_flow_percent: null },
    ],
  ];
  for (const [name, patch, want] of cases) {
    test(name, () => {
      const r = run(patch) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(r[k], v, k);
    });
  }
  test('at TOY exactly: no order by default, an order with at_or_below', () => {
    const atToy = { demand: [], supply: [], on_hand: 70 };
    assert.equal(run(atToy).recommended_qty, 0);
    assert.equal(run({ ...atToy, order_trigger: 'at_or_below' }).recommended_qty, 20);
  });
});

describe('replenishment', () => {
  const rules: OrderRules = {
    multiple: 1,
    tolerancePct: 0,
    minBatch: 0,
    maxBatch: null,
    storageCapacity: null,
    sourceFreeQty: null,
    rounding: 0.01,
  };
  const multiples: [number, number, number, number][] = [
    [23, 10, 0, 30],
    [23, 10, 30, 20],
    [23, 10, 20, 30],
    [20, 10, 0, 20],
    [0.3, 0.1, 0, 0.3],
  ];
  for (const [q, m, tol, want] of multiples)
    test(`${q} to multiples of ${m} with ${tol}% tolerance → ${want}`, () =>
      assert.equal(toMultiple(q, m, tol), want));
  const cases: [string, number, Partial<OrderRules>, number, number, { qty: number; batches: number[] }][] = [
    ['raised to the minimum batch', 7, { minBatch: 25 }, 0, 0, { qty: 25, batches: [25] }],
    ['split by the maximum batch', 70, { maxBatch: 30 }, 0, 0, { qty: 70, batches: [30, 30, 10] }],
    [
      'capped by storage, down to the multiple',
      70,
      { storageCapacity: 100, multiple: 6 },
      40,
      10,
      { qty: 48, batches: [48] },
    ],
    [
      'nothing when storage leaves less than the minimum batch',
      70,
      { storageCapacity: 60, minBatch: 20 },
      40,
      10,
      { qty: 0, batches: [] },
    ],
    ['capped at the source free stock', 70, { sourceFreeQty: 12.5 }, 0, 0, { qty: 12, batches: [12] }],
    ['never negative', -5, {}, 0, 0, { qty: 0, batches: [] }],
  ];
  for (const [name, raw, r, onHand, onOrder, want] of cases)
    test(name, () => assert.deepEqual(recommend(raw, { ...rules, ...r }, onHand, onOrder), want));
  test('what is already being ordered is subtracted', () => {
    assert.equal(run({ in_progress_qty: 12 }).recommended_qty, 18);
    assert.equal(run({ in_progress_qty: 500 }).recommended_qty, 0);
  });
});

describe('DLT over the BOM', () => {
  test('buffered components stop the path; purchased parts count their lead time', () => {
    const dlt = decoupledLeadTimes({
      items: [
        { id: 'FP', type: 'manufactured', lead_time_days: 2, buffered: true, components: ['AS', 'PK'] },
        { id: 'AS', type: 'manufactured', lead_time_days: 5, buffered: false, components: ['RM1', 'RM2'] },
        { id: 'PK', type: 'purchased', lead_time_days: 30, buffered: true, components: [] },
        { id: 'RM1', type: 'purchased', lead_time_days: 15, buffered: false, components: [] },
        { id: 'RM2', type: 'purchased', lead_time_days: 40, buffered: true, components: [] },
        { id: 'DC', type: 'distributed', lead_time_days: 3, buffered: true, components: [] },
      ],
    });
    assert.deepEqual(dlt, { FP: 22, AS: 20, PK: 30, RM1: 15, RM2: 40, DC: 3 });
  });
});

describe('the command contract', () => {
  const bad: [string, string, RegExp][] = [
    ['compute', '{', /^\(input\): not JSON/],
    ['compute', JSON.stringify({ ...example, dlt: -1 }), /^dlt: /],
    ['compute', JSON.stringify({ ...example, as_of: '02/03/2026' }), /^as_of: /],
    [
      'compute',
      JSON.stringify({
        ...example,
        adu: {
          method: 'blended',
          past: { horizon_days: 5 },
          future: { horizon_days: 5 },
          past_weight: 0.7,
          future_weight: 0.7,
        },
      }),
      /^adu\.past_weight: .*sum to 1/,
    ],
    [
      'compute',
      JSON.stringify({
        ...example,
        profile: { replenish_method: 'override' },
        overrides: { red: 1, yellow: 2 },
      }),
      /^overrides\.green: /,
    ],
    [
      'compute',
      JSON.stringify({ buffers: [example, { ...example, on_hand: 'mucho' }] }),
      /^buffers\[1\]\.on_hand: /,
    ],
    [
      'dlt',
      JSON.stringify({ items: [{ id: 'A', type: 'purchased', lead_time_days: -2 }] }),
      /^items\[0\]\.lead_time_days: /,
    ],
    [
      'dlt',
      JSON.stringify({
        items: [
          { id: 'A', type: 'manufactured', lead_time_days: 1, components: ['B'] },
          { id: 'B', type: 'manufactured', lead_time_days: 1, components: ['A'] },
        ],
      }),
      /cycle A → B → A/,
    ],
    [
      'dlt',
      JSON.stringify({ items: [{ id: 'A', type: 'manufactured', lead_time_days: 1, components: ['Z'] }] }),
      /^items\[0\]\.components\[0\]: unknown item Z/,
    ],
  ];
  for (const [verb, input, want] of bad) {
    test(`${verb} refuses ${input.slice(0, 60)} with one line naming the field`, () => {
      const out = verb === 'compute' ? runCompute(input) : runDlt(input);
      assert.equal(out.ok, false);
      if (!out.ok) {
        assert.match(out.error, want);
        assert.ok(!out.error.includes('\n'), out.error);
      }
    });
  }
  test('a list of buffers gives a list of results, in order', () => {
    const out = runCompute(JSON.stringify({ buffers: [example, { ...example, on_hand: 10, demand: [] }] }));
    assert.ok(out.ok);
    const results = (out.ok ? out.json : {}) as { results: { planning_priority: string }[] };
    assert.deepEqual(
      results.results.map((r) => r.planning_priority),
      ['yellow', 'red'],
    );
  });
});
