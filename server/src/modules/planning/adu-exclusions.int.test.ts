import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { excludedConsumption } from './adu-exclusions.service.ts';

let t: TestApp;
let h: { authorization: string };
const id = { MAD: '', BCN: '', T: '', A: '' };
const seen: { type: string; aggregateId: string; payload: { product_id?: string } }[] = [];

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, as: Headers = h) =>
  t.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
/** Posts a movement and answers its id in the ledger. */
const move = async (kind: 'receipt' | 'shipment' | 'return', product: string, store: string, qty: number) => {
  const r = await call('POST', '/api/v1/stock/movements', {
    kind,
    product_id: product,
    store_id: store,
    quantity: qty,
    reason: 'test',
  });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { movement_id: string }).movement_id;
};
/** Books a movement on a given instant (UTC), as if it had happened then. */
const backdate = (movementId: string, at: string) =>
  t.platform.database.db.execute(
    sql`update stock_movements set created_at = ${at}::timestamptz where id = ${movementId}`,
  );
const exclude = (movement_id: string, reason = 'one-off sale', as: Headers = h) =>
  call('POST', '/api/v1/adu-exclusions', { movement_id, reason }, as);

type Exclusion = {
  id: string;
  movement_id: string;
  product_id: string;
  sku: string;
  location_code: string;
  kind: string;
  quantity: number;
  moved_at: string;
  reason: string;
  created_by: string | null;
  created_at: string;
};
type Page = { data: Exclusion[]; pagination: { total: number } };
type Problem = { code: string; detail: string; errors?: { field: string; message: string }[] };
const list = async (query = '', as: Headers = h) => {
  const r = await call('GET', `/api/v1/adu-exclusions?limit=100${query}`, undefined, as);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Page;
};
const excluded = (from: string, to: string, productIds: string[] | null) =>
  t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
    excludedConsumption(tx, t.demo.tenantId, from, to, productIds),
  );

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type === 'planning.adu_exclusion.changed') seen.push(e as never);
  });
  id.MAD = await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  id.BCN = await created('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' });
  id.T = await created('/api/v1/products', { sku: 'TOR-1', name: 'Tornillo' });
  id.A = await created('/api/v1/products', { sku: 'ARA-1', name: 'Arandela' });
  for (const p of [id.T, id.A]) for (const s of ['MAD-001', 'BCN-001']) await move('receipt', p, s, 1000);
});
after(async () => {
  await t?.close();
});

test(`shipments and returns are excluded, listed newest first, filtered and included again (${mode})`, async () => {
  const ship = await move('shipment', id.T, 'MAD-001', 40);
  const back = await move('return', id.T, 'MAD-001', 5);
  const other = await move('shipment', id.A, 'BCN-001', 7);

  const r = await exclude(ship, '  Feria anual, no se repite  ');
  assert.equal(r.statusCode, 201, r.body);
  const x = r.json() as Exclusion;
  assert.deepEqual(
    [x.movement_id, x.product_id, x.sku, x.location_code, x.kind, x.quantity, x.reason, x.created_by],
    [ship, id.T, 'TOR-1', 'MAD-001', 'shipment', -40, 'Feria anual, no se repite', t.demo.adminUserId],
  );
  assert.ok(Math.abs(Date.parse(x.moved_at) - Date.now()) < 60_000, x.moved_at);
  await eventually(
    () => seen.some((e) => e.aggregateId === ship && e.payload.product_id === id.T),
    'an exclusion change event naming the product',
  );
  assert.equal((await exclude(back, 'devolución de la feria')).statusCode, 201);
  assert.equal((await exclude(other)).statusCode, 201);

  const all = await list();
  assert.deepEqual(
    all.data.map((e) => [e.movement_id, e.kind, e.quantity]),
    [
      [other, 'shipment', -7],
      [back, 'return', 5],
      [ship, 'shipment', -40],
    ],
    'newest exclusion first',
  );
  assert.equal(all.pagination.total, 3);
  const ids = async (q: string) => (await list(q)).data.map((e) => e.movement_id);
  assert.deepEqual(await ids(`&product_id=${id.T}`), [back, ship]);
  assert.deepEqual(await ids('&location=BCN-001'), [other]);
  assert.deepEqual(await ids(`&product_id=${id.T}&location=BCN-001`), []);
  assert.deepEqual(await ids('&location=NOWHERE'), []);
  const paged = (await call('GET', '/api/v1/adu-exclusions?limit=1&page=2')).json() as Page;
  assert.deepEqual([paged.data.map((e) => e.movement_id), paged.pagination.total], [[back], 3]);

  const del = await call('DELETE', `/api/v1/adu-exclusions/${ship}`);
  assert.equal(del.statusCode, 204, del.body);
  assert.deepEqual(await ids(`&product_id=${id.T}`), [back]);
  await eventually(
    () => seen.filter((e) => e.aggregateId === ship).length === 2,
    'a change event for the inclusion too',
  );
  // Included again, it may be excluded again.
  assert.equal((await exclude(ship)).statusCode, 201);
  for (const m of [ship, back, other])
    assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${m}`)).statusCode, 204);
  assert.equal((await list()).pagination.total, 0);
});

test(`bad exclusions are refused naming the field or the code (${mode})`, async () => {
  const ship = await move('shipment', id.T, 'BCN-001', 3);
  const receipt = await move('receipt', id.T, 'BCN-001', 3);
  const problem = async (payload: object, status: number) => {
    const r = await call('POST', '/api/v1/adu-exclusions', payload);
    assert.equal(r.statusCode, status, r.body);
    return r.json() as Problem;
  };
  const fields = (p: Problem) => (p.errors ?? []).map((e) => e.field);

  assert.deepEqual(fields(await problem({ movement_id: ship }, 400)), ['reason']);
  assert.deepEqual(fields(await problem({ movement_id: ship, reason: '   ' }, 400)), ['reason']);
  assert.deepEqual(fields(await problem({ movement_id: 'not-a-uuid', reason: 'x' }, 400)), ['movement_id']);
  assert.deepEqual(fields(await problem({ reason: 'x' }, 400)), ['movement_id']);
  const unknown = await problem({ movement_id: crypto.randomUUID(), reason: 'x' }, 404);
  assert.equal(unknown.code, 'planning.movement_not_found');
  const notUsage = await problem({ movement_id: receipt, reason: 'x' }, 400);
  assert.equal(notUsage.code, 'planning.movement_not_consumption');
  assert.deepEqual(fields(notUsage), ['movement_id']);
  assert.match(notUsage.detail, /receipt/);

  assert.equal((await exclude(ship)).statusCode, 201);
  const twice = await problem({ movement_id: ship, reason: 'again' }, 409);
  assert.equal(twice.code, 'planning.movement_already_excluded');
  assert.equal(
    (await list(`&location=BCN-001&product_id=${id.T}`)).pagination.total,
    1,
    'nothing written twice',
  );

  const bad = await call('DELETE', '/api/v1/adu-exclusions/not-a-uuid');
  assert.equal(bad.statusCode, 400, bad.body);
  const notExcluded = await call('DELETE', `/api/v1/adu-exclusions/${receipt}`);
  assert.equal(notExcluded.statusCode, 404, notExcluded.body);
  assert.equal((notExcluded.json() as Problem).code, 'planning.adu_exclusion_not_found');
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${ship}`)).statusCode, 204);
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${ship}`)).statusCode, 404);
});

test(`a viewer reads exclusions but cannot exclude or include (${mode})`, async () => {
  const ship = await move('shipment', id.A, 'MAD-001', 2);
  const kept = await move('shipment', id.A, 'MAD-001', 2);
  assert.equal((await exclude(kept)).statusCode, 201);
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      roles: ['Viewer'],
      permissions: ['buffer:read', 'product:read'],
    })}`,
  };
  assert.deepEqual(
    (await list('', viewer)).data.map((e) => e.movement_id),
    [kept],
  );
  assert.equal((await exclude(ship, 'x', viewer)).statusCode, 403);
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${kept}`, undefined, viewer)).statusCode, 403);
  const blind = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['product:read'] })}`,
  };
  assert.equal((await call('GET', '/api/v1/adu-exclusions', undefined, blind)).statusCode, 403);
  assert.deepEqual(
    (await list()).data.map((e) => e.movement_id),
    [kept],
    'nothing changed',
  );
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${kept}`)).statusCode, 204);
});

test(`another tenant neither excludes nor sees nor includes this tenant's movements (${mode})`, async () => {
  const b = await ensureTenant(t.platform, {
    slug: 'exclusions-b',
    name: 'Tenant B',
    admin: { email: 'admin@exclusions-b.example', name: 'B', password: 'exclusions-b-password' },
  });
  const asB = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}`,
  };
  const mine = await move('shipment', id.T, 'MAD-001', 4);
  const stranger = await move('shipment', id.T, 'MAD-001', 4);
  assert.equal((await exclude(mine)).statusCode, 201);

  const r = await exclude(stranger, 'hijack', asB);
  assert.equal(r.statusCode, 404, r.body);
  assert.equal((r.json() as Problem).code, 'planning.movement_not_found');
  const again = await exclude(mine, 'hijack', asB);
  assert.equal(again.statusCode, 404, 'B cannot tell that A excluded it');
  assert.equal((await list('', asB)).pagination.total, 0);
  assert.equal((await list(`&product_id=${id.T}`, asB)).pagination.total, 0);
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${mine}`, undefined, asB)).statusCode, 404);
  const b0 = await t.platform.uow.forTenant(b.tenantId, (tx) =>
    excludedConsumption(tx, b.tenantId, '2000-01-01', '2100-01-01', null),
  );
  assert.deepEqual(b0, []);

  assert.deepEqual(
    (await list(`&product_id=${id.T}`)).data.map((e) => e.movement_id),
    [mine],
    'A keeps its exclusion',
  );
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${mine}`)).statusCode, 204);
});

test(`excluded consumption sums per product and location over the UTC days of the window (${mode})`, async () => {
  // Sold by the half, so 2.5 is a whole number of steps.
  const P = await created('/api/v1/products', { sku: 'WIN-1', name: 'Ventana', uom_step: '0.5' });
  const Q = await created('/api/v1/products', { sku: 'WIN-2', name: 'Ventana doble', uom_step: '0.5' });
  for (const p of [P, Q]) for (const s of ['MAD-001', 'BCN-001']) await move('receipt', p, s, 1000);
  const at = async (
    kind: 'shipment' | 'return',
    product: string,
    store: string,
    qty: number,
    when: string,
    excludeIt = true,
  ) => {
    const m = await move(kind, product, store, qty);
    await backdate(m, when);
    if (excludeIt) assert.equal((await exclude(m)).statusCode, 201);
    return m;
  };
  await at('shipment', P, 'MAD-001', 10, '2030-01-09T23:59:59Z'); // the day before the window
  await at('shipment', P, 'MAD-001', 20, '2030-01-10T00:00:00Z'); // the window's first instant
  await at('shipment', P, 'MAD-001', 2.5, '2030-01-12T12:00:00Z');
  await at('return', P, 'MAD-001', 4, '2030-01-15T23:59:59Z'); // the window's last instant
  await at('shipment', P, 'MAD-001', 100, '2030-01-16T00:00:00Z'); // the day after
  await at('shipment', P, 'MAD-001', 500, '2030-01-12T12:00:00Z', false); // in the window, not excluded
  await at('shipment', P, 'BCN-001', 7, '2030-01-11T08:00:00Z');
  await at('shipment', Q, 'MAD-001', 3, '2030-01-13T08:00:00Z');
  const receipt = await move('receipt', P, 'MAD-001', 9);
  await backdate(receipt, '2030-01-12T12:00:00Z');

  const sorted = (rows: { product_id: string; location_id: string; qty: number }[]) =>
    rows
      .map((r) => [r.product_id === P ? 'P' : r.product_id === Q ? 'Q' : r.product_id, r.location_id, r.qty])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
  const expected = [
    ['P', id.BCN, 7],
    ['P', id.MAD, 18.5], // 20 + 2.5 shipped, 4 returned
    ['Q', id.MAD, 3],
  ];
  assert.deepEqual(
    sorted(await excluded('2030-01-10', '2030-01-15', null)).filter((r) => r[0] === 'P' || r[0] === 'Q'),
    expected.sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
  );
  assert.deepEqual(sorted(await excluded('2030-01-10', '2030-01-15', [P, Q])), expected);
  assert.deepEqual(sorted(await excluded('2030-01-10', '2030-01-15', [Q])), [['Q', id.MAD, 3]]);
  assert.deepEqual(sorted(await excluded('2030-01-09', '2030-01-09', [P])), [['P', id.MAD, 10]]);
  assert.deepEqual(sorted(await excluded('2030-01-15', '2030-01-16', [P])), [['P', id.MAD, 96]], '−4 + 100');
  assert.deepEqual(await excluded('2030-01-17', '2030-02-28', [P, Q]), [], 'nothing after the window');
  assert.deepEqual(await excluded('2030-01-10', '2030-01-15', []), []);
  assert.deepEqual(await excluded('2030-01-10', '2030-01-15', [id.T]), [], 'another product');

  // Included again, a movement no longer leaves the average.
  const later = await at('shipment', Q, 'MAD-001', 6, '2030-01-14T08:00:00Z');
  assert.deepEqual(sorted(await excluded('2030-01-10', '2030-01-15', [Q])), [['Q', id.MAD, 9]]);
  assert.equal((await call('DELETE', `/api/v1/adu-exclusions/${later}`)).statusCode, 204);
  assert.deepEqual(sorted(await excluded('2030-01-10', '2030-01-15', [Q])), [['Q', id.MAD, 3]]);
});

test(`an exclusion re-sizes every buffer of its product, at every location, and no other (${mode})`, async () => {
  const P = await created('/api/v1/products', { sku: 'BUF-1', name: 'Con buffer' });
  const Q = await created('/api/v1/products', { sku: 'BUF-2', name: 'Otro buffer' });
  for (const p of [P, Q]) for (const s of ['MAD-001', 'BCN-001']) await move('receipt', p, s, 100);
  const buffer = (product_id: string, store_id: string) =>
    created('/api/v1/buffers', { product_id, store_id, adu_method: 'fixed', adu_fixed: 5, dlt_days: 5 });
  const ofP = [await buffer(P, 'MAD-001'), await buffer(P, 'BCN-001')];
  const ofQ = await buffer(Q, 'MAD-001');
  const adu = async (b: string) =>
    ((await call('GET', `/api/v1/buffers/${b}`)).json() as { adu: number }).adu;
  // A setting changed behind the API's back shows only when a buffer is re-sized, not when
  // its net flow alone refreshes (as a stock movement does).
  await t.platform.database.db.execute(
    sql`update buffers set adu_fixed = 8 where id in (${ofP[0]}, ${ofP[1]}, ${ofQ})`,
  );
  const ship = await move('shipment', P, 'BCN-001', 1);
  assert.equal((await exclude(ship)).statusCode, 201);
  await eventually(
    async () => (await adu(ofP[0] ?? '')) === 8 && (await adu(ofP[1] ?? '')) === 8,
    'both buffers of the product re-sized',
  );
  assert.equal(await adu(ofQ), 5, 'another product’s buffer is left alone');
});
