import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SELF_PERMISSIONS, SYSTEM_ROLES } from '../src/modules/identity/index.ts';
import { hasPermission } from '../src/platform/domain/context.ts';
import { buildTestApp, eventually, mode, type TestApp } from './helpers.ts';

/** What a Seller holds after sign-in: the Seller role and every signed-in user's own permissions. */
const SELLER = [...(SYSTEM_ROLES.find((r) => r.name === 'Seller')?.permissions ?? []), ...SELF_PERMISSIONS];

type Json = Record<string, unknown>;
const BCN_CUSTOMER = 'cliente-secreto-bcn';

/** The demo tenant with store-bound records at BCN-001 (admin-made), for a Seller of MAD-001 to try. */
const setUp = async (t: TestApp) => {
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

// One demo tenant for the whole file (seeding it is the slow part); the walk runs first, before
// the other tests add records of their own.
let t: TestApp;
let s: Awaited<ReturnType<typeof setUp>>;
before(async () => {
  t = await buildTestApp({ demoData: true });
  s = await setUp(t);
});
after(() => t?.close());

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
    'PUT /api/v1/users/me': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/enable-2fa': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/confirm-2fa': notStoreBound("the caller's own account"),
    'POST /api/v1/auth/disable-2fa': notStoreBound("the caller's own account"),
    'GET /api/v1/products': notStoreBound('the catalog is tenant-wide'),
    'GET /api/v1/products/:id': notStoreBound('the catalog is tenant-wide'),
    'GET /api/v1/locations': notStoreBound('every store is named in the catalog'),
    'GET /api/v1/locations/:id': notStoreBound('every store is named in the catalog'),
    'GET /api/v1/boms': notStoreBound('bills of materials are catalog data'),
    'GET /api/v1/boms/:id': notStoreBound('bills of materials are catalog data'),
    'GET /api/v1/order-settings': notStoreBound("the tenant's order rules"),
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
    'GET /api/v1/customer-orders/:id': id('/api/v1/customer-orders/:id', s.customerOrder),
    'POST /api/v1/customer-orders/:id/cancel': id('/api/v1/customer-orders/:id/cancel', s.customerOrder),
    'POST /api/v1/customer-orders/:id/pick': id('/api/v1/customer-orders/:id/pick', s.customerOrder),
    'POST /api/v1/customer-orders/:id/pack': id('/api/v1/customer-orders/:id/pack', s.customerOrder),
    'POST /api/v1/customer-orders/:id/ship': id('/api/v1/customer-orders/:id/ship', s.customerOrder),
    'POST /api/v1/customer-orders/:id/deliver': id('/api/v1/customer-orders/:id/deliver', s.customerOrder),
    'GET /api/v1/orders': [...list('/api/v1/orders'), ...naming('/api/v1/orders?store_id=BCN-001')],
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

/** The same Seller at their own store: the walk cannot pass by refusing everything. */
test(`a Seller of MAD-001 works at MAD-001 (${mode})`, async () => {
  const seller = await t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: ['Seller'],
    permissions: SELLER,
    storeIds: [s.loc['MAD-001'] ?? ''],
  });
  const as = async (method: string, url: string, payload?: object) => {
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${seller}`, 'idempotency-key': crypto.randomUUID() },
      ...(payload ? { payload } : {}),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Json;
  };
  const r = await as('POST', '/api/v1/reservations', {
    product_id: s.product,
    store_id: 'MAD-001',
    quantity: 1,
    customer_id: 'cliente-mad',
  });
  const rid = String(r.reservation_id);
  assert.equal((await as('GET', `/api/v1/reservations/${rid}`)).status, 'PENDING');
  const mine = (await as('GET', '/api/v1/reservations?limit=100')).data as {
    reservation_id: string;
    lines: { store_id: string }[];
  }[];
  assert.ok(mine.some((x) => x.reservation_id === rid));
  assert.deepEqual([...new Set(mine.flatMap((x) => x.lines.map((l) => l.store_id)))], ['MAD-001']);
  assert.equal((await as('POST', `/api/v1/reservations/${rid}/confirm`)).status, 'CONFIRMED');
  const cancelled = await as('POST', '/api/v1/reservations', {
    product_id: s.product,
    store_id: 'MAD-001',
    quantity: 1,
    customer_id: 'cliente-mad',
  });
  await as('POST', `/api/v1/reservations/${String(cancelled.reservation_id)}/cancel`);
  await as('POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: s.product,
    store_id: 'MAD-001',
    quantity: 1,
    reason: 'own store',
  });
  const ledger = await as('GET', `/api/v1/stock/ledger?product_id=${s.product}&location=MAD-001`);
  assert.ok((ledger.data as unknown[]).length > 0);
  const inventory = (await as('GET', '/api/v1/inventory?limit=100')).data as { location: string }[];
  assert.ok(inventory.length > 0);
  assert.deepEqual([...new Set(inventory.map((x) => x.location))], ['MAD-001']);
  const count = await as('POST', '/api/v1/counts', { store_id: 'MAD-001' });
  assert.equal((await as('GET', `/api/v1/counts/${String(count.id)}`)).store_id, 'MAD-001');
  const order = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customer-orders',
    headers: { authorization: `Bearer ${seller}`, 'idempotency-key': 'scope-mad-order' },
    payload: {
      lines: [{ product_id: s.product, quantity: 1 }],
      store_id: 'MAD-001',
      customer: { name: 'Cliente de Madrid', email: 'mad@example.com' },
      payment: { method: 'card', card_number: '4242424242424242' },
    },
  });
  assert.equal(order.statusCode, 201, order.body);
  const oid = String((order.json() as Json).id);
  assert.equal((await as('GET', `/api/v1/customer-orders/${oid}`)).id, oid);
  const listing = await as('POST', '/api/v1/listings', {
    product_id: s.prod['EST-4B'],
    store_id: 'MAD-001',
    price_minor: 900,
    published: true,
  });
  assert.equal((await as('GET', `/api/v1/listings/${String(listing.id)}`)).id, listing.id);
});

/** A transfer touching the Seller's store is theirs to see; each change needs the store it moves stock at. */
test(`a Seller sees a transfer from their store but only changes stock of their own stores (${mode})`, async () => {
  const seller = await t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: ['Seller'],
    permissions: SELLER,
    storeIds: [s.loc['MAD-001'] ?? ''],
  });
  const as = (method: string, url: string) =>
    t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${seller}` } });
  const outgoing = await s.call('POST', '/api/v1/stock/transfers', {
    product_id: s.product,
    from_store_id: 'MAD-001',
    to_store_id: 'BCN-001',
    via_store_id: 'TRANSITO',
    quantity: 1,
  });
  assert.equal((await as('GET', `/api/v1/stock/transfers/${String(outgoing.id)}`)).statusCode, 200);
  const listed = (await as('GET', '/api/v1/stock/transfers?limit=100')).json() as {
    data: { id: string; from_store_id: string; to_store_id: string }[];
  };
  assert.ok(listed.data.some((x) => x.id === outgoing.id));
  assert.ok(listed.data.every((x) => x.from_store_id === 'MAD-001' || x.to_store_id === 'MAD-001'));
  // Receiving books the stock at BCN-001: not this Seller's; sending it back to MAD-001 is.
  assert.equal((await as('POST', `/api/v1/stock/transfers/${String(outgoing.id)}/receive`)).statusCode, 403);
  assert.equal((await as('POST', `/api/v1/stock/transfers/${String(outgoing.id)}/cancel`)).statusCode, 200);
});

const readStream = (res: Response) => {
  const out = { text: '' };
  void (async () => {
    const reader = res.body?.getReader();
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      out.text += new TextDecoder().decode(chunk.value);
    }
  })();
  return out;
};

test(`a Seller's event stream carries their stores' events and not another store's (${mode})`, async () => {
  const controller = new AbortController();
  try {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const seller = await t.tokenFor({
      tenantId: t.demo.tenantId,
      roles: ['Seller'],
      permissions: SELLER,
      storeIds: [s.loc['MAD-001'] ?? ''],
    });
    const res = await fetch(`${url}/api/v1/events/stream`, {
      headers: { authorization: `Bearer ${seller}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const stream = readStream(res);
    await eventually(() => stream.text.includes(': connected'), 'the stream to open');
    await s.call('POST', '/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: s.product,
      store_id: 'BCN-001',
      quantity: 7,
      reason: 'barcelona',
    });
    await s.call('POST', '/api/v1/reservations', {
      product_id: s.product,
      store_id: 'BCN-001',
      quantity: 1,
      customer_id: 'bcn-live',
    });
    await s.call('POST', '/api/v1/stock/transfers', {
      product_id: s.product,
      from_store_id: 'BCN-001',
      to_store_id: 'VLC-001',
      quantity: 1,
    });
    await s.call('POST', '/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: s.product,
      store_id: 'MAD-001',
      quantity: 3,
      reason: 'madrid',
    });
    await eventually(() => stream.text.includes('"location_code":"MAD-001"'), 'the MAD-001 stock event');
    await new Promise((r) => setTimeout(r, 300));
    // (The previous test's transfer from MAD-001 to BCN-001 is this Seller's and may still arrive.)
    assert.doesNotMatch(stream.text, /"location_code":"BCN-001"/, 'a BCN-001 stock event reached the Seller');
    assert.doesNotMatch(stream.text, /"from_store_id":"BCN-001"/, 'a BCN-001 transfer reached the Seller');
    assert.doesNotMatch(stream.text, /inventory\.reservation\.created/, "another store's hold leaked");
  } finally {
    controller.abort();
  }
});
