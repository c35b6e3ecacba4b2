import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from '../../platform/dates.ts';
import { DEMO_DEMAND, DEMO_LATE, DEMO_STORE_SIZE, DEMO_STORES } from './demo.ts';
import {
  type DemandProfile,
  type DemoMovement,
  isClosed,
  lastTradingDay,
  seasonFactor,
  simulateHistory,
} from './demo-history.ts';

const TODAY = '2026-03-02';
const DAY = 86_400_000;
const weekday = (iso: string) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;

const SCREWS: DemandProfile = {
  base: 16,
  leadTimeDays: 7,
  orderMultiple: 10,
  minOrderQty: 0,
  seasonality: 1,
};
const DRILLS: DemandProfile = {
  base: 0.35,
  leadTimeDays: 14,
  orderMultiple: 1,
  minOrderQty: 5,
  seasonality: 1,
};
const KITS: DemandProfile = { base: 2, leadTimeDays: 2, orderMultiple: 1, minOrderQty: 0, seasonality: 1 };
const BULBS: DemandProfile = {
  base: 12,
  leadTimeDays: 10,
  orderMultiple: 1,
  minOrderQty: 0,
  seasonality: -0.6,
};

const CASES = [
  { name: 'screws', item: SCREWS, seed: 'TOR-M6-40@MAD-001' },
  { name: 'drills', item: DRILLS, seed: 'TAL-18V@MAD-001' },
  { name: 'kits', item: KITS, seed: 'KIT-MON@BCN-001' },
  { name: 'bulbs', item: BULBS, seed: 'BOM-LED-9W@VLC-001' },
];

const sim = (item: DemandProfile, seed: string, extra: { today?: string; late?: boolean } = {}) =>
  simulateHistory(item, { seed, today: extra.today ?? TODAY, late: extra.late ?? false });
const sales = (ms: DemoMovement[]) => ms.filter((m) => m.kind === 'shipment');
const soldBetween = (ms: DemoMovement[], from: string, to: string) =>
  sales(ms)
    .filter((m) => m.day >= from && m.day <= to)
    .reduce((s, m) => s + m.quantity, 0);

for (const c of CASES) {
  test(`${c.name}: a year ending yesterday, opened first, its running balance never below zero`, () => {
    const h = sim(c.item, c.seed);
    assert.deepEqual(h.movements[0]?.kind, 'opening');
    assert.equal(h.movements[0]?.day, addDays(TODAY, -365));
    let balance = 0;
    let day = '';
    for (const m of h.movements) {
      assert.ok(m.day >= day && m.day < TODAY, `${m.day} in order and before today`);
      assert.ok(m.quantity > 0 && Number.isInteger(m.quantity), 'whole units moved');
      balance += m.kind === 'shipment' ? -m.quantity : m.quantity;
      assert.equal(m.balance, balance, `the balance after ${m.day} ${m.kind}`);
      assert.ok(balance >= 0, `on hand ${balance} on ${m.day}`);
      day = m.day;
    }
    assert.equal(h.onHand, balance, 'ends where the ledger sums');
  });

  test(`${c.name}: receipts come in the order multiple, at least the minimum order, on working days`, () => {
    const receipts = sim(c.item, c.seed).movements.filter((m) => m.kind === 'receipt');
    assert.ok(receipts.length >= 4, `${receipts.length} replenishments in a year`);
    for (const r of receipts) {
      assert.equal(
        r.quantity % c.item.orderMultiple,
        0,
        `${r.quantity} in multiples of ${c.item.orderMultiple}`,
      );
      assert.ok(r.quantity >= c.item.minOrderQty, `${r.quantity} ≥ MOQ`);
      assert.ok(
        weekday(r.day) !== 6 && !isClosed(Date.parse(`${r.day}T00:00:00Z`) / DAY),
        `${r.day} is a working day`,
      );
    }
  });

  test(`${c.name}: one sale a day at most, none on a national holiday`, () => {
    const days = sales(sim(c.item, c.seed).movements).map((m) => m.day);
    assert.equal(new Set(days).size, days.length);
    for (const holiday of ['2025-05-01', '2025-08-15', '2025-12-25', '2026-01-01', '2026-01-06'])
      assert.ok(!days.includes(holiday), `closed on ${holiday}`);
  });
}

test('the same seed and day give the same year; another store gets another', () => {
  assert.deepEqual(sim(SCREWS, 'TOR-M6-40@MAD-001'), sim(SCREWS, 'TOR-M6-40@MAD-001'));
  assert.notDeepEqual(sim(SCREWS, 'TOR-M6-40@MAD-001').movements, sim(SCREWS, 'TOR-M6-40@MAD-002').movements);
});

test('daily volumes are a hardware store’s: screws by the tens, a drill every few days', () => {
  const table = [
    { item: SCREWS, seed: 'TOR-M6-40@MAD-002', min: 10, max: 25 },
    { item: KITS, seed: 'KIT-MON@MAD-002', min: 1, max: 3 },
    { item: DRILLS, seed: 'TAL-18V@MAD-002', min: 0.15, max: 0.6 },
  ];
  for (const t of table) {
    const perDay = soldBetween(sim(t.item, t.seed).movements, '0000', TODAY) / 365;
    assert.ok(perDay >= t.min && perDay <= t.max, `${t.seed}: ${perDay.toFixed(2)} a day`);
  }
});

test('stores sell most on Saturday, then Friday, and little on Sunday', () => {
  const byWeekday = [0, 0, 0, 0, 0, 0, 0];
  for (const store of DEMO_STORES)
    for (const m of sales(sim(SCREWS, `TOR-M6-40@${store}`).movements))
      byWeekday[weekday(m.day)] = (byWeekday[weekday(m.day)] ?? 0) + m.quantity;
  const [mon = 0, , , thu = 0, fri = 0, sat = 0, sun = 0] = byWeekday;
  assert.ok(sat > fri && fri > thu && thu > sun, JSON.stringify(byWeekday));
  assert.ok(sun < mon / 2, `Sunday ${sun} against Monday ${mon}`);
});

test('the season, by the middle of the month and between', () => {
  const table: [string, number][] = [
    ['2026-05-16', 1.2],
    ['2026-08-16', 0.75],
    ['2026-01-01', 0.875],
    ['2026-07-01', 1.025],
  ];
  for (const [day, factor] of table)
    assert.ok(Math.abs(seasonFactor(day) - factor) < 0.01, `${day}: ${seasonFactor(day)}`);
});

test('DIY goods sell less in August than in May; a flat item about the same', () => {
  const table = [
    { item: SCREWS, sku: 'TOR-M6-40', min: 0.5, max: 0.8 },
    { item: { ...SCREWS, seasonality: 0 }, sku: 'TAC-8', min: 0.8, max: 1.2 },
  ];
  for (const t of table) {
    let august = 0;
    let may = 0;
    for (const store of DEMO_STORES) {
      const year = sim(t.item, `${t.sku}@${store}`, { today: '2027-01-01' }).movements;
      august += soldBetween(year, '2026-08-01', '2026-08-31');
      may += soldBetween(year, '2026-05-01', '2026-05-31');
    }
    assert.ok(august / may >= t.min && august / may <= t.max, `${t.sku}: August ${august}, May ${may}`);
  }
});

test('a slow mover has many days without a sale; a fast one the odd bulk buyer', () => {
  const drills = sales(sim(DRILLS, 'TAL-18V@BCN-001').movements);
  assert.ok(drills.length < 200, `${drills.length} days with a drill sold`);
  const screws = sales(sim(SCREWS, 'TOR-M6-40@BCN-001').movements).map((m) => m.quantity);
  const median = [...screws].sort((a, b) => a - b)[Math.floor(screws.length / 2)] ?? 0;
  assert.ok(Math.max(...screws) > 2.5 * median, `max ${Math.max(...screws)} against median ${median}`);
});

for (const c of CASES) {
  test(`${c.name}: a late supplier leaves an overdue order open and the shelf low; on time leaves none`, () => {
    const onTime = sim(c.item, c.seed);
    assert.ok(
      onTime.open.every((o) => o.due >= TODAY),
      JSON.stringify(onTime.open),
    );
    const late = sim(c.item, c.seed, { late: true });
    assert.ok(
      late.open.some((o) => o.due < TODAY),
      JSON.stringify(late.open),
    );
    assert.ok(late.onHand < onTime.onHand, `${late.onHand} against ${onTime.onHand}`);
    assert.ok(late.onHand < late.reorderPoint, `${late.onHand} below the reorder point ${late.reorderPoint}`);
  });
}

/** The demo's supply terms: the preferred suppliers' lead times (catalog demo), kits and shelves' assembly time. */
const TERMS: Record<string, Pick<DemandProfile, 'leadTimeDays' | 'orderMultiple' | 'minOrderQty'>> = {
  'TOR-M6-40': { leadTimeDays: 7, orderMultiple: 10, minOrderQty: 0 },
  'TUE-M6': { leadTimeDays: 7, orderMultiple: 10, minOrderQty: 0 },
  'ARA-M6': { leadTimeDays: 7, orderMultiple: 10, minOrderQty: 0 },
  'TAC-8': { leadTimeDays: 7, orderMultiple: 1, minOrderQty: 0 },
  'TAL-18V': { leadTimeDays: 14, orderMultiple: 1, minOrderQty: 5 },
  'PAN-60': { leadTimeDays: 10, orderMultiple: 1, minOrderQty: 0 },
  'BOM-LED-9W': { leadTimeDays: 10, orderMultiple: 1, minOrderQty: 0 },
  'KIT-MON': { leadTimeDays: 2, orderMultiple: 1, minOrderQty: 0 },
  'EST-4B': { leadTimeDays: 3, orderMultiple: 1, minOrderQty: 0 },
};

test('whatever the day the demo is seeded, its stores open with red, yellow and green', () => {
  for (let month = 0; month < 12; month++) {
    const today = new Date(Date.UTC(2026, month, 1)).toISOString().slice(0, 10);
    const zones = { red: 0, yellow: 0, green: 0 };
    for (const [sku, demand] of Object.entries(DEMO_DEMAND))
      for (const store of DEMO_STORES) {
        const terms = TERMS[sku] ?? { leadTimeDays: 7, orderMultiple: 1, minOrderQty: 0 };
        const lt = terms.leadTimeDays;
        const seed = `${sku}@${store}`;
        const h = sim({ ...demand, ...terms, base: demand.base * (DEMO_STORE_SIZE[store] ?? 1) }, seed, {
          today,
          late: DEMO_LATE.has(seed),
        });
        // The standard medium profile's top of red and of yellow over a 90-day past ADU.
        const adu = soldBetween(h.movements, addDays(today, -90), today) / 90;
        zones[h.onHand < 0.75 * lt * adu ? 'red' : h.onHand < 1.75 * lt * adu ? 'yellow' : 'green']++;
      }
    assert.ok(
      zones.red >= DEMO_LATE.size - 1 && zones.yellow > 0 && zones.green > 0,
      `${today}: ${JSON.stringify(zones)}`,
    );
  }
});

for (const [today, last] of [
  ['2026-03-03', '2026-03-02'],
  ['2026-12-07', '2026-12-05'],
  ['2026-12-09', '2026-12-07'],
  ['2026-01-07', '2026-01-05'],
  ['2026-12-26', '2026-12-24'],
] as const)
  test(`seeded on ${today}, the history ends on ${last}: the last day the stores opened`, () => {
    assert.equal(lastTradingDay(today), last);
  });

test('whatever the day the demo is seeded, some store sells on the last day the stores opened', () => {
  // 29 days apart: every weekday and every season, in a dozen seedings.
  for (let n = 0; n < 371; n += 29) {
    const today = addDays('2026-01-01', n);
    const last = lastTradingDay(today);
    let sold = 0;
    for (const [sku, demand] of Object.entries(DEMO_DEMAND))
      for (const store of DEMO_STORES) {
        const terms = TERMS[sku] ?? { leadTimeDays: 7, orderMultiple: 1, minOrderQty: 0 };
        const seed = `${sku}@${store}`;
        const h = sim({ ...demand, ...terms, base: demand.base * (DEMO_STORE_SIZE[store] ?? 1) }, seed, {
          today,
          late: DEMO_LATE.has(seed),
        });
        sold += soldBetween(h.movements, last, last);
      }
    assert.ok(sold > 0, `${today}: nothing sold on ${last}`);
  }
});
