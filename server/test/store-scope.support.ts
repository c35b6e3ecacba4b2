import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { SELF_PERMISSIONS, SYSTEM_ROLES } from '../src/modules/identity/index.ts';
import { buildTestApp, type TestApp } from './helpers.ts';

/** What a Seller holds after sign-in: the Seller role and every signed-in user's own permissions. */
export const SELLER = [
  ...(SYSTEM_ROLES.find((r) => r.name === 'Seller')?.permissions ?? []),
  ...SELF_PERMISSIONS,
];

export type Json = Record<string, unknown>;
export const BCN_CUSTOMER = 'cliente-secreto-bcn';

/** The demo tenant with store-bound records at BCN-001 (admin-made), for a Seller of MAD-001 to try. */
export const setUp = async (t: TestApp) => {
  const tenantId = t.demo.tenantId;
  const admin = { authorization: `Bearer ${await t.tokenFor({ tenantId, userId: t.demo.adminUserId })}` };
  const call = async (method: string, url: string, payload?: object, key?: string) => {
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...admin, ...(key ? { 'idempotency-key': key } : {}) },
      ...(payload ? { payload } : {}),
    });
    assert.ok(res.statusCode < 300, `setup ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Json;
  };
  const loc = Object.fromEntries(
    ((await call('GET', '/api/v1/locations?limit=100')).data as { code: string; id: string }[]).map((l) => [
      l.code,
      l.id,
    ]),
  );
  const prod = Object.fromEntries(
    ((await call('GET', '/api/v1/products?limit=100')).data as { sku: string; id: string }[]).map((p) => [
      p.sku,
      p.id,
    ]),
  );
  const supplier = ((await call('GET', '/api/v1/suppliers?limit=100')).data as { id: string }[])[0]?.id ?? '';
  const product = prod['MAR-500'] ?? '';
  for (const store of ['MAD-001', 'BCN-001', 'VLC-001'])
    await call('POST', '/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: product,
      store_id: store,
      quantity: 50,
      reason: 'setup',
    });
  const reservation = await call('POST', '/api/v1/reservations', {
    product_id: product,
    store_id: 'BCN-001',
    quantity: 2,
    customer_id: BCN_CUSTOMER,
  });
  const transfer = await call('POST', '/api/v1/stock/transfers', {
    product_id: product,
    from_store_id: 'BCN-001',
    to_store_id: 'VLC-001',
    via_store_id: 'TRANSITO',
    quantity: 1,
  });
  const count = await call('POST', '/api/v1/counts', { store_id: 'BCN-001' });
  const purchase = await call('POST', '/api/v1/orders', {
    supplier_id: supplier,
    store_id: 'BCN-001',
    lines: [{ product_id: product, quantity: 1 }],
    submit: true,
  });
  // A purchase that arrived, so the supplier has a performance fact at BCN-001.
  const arrived = await call('POST', '/api/v1/orders', {
    supplier_id: supplier,
    store_id: 'BCN-001',
    lines: [{ product_id: product, quantity: 1 }],
    submit: true,
  });
  await call('POST', `/api/v1/orders/${String(arrived.id)}/receipts`, {
    lines: [{ line_id: (arrived.lines as { id: string }[])[0]?.id, quantity: 1 }],
  });
  const production = await call('POST', '/api/v1/production-orders', {
    product_id: prod['KIT-MON'],
    store_id: 'BCN-001',
    quantity: 1,
    submit: true,
  });
  const transferOrder = await call('POST', '/api/v1/transfer-orders', {
    from_store_id: 'BCN-001',
    to_store_id: 'VLC-001',
    lines: [{ product_id: product, quantity: 1 }],
    submit: true,
  });
  const policy = await call('POST', '/api/v1/reorder-policies', {
    product_id: prod['CIN-5M'],
    store_id: 'BCN-001',
    reorder_point: 1,
    reorder_quantity: 5,
  });
  const customerOrder = await call(
    'POST',
    '/api/v1/customer-orders',
    {
      lines: [{ product_id: product, quantity: 1 }],
      store_id: 'BCN-001',
      customer: { name: 'Cliente de Barcelona', email: `${BCN_CUSTOMER}@example.com` },
      payment: { method: 'card', card_number: '4242424242424242' },
    },
    'scope-bcn-order',
  );
  const listing = await call('POST', '/api/v1/listings', {
    product_id: prod['PAN-60'],
    store_id: 'BCN-001',
    price_minor: 500,
    published: true,
  });
  return {
    call,
    loc,
    prod,
    supplier,
    product,
    reservation: String(reservation.reservation_id),
    transfer: String(transfer.id),
    count: String(count.id),
    purchase: String(purchase.id),
    purchaseLine: String((purchase.lines as { id: string }[])[0]?.id),
    arrived: String(arrived.id),
    arrivedNumber: String(arrived.number),
    production: String(production.id),
    transferOrder: String(transferOrder.id),
    policy: String(policy.id),
    customerOrder: String(customerOrder.id),
    listing: String(listing.id),
  };
};

export let t: TestApp;
export let s: Awaited<ReturnType<typeof setUp>>;

/** One demo tenant per file (seeding it is the slow part), with BCN-001's records made. */
export const useDemoTenant = () => {
  before(async () => {
    t = await buildTestApp({ demoData: true });
    s = await setUp(t);
  });
  after(() => t?.close());
};
