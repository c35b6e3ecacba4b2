import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeBuffer } from './compute.ts';
import { BufferInput } from './input.ts';

const buffer = fc.record({
  adu: fc.double({ min: 0, max: 500, noNaN: true }),
  dlt: fc.integer({ min: 0, max: 120 }),
  ltf: fc.constantFrom(0.25, 0.5, 0.75),
  vf: fc.constantFrom(0.25, 0.5, 0.75),
  cycle: fc.integer({ min: 0, max: 30 }),
  moq: fc.integer({ min: 0, max: 500 }),
  onHand: fc.integer({ min: -200, max: 20_000 }),
  supply: fc.integer({ min: 0, max: 5000 }),
  demand: fc.integer({ min: 0, max: 5000 }),
});
type B = typeof buffer extends fc.Arbitrary<infer T> ? T : never;
const compute = (b: B, patch: object = {}) =>
  computeBuffer(
    BufferInput.parse({
      as_of: '2026-03-02',
      adu: { method: 'fixed', value: b.adu },
      dlt: b.dlt,
      profile: { lead_time_factor: b.ltf, variability_factor: b.vf },
      order_cycle_days: b.cycle,
      minimum_order_qty: b.moq,
      on_hand: b.onHand,
      supply: [{ date: '2026-03-03', qty: b.supply }],
      demand: [{ date: '2026-03-02', qty: b.demand }],
      ...patch,
    }),
  );

test('zones never shrink when ADU or DLT grows', () => {
  fc.assert(
    fc.property(
      buffer,
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.integer({ min: 0, max: 60 }),
      (b, more, longer) => {
        const base = compute(b).zones;
        for (const grown of [
          compute({ ...b, adu: b.adu + more }).zones,
          compute({ ...b, dlt: b.dlt + longer }).zones,
        ]) {
          assert.ok(grown.red >= base.red && grown.yellow >= base.yellow && grown.green >= base.green);
          assert.ok(grown.top_of_green >= base.top_of_green);
        }
      },
    ),
  );
});

test('nothing is ever negative but net flow; the tops are ordered', () => {
  fc.assert(
    fc.property(buffer, (b) => {
      const r = compute(b);
      for (const v of Object.values(r.zones)) assert.ok(v >= 0, JSON.stringify(r.zones));
      assert.ok(r.zones.top_of_red <= r.zones.top_of_yellow && r.zones.top_of_yellow <= r.zones.top_of_green);
      assert.ok(r.recommended_qty >= 0 && r.qualified_demand >= 0 && r.spike_threshold >= 0);
      assert.ok(r.order_batches.every((q) => q > 0));
    }),
  );
});

test('ordering the recommended quantity brings net flow back to the top of green, up to the multiple', () => {
  fc.assert(
    fc.property(buffer, fc.constantFrom(1, 5, 12), (b, multiple) => {
      const r = compute(b, { qty_multiple: multiple });
      if (r.recommended_qty === 0) {
        assert.ok(r.net_flow_position >= r.zones.top_of_yellow);
        return;
      }
      const after = r.net_flow_position + r.recommended_qty;
      assert.ok(after >= r.zones.top_of_green - 1e-6, `${after} < ${r.zones.top_of_green}`);
      assert.ok(after < r.zones.top_of_green + multiple + 1e-6, `${after} overshoots by a multiple`);
      assert.equal(
        Math.abs(Math.round(r.recommended_qty / multiple) * multiple - r.recommended_qty) < 1e-6,
        true,
      );
    }),
  );
});
