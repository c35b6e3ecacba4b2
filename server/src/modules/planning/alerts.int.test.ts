import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { planningAlerts } from './schema.ts';

let t: TestApp;
let h: { authorization: string };
let other: { tenantId: string; h: { authorization: string } };
const id: Record<string, string> = {};

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const created = async (url: string, payload: object, headers = h) => {
  const r = await t.app.inject({ method: 'POST', url, headers, payload });
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};

type Alert = typeof planningAlerts.$inferInsert;
/** Alerts are the calculation's to raise; here they are written as it would write them. */
const raise = (tenantId: string, rows: Omit<Alert, 'tenantId'>[]) =>
  t.platform.uow.forTenant(tenantId, (tx) =>
    tx
      .insert(planningAlerts)
      .values(rows.map((r) => ({ ...r, tenantId })))
      .returning({ id: planningAlerts.id, key: planningAlerts.key }),
  );

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const code of ['MAD-001', 'BCN-001'])
    await created('/api/v1/locations', { code, name: code, type: 'store' });
  id.P = await created('/api/v1/products', { sku: 'TOR-1', name: 'Tornillo' });
  id.Q = await created('/api/v1/products', { sku: 'TUE-1', name: 'Tuerca' });
  const buffer = (product_id: string, store_id: string) =>
    created('/api/v1/buffers', { product_id, store_id, adu_method: 'fixed', adu_fixed: 4, dlt_days: 10 });
  id.BP = await buffer(id.P, 'MAD-001');
  id.BQ = await buffer(id.Q, 'BCN-001');
  const locs = (await call('/api/v1/locations?limit=100')).json() as { data: { id: string; code: string }[] };
  const loc = (code: string) => locs.data.find((l) => l.code === code)?.id ?? '';
  // Only the alerts below: whatever the calculation raised on creation is cleared first.
  await t.platform.uow.forTenant(t.demo.tenantId, (tx) => tx.delete(planningAlerts));
  const at = (d: string) => `2026-03-${d}T08:00:00.000Z`;
  const rows = await raise(t.demo.tenantId, [
    {
      key: 'on_hand:P',
      kind: 'on_hand',
      severity: 'yellow',
      bufferId: id.BP,
      productId: id.P,
      locationId: loc('MAD-001'),
      message: 'On hand 20 is below the top of red 30',
      details: { on_hand: 20, top_of_red: 30, on_hand_percent: 66.67 },
      raisedAt: at('05'),
    },
    {
      key: 'projected:P',
      kind: 'projected_on_hand',
      severity: 'red',
      bufferId: id.BP,
      productId: id.P,
      locationId: loc('MAD-001'),
      message: 'Projected on hand falls below 30 on 2026-03-08',
      details: {
        first_day: '2026-03-08',
        lowest: -4,
        lowest_day: '2026-03-12',
        threshold: 30,
        horizon_days: 10,
      },
      raisedAt: at('02'),
    },
    {
      key: 'sync:Q',
      kind: 'material_sync',
      severity: 'red',
      bufferId: null,
      productId: id.Q,
      locationId: loc('BCN-001'),
      message: 'TUE-1 short by 12 for order due 2026-03-09',
      details: { order_due: '2026-03-09', required: 20, available: 8, component_sku: 'TUE-1', shortage: 12 },
      raisedAt: at('04'),
    },
    {
      key: 'spike:Q',
      kind: 'spike_horizon',
      severity: 'yellow',
      bufferId: id.BQ,
      productId: id.Q,
      locationId: loc('BCN-001'),
      message: 'Spike horizon 3 days is shorter than the DLT 10',
      details: { spike_horizon_days: 3, dlt: 10 },
      raisedAt: at('06'),
    },
    {
      key: 'on_hand:Q',
      kind: 'on_hand',
      severity: 'red',
      bufferId: id.BQ,
      productId: id.Q,
      locationId: loc('BCN-001'),
      message: 'On hand 0 is below half the top of red 30',
      details: { on_hand: 0, top_of_red: 30, on_hand_percent: 0 },
      status: 'RESOLVED',
      raisedAt: at('01'),
      resolvedAt: at('03'),
    },
  ]);
  for (const r of rows) id[r.key] = r.id;

  const b = await ensureTenant(t.platform, {
    slug: 'tenant-b',
    name: 'Tenant B',
    admin: { email: 'admin@tenant-b.example', name: 'B', password: 'tenant-b-password' },
  });
  other = {
    tenantId: b.tenantId,
    h: { authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}` },
  };
  const locB = await created('/api/v1/locations', { code: 'MAD-001', name: 'B', type: 'store' }, other.h);
  const productB = await created('/api/v1/products', { sku: 'B-ONLY', name: 'De B' }, other.h);
  await t.platform.uow.forTenant(b.tenantId, (tx) => tx.delete(planningAlerts));
  const [mine] = await raise(b.tenantId, [
    {
      key: 'on_hand:B',
      kind: 'on_hand',
      severity: 'red',
      productId: productB,
      locationId: locB,
      message: 'B',
      details: {},
    },
  ]);
  id.B = mine?.id ?? '';
});
after(async () => {
  await t?.close();
});

type Page = {
  data: {
    id: string;
    key: string;
    sku: string;
    product_name: string;
    location_code: string;
    status: string;
  }[];
  pagination: { total: number };
};
const keys = async (query = '') => {
  const r = await call(`/api/v1/alerts${query}`);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as Page).data.map((a) => a.key);
};

test(`open alerts come red first, newest first within a severity, with product and location (${mode})`, async () => {
  const r = (await call('/api/v1/alerts')).json() as Page;
  assert.deepEqual(
    r.data.map((a) => a.key),
    ['sync:Q', 'projected:P', 'spike:Q', 'on_hand:P'],
    'red (newest first), then yellow (newest first); the resolved one is not listed',
  );
  assert.equal(r.pagination.total, 4);
  const sync = r.data[0];
  assert.deepEqual(
    [sync?.sku, sync?.product_name, sync?.location_code, sync?.status],
    ['TUE-1', 'Tuerca', 'BCN-001', 'OPEN'],
  );
  const paged = (await call('/api/v1/alerts?limit=3&page=2')).json() as Page;
  assert.deepEqual(
    paged.data.map((a) => a.key),
    ['on_hand:P'],
  );
  assert.equal(paged.pagination.total, 4);
});

test(`alerts filter by status, kind, severity, location, product and buffer (${mode})`, async () => {
  const cases: [string, string[]][] = [
    ['?status=RESOLVED', ['on_hand:Q']],
    ['?status=ALL', ['sync:Q', 'projected:P', 'on_hand:Q', 'spike:Q', 'on_hand:P']],
    ['?kind=on_hand', ['on_hand:P']],
    ['?kind=on_hand&status=ALL', ['on_hand:Q', 'on_hand:P']],
    ['?severity=RED', ['sync:Q', 'projected:P']],
    ['?severity=yellow', ['spike:Q', 'on_hand:P']],
    ['?location=BCN-001', ['sync:Q', 'spike:Q']],
    ['?location=NOPE', []],
    [`?product_id=${id.P}`, ['projected:P', 'on_hand:P']],
    [`?buffer_id=${id.BQ}`, ['spike:Q']],
    [`?buffer_id=${id.BQ}&severity=red&status=ALL`, ['on_hand:Q']],
  ];
  for (const [query, want] of cases) assert.deepEqual(await keys(query), want, query);
});

test(`one alert by id carries its message and details; unknown ids are 404 (${mode})`, async () => {
  const r = await call(`/api/v1/alerts/${id['sync:Q']}`);
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as { kind: string; buffer_id: null; details: { shortage: number }; message: string };
  assert.deepEqual([a.kind, a.buffer_id, a.details.shortage], ['material_sync', null, 12]);
  assert.match(a.message, /short by 12/);
  const resolved = (await call(`/api/v1/alerts/${id['on_hand:Q']}`)).json() as { resolved_at: string };
  assert.equal(resolved.resolved_at, '2026-03-03T08:00:00.000Z');
  const missing = await call(`/api/v1/alerts/${crypto.randomUUID()}`);
  assert.equal(missing.statusCode, 404);
  assert.match(missing.headers['content-type'] as string, /problem\+json/);
  assert.equal((missing.json() as { code: string }).code, 'planning.alert_not_found');
});

test(`bad filters are refused naming the field (${mode})`, async () => {
  const cases: [string, string][] = [
    ['/api/v1/alerts?kind=late_delivery', 'query.kind'],
    ['/api/v1/alerts?severity=green', 'query.severity'],
    ['/api/v1/alerts?status=CLOSED', 'query.status'],
    ['/api/v1/alerts?product_id=nope', 'query.product_id'],
    ['/api/v1/alerts?buffer_id=1', 'query.buffer_id'],
    ['/api/v1/alerts?limit=500', 'query.limit'],
    ['/api/v1/alerts/not-a-uuid', 'params.id'],
  ];
  for (const [url, field] of cases) {
    const r = await call(url);
    assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
    const fields = (r.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.ok(fields.includes(field), `${url} names ${field}: ${fields.join(', ')}`);
  }
});

test(`alerts are the tenant's own and need buffer:read (${mode})`, async () => {
  const theirs = (await call('/api/v1/alerts?status=ALL', other.h)).json() as Page;
  assert.deepEqual(
    theirs.data.map((a) => [a.key, a.sku]),
    [['on_hand:B', 'B-ONLY']],
  );
  assert.equal((await call(`/api/v1/alerts/${id['sync:Q']}`, other.h)).statusCode, 404);
  assert.equal((await call(`/api/v1/alerts/${id.B}`)).statusCode, 404);
  assert.ok(!(await keys('?status=ALL')).includes('on_hand:B'));
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['product:read'] })}`,
  };
  assert.equal((await call('/api/v1/alerts', viewer)).statusCode, 403);
});
