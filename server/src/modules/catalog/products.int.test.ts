import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let h: { authorization: string };
before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
});
after(async () => {
  await t?.close();
});

const call = (method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: h, ...(payload ? { payload } : {}) });
type Product = { id: string; sku: string; name: string; price: string | null; order_multiple: string | null };

test(`create, read, change and delete a product; exact decimals; SKU unique per tenant (${mode})`, async () => {
  const created = await call('POST', '/api/v1/products', {
    sku: 'TOR-M8-50',
    name: 'Tornillo hexagonal M8 x 50',
    category: 'ferretería',
    price: '12.35',
    cost: 7.1,
    order_multiple: 100,
    lead_time_days: 12,
  });
  assert.equal(created.statusCode, 201, created.body);
  const p = created.json() as Product;
  assert.equal(p.price, '12.35');
  assert.equal(p.order_multiple, '100');
  const dup = await call('POST', '/api/v1/products', { sku: 'TOR-M8-50', name: 'Otro' });
  assert.equal(dup.statusCode, 409);
  assert.equal((dup.json() as { code: string }).code, 'catalog.sku_taken');
  const changed = await call('PUT', `/api/v1/products/${p.id}`, { price: '13.00', active: false });
  assert.equal((changed.json() as Product).price, '13');
  assert.equal((await call('GET', `/api/v1/products/${p.id}`)).statusCode, 200);
  assert.equal((await call('DELETE', `/api/v1/products/${p.id}`)).statusCode, 204);
  assert.equal((await call('GET', `/api/v1/products/${p.id}`)).statusCode, 404);
});

test(`bad product input names each field and writes nothing (${mode})`, async () => {
  const res = await call('POST', '/api/v1/products', {
    sku: 'bad sku!',
    name: '',
    price: -3,
    order_multiple: 0,
  });
  assert.equal(res.statusCode, 400);
  const fields = (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['name', 'order_multiple', 'price', 'sku']);
});

test(`search finds Spanish words by their stem, SKUs by prefix, and filters by category (${mode})`, async () => {
  const bulk = await call('POST', '/api/v1/products/bulk', {
    products: [
      { sku: 'PIN-ROJ-1L', name: 'Pintura roja 1 litro', category: 'pinturas' },
      { sku: 'PIN-AZU-1L', name: 'Pintura azul 1 litro', category: 'pinturas' },
      { sku: 'CAB-ELE-10', name: 'Cables eléctricos 10 m', category: 'eléctrico' },
    ],
  });
  assert.deepEqual(bulk.json(), { created: 3, updated: 0 });
  const stem = (await call('GET', '/api/v1/products?search=cable')).json() as { data: Product[] };
  assert.deepEqual(
    stem.data.map((x) => x.sku),
    ['CAB-ELE-10'],
  );
  const prefix = (await call('GET', '/api/v1/products?search=PIN-')).json() as { data: Product[] };
  assert.deepEqual(prefix.data.map((x) => x.sku).sort(), ['PIN-AZU-1L', 'PIN-ROJ-1L']);
  const cat = (await call('GET', '/api/v1/products?category=pinturas&limit=1')).json() as {
    data: Product[];
    pagination: { total: number; total_pages: number };
  };
  assert.equal(cat.pagination.total, 2);
  assert.equal(cat.pagination.total_pages, 2);
});

test(`bulk upsert updates existing SKUs, and one bad row rejects the whole batch (${mode})`, async () => {
  const again = await call('POST', '/api/v1/products/bulk', {
    products: [
      { sku: 'PIN-ROJ-1L', name: 'Pintura roja mate 1 litro' },
      { sku: 'PIN-VER-1L', name: 'Pintura verde 1 litro' },
    ],
  });
  assert.deepEqual(again.json(), { created: 1, updated: 1 });
  const bad = await call('POST', '/api/v1/products/bulk', {
    products: [
      { sku: 'NEW-OK-1', name: 'Nuevo' },
      { sku: 'NEW-BAD', name: '' },
    ],
  });
  assert.equal(bad.statusCode, 400);
  assert.match((bad.json() as { errors: { field: string }[] }).errors[0]?.field ?? '', /products\[1\]\.name/);
  const none = (await call('GET', '/api/v1/products?search=NEW-OK')).json() as { data: Product[] };
  assert.equal(none.data.length, 0, 'nothing of the rejected batch was written');
});

test(`product changes are events on the stream (${mode})`, async () => {
  const seen: string[] = [];
  const off = t.platform.onEvent((e) => seen.push(e.type));
  await call('POST', '/api/v1/products', { sku: 'EVT-1', name: 'Con evento' });
  await eventually(() => seen.includes('catalog.product.created'), 'the created event');
  off();
});
