import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferAlerts, lateSupply, leadTimeAlert, materialSync, projectOnHand } from './alerts.ts';

const AS_OF = '2026-03-02';

test('projected on hand consumes the larger of known demand and ADU, adds supply on its day', () => {
  const cases: {
    name: string;
    onHand: number;
    supply: { date: string; qty: number }[];
    demand: { date: string; qty: number }[];
    adu: number;
    days: number;
    threshold: number;
    first: string | null;
    lowest: number;
    lowestDay: string;
  }[] = [
    {
      name: 'ADU only, stays above',
      onHand: 100,
      supply: [],
      demand: [],
      adu: 5,
      days: 10,
      threshold: 20,
      first: null,
      lowest: 50,
      lowestDay: '2026-03-11',
    },
    {
      name: 'ADU only, crosses on day 9',
      onHand: 60,
      supply: [],
      demand: [],
      adu: 5,
      days: 10,
      threshold: 20,
      first: '2026-03-10',
      lowest: 10,
      lowestDay: '2026-03-11',
    },
    {
      name: 'a big order on day 3',
      onHand: 60,
      supply: [],
      demand: [{ date: '2026-03-04', qty: 40 }],
      adu: 5,
      days: 5,
      threshold: 20,
      first: '2026-03-04',
      lowest: 0,
      lowestDay: '2026-03-06',
    },
    {
      name: 'supply on day 2 saves it',
      onHand: 30,
      supply: [{ date: '2026-03-03', qty: 50 }],
      demand: [],
      adu: 5,
      days: 5,
      threshold: 20,
      first: null,
      lowest: 25,
      lowestDay: '2026-03-02',
    },
    {
      name: 'past-due supply lands today',
      onHand: 0,
      supply: [{ date: '2026-02-20', qty: 10 }],
      demand: [],
      adu: 5,
      days: 2,
      threshold: 1,
      first: '2026-03-03',
      lowest: 0,
      lowestDay: '2026-03-03',
    },
    {
      name: 'stockout goes negative',
      onHand: 4,
      supply: [],
      demand: [],
      adu: 3,
      days: 3,
      threshold: 2,
      first: '2026-03-02',
      lowest: -5,
      lowestDay: '2026-03-04',
    },
  ];
  for (const c of cases) {
    const p = projectOnHand(AS_OF, c.onHand, c.supply, c.demand, c.adu, c.days, c.threshold);
    assert.deepEqual([p.first_day, p.lowest, p.lowest_day], [c.first, c.lowest, c.lowestDay], c.name);
  }
});

const base = {
  onHand: 100,
  onHandAlert: 'green' as const,
  onHandPercent: 200,
  topOfRed: 50,
  dlt: 10,
  spikeHorizonDays: null,
  projection: { first_day: null, lowest: 60, lowest_day: AS_OF, threshold: 25, horizon_days: 10 },
};

test('buffer alerts: on hand, projected on hand and a spike horizon shorter than the DLT', () => {
  const kinds = (over: Partial<typeof base> | Record<string, unknown>) =>
    bufferAlerts({ ...base, ...over } as typeof base).map((a) => `${a.kind}:${a.severity}`);
  assert.deepEqual(kinds({}), [], 'a healthy buffer raises nothing');
  assert.deepEqual(kinds({ onHandAlert: 'yellow' }), ['on_hand:yellow']);
  assert.deepEqual(kinds({ onHandAlert: 'red' }), ['on_hand:red']);
  assert.deepEqual(
    kinds({ projection: { ...base.projection, first_day: '2026-03-05', lowest: 10 } }),
    ['projected_on_hand:yellow'],
    'into red but not out',
  );
  assert.deepEqual(
    kinds({ projection: { ...base.projection, first_day: '2026-03-05', lowest: -3 } }),
    ['projected_on_hand:red'],
    'a projected stockout',
  );
  assert.deepEqual(kinds({ spikeHorizonDays: 5 }), ['spike_horizon:yellow']);
  assert.deepEqual(kinds({ spikeHorizonDays: 10 }), [], 'equal to the DLT is enough');
});

test('material synchronization: only a shortage raises, red when nothing is there', () => {
  const s = { orderDue: '2026-03-10', componentSku: 'C', parentSku: 'P' };
  assert.equal(materialSync({ ...s, required: 10, available: 10 }), null);
  const short = materialSync({ ...s, required: 10, available: 4 });
  assert.deepEqual([short?.kind, short?.severity, short?.details.shortage], ['material_sync', 'yellow', 6]);
  assert.equal(materialSync({ ...s, required: 10, available: 0 })?.severity, 'red');
});

test('lead-time alert: quiet until the last two ninths of the lead time, red in the last ninth and late', () => {
  // Placed 2026-03-01, due 2026-03-28: 27 days, alert zone the last 9, yellow from 6 left, red from 3.
  const cases: { today: string; want: string | null }[] = [
    { today: '2026-03-02', want: null },
    { today: '2026-03-21', want: null },
    { today: '2026-03-22', want: 'yellow' },
    { today: '2026-03-24', want: 'yellow' },
    { today: '2026-03-25', want: 'red' },
    { today: '2026-03-28', want: 'red' },
    { today: '2026-04-02', want: 'red' },
  ];
  for (const c of cases) {
    const a = leadTimeAlert({ placed: '2026-03-01', due: '2026-03-28', today: c.today, sku: 'X' });
    assert.equal(a?.severity ?? null, c.want, c.today);
  }
  assert.equal(
    leadTimeAlert({ placed: '2026-03-01', due: '2026-03-01', today: '2026-03-05', sku: 'X' }),
    null,
  );
  assert.equal(
    leadTimeAlert({ placed: '2026-03-01', due: '2026-03-28', today: '2026-03-30', sku: 'X' })?.details
      .days_left,
    -2,
  );
});

test('late supply: quiet up to the due date, red from the day after, counting the days late', () => {
  const o = { number: 'PO-000007', kind: 'purchase', due: '2026-03-10', sku: 'X', quantity: 40 };
  const cases: { today: string; late: number | null }[] = [
    { today: '2026-03-01', late: null },
    { today: '2026-03-10', late: null },
    { today: '2026-03-11', late: 1 },
    { today: '2026-04-09', late: 30 },
  ];
  for (const c of cases) {
    const a = lateSupply({ ...o, today: c.today });
    assert.equal(a?.details.days_late ?? null, c.late, c.today);
    if (a)
      assert.deepEqual([a.kind, a.severity, a.details.order_number], ['late_supply', 'red', 'PO-000007']);
  }
  assert.match(
    lateSupply({ ...o, today: '2026-03-12' })?.message ?? '',
    /^PO-000007: 40 of X .* 2 days late/,
  );
});
