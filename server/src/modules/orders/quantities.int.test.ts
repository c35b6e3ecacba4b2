import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { SANDBOX_CARDS } from './payments/sandbox.ts';

// Orders and the shop sell whole steps of a product, for money, within bounds.
let t: TestApp;
let h: Record<string, string>;
const ids: Record<string, string> = {};
let keyN = 0;
const key = () => `qty-${Date.now()}-${keyN++}`;
type Problem = { code: string; errors?: { field: string; message: string }[] };
type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, extra: object = {}) =>
  t.app.inject({ method, url, headers: { ...h, ...extra }, ...(payload ? { payload } : {}) });
const refused = (r: Res, field: string, says: string) => {
  assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body}`);
  const e = ((r.json() as Problem).errors ?? []).find((x) => x.field === field);
  assert.ok(e, `no error on ${field}: ${r.body}`);
  assert.match(e.message, new RegExp(says));
};
const buyer = (lines: object[], name = 'Ana Pérez') => ({
  lines,
  store_id: 'QO-1',
  customer: { name, email: 'ana@example.com' },
  payment: { method: 'card', card_number: SANDBOX_CARDS.approved },
});
const checkout = (body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/demo/checkout',
    headers: { 'idempotency-key': key() },
    payload: body,
  });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  await call('POST', '/api/v1/locations', { code: 'QO-1', name: 'Tienda QO', type: 'store' });
  await call('POST', '/api/v1/locations', { code: 'QO-2', name: 'Otra tienda QO', type: 'store' });
  for (const [sku, name, step, price] of [
    ['QO-BOX', 'Tornillos (caja 100)', '1', 1250],
    ['QO-DUST', 'Polvo a granel', '0.001', 1],
  ] as const) {
    const r = await call('POST', '/api/v1/products', {
      sku,
      name,
      uom_step: step,
      price: '12.50',
      cost: '3',
    });
    ids[sku] = (r.json() as { id: string }).id;
    await call('POST', '/api/v1/stock', {
      product_id: ids[sku],
      store_id: 'QO-1',
      quantity_change: 50,
      reason: 'setup',
    });
    const l = await call('POST', '/api/v1/listings', {
      product_id: ids[sku],
      store_id: 'QO-1',
      price_minor: price,
      published: true,
    });
    assert.equal(l.statusCode, 201, l.body);
  }
  const s = await call('POST', '/api/v1/suppliers', { name: 'Proveedor QO' });
  ids.supplier = (s.json() as { id: string }).id;
});
after(async () => {
  await t?.close();
});

test(`the shop refuses a fraction of a whole-unit product instead of selling it for 0 (${mode})`, async () => {
  for (const quantity of ['0.000001', '0.4', 0.4])
    refused(
      await checkout(buyer([{ product_id: ids['QO-BOX'], quantity }])),
      'lines[0].quantity',
      'multiple of 1',
    );
  const ok = await checkout(buyer([{ product_id: ids['QO-BOX'], quantity: 2 }]));
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal((ok.json() as { total_minor: number }).total_minor, 2500);
});

test(`a shop quantity sent as the JSON number 1e-7 is a 400 naming it (${mode})`, async () => {
  refused(
    await checkout(buyer([{ product_id: ids['QO-BOX'], quantity: 1e-7 }])),
    'lines[0].quantity',
    'plain decimal',
  );
});

test(`a line whose money rounds to 0 is refused, naming the line (${mode})`, async () => {
  // 0.001 of a product at 1 minor unit is a valid step but worth nothing.
  refused(
    await checkout(buyer([{ product_id: ids['QO-DUST'], quantity: '0.001' }])),
    'lines[0].quantity',
    'comes to 0',
  );
  const api = await call(
    'POST',
    '/api/v1/customer-orders',
    buyer([
      { product_id: ids['QO-BOX'], quantity: 1 },
      { product_id: ids['QO-DUST'], quantity: '0.4' },
    ]),
    { 'idempotency-key': key() },
  );
  refused(api, 'lines[1].quantity', 'comes to 0');
});

test(`customer, purchase and transfer orders take whole steps (${mode})`, async () => {
  refused(
    await call('POST', '/api/v1/customer-orders', buyer([{ product_id: ids['QO-BOX'], quantity: '1.5' }]), {
      'idempotency-key': key(),
    }),
    'lines[0].quantity',
    'multiple of 1',
  );
  refused(
    await call('POST', '/api/v1/orders', {
      supplier_id: ids.supplier,
      store_id: 'QO-1',
      lines: [{ product_id: ids['QO-BOX'], quantity: '0.5' }],
    }),
    'lines[0].quantity',
    'multiple of 1',
  );
  refused(
    await call('POST', '/api/v1/transfer-orders', {
      from_store_id: 'QO-1',
      to_store_id: 'QO-2',
      lines: [{ product_id: ids['QO-BOX'], quantity: '0.5' }],
    }),
    'lines[0].quantity',
    'multiple of 1',
  );
});

test(`money is bounded where it enters: a supplier price of 1e29 is a 400 and purchases keep working (${mode})`, async () => {
  for (const price of ['1e29', 1e29, '100000000000000000000000000000'])
    refused(
      await call('PUT', `/api/v1/suppliers/${ids.supplier}/items/${ids['QO-BOX']}`, {
        lead_time_days: 3,
        price,
      }),
      'price',
      '.',
    );
  refused(
    await call('POST', '/api/v1/listings', {
      product_id: ids['QO-DUST'],
      store_id: 'QO-1',
      price_minor: 1e15,
    }),
    'price_minor',
    '.',
  );
  refused(
    await call('PUT', '/api/v1/order-settings', { approval_threshold_minor: 1e15 }),
    'approval_threshold_minor',
    '.',
  );
  const item = await call('PUT', `/api/v1/suppliers/${ids.supplier}/items/${ids['QO-BOX']}`, {
    lead_time_days: 3,
    price: '1000000000',
  });
  assert.equal(item.statusCode, 200, item.body);
  // A billion a box is a valid price, but a billion boxes of it is beyond any order total.
  refused(
    await call('POST', '/api/v1/orders', {
      supplier_id: ids.supplier,
      store_id: 'QO-1',
      lines: [{ product_id: ids['QO-BOX'], quantity: 1_000_000_000 }],
    }),
    'lines[0].quantity',
    'more than',
  );
  const po = await call('POST', '/api/v1/orders', {
    supplier_id: ids.supplier,
    store_id: 'QO-1',
    lines: [{ product_id: ids['QO-BOX'], quantity: 2 }],
  });
  assert.equal(po.statusCode, 201, po.body);
});

test(`customer orders search q=% and q=_ literally, not as wildcards (${mode})`, async () => {
  for (const name of ['Tienda 100% Ana', 'Bea_Gómez', 'Carlos Ruiz']) {
    const r = await call(
      'POST',
      '/api/v1/customer-orders',
      buyer([{ product_id: ids['QO-BOX'], quantity: 1 }], name),
      {
        'idempotency-key': key(),
      },
    );
    assert.equal(r.statusCode, 201, r.body);
  }
  const names = async (q: string) =>
    (
      (await call('GET', `/api/v1/customer-orders?q=${encodeURIComponent(q)}`)).json() as {
        data: { customer: { name: string } }[];
      }
    ).data.map((o) => o.customer.name);
  assert.deepEqual(await names('%'), ['Tienda 100% Ana']);
  assert.deepEqual(await names('_'), ['Bea_Gómez']);
});

test(`a shop order token with its case changed is a 404 (${mode})`, async () => {
  const r = await checkout(buyer([{ product_id: ids['QO-BOX'], quantity: 1 }]));
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as { id: string; order_token: string };
  const read = (token: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/shop/demo/orders/${o.id}?token=${token}` });
  assert.equal((await read(o.order_token)).statusCode, 200);
  assert.equal((await read(o.order_token.toUpperCase())).statusCode, 404);
});
