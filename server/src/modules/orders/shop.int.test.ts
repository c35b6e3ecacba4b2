import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { SANDBOX_CARDS } from './payments/sandbox.ts';

let t: TestApp;
let admin: Record<string, string>;
const ids: Record<string, string> = {};
let keyN = 0;
const key = () => `shop-${Date.now()}-${keyN++}`;

type Item = { id: string; product_id: string; title: string; available: string; in_stock: boolean } & Record<
  string,
  unknown
>;
type Catalog = { data: Item[]; pagination: { total: number } };
type PublicOrder = {
  id: string;
  number: string;
  tenant_id: string;
  status: string;
  total_minor: number;
  currency: string;
  lines: { title: string; sku: string; quantity: string; unit_price_minor: number }[];
  payment: { id: string; status: string; provider: string; redirect_url: string | null } | null;
  cancel_reason: string | null;
  order_token: string;
};
type Problem = { code: string; errors?: { field: string }[] };

const call = (h: Record<string, string>, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const created = async (h: Record<string, string>, url: string, payload: object) => {
  const r = await call(h, 'POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
/** A product with stock at a store of the tenant behind `h`, listed there (or not). */
const stocked = async (
  h: Record<string, string>,
  sku: string,
  store: string,
  qty: number,
  listing?: object,
) => {
  const id = await created(h, '/api/v1/products', { sku, name: `Producto ${sku}`, price: '3', cost: '1.10' });
  await created(h, '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: id,
    store_id: store,
    quantity: qty,
    reason: 'test',
  });
  if (listing) await created(h, '/api/v1/listings', { product_id: id, store_id: store, ...listing });
  return id;
};
const catalog = async (query = '', slug = 'demo') =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/shop/${slug}/catalog${query}` })).json() as Catalog;
/** `k` null sends no Idempotency-Key. */
const checkout = (body: object, k: string | null = key(), slug = 'demo') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/${slug}/checkout`,
    headers: k ? { 'idempotency-key': k } : {},
    payload: body,
  });
const buy = (
  product_id: string,
  card: string = SANDBOX_CARDS.approved,
  quantity = 2,
  store_id = 'SHOP-1',
) => ({
  lines: [{ product_id, quantity }],
  store_id,
  customer: { name: 'Ana Pérez', email: 'ana@example.com' },
  payment: { method: 'card', card_number: card },
});
const publicOrder = (id: string, token?: string, slug = 'demo') =>
  t.app.inject({ method: 'GET', url: `/api/v1/shop/${slug}/orders/${id}${token ? `?token=${token}` : ''}` });

before(async () => {
  t = await buildTestApp();
  admin = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  await created(admin, '/api/v1/locations', { code: 'SHOP-1', name: 'Tienda online', type: 'store' });
  await created(admin, '/api/v1/locations', { code: 'SHOP-2', name: 'Tienda sin web', type: 'store' });
  ids.screws = await stocked(admin, 'SHOP-TOR', 'SHOP-1', 10, {
    title: 'Tornillos de acero',
    description: 'Caja de 100 tornillos hexagonales',
    price_minor: 1250,
    published: true,
  });
  ids.hidden = await stocked(admin, 'SHOP-HID', 'SHOP-1', 10, {
    title: 'Martillo escondido',
    price_minor: 900,
    published: false,
  });
  ids.unlisted = await stocked(admin, 'SHOP-NOL', 'SHOP-1', 10);
  ids.secure = await stocked(admin, 'SHOP-3DS', 'SHOP-1', 5, {
    title: 'Taladro seguro',
    price_minor: 5000,
    published: true,
  });
});
after(async () => {
  await t?.close();
});

test(`an unknown shop is a 404 on every route (${mode})`, async () => {
  for (const r of [
    await t.app.inject({ method: 'GET', url: '/api/v1/shop/nope' }),
    await t.app.inject({ method: 'GET', url: '/api/v1/shop/nope/catalog' }),
    await checkout(buy(ids.screws ?? ''), key(), 'nope'),
    await publicOrder(crypto.randomUUID(), 'x', 'nope'),
  ]) {
    assert.equal(r.statusCode, 404, r.body);
    assert.equal((r.json() as Problem).code, 'orders.shop_not_found');
  }
});

test(`the shop shows its stores and published listings only, found by Spanish text, with no cost (${mode})`, async () => {
  const shop = await t.app.inject({ method: 'GET', url: '/api/v1/shop/demo' });
  assert.equal(shop.statusCode, 200, shop.body);
  assert.deepEqual(shop.json(), {
    tenant_id: t.demo.tenantId,
    name: 'Demo Distribuciones S.A.',
    slug: 'demo',
    currency: 'MXN',
    stores: [{ store_id: 'SHOP-1', name: 'Tienda online' }],
  });
  const all = await catalog();
  assert.deepEqual(all.data.map((i) => i.title).sort(), ['Taladro seguro', 'Tornillos de acero']);
  // What a shop window shows, and nothing more: no cost, supplier or on-hand detail.
  assert.deepEqual(Object.keys(all.data[0] ?? {}).sort(), [
    'available',
    'currency',
    'description',
    'id',
    'in_stock',
    'price_minor',
    'product_id',
    'store_id',
    'store_name',
    'title',
  ]);
  const found = await catalog('?q=tornillo');
  assert.deepEqual(
    found.data.map((i) => [i.title, i.available, i.in_stock, i.price_minor]),
    [['Tornillos de acero', '10', true, 1250]],
  );
  assert.equal((await catalog('?q=martillo')).pagination.total, 0, 'unpublished listings stay out');
  assert.equal((await catalog('?store_id=SHOP-2')).pagination.total, 0);
});

test(`checkout confirms with an approved card, lowers availability and replays by key (${mode})`, async () => {
  const k = key();
  const r = await checkout(buy(ids.screws ?? ''), k);
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as PublicOrder;
  assert.equal(o.status, 'CONFIRMED');
  assert.equal(o.total_minor, 2500);
  assert.deepEqual(
    o.lines.map((l) => [l.title, l.sku, l.quantity, l.unit_price_minor]),
    [['Tornillos de acero', 'SHOP-TOR', '2', 1250]],
  );
  assert.equal(o.payment?.status, 'CAPTURED');
  assert.match(o.order_token, /^[0-9a-f]{64}$/);
  assert.equal((await catalog('?q=tornillo')).data[0]?.available, '8', 'the order holds two');

  const list = (await call(admin, 'GET', '/api/v1/customer-orders?limit=100')).json() as {
    data: { id: string; channel: string }[];
  };
  assert.equal(list.data.find((x) => x.id === o.id)?.channel, 'storefront');

  const again = await checkout(buy(ids.screws ?? ''), k);
  assert.equal(again.statusCode, 201);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal((again.json() as PublicOrder).id, o.id);
  assert.equal((await catalog('?q=tornillo')).data[0]?.available, '8', 'the retry bought nothing more');

  const view = await publicOrder(o.id, o.order_token);
  assert.equal(view.statusCode, 200, view.body);
  assert.deepEqual(view.json(), o);
  for (const bad of [undefined, 'f'.repeat(64), o.order_token.slice(0, 10)])
    assert.equal((await publicOrder(o.id, bad)).statusCode, 404, 'no token, no order');
});

test(`checkout refuses what is not listed, a missing key and short stock, writing nothing (${mode})`, async () => {
  const before = (await call(admin, 'GET', '/api/v1/customer-orders')).json() as {
    pagination: { total: number };
  };
  for (const product of [ids.unlisted, ids.hidden]) {
    const r = await checkout(buy(product ?? ''));
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(
      (r.json() as Problem).errors?.map((e) => e.field),
      ['lines[0].product_id'],
    );
  }
  const noKey = await checkout(buy(ids.screws ?? ''), null);
  assert.equal(noKey.statusCode, 400, noKey.body);
  assert.equal((noKey.json() as Problem).code, 'platform.idempotency_key_required');
  const short = await checkout(buy(ids.screws ?? '', SANDBOX_CARDS.approved, 1000));
  assert.equal(short.statusCode, 409, short.body);
  const after = (await call(admin, 'GET', '/api/v1/customer-orders')).json() as {
    pagination: { total: number };
  };
  assert.equal(after.pagination.total, before.pagination.total);
});

test(`a 3-D Secure checkout waits, and the buyer's challenge confirms it (${mode})`, async () => {
  const r = await checkout(buy(ids.secure ?? '', SANDBOX_CARDS.later, 1));
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as PublicOrder;
  assert.deepEqual([o.status, o.payment?.status], ['PAYMENT_PENDING', 'PENDING']);
  const done = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/sandbox/${o.tenant_id}/${o.payment?.id}/complete`,
    payload: { outcome: 'approved' },
  });
  assert.equal(done.statusCode, 200, done.body);
  const now = (await publicOrder(o.id, o.order_token)).json() as PublicOrder;
  assert.deepEqual([now.status, now.payment?.status], ['CONFIRMED', 'CAPTURED']);
});

test(`each shop sells only its own tenant's listings (${mode})`, async () => {
  const b = await ensureTenant(t.platform, {
    slug: 'shop-b',
    name: 'Ferretería B',
    admin: { email: 'admin@shop-b.example', name: 'B', password: 'shop-b-password' },
  });
  const hb = { authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}` };
  await created(hb, '/api/v1/locations', { code: 'SHOP-1', name: 'Tienda B', type: 'store' });
  const theirs = await stocked(hb, 'B-TOR', 'SHOP-1', 10, {
    title: 'Tornillos de latón',
    price_minor: 700,
    published: true,
  });
  assert.deepEqual(
    (await catalog('?q=tornillo', 'shop-b')).data.map((i) => i.title),
    ['Tornillos de latón'],
  );
  assert.deepEqual(
    (await catalog('?q=tornillo')).data.map((i) => i.title),
    ['Tornillos de acero'],
  );
  const cross = await checkout(buy(theirs), key(), 'demo');
  assert.equal(cross.statusCode, 400, 'B’s product is not a product of the demo shop');
  const mine = await checkout(buy(ids.screws ?? '', SANDBOX_CARDS.approved, 1), key(), 'shop-b');
  assert.equal(mine.statusCode, 400, 'nor the demo’s product one of B’s');
  const o = (await checkout(buy(ids.screws ?? '', SANDBOX_CARDS.approved, 1))).json() as PublicOrder;
  assert.equal((await publicOrder(o.id, o.order_token, 'shop-b')).statusCode, 404, 'not through B’s shop');
});
