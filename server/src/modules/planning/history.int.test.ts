import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { addDays } from './domain/dates.ts';
import { bufferHistory } from './schema.ts';

let t: TestApp;
let h: { authorization: string };
let hB: { authorization: string };
const id = { A: '', Other: '', B: '' };
const today = new Date().toISOString().slice(0, 10);
const ago = (n: number) => addDays(today, -n);

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const created = async (url: string, payload: object, headers = h) => {
  const r = await t.app.inject({ method: 'POST', url, headers, payload });
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};

/** DDMRP.md's example zones: red 30, yellow 40, green 20 (TOR 30, TOY 70, TOG 90). */
const zones = {
  red: '30',
  yellow: '40',
  green: '20',
  topOfRed: '30',
  topOfYellow: '70',
  topOfGreen: '90',
  adu: '4',
  dlt: '10',
};
type Row = typeof bufferHistory.$inferInsert;
const snapshot = (
  bufferId: string,
  daysAgo: number,
  onHand: number,
  nfp: number | null,
  nfpPct: number | null,
  priority: Row['planningPriority'],
  withZones = true,
): Omit<Row, 'tenantId'> => ({
  bufferId,
  date: ago(daysAgo),
  ...(withZones ? zones : {}),
  onHand: String(onHand),
  onOrder: '0',
  qualifiedDemand: '0',
  netFlow: nfp === null ? null : String(nfp),
  netFlowPercent: nfpPct === null ? null : String(nfpPct),
  planningPriority: priority,
  onHandAlert: withZones ? (onHand >= 30 ? 'green' : onHand >= 15 ? 'yellow' : 'red') : null,
});

/** The daily snapshot is the calculation's to write; here it is written as it would write it. */
const keep = (tenantId: string, bufferId: string, rows: Omit<Row, 'tenantId'>[]) =>
  t.platform.uow.forTenant(tenantId, async (tx) => {
    await tx.delete(bufferHistory).where(eq(bufferHistory.bufferId, bufferId));
    await tx.insert(bufferHistory).values(rows.map((r) => ({ ...r, tenantId })));
  });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  const buffer = async (sku: string, headers = h) =>
    created(
      '/api/v1/buffers',
      {
        product_id: await created('/api/v1/products', { sku, name: sku }, headers),
        store_id: 'MAD-001',
        adu_method: 'fixed',
        adu_fixed: 4,
        dlt_days: 10,
      },
      headers,
    );
  id.A = await buffer('TOR-1');
  id.Other = await buffer('TUE-1');
  await keep(t.demo.tenantId, id.A, [
    snapshot(id.A, 0, 50, 80, 88.89, 'green'),
    snapshot(id.A, 1, 0, 20, 22.22, 'red'),
    snapshot(id.A, 2, 100, 60, 66.67, 'yellow'),
    // Before the first calculation: no zones, no net flow.
    snapshot(id.A, 3, 10, null, null, null, false),
    snapshot(id.A, 89, 30, 30, 33.34, 'yellow'),
    snapshot(id.A, 90, 5, 5, 5.56, 'red'),
  ]);
  await keep(t.demo.tenantId, id.Other, [snapshot(id.Other, 0, 999, 999, 999, 'green')]);

  const b = await ensureTenant(t.platform, {
    slug: 'tenant-b',
    name: 'Tenant B',
    admin: { email: 'admin@tenant-b.example', name: 'B', password: 'tenant-b-password' },
  });
  hB = { authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}` };
  await created('/api/v1/locations', { code: 'MAD-001', name: 'B', type: 'store' }, hB);
  id.B = await buffer('B-ONLY', hB);
});
after(async () => {
  await t?.close();
});

type History = {
  buffer_id: string;
  from: string;
  to: string;
  data: { date: string; on_hand: number; net_flow_position: number | null; top_of_green: number | null }[];
  metrics: Record<string, unknown>;
};
const history = async (id: string, query = '') => {
  const r = await call(`/api/v1/buffers/${id}/history${query}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as History;
};

test(`by default a buffer's last 90 days through today, oldest first, with its integrity (${mode})`, async () => {
  const r = await history(id.A);
  assert.deepEqual([r.buffer_id, r.from, r.to], [id.A, ago(89), today]);
  assert.deepEqual(
    r.data.map((d) => d.date),
    [ago(89), ago(3), ago(2), ago(1), today],
    'the day 90 days back is outside; the other buffer is not mixed in',
  );
  assert.deepEqual(
    r.data.map((d) => [d.on_hand, d.net_flow_position, d.top_of_green]),
    [
      [30, 30, 90],
      [10, null, null],
      [100, 60, 90],
      [0, 20, 90],
      [50, 80, 90],
    ],
  );
  assert.deepEqual(r.metrics, {
    days: 5,
    // The day without zones counts in days only.
    planning_priority_share: { red: 25, yellow: 50, green: 25 },
    on_hand_share: { below_top_of_red: 25, within: 50, above_top_of_green: 25 },
    stockout_days: 1,
    average_on_hand: 38,
    target_average_on_hand: 40,
    average_net_flow_percent: 52.78,
  });
});

test(`a range picks its days, inclusive; "to" alone reaches 90 days back (${mode})`, async () => {
  const two = await history(id.A, `?from=${ago(90)}&to=${ago(89)}`);
  assert.deepEqual(
    two.data.map((d) => d.date),
    [ago(90), ago(89)],
  );
  assert.deepEqual(two.metrics.planning_priority_share, { red: 50, yellow: 50, green: 0 });
  assert.equal(two.metrics.stockout_days, 0);
  const upTo = await history(id.A, `?to=${ago(1)}`);
  assert.deepEqual([upTo.from, upTo.to], [ago(90), ago(1)]);
  assert.deepEqual(
    upTo.data.map((d) => d.date),
    [ago(90), ago(89), ago(3), ago(2), ago(1)],
  );
  const empty = await history(id.A, `?from=${ago(60)}&to=${ago(30)}`);
  assert.deepEqual(empty.data, []);
  assert.deepEqual([empty.metrics.days, empty.metrics.average_on_hand], [0, null]);
  const widest = await call(`/api/v1/buffers/${id.A}/history?from=${ago(730)}&to=${today}`);
  assert.equal(widest.statusCode, 200, '731 days is the widest range');
});

test(`bad ranges are refused naming the field (${mode})`, async () => {
  const cases: [string, string][] = [
    [`?from=${today}&to=${ago(1)}`, 'query.from'],
    [`?from=${addDays(today, 1)}`, 'query.from'],
    [`?from=${ago(731)}&to=${today}`, 'query.from'],
    ['?from=2026-02-30', 'query.from'],
    ['?to=yesterday', 'query.to'],
  ];
  for (const [query, field] of cases) {
    const r = await call(`/api/v1/buffers/${id.A}/history${query}`);
    assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
    const fields = (r.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.ok(fields.includes(field), `${query} names ${field}: ${fields.join(', ')}`);
  }
});

test(`an unknown buffer, or another tenant's, is 404 (${mode})`, async () => {
  for (const [bufferId, headers] of [
    [crypto.randomUUID(), h],
    [id.B, h],
    [id.A, hB],
  ] as const) {
    const r = await call(`/api/v1/buffers/${bufferId}/history`, headers);
    assert.equal(r.statusCode, 404, r.body);
    assert.equal((r.json() as { code: string }).code, 'planning.buffer_not_found');
  }
  assert.equal(
    (await call(`/api/v1/buffers/${id.B}/history`, hB)).statusCode,
    200,
    'its own tenant reads it',
  );
});
