import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, mode } from './helpers.ts';
import { type Json, SELLER, s, t, useDemoTenant } from './store-scope.support.ts';

// A Seller of MAD-001 at their own store, on their transfers and in their live feed.
useDemoTenant();

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
