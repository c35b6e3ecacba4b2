import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Adjustment, type AdjustmentTarget, adjustmentStatus, factorsFor } from './adjustments.ts';
import { BufferInput } from './input.ts';

const target: AdjustmentTarget = { buffer_id: 'B1', product_category: 'tools', location_id: 'MAD' };
const ones = { red: 1, yellow: 1, green: 1 };

/** A one-factor adjustment over March 2026; each case changes what it needs. */
const adj = (patch: Partial<Adjustment>): Adjustment => ({
  buffer_id: null,
  product_category: null,
  location_id: null,
  start_date: '2026-03-01',
  end_date: '2026-03-31',
  demand_factor: 1,
  lead_time_factor: 1,
  zone_factors: ones,
  ...patch,
});

describe('which adjustments reach a buffer', () => {
  const cases: [string, Partial<Adjustment>, number][] = [
    ['its own buffer', { buffer_id: 'B1' }, 2],
    ['another buffer', { buffer_id: 'B2' }, 1],
    [
      'another buffer, even with its category and location',
      { buffer_id: 'B2', product_category: 'tools', location_id: 'MAD' },
      1,
    ],
    ['its category anywhere', { product_category: 'tools' }, 2],
    ['another category', { product_category: 'paint' }, 1],
    ['its location, any category', { location_id: 'MAD' }, 2],
    ['another location', { location_id: 'BCN' }, 1],
    ['its category at its location', { product_category: 'tools', location_id: 'MAD' }, 2],
    ['its category at another location', { product_category: 'tools', location_id: 'BCN' }, 1],
    ['another category at its location', { product_category: 'paint', location_id: 'MAD' }, 1],
    ['no scope at all (the database refuses it)', {}, 1],
  ];
  for (const [name, scope, expected] of cases)
    test(`${name}: demand factor ${expected}`, () => {
      const f = factorsFor(target, [adj({ ...scope, demand_factor: 2 })], '2026-03-15');
      assert.equal(f.demand_factor, expected);
    });

  test('a category adjustment misses a buffer whose product has no category', () => {
    const f = factorsFor(
      { ...target, product_category: null },
      [adj({ product_category: 'tools', demand_factor: 2 })],
      '2026-03-15',
    );
    assert.equal(f.demand_factor, 1);
  });
});

describe('the date range counts both ends', () => {
  const cases: [string, number][] = [
    ['2026-02-28', 1],
    ['2026-03-01', 3],
    ['2026-03-15', 3],
    ['2026-03-31', 3],
    ['2026-04-01', 1],
  ];
  for (const [asOf, expected] of cases)
    test(`on ${asOf} the lead-time factor is ${expected}`, () => {
      const f = factorsFor(target, [adj({ buffer_id: 'B1', lead_time_factor: 3 })], asOf);
      assert.equal(f.lead_time_factor, expected);
    });

  test('a one-day range is in force on that day only', () => {
    const one = [
      adj({ buffer_id: 'B1', start_date: '2026-03-10', end_date: '2026-03-10', demand_factor: 2 }),
    ];
    assert.deepEqual(
      ['2026-03-09', '2026-03-10', '2026-03-11'].map((d) => factorsFor(target, one, d).demand_factor),
      [1, 2, 1],
    );
  });
});

describe('factors in force multiply', () => {
  test('no adjustment gives ones', () => {
    assert.deepEqual(factorsFor(target, [], '2026-03-15'), {
      demand_factor: 1,
      lead_time_factor: 1,
      zone_factors: ones,
    });
  });

  test('every factor is the product over the matching adjustments, each factor on its own', () => {
    const list = [
      adj({ buffer_id: 'B1', demand_factor: 1.5, zone_factors: { red: 2, yellow: 1, green: 1 } }),
      adj({ product_category: 'tools', demand_factor: 2, lead_time_factor: 0.5 }),
      adj({ location_id: 'MAD', zone_factors: { red: 1, yellow: 0.8, green: 3 } }),
      adj({ location_id: 'BCN', demand_factor: 10 }),
      adj({ buffer_id: 'B1', start_date: '2026-04-01', end_date: '2026-04-30', demand_factor: 7 }),
    ];
    assert.deepEqual(factorsFor(target, list, '2026-03-15'), {
      demand_factor: 3,
      lead_time_factor: 0.5,
      zone_factors: { red: 2, yellow: 0.8, green: 3 },
    });
  });

  test('products are rounded to 6 decimals once, at the end', () => {
    const thirds = [1, 2, 3].map(() => adj({ buffer_id: 'B1', demand_factor: 1 / 3 }));
    assert.equal(factorsFor(target, thirds, '2026-03-15').demand_factor, 0.037037);
    const noisy = [
      adj({ buffer_id: 'B1', demand_factor: 0.1 }),
      adj({ location_id: 'MAD', demand_factor: 3 }),
    ];
    assert.equal(factorsFor(target, noisy, '2026-03-15').demand_factor, 0.3, 'not 0.30000000000000004');
  });

  test('the result is what the engine takes as its adjustments', () => {
    const f = factorsFor(
      target,
      [adj({ buffer_id: 'B1', demand_factor: 1.2, lead_time_factor: 1.5 })],
      '2026-03-15',
    );
    const input = BufferInput.parse({
      as_of: '2026-03-15',
      adu: { method: 'fixed', value: 1 },
      dlt: 1,
      on_hand: 0,
      adjustments: f,
    });
    assert.deepEqual(input.adjustments, f);
  });
});

describe('status relative to today', () => {
  const range = { start_date: '2026-03-01', end_date: '2026-03-31' };
  const cases: [string, string][] = [
    ['2026-02-28', 'upcoming'],
    ['2026-03-01', 'active'],
    ['2026-03-31', 'active'],
    ['2026-04-01', 'past'],
  ];
  for (const [today, expected] of cases)
    test(`on ${today} it is ${expected}`, () => assert.equal(adjustmentStatus(range, today), expected));
});
