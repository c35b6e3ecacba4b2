import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DaySnapshot, integrityMetrics } from './integrity.ts';

/** DDMRP.md's example buffer: red 30, yellow 40, green 20 (TOR 30, TOY 70, TOG 90). */
const day = (patch: Partial<DaySnapshot> = {}): DaySnapshot => ({
  date: '2026-03-02',
  green: 20,
  top_of_red: 30,
  top_of_yellow: 70,
  top_of_green: 90,
  on_hand: 50,
  net_flow: 80,
  net_flow_percent: 88.89,
  planning_priority: 'green',
  ...patch,
});

describe('on-hand integrity', () => {
  const cases: [string, number | null, 'below_top_of_red' | 'within' | 'above_top_of_green' | null][] = [
    ['below TOR is too little', 29.99, 'below_top_of_red'],
    ['TOR itself is just right', 30, 'within'],
    ['TOG itself is just right', 90, 'within'],
    ['above TOG is too much', 90.01, 'above_top_of_green'],
    ['a stockout is too little', 0, 'below_top_of_red'],
    ['an unknown on hand is not placed', null, null],
  ];
  for (const [what, onHand, state] of cases)
    test(what, () => {
      const m = integrityMetrics([day({ on_hand: onHand })]);
      for (const k of ['below_top_of_red', 'within', 'above_top_of_green'] as const)
        assert.equal(m.on_hand_share[k], state === null ? null : k === state ? 100 : 0, k);
    });
});

describe('shares over several days', () => {
  test('each day counts once, in percent to 2 decimals', () => {
    const m = integrityMetrics([
      day({ planning_priority: 'red', on_hand: 10 }),
      day({ planning_priority: 'yellow', on_hand: 50 }),
      day({ planning_priority: 'yellow', on_hand: 120 }),
    ]);
    assert.deepEqual(m.planning_priority_share, { red: 33.33, yellow: 66.67, green: 0 });
    assert.deepEqual(m.on_hand_share, { below_top_of_red: 33.33, within: 33.33, above_top_of_green: 33.33 });
    assert.equal(m.days, 3);
  });

  test('a day without a stored priority takes it from net flow against the zones', () => {
    const cases: [number, string][] = [
      [70, 'green'],
      [69.99, 'yellow'],
      [30, 'yellow'],
      [29.99, 'red'],
      [-5, 'red'],
    ];
    for (const [nfp, want] of cases) {
      const m = integrityMetrics([day({ planning_priority: null, net_flow: nfp })]);
      assert.equal(m.planning_priority_share[want as 'red'], 100, `NFP ${nfp}`);
    }
  });

  test('days without zones count in days but not in the shares they cannot inform', () => {
    const bare = day({
      green: null,
      top_of_red: null,
      top_of_yellow: null,
      top_of_green: null,
      planning_priority: null,
      net_flow_percent: null,
      on_hand: 0,
    });
    const m = integrityMetrics([bare, day({ on_hand: 100 }), day({ on_hand: 60 })]);
    assert.equal(m.days, 3);
    assert.deepEqual(m.on_hand_share, { below_top_of_red: 0, within: 50, above_top_of_green: 50 });
    assert.deepEqual(m.planning_priority_share, { red: 0, yellow: 0, green: 100 });
    assert.equal(m.stockout_days, 1, 'a stockout needs no zones');
    assert.equal(m.average_on_hand, 53.33, '(0 + 100 + 60) / 3');
    assert.equal(m.target_average_on_hand, 40, 'only the two days with zones');
    assert.equal(m.average_net_flow_percent, 88.89);
  });
});

describe('counts and averages', () => {
  test('stockout days are days with nothing (or less) on hand', () => {
    const m = integrityMetrics([day({ on_hand: 0 }), day({ on_hand: -3 }), day({ on_hand: 0.5 })]);
    assert.equal(m.stockout_days, 2);
  });

  test('target average on hand is the mean of TOR + green / 2 as the zones moved', () => {
    const m = integrityMetrics([day({ top_of_red: 30, green: 20 }), day({ top_of_red: 60, green: 41 })]);
    assert.equal(m.target_average_on_hand, 60.25, '(40 + 80.5) / 2');
  });

  test('averages of on hand and net flow % round to 2 decimals', () => {
    const m = integrityMetrics([
      day({ on_hand: 10, net_flow_percent: 10 }),
      day({ on_hand: 10, net_flow_percent: 20 }),
      day({ on_hand: 11, net_flow_percent: 20 }),
    ]);
    assert.deepEqual([m.average_on_hand, m.average_net_flow_percent], [10.33, 16.67]);
  });

  test('no days: zero counts, no shares, no averages', () => {
    assert.deepEqual(integrityMetrics([]), {
      days: 0,
      planning_priority_share: { red: null, yellow: null, green: null },
      on_hand_share: { below_top_of_red: null, within: null, above_top_of_green: null },
      stockout_days: 0,
      average_on_hand: null,
      target_average_on_hand: null,
      average_net_flow_percent: null,
    });
  });
});
