import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectOnHand } from './alerts.ts';
import { decoupledLeadTimes } from './bom-dlt.ts';
import { runCompute, runDlt } from './command.ts';
import { LIMITS } from './limits.ts';
import { recommend, splitByMaxBatch } from './replenishment.ts';
import { simulate } from './simulate.ts';

const rules = {
  multiple: 1,
  tolerancePct: 0,
  minBatch: 0,
  maxBatch: null as number | null,
  storageCapacity: null,
  sourceFreeQty: null,
  rounding: 0.01,
};

test('the batch split never makes more than the cap of orders, and keeps the maximum batch', () => {
  for (const [qty, maxBatch, expected] of [
    [250, 100, [100, 100, 50]],
    [300, 100, [100, 100, 100]],
    [LIMITS.batches * 10, 10, Array.from({ length: LIMITS.batches }, () => 10)],
    [1e9, 1, Array.from({ length: LIMITS.batches }, () => 1)],
    [3e9, 0.0001, Array.from({ length: LIMITS.batches }, () => 0.01)],
  ] as const) {
    assert.deepEqual(splitByMaxBatch(qty, maxBatch, 0.01), expected, `${qty} by ${maxBatch}`);
  }
});

test('a recommendation beyond the cap of batches orders that many full batches; the rest comes next time', () => {
  for (const [raw, maxBatch, qty, orders] of [
    [250, 100, 250, 3],
    [1e15, 1, LIMITS.batches, LIMITS.batches],
    [3e9, 1e6, 1e8, LIMITS.batches],
  ] as const) {
    const r = recommend(raw, { ...rules, maxBatch }, 0, 0);
    assert.deepEqual([r.qty, r.batches.length], [qty, orders], `${raw} by ${maxBatch}`);
  }
});

test('the projection walks at most the cap of days, however long the lead time', () => {
  for (const [horizon, days] of [
    [10, 10],
    [LIMITS.projectionDays, LIMITS.projectionDays],
    [1e9, LIMITS.projectionDays],
    [1e308, LIMITS.projectionDays],
  ] as const) {
    const p = projectOnHand('2026-03-02', 100, [], [], 1, horizon, 0);
    assert.equal(p.horizon_days, days, `horizon ${horizon}`);
  }
});

test('a replay longer than the cap of days is refused', () => {
  const policy = { dlt: 5, adu_horizon_days: 30 };
  assert.equal(
    simulate({ from: '2024-01-01', to: '2025-12-30', policy }).summary.days,
    LIMITS.simulationDays,
  );
  assert.throws(() => simulate({ from: '2000-01-01', to: '2025-12-31', policy }), /at most 730 days/);
  assert.throws(() =>
    simulate({ from: '2025-01-01', to: '2025-01-31', policy: { dlt: 1e9, adu_horizon_days: 30 } }),
  );
  assert.throws(() =>
    simulate({ from: '2025-01-01', to: '2025-01-31', policy: { dlt: 5, adu_horizon_days: 1e9 } }),
  );
});

test('a bill deeper than the cap of levels is refused by name, not a stack overflow', () => {
  const chain = (n: number) => ({
    items: Array.from({ length: n }, (_, i) => ({
      id: `L${i}`,
      type: i === n - 1 ? ('purchased' as const) : ('manufactured' as const),
      lead_time_days: 1,
      buffered: false,
      components: i === n - 1 ? [] : [`L${i + 1}`],
    })),
  });
  assert.equal(decoupledLeadTimes(chain(LIMITS.bomDepth)).L0, LIMITS.bomDepth);
  assert.throws(() => decoupledLeadTimes(chain(LIMITS.bomDepth + 1)), /deeper than 100 levels/);
  const deep = runDlt(JSON.stringify(chain(20_000)));
  assert.ok(!deep.ok && /deeper than/.test(deep.error), JSON.stringify(deep).slice(0, 200));
});

test('the command refuses numbers beyond the limits, naming the field', () => {
  const base = { as_of: '2026-03-02', adu: { method: 'fixed', value: 4 }, dlt: 10, on_hand: 0 };
  for (const [patch, field] of [
    [{ dlt: 1e9 }, 'dlt'],
    [{ dlt: 1e308 }, 'dlt'],
    [{ extra_lead_time_days: 1e6 }, 'extra_lead_time_days'],
    [{ order_cycle_days: 1e6 }, 'order_cycle_days'],
    [{ adu: { method: 'fixed', value: 1e12 } }, 'adu.value'],
    [{ adu: { method: 'past', horizon_days: 1e9 } }, 'adu.horizon_days'],
    [{ on_hand: 1e300 }, 'on_hand'],
    [{ min_batch: 1e12 }, 'min_batch'],
    [{ max_batch: 1e-9 }, 'max_batch'],
    [{ rounding: 1e-300 }, 'rounding'],
    [{ qty_multiple: 1e-300 }, 'qty_multiple'],
    [{ overrides: { red: 1e15 } }, 'overrides.red'],
    [{ profile: { lead_time_factor: 1e6 } }, 'profile.lead_time_factor'],
    [{ adjustments: { lead_time_factor: 1e9 } }, 'adjustments.lead_time_factor'],
    [{ spike: { horizon_days: 1e9 } }, 'spike.horizon_days'],
    [{ incoming_safety_factor: 1e9 }, 'incoming_safety_factor'],
    [{ supply: [{ date: '2026-03-03', qty: 1e300 }] }, 'supply[0].qty'],
  ] as const) {
    const out = runCompute(JSON.stringify({ ...base, ...patch }));
    assert.ok(!out.ok, `${field} accepted`);
    assert.ok(out.error.startsWith(`${field}:`), `${field}: ${out.error}`);
  }
  const bom = runDlt(JSON.stringify({ items: [{ id: 'A', type: 'purchased', lead_time_days: 1e9 }] }));
  assert.ok(!bom.ok && bom.error.startsWith('items[0].lead_time_days:'));
});

test('the largest buffer the command accepts computes at once, with at most the cap of batches', () => {
  const out = runCompute(
    JSON.stringify({
      as_of: '2026-03-02',
      adu: { method: 'fixed', value: LIMITS.quantity },
      dlt: LIMITS.leadTimeDays,
      extra_lead_time_days: LIMITS.leadTimeDays,
      on_hand: -LIMITS.quantity,
      rounding: LIMITS.step,
      qty_multiple: LIMITS.step,
      max_batch: LIMITS.step,
    }),
  );
  assert.ok(out.ok);
  const r = out.json as { order_batches: number[]; recommended_qty: number };
  assert.equal(r.order_batches.length, LIMITS.batches);
  assert.equal(r.recommended_qty, LIMITS.batches * LIMITS.step);
});
