import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasPermission } from '../src/platform/domain/context.ts';
import { mode } from './helpers.ts';
import { BCN_CUSTOMER, SELLER, s, t, useDemoTenant } from './store-scope.support.ts';

useDemoTenant();

type Case = { url: string; body?: object; expect: 'not found' | 'forbidden' | 'no other store rows' };

/**
 * The store-scope walk: every route a Seller may call is called by a Seller of MAD-001 with
 * BCN-001's ids and bodies naming BCN-001. An id of another store's record answers 404 as if
 * it did not exist; naming another store answers 403; a list shows none of BCN-001's rows. A
 * route the walk does not know fails the test until it is added here, or listed as not
 * store-bound with the reason, so new routes cannot skip it.
 */
test(`a Seller of MAD-001 reaches no other store's data through any route (${mode})`, async () => {
  const bcn = s.loc['BCN-001'] ?? '';
  const seller = await t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: ['Seller'],
    permissions: SELLER,
    storeIds: [s.loc['MAD-001'] ?? ''],
  });
  const id = (url: string, v: string, body?: object): Case[] => [
    { url: url.replace(':id', v), ...(body ? { body } : {}), expect: 'not found' },
  ];
  const list = (...urls: string[]): Case[] => urls.map((url) => ({ url, expect: 'no other store rows' }));
  const naming = (url: string, body?: object): Case[] => [
    { url, ...(body ? { body } : {}), expect: 'forbidden' },
  ];
  const notStoreBound = (reason: string) => reason;
  const walk: Record<string, Case[] | string> = {
    'GET /api/v1/events/stream': notStoreBound('filtered per event; its own test below'),
    'POST /api/v1/auth/logout': notStoreBound("the caller's own session"),
    'GET /api/v1/users/me': notStoreBound("the caller's own account"),
    'GET /api/v1/notifications': notStoreBound("the caller's own notifications"),
    'POST /api/v1/notifications/:id/read': notStoreBound("the caller's own notifications"),
    'POST /api/v1/notifications/read-all': notStoreBound("the caller's own notifications"),
    'GET /api/v1/notifications/preferences': notStoreBound("the caller's own settings"),
    'PUT /api/v1/notifications/preferences': notStoreBound("the caller's own settings"),
    'PUT /api/v1/users/me': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/enable-2fa': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/confirm-2fa': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/disable-2fa': notStoreBound("the caller's own account"),
    'GET /api/v1/products': notStoreBound('the catalog is tenant-wide'),
    'GET /api/v1/products/export': notStoreBound('the catalog is tenant-wide'),
    'GET /api/v1/products/:id': notStoreBound('the catalog is tenant-wide'),
    'GET /api/v1/locations': notStoreBound('every store is named in the catalog'),
    'GET /api/v1/locations/:id': notStoreBound('every store is named in the catalog'),
    'GET /api/v1/boms': notStoreBound('bills of materials are catalog data'),
    'GET /api/v1/boms/:id': notStoreBound('bills of materials are catalog data'),
    'GET /api/v1/order-settings': notStoreBound("the tenant's order rules"),
    'GET /api/v1/customers': notStoreBound('customers are tenant-wide: any store sells to them'),
    'GET /api/v1/customers/export': notStoreBound('customers are tenant-wide: any store sells to them'),
    'GET /api/v1/customers/:id': notStoreBound('customers are tenant-wide: any store sells to them'),
    'POST /api/v1/customers': notStoreBound('customers are tenant-wide: any store sells to them'),
    'PATCH /api/v1/customers/:id': notStoreBound('customers are tenant-wide: any store sells to them'),
    'GET /api/v1/products/:id/availability': notStoreBound(
      'seed 001 flow 1: a clerk tells a customer which store has it; quantities only, no holds',
    ),
    'POST /api/v1/stock': naming('/api/v1/stock', {
      product_id: s.product,
      store_id: 'BCN-001',
      quantity_change: -2,
      reason: 'walk',
    }),
    'POST /api/v1/stock/movements': naming('/api/v1/stock/movements', {
      kind: 'shipment',
      product_id: s.product,
      store_id: 'BCN-001',
      quantity: 2,
      reason: 'walk',
    }),
    'GET /api/v1/stock/ledger': naming(`/api/v1/stock/ledger?product_id=${s.product}&location=BCN-001`),
    'GET /api/v1/stock/ledger/export': [
      ...list(`/api/v1/stock/ledger/export?product_id=${s.product}&location=MAD-001`),
      ...naming(`/api/v1/stock/ledger/export?product_id=${s.product}&location=BCN-001`),
    ],
    'PUT /api/v1/stock/levels': naming('/api/v1/stock/levels', {
      product_id: s.product,
      store_id: 'BCN-001',
      min_qty: 1,
      max_qty: 2,
    }),
    'POST /api/v1/stock/transfers': [
      ...naming('/api/v1/stock/transfers', {
        product_id: s.product,
        from_store_id: 'MAD-001',
        to_store_id: 'BCN-001',
        quantity: 1,
      }),
      ...naming('/api/v1/stock/transfers', {
        product_id: s.product,
        from_store_id: 'BCN-001',
        to_store_id: 'MAD-001',
        quantity: 1,
      }),
    ],
    'GET /api/v1/stock/transfers': list('/api/v1/stock/transfers'),
    'GET /api/v1/stock/transfers/:id': id('/api/v1/stock/transfers/:id', s.transfer),
    'POST /api/v1/stock/transfers/:id/receive': id('/api/v1/stock/transfers/:id/receive', s.transfer),
    'POST /api/v1/stock/transfers/:id/cancel': id('/api/v1/stock/transfers/:id/cancel', s.transfer),
    'POST /api/v1/counts': naming('/api/v1/counts', { store_id: 'BCN-001' }),
    'GET /api/v1/counts': [...list('/api/v1/counts'), ...naming('/api/v1/counts?store_id=BCN-001')],
    'GET /api/v1/counts/:id': id('/api/v1/counts/:id', s.count),
    'PUT /api/v1/counts/:id/lines': id('/api/v1/counts/:id/lines', s.count, {
      lines: [{ product_id: s.product, counted: 0 }],
    }),
    'POST /api/v1/counts/:id/post': id('/api/v1/counts/:id/post', s.count),
    'POST /api/v1/counts/:id/cancel': id('/api/v1/counts/:id/cancel', s.count),
    'POST /api/v1/reservations': naming('/api/v1/reservations', {
      lines: [
        { product_id: s.product, store_id: 'MAD-001', quantity: 1 },
        { product_id: s.product, store_id: 'BCN-001', quantity: 1 },
      ],
      customer_id: 'walk',
    }),
    'GET /api/v1/reservations': list(
      '/api/v1/reservations',
      `/api/v1/reservations?customer_id=${BCN_CUSTOMER}`,
    ),
    'GET /api/v1/reservations/:id': id('/api/v1/reservations/:id', s.reservation),
    'POST /api/v1/reservations/:id/confirm': id('/api/v1/reservations/:id/confirm', s.reservation),
    'POST /api/v1/reservations/:id/cancel': id('/api/v1/reservations/:id/cancel', s.reservation),
    'GET /api/v1/inventory': [
      ...list('/api/v1/inventory?limit=100'),
      ...naming('/api/v1/inventory?location=BCN-001'),
    ],
    'GET /api/v1/inventory/export': [
      ...list('/api/v1/inventory/export'),
      ...naming('/api/v1/inventory/export?location=BCN-001&format=xlsx'),
    ],
    'POST /api/v1/customer-orders': naming('/api/v1/customer-orders', {
      lines: [{ product_id: s.product, quantity: 1 }],
      store_id: 'BCN-001',
      customer: { name: 'Walk', email: 'walk@example.com' },
      payment: { method: 'card', card_number: '4242424242424242' },
    }),
    'GET /api/v1/customer-orders': [
      ...list('/api/v1/customer-orders'),
      ...naming('/api/v1/customer-orders?store_id=BCN-001'),
    ],
    'GET /api/v1/customer-orders/export': [
      ...list('/api/v1/customer-orders/export'),
      ...naming('/api/v1/customer-orders/export?store_id=BCN-001'),
    ],
    'GET /api/v1/customer-orders/:id': id('/api/v1/customer-orders/:id', s.customerOrder),
    'POST /api/v1/customer-orders/:id/cancel': id('/api/v1/customer-orders/:id/cancel', s.customerOrder),
    'POST /api/v1/customer-orders/:id/pick': id('/api/v1/customer-orders/:id/pick', s.customerOrder),
    'POST /api/v1/customer-orders/:id/pack': id('/api/v1/customer-orders/:id/pack', s.customerOrder),
    'POST /api/v1/customer-orders/:id/ship': id('/api/v1/customer-orders/:id/ship', s.customerOrder),
    'POST /api/v1/customer-orders/:id/deliver': id('/api/v1/customer-orders/:id/deliver', s.customerOrder),
    'GET /api/v1/orders': [...list('/api/v1/orders'), ...naming('/api/v1/orders?store_id=BCN-001')],
    'GET /api/v1/orders/export': [
      ...list('/api/v1/orders/export', '/api/v1/orders/export?lang=en'),
      ...naming('/api/v1/orders/export?store_id=BCN-001'),
    ],
    'POST /api/v1/orders': naming('/api/v1/orders', {
      supplier_id: s.supplier,
      store_id: 'BCN-001',
      lines: [{ product_id: s.product, quantity: 1 }],
    }),
    'GET /api/v1/orders/:id': id('/api/v1/orders/:id', s.purchase),
    'PUT /api/v1/orders/:id': id('/api/v1/orders/:id', s.purchase, { notes: 'walk' }),
    'PUT /api/v1/orders/:id/status': id('/api/v1/orders/:id/status', s.purchase, { status: 'CANCELLED' }),
    'POST /api/v1/orders/:id/receipts': id('/api/v1/orders/:id/receipts', s.purchase, {
      lines: [{ line_id: s.purchaseLine, quantity: 1 }],
    }),
    'GET /api/v1/suppliers/:id/performance': list(`/api/v1/suppliers/${s.supplier}/performance`),
    'POST /api/v1/production-orders': naming('/api/v1/production-orders', {
      product_id: s.prod['KIT-MON'],
      store_id: 'BCN-001',
      quantity: 1,
    }),
    'GET /api/v1/orders/:id/shortages': id('/api/v1/orders/:id/shortages', s.production),
    'POST /api/v1/orders/:id/start': id('/api/v1/orders/:id/start', s.production),
    'POST /api/v1/orders/:id/complete': id('/api/v1/orders/:id/complete', s.production, { quantity: 1 }),
    'POST /api/v1/transfer-orders': [
      ...naming('/api/v1/transfer-orders', {
        from_store_id: 'MAD-001',
        to_store_id: 'BCN-001',
        lines: [{ product_id: s.product, quantity: 1 }],
      }),
      ...naming('/api/v1/transfer-orders', {
        from_store_id: 'BCN-001',
        to_store_id: 'MAD-001',
        lines: [{ product_id: s.product, quantity: 1 }],
      }),
    ],
    'POST /api/v1/orders/:id/ship': id('/api/v1/orders/:id/ship', s.transferOrder),
    'POST /api/v1/orders/:id/receive': id('/api/v1/orders/:id/receive', s.transferOrder),
    'GET /api/v1/reorder-policies': [
      ...list('/api/v1/reorder-policies'),
      ...naming('/api/v1/reorder-policies?store_id=BCN-001'),
    ],
    'POST /api/v1/reorder-policies': naming('/api/v1/reorder-policies', {
      product_id: s.prod['CIN-5M'],
      store_id: 'BCN-001',
      reorder_point: 2,
      reorder_quantity: 9,
    }),
    'PUT /api/v1/reorder-policies/:id': id('/api/v1/reorder-policies/:id', s.policy, {
      product_id: s.prod['CIN-5M'],
      store_id: 'BCN-001',
      reorder_point: 2,
      reorder_quantity: 9,
    }),
    'DELETE /api/v1/reorder-policies/:id': id('/api/v1/reorder-policies/:id', s.policy),
    'GET /api/v1/listings': [...list('/api/v1/listings'), ...naming('/api/v1/listings?store_id=BCN-001')],
    'GET /api/v1/listings/:id': id('/api/v1/listings/:id', s.listing),
    'POST /api/v1/listings': naming('/api/v1/listings', {
      product_id: s.product,
      store_id: 'BCN-001',
      price_minor: 1,
      published: true,
    }),
    'PUT /api/v1/listings/:id': id('/api/v1/listings/:id', s.listing, { price_minor: 1 }),
    'DELETE /api/v1/listings/:id': id('/api/v1/listings/:id', s.listing),
  };
  // What BCN-001's records look like in an answer: their ids, the store, the customer.
  const secrets = [
    bcn,
    'BCN-001',
    BCN_CUSTOMER,
    s.reservation,
    s.transfer,
    s.count,
    s.purchase,
    s.arrived,
    s.arrivedNumber,
    s.production,
    s.transferOrder,
    s.policy,
    s.customerOrder,
    s.listing,
  ];
  const problems: string[] = [];
  for (const r of t.app.routeCatalog.filter((x) => !x.public)) {
    const key = `${r.method} ${r.url}`;
    if (!hasPermission(SELLER, r.permission ?? '')) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000'),
        headers: { authorization: `Bearer ${seller}` },
      });
      if (res.statusCode !== 403)
        problems.push(`${key} needs ${r.permission} yet answered ${res.statusCode}`);
      continue;
    }
    const cases = walk[key];
    assert.ok(cases !== undefined, `add ${key} to the store-scope walk, or list it as not store-bound`);
    if (typeof cases === 'string') continue;
    for (const c of cases) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: c.url,
        headers: { authorization: `Bearer ${seller}`, 'idempotency-key': crypto.randomUUID() },
        ...(c.body ? { payload: c.body } : {}),
      });
      const what = `${r.method} ${c.url} ${c.body ? JSON.stringify(c.body) : ''} → ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (c.expect === 'not found' && res.statusCode !== 404) problems.push(`expected 404: ${what}`);
      if (c.expect === 'forbidden' && res.statusCode !== 403) problems.push(`expected 403: ${what}`);
      if (c.expect === 'no other store rows') {
        if (res.statusCode !== 200) problems.push(`expected 200: ${what}`);
        const leaked = secrets.filter((x) => res.body.includes(x));
        if (leaked.length) problems.push(`shows ${leaked.join(', ')}: ${what}`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  // Nothing at BCN-001 moved: its hold is still pending, its stock what the setup left.
  const held = await s.call('GET', `/api/v1/reservations/${s.reservation}`);
  assert.equal(held.status, 'PENDING');
  const ledger = await s.call('GET', `/api/v1/stock/ledger?product_id=${s.product}&location=BCN-001`);
  assert.deepEqual(
    (ledger.data as { reason: string | null }[]).filter((m) => m.reason === 'walk'),
    [],
    'no movement of the walk was booked at BCN-001',
  );
});
