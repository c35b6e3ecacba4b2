import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { addDays } from './domain/dates.ts';

let t: TestApp;
let h: { authorization: string };
const id: Record<string, string> = {};
const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];
const today = new Date().toISOString().slice(0, 10);
const day = (n: number) => addDays(today, n);

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = h) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};

type Row = {
  id: string;
  buffer_id: string | null;
  product_category: string | null;
  location_id: string | null;
  sku: string | null;
  location_code: string | null;
  start_date: string;
  end_date: string;
  status: string;
  demand_factor: number;
  lead_time_factor: number;
  zone_factors: { red: number; yellow: number; green: number };
  note: string | null;
};
type Page = { data: Row[]; pagination: { total: number } };
const ids = async (query: string) =>
  ((await call('GET', `/api/v1/planned-adjustments?limit=100&${query}`)).json() as Page).data
    .map((r) => r.id)
    .sort();
const scopes = (aggregateId: string) =>
  seen.filter((e) => e.type === 'planning.adjustment.changed' && e.aggregateId === aggregateId);

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type.startsWith('planning.')) seen.push(e as never);
  });
  id.MAD = await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  id.BCN = await created('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' });
  id.P = await created('/api/v1/products', { sku: 'TOR-1', name: 'Tornillo', category: 'Tornillería' });
  id.Q = await created('/api/v1/products', { sku: 'PIN-1', name: 'Pintura', category: 'Pinturas' });
  const buffer = (product_id: string, store_id: string) =>
    created('/api/v1/buffers', { product_id, store_id, adu_method: 'fixed', adu_fixed: 4, dlt_days: 10 });
  id.B = await buffer(id.P, 'MAD-001');
  id.B2 = await buffer(id.Q, 'BCN-001');
});
after(async () => {
  await t?.close();
});

test(`a planned adjustment is created, read, replaced and removed, each change announced for its scope (${mode})`, async () => {
  const r = await call('POST', '/api/v1/planned-adjustments', {
    buffer_id: id.B,
    start_date: day(-1),
    end_date: day(5),
    demand_factor: 1.5,
    note: 'Campaña de verano',
  });
  assert.equal(r.statusCode, 201, r.body);
  const a = r.json() as Row;
  assert.deepEqual(
    [a.buffer_id, a.product_category, a.location_id, a.sku, a.location_code, a.status],
    [id.B, null, null, 'TOR-1', 'MAD-001', 'active'],
    "labelled with its buffer's SKU and location",
  );
  assert.deepEqual(
    [a.demand_factor, a.lead_time_factor, a.zone_factors, a.note],
    [1.5, 1, { red: 1, yellow: 1, green: 1 }, 'Campaña de verano'],
    'omitted factors are 1',
  );
  await eventually(
    () => scopes(a.id).some((e) => e.payload.buffer_id === id.B),
    'the change event for the buffer',
  );
  // The consumer recomputes the buffers of the scope: ADU 4 × 1.5.
  const adu = async () => ((await call('GET', `/api/v1/buffers/${id.B}`)).json() as { adu: number }).adu;
  await eventually(async () => (await adu()) === 6, 'the buffer resized by the adjustment');
  const got = await call('GET', `/api/v1/planned-adjustments/${a.id}`);
  assert.deepEqual(got.json(), r.json());

  // Moved to a category at a location: the old scope and the new one both hear of it.
  const before = scopes(a.id).length;
  const put = await call('PUT', `/api/v1/planned-adjustments/${a.id}`, {
    product_category: 'Tornillería',
    store_id: 'MAD-001',
    start_date: day(10),
    end_date: day(20),
    lead_time_factor: 0.8,
    zone_factors: { green: 2 },
  });
  assert.equal(put.statusCode, 200, put.body);
  const b = put.json() as Row;
  assert.deepEqual(
    [b.buffer_id, b.product_category, b.location_id, b.sku, b.location_code, b.status],
    [null, 'Tornillería', id.MAD, null, 'MAD-001', 'upcoming'],
  );
  assert.deepEqual(
    [b.demand_factor, b.lead_time_factor, b.zone_factors, b.note],
    [1, 0.8, { red: 1, yellow: 1, green: 2 }, null],
    'a replacement: what is left out goes back to its default',
  );
  const moved = await eventually(
    () => (scopes(a.id).length >= before + 2 ? scopes(a.id).slice(before) : undefined),
    'two change events',
  );
  await eventually(async () => (await adu()) === 4, 'the buffer the adjustment left, back to its own ADU');
  assert.deepEqual(
    moved.map((e) => e.payload),
    [
      { buffer_id: id.B, product_category: null, location_id: null },
      { buffer_id: null, product_category: 'Tornillería', location_id: id.MAD },
    ],
  );
  // Same scope again: one event.
  const again = scopes(a.id).length;
  await call('PUT', `/api/v1/planned-adjustments/${a.id}`, {
    product_category: 'Tornillería',
    store_id: id.MAD,
    start_date: day(10),
    end_date: day(20),
    lead_time_factor: 0.9,
  });
  await eventually(() => scopes(a.id).length > again, 'the change event');
  assert.equal(scopes(a.id).length, again + 1);

  const del = await call('DELETE', `/api/v1/planned-adjustments/${a.id}`);
  assert.equal(del.statusCode, 204, del.body);
  assert.equal((await call('GET', `/api/v1/planned-adjustments/${a.id}`)).statusCode, 404);
  const gone = await call('DELETE', `/api/v1/planned-adjustments/${a.id}`);
  assert.equal(gone.statusCode, 404);
  assert.equal((gone.json() as { code: string }).code, 'planning.adjustment_not_found');
  await eventually(() => scopes(a.id).length > again + 1, 'the removal event');
});

test(`the list filters by status, day, location, category and the buffer it reaches (${mode})`, async () => {
  const plan = (scope: object, start: number, end: number) =>
    created('/api/v1/planned-adjustments', {
      ...scope,
      start_date: day(start),
      end_date: day(end),
      demand_factor: 2,
    });
  const own = await plan({ buffer_id: id.B }, -3, 3);
  const category = await plan({ product_category: 'Tornillería' }, 10, 20);
  const madrid = await plan({ store_id: 'MAD-001' }, -30, -10);
  const elsewhere = await plan({ product_category: 'Pinturas', store_id: 'BCN-001' }, 0, 0);
  const catHere = await plan({ product_category: 'Tornillería', store_id: 'MAD-001' }, 1, 2);
  const catThere = await plan({ product_category: 'Tornillería', store_id: 'BCN-001' }, 1, 2);

  assert.deepEqual(await ids('status=active'), [own, elsewhere].sort());
  assert.deepEqual(await ids('status=upcoming'), [category, catHere, catThere].sort());
  assert.deepEqual(await ids('status=past'), [madrid]);
  assert.deepEqual(await ids(`active_on=${day(15)}`), [category]);
  assert.deepEqual(await ids(`active_on=${day(-10)}`), [madrid], 'the last day counts');
  assert.deepEqual(await ids(`active_on=${day(1)}`), [own, catHere, catThere].sort());
  assert.deepEqual(
    await ids('location=MAD-001'),
    [own, madrid, catHere].sort(),
    "by its location, or its buffer's",
  );
  assert.deepEqual(
    await ids(`category=${encodeURIComponent('Tornillería')}`),
    [own, category, catHere, catThere].sort(),
    "by its category, or its buffer's product's",
  );
  assert.deepEqual(
    await ids(`buffer_id=${id.B}`),
    [own, category, madrid, catHere].sort(),
    'every adjustment that reaches the buffer, whatever its dates',
  );
  assert.deepEqual(await ids(`buffer_id=${id.B2}&status=active`), [elsewhere]);
  assert.deepEqual(await ids(`buffer_id=${crypto.randomUUID()}`), []);
  const all = (await call('GET', '/api/v1/planned-adjustments?limit=2')).json() as Page;
  assert.deepEqual([all.data.length, all.pagination.total], [2, 6]);
  assert.equal(all.data[0]?.start_date, day(10), 'latest start first');
  const bad = await call('GET', '/api/v1/planned-adjustments?status=soon');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /query\.status/);
});

test(`bad adjustments are refused naming the field and write nothing (${mode})`, async () => {
  const total = async () =>
    ((await call('GET', '/api/v1/planned-adjustments')).json() as Page).pagination.total;
  const before = await total();
  const dates = { start_date: day(1), end_date: day(3) };
  const cases: [string, object, number, string][] = [
    ['no scope', { ...dates, demand_factor: 2 }, 400, 'buffer_id'],
    [
      'a buffer and a category',
      { buffer_id: id.B, product_category: 'Tornillería', ...dates, demand_factor: 2 },
      400,
      'product_category',
    ],
    [
      'a buffer and a location',
      { buffer_id: id.B, store_id: 'MAD-001', ...dates, demand_factor: 2 },
      400,
      'store_id',
    ],
    [
      'end before start',
      { buffer_id: id.B, start_date: day(3), end_date: day(1), demand_factor: 2 },
      400,
      'end_date',
    ],
    [
      'not a date',
      { buffer_id: id.B, start_date: '2026-02-30x', end_date: day(1), demand_factor: 2 },
      400,
      'start_date',
    ],
    ['every factor 1', { buffer_id: id.B, ...dates, demand_factor: 1 }, 400, 'demand_factor'],
    ['a zero factor', { buffer_id: id.B, ...dates, lead_time_factor: 0 }, 400, 'lead_time_factor'],
    ['a negative factor', { buffer_id: id.B, ...dates, zone_factors: { red: -1 } }, 400, 'zone_factors.red'],
    [
      'a factor above 100',
      { buffer_id: id.B, ...dates, zone_factors: { green: 101 } },
      400,
      'zone_factors.green',
    ],
    ['a factor as text', { buffer_id: id.B, ...dates, demand_factor: '2' }, 400, 'demand_factor'],
    [
      'an unknown buffer',
      { buffer_id: crypto.randomUUID(), ...dates, demand_factor: 2 },
      404,
      'planning.buffer_not_found',
    ],
    ['an unknown location', { store_id: 'NOPE', ...dates, demand_factor: 2 }, 404, 'store_id'],
    [
      'a category no product has',
      { product_category: 'Jardín', ...dates, demand_factor: 2 },
      400,
      'product_category',
    ],
    [
      'a known category at an unknown location',
      { product_category: 'Tornillería', store_id: 'NOPE', ...dates, demand_factor: 2 },
      404,
      'store_id',
    ],
  ];
  for (const [what, body, status, mark] of cases) {
    const r = await call('POST', '/api/v1/planned-adjustments', body);
    assert.equal(r.statusCode, status, `${what}: ${r.body}`);
    assert.match(r.headers['content-type'] ?? '', /problem\+json/);
    assert.match(r.body, new RegExp(mark.replace('.', '\\.')), what);
  }
  const mine = await created('/api/v1/planned-adjustments', { buffer_id: id.B, ...dates, demand_factor: 2 });
  const put = await call('PUT', `/api/v1/planned-adjustments/${mine}`, {
    product_category: 'Jardín',
    ...dates,
    demand_factor: 3,
  });
  assert.equal(put.statusCode, 400, put.body);
  assert.match(put.body, /product_category/);
  const kept = (await call('GET', `/api/v1/planned-adjustments/${mine}`)).json() as Row;
  assert.deepEqual([kept.buffer_id, kept.demand_factor], [id.B, 2], 'a refused replacement changes nothing');
  assert.equal(await total(), before + 1);
});

test(`a viewer reads adjustments but cannot change them (${mode})`, async () => {
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      roles: ['Viewer'],
      permissions: ['buffer:read', 'product:read', 'order:read', 'analytics:read'],
    })}`,
  };
  const dates = { start_date: day(1), end_date: day(3) };
  const one = await created('/api/v1/planned-adjustments', { buffer_id: id.B, ...dates, demand_factor: 2 });
  assert.equal((await call('GET', '/api/v1/planned-adjustments', undefined, viewer)).statusCode, 200);
  assert.equal((await call('GET', `/api/v1/planned-adjustments/${one}`, undefined, viewer)).statusCode, 200);
  const body = { buffer_id: id.B, ...dates, demand_factor: 3 };
  for (const [method, url, payload] of [
    ['POST', '/api/v1/planned-adjustments', body],
    ['PUT', `/api/v1/planned-adjustments/${one}`, body],
    ['DELETE', `/api/v1/planned-adjustments/${one}`, undefined],
  ] as const) {
    const r = await call(method, url, payload, viewer);
    assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
  }
  const kept = (await call('GET', `/api/v1/planned-adjustments/${one}`)).json() as Row;
  assert.equal(kept.demand_factor, 2);
});

test(`another tenant neither sees the adjustments nor plans on this tenant's buffers and locations (${mode})`, async () => {
  const b = await ensureTenant(t.platform, {
    slug: 'otra',
    name: 'Otra',
    admin: { email: 'admin@otra.example', name: 'B', password: 'otra-password-123' },
  });
  const other = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}`,
  };
  const list = (await call('GET', '/api/v1/planned-adjustments', undefined, other)).json() as Page;
  assert.equal(list.pagination.total, 0);
  const dates = { start_date: day(1), end_date: day(3), demand_factor: 2 };
  const buffer = await call('POST', '/api/v1/planned-adjustments', { buffer_id: id.B, ...dates }, other);
  assert.equal(buffer.statusCode, 404, buffer.body);
  const location = await call('POST', '/api/v1/planned-adjustments', { store_id: id.MAD, ...dates }, other);
  assert.equal(location.statusCode, 404, location.body);
  const category = await call(
    'POST',
    '/api/v1/planned-adjustments',
    { product_category: 'Tornillería', ...dates },
    other,
  );
  assert.equal(category.statusCode, 400, "this tenant's categories are not the other's");
  assert.equal(
    (await call('GET', `/api/v1/planned-adjustments?buffer_id=${id.B}`, undefined, other)).json().pagination
      .total,
    0,
  );
});
