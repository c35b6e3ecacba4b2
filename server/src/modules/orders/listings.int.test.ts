import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let admin: Record<string, string>;
let seller: Record<string, string>;
const stores: Record<string, string> = {};

type Listing = {
  id: string;
  product_id: string;
  sku: string;
  product_name: string;
  store_id: string;
  location_id: string;
  title: string;
  description: string | null;
  price_minor: number;
  currency: string;
  published: boolean;
  seller_id: string | null;
  available: string;
};
type Problem = { code: string; errors?: { field: string }[] };
type Page = { data: Listing[]; pagination: { total: number } };

const call = (
  h: Record<string, string>,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) => t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call(admin, 'POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const product = (sku: string, name = `Producto ${sku}`) =>
  created('/api/v1/products', { sku, name, price: '10' });
const fields = (r: { json: () => unknown }) => ((r.json() as Problem).errors ?? []).map((e) => e.field);

before(async () => {
  t = await buildTestApp();
  admin = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const code of ['LST-1', 'LST-2'])
    stores[code] = await created('/api/v1/locations', { code, name: `Tienda ${code}`, type: 'store' });
  seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['marketplace:write', 'order:read'],
      storeIds: [stores['LST-1'] ?? ''],
    })}`,
  };
});
after(async () => {
  await t?.close();
});

test(`a listing is created, read, changed, found by text and withdrawn (${mode})`, async () => {
  const p = await product('LST-TOR', 'Tornillo M8');
  await call(admin, 'POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: p,
    store_id: 'LST-1',
    quantity: 7,
    reason: 'test',
  });
  const r = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 1290,
  });
  assert.equal(r.statusCode, 201, r.body);
  const l = r.json() as Listing;
  assert.deepEqual(
    [l.title, l.sku, l.store_id, l.location_id, l.currency, l.published, l.seller_id, l.available],
    ['Tornillo M8', 'LST-TOR', 'LST-1', stores['LST-1'], 'MXN', false, t.demo.adminUserId, '7'],
    'title from the product, currency from the tenant, unpublished, free stock at the store',
  );

  const put = await call(admin, 'PUT', `/api/v1/listings/${l.id}`, {
    title: 'Tornillos de acero M8',
    description: 'Caja de 50',
    price_minor: 1150,
    published: true,
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(
    [put.json().title, put.json().price_minor, put.json().published, put.json().description],
    ['Tornillos de acero M8', 1150, true, 'Caja de 50'],
  );
  const found = (await call(admin, 'GET', '/api/v1/listings?q=tornillo&published=true')).json() as Page;
  assert.deepEqual(
    found.data.map((x) => x.id),
    [l.id],
    'Spanish stemming: tornillo finds Tornillos',
  );
  const unpublished = (
    await call(admin, 'GET', '/api/v1/listings?published=false&store_id=LST-1')
  ).json() as Page;
  assert.ok(!unpublished.data.some((x) => x.id === l.id));

  assert.equal((await call(admin, 'DELETE', `/api/v1/listings/${l.id}`)).statusCode, 204);
  const gone = await call(admin, 'GET', `/api/v1/listings/${l.id}`);
  assert.equal(gone.statusCode, 404);
  assert.equal((gone.json() as Problem).code, 'orders.listing_not_found');
  assert.equal((await call(admin, 'PUT', `/api/v1/listings/${l.id}`, { price_minor: 5 })).statusCode, 404);
});

test(`bad listings are refused naming the field; a second one for the same item is a 409 (${mode})`, async () => {
  const p = await product('LST-VAL');
  const zero = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 0,
  });
  assert.equal(zero.statusCode, 400, zero.body);
  assert.deepEqual(fields(zero), ['price_minor']);
  const noProduct = await call(admin, 'POST', '/api/v1/listings', { store_id: 'LST-1', price_minor: 100 });
  assert.equal(noProduct.statusCode, 400);
  assert.deepEqual(fields(noProduct), ['product_id']);
  const badCurrency = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 100,
    currency: 'euro',
  });
  assert.deepEqual([badCurrency.statusCode, fields(badCurrency)], [400, ['currency']]);
  const unknown = await call(admin, 'POST', '/api/v1/listings', {
    product_id: crypto.randomUUID(),
    store_id: 'LST-1',
    price_minor: 100,
  });
  assert.equal(unknown.statusCode, 404, unknown.body);
  assert.deepEqual(fields(unknown), ['product_id']);
  const nowhere = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'NOPE',
    price_minor: 100,
  });
  assert.deepEqual([nowhere.statusCode, fields(nowhere)], [404, ['store_id']]);

  const first = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 100,
    currency: 'EUR',
  });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().currency, 'EUR');
  const again = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 200,
  });
  assert.equal(again.statusCode, 409, again.body);
  assert.equal((again.json() as Problem).code, 'orders.listing_exists');
  const other = await call(admin, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-2',
    price_minor: 200,
  });
  assert.equal(other.statusCode, 201, 'the same product at another store is another listing');
  const moved = await call(admin, 'PUT', `/api/v1/listings/${other.json().id}`, { store_id: 'LST-1' });
  assert.equal(moved.statusCode, 409, 'moving onto an existing listing is a 409 too');
});

test(`a seller lists only at their own store and sees only its listings (${mode})`, async () => {
  const p = await product('LST-SELL');
  const theirs = await call(seller, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 990,
    published: true,
  });
  assert.equal(theirs.statusCode, 201, theirs.body);
  assert.equal(theirs.json().seller_id === t.demo.adminUserId, false, 'the seller is the caller');
  const elsewhere = await call(seller, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-2',
    price_minor: 990,
  });
  assert.equal(elsewhere.statusCode, 403, elsewhere.body);
  const adminsAt2 = await created('/api/v1/listings', {
    product_id: p,
    store_id: 'LST-2',
    price_minor: 1000,
  });
  // Another store's listing is not the seller's to see: changing it answers as if it did not exist.
  assert.equal(
    (await call(seller, 'PUT', `/api/v1/listings/${adminsAt2}`, { price_minor: 1 })).statusCode,
    404,
  );
  assert.equal((await call(seller, 'DELETE', `/api/v1/listings/${adminsAt2}`)).statusCode, 404);
  assert.equal(
    (await call(seller, 'PUT', `/api/v1/listings/${theirs.json().id}`, { store_id: 'LST-2' })).statusCode,
    403,
    'nor move one of theirs to another store',
  );
  const seen = (await call(seller, 'GET', '/api/v1/listings?limit=100')).json() as Page;
  assert.ok(seen.data.length > 0);
  assert.deepEqual([...new Set(seen.data.map((x) => x.store_id))], ['LST-1']);
  assert.equal(seen.pagination.total, seen.data.length);
  assert.equal((await call(seller, 'GET', `/api/v1/listings/${adminsAt2}`)).statusCode, 404);
  const all = (await call(admin, 'GET', '/api/v1/listings?limit=100')).json() as Page;
  assert.ok(
    all.data.some((x) => x.id === adminsAt2),
    'the admin sees every store',
  );

  const viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['order:read'] })}`,
  };
  const denied = await call(viewer, 'POST', '/api/v1/listings', {
    product_id: p,
    store_id: 'LST-1',
    price_minor: 1,
  });
  assert.equal(denied.statusCode, 403, 'listing needs marketplace:write');
});
