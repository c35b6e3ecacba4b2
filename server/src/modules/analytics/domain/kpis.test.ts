import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  averageOnHandTarget,
  daysOfSupply,
  fillRate,
  inventoryTurns,
  lostSales,
  onHandPath,
  onHandStatus,
  sd,
  shares,
  stockoutDays,
  zoneOf,
} from './kpis.ts';
import { dailyForecast, projectStockout } from './stockout.ts';

test('turns annualise cost of consumption over average inventory value', () => {
  const cases = [
    // 1,000 consumed over 30 days on 2,000 held: 0.5 × 365 / 30 = 6.0833
    { cogs: 1000, averageInventoryValue: 2000, days: 30, want: 6.0833 },
    // a whole year: the plain ratio
    { cogs: 12_000, averageInventoryValue: 3000, days: 365, want: 4 },
    { cogs: 0, averageInventoryValue: 3000, days: 30, want: 0 },
    { cogs: 500, averageInventoryValue: 0, days: 30, want: null },
  ];
  for (const c of cases) assert.equal(inventoryTurns(c), c.want, JSON.stringify(c));
});

test('days of supply divide closing value by the average daily cost of consumption', () => {
  const cases = [
    // 300 a day (9,000 / 30); 1,500 lasts 5 days
    { endingValue: 1500, cogs: 9000, days: 30, want: 5 },
    { endingValue: 100, cogs: 30, days: 10, want: 33.3333 },
    { endingValue: 1500, cogs: 0, days: 30, want: null },
  ];
  for (const c of cases) assert.equal(daysOfSupply(c), c.want, JSON.stringify(c));
});

test('fill rate counts quantity shipped by its due day; service level counts lines', () => {
  const f = fillRate(
    [
      { quantity: 4, due: '2025-03-02', shipped: '2025-03-01' }, // early: on time
      { quantity: 6, due: '2025-03-02', shipped: '2025-03-02' }, // on the day: on time
      { quantity: 10, due: '2025-03-03', shipped: '2025-03-05' }, // late
      { quantity: 5, due: '2025-03-04', shipped: null }, // never shipped, due has passed: missed
      { quantity: 7, due: '2025-03-10', shipped: null }, // still open: left out
    ],
    '2025-03-10',
  );
  // (4 + 6) / (4 + 6 + 10 + 5) = 10 / 25 = 0.4; lines 2 of 4
  assert.deepEqual(f, {
    fill_rate: 0.4,
    demanded_quantity: 25,
    on_time_quantity: 10,
    service_level: 0.5,
    lines: 4,
    on_time_lines: 2,
  });
  assert.equal(fillRate([], '2025-03-10').fill_rate, null, 'no demand, no rate');
});

test('the on-hand path carries each day the last closing balance before it', () => {
  const path = onHandPath(
    5,
    [
      { date: '2025-01-02', balance: 0 },
      { date: '2025-01-04', balance: -1 },
      { date: '2025-01-05', balance: 8 },
    ],
    '2025-01-01',
    '2025-01-06',
  );
  assert.deepEqual(path, [5, 0, 0, -1, 8, 8]);
  assert.equal(stockoutDays(path), 3, 'the 2nd, 3rd and 4th closed at zero or below');
});

test('lost sales are stockout days times average daily usage', () => {
  const cases = [
    { days: 3, adu: 2.5, want: 7.5 },
    { days: 0, adu: 4, want: 0 },
    { days: 2, adu: -1, want: 0 },
  ];
  for (const c of cases) assert.equal(lostSales(c.days, c.adu), c.want);
});

test('zones and on-hand status follow the tops of red, yellow and green', () => {
  const tops = { topOfRed: 30, topOfYellow: 70, topOfGreen: 90 };
  const cases = [
    { at: 0, zone: 'red', status: 'too_little' },
    { at: 30, zone: 'red', status: 'right' },
    { at: 50, zone: 'yellow', status: 'right' },
    { at: 90, zone: 'green', status: 'right' },
    { at: 91, zone: 'over', status: 'too_much' },
  ] as const;
  for (const c of cases) {
    assert.equal(zoneOf(c.at, tops), c.zone, `zone at ${c.at}`);
    assert.equal(onHandStatus(c.at, tops), c.status, `status at ${c.at}`);
  }
});

test('shares divide each key by the number of items', () => {
  assert.deepEqual(shares(['red', 'yellow', 'green', 'over'], ['red', 'green', 'green', 'over']), {
    red: 0.25,
    yellow: 0,
    green: 0.5,
    over: 0.25,
  });
  assert.deepEqual(shares(['a', 'b'], []), { a: 0, b: 0 });
});

test('the average on-hand target is red plus half of green', () => {
  assert.equal(averageOnHandTarget(30, 20), 40);
});

test('sd is the sample deviation', () => {
  assert.equal(sd([2, 4, 4, 4, 5, 5, 7, 9]).toFixed(4), '2.1381');
  assert.equal(sd([3]), 0);
});

test('a stockout is the first day projected on hand goes below zero, supply arriving on its day', () => {
  const cases = [
    // 10 on hand, 3 a day: 7, 4, 1, −2 → the 4th day (day 3)
    { onHand: 10, supply: [], date: '2025-05-04' },
    // 5 more on day 2: 7, 4, 6, 3, 0, −3 → day 5
    { onHand: 10, supply: [{ date: '2025-05-03', qty: 5 }], date: '2025-05-06' },
    // overdue supply counts today: 10 + 20 = 30 lasts 10 days, −3 on day 10 → beyond a 10-day horizon
    { onHand: 10, supply: [{ date: '2025-04-20', qty: 20 }], date: null },
  ];
  for (const c of cases) {
    const p = projectStockout({
      today: '2025-05-01',
      onHand: c.onHand,
      supply: c.supply,
      demand: [3],
      sigma: 0,
      horizonDays: 10,
    });
    assert.deepEqual(p, { date: c.date, earliest: c.date, latest: c.date }, JSON.stringify(c));
  }
});

test('the band moves the stockout earlier and later by z·σ·√t of cumulative demand', () => {
  // 20 on hand, 4 a day, σ 2, z 1: after t days demand is 4t ± 2√t.
  // mean: 20 − 4t < 0 first at t = 6 (day 5); high: 4t + 2√t > 20 at t = 5 (20 + 4.47), day 4;
  // low: 4t − 2√t > 20 at t = 7 (28 − 5.29 = 22.7; t = 6 gives 24 − 4.9 = 19.1), day 6.
  const p = projectStockout({
    today: '2025-05-01',
    onHand: 20,
    supply: [],
    demand: [4],
    sigma: 2,
    z: 1,
    horizonDays: 30,
  });
  assert.deepEqual(p, { date: '2025-05-06', earliest: '2025-05-05', latest: '2025-05-07' });
});

test('forecast ranges spread evenly over their days', () => {
  // 10 over 5 days = 2 a day; 9 over 3 days = 3 a day, overlapping day 5
  const d = dailyForecast(
    [
      { start: '2025-05-01', end: '2025-05-05', qty: 10 },
      { start: '2025-05-05', end: '2025-05-07', qty: 9 },
    ],
    '2025-05-03',
    6,
  );
  assert.deepEqual(d, [2, 2, 5, 3, 3, 0]);
});
