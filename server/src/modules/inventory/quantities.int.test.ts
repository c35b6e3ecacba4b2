import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

// Quantities enter inventory as whole steps of the product, within bounds, one line per item.
let t: TestApp;
let h: Record<string, string>;
const ids: Record<string, string> = {};
type Problem = { code: string; errors?: { field: string; message: string }[] };

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
/** The answer is a 4xx naming `field`, with a message containing `says`. */
const refused = async (r: Awaited<ReturnType<typeof call>>, field: string, says: string) => {
  assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body}`);
  const errors = (r.json() as Problem).errors ?? [];
  const e = errors.find((x) => x.field === field);
  assert.ok(e, `no error on ${field}: ${r.body}`);
  assert.match(e.message, new RegExp(says));
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const [sku, step] of [
    ['BOX', '1'],
    ['CABLE', '0.5'],
  ] as const) {
    const r = await call('POST', '/api/v1/products', { sku, name: `Producto ${sku}`, uom_step: step });
    ids[sku] = (r.json() as { id: string }).id;
  }
  for (const code of ['QA-1', 'QA-2'])
    await call('POST', '/api/v1/locations', { code, name: code, type: 'store' });
  for (const sku of ['BOX', 'CABLE'])
    await call('POST', '/api/v1/stock', {
      product_id: ids[sku],
      store_id: 'QA-1',
      quantity_change: 100,
      reason: 'setup',
    });
});
after(async () => {
  await t?.close();
});

test(`a reservation of a fraction of a whole-unit product is a 400 naming the quantity (${mode})`, async () => {
  await refused(
    await call('POST', '/api/v1/reservations', {
      customer_id: 'c',
      product_id: ids.BOX,
      store_id: 'QA-1',
      quantity: '0.4',
    }),
    'quantity',
    'multiple of 1',
  );
  await refused(
    await call('POST', '/api/v1/reservations', {
      customer_id: 'c',
      lines: [
        { product_id: ids.CABLE, store_id: 'QA-1', quantity: '1.5' },
        { product_id: ids.BOX, store_id: 'QA-1', quantity: '0.000001' },
      ],
    }),
    'lines[1].quantity',
    'multiple of 1',
  );
  const ok = await call('POST', '/api/v1/reservations', {
    customer_id: 'c',
    product_id: ids.CABLE,
    store_id: 'QA-1',
    quantity: '2.5',
  });
  assert.equal(ok.statusCode, 201, ok.body);
});

test(`a reservation naming one product and store twice is a 400 naming the second line (${mode})`, async () => {
  const locId = (
    (await call('GET', '/api/v1/locations?search=QA-1')).json() as { data: { id: string; code: string }[] }
  ).data.find((l) => l.code === 'QA-1')?.id;
  for (const second of ['QA-1', locId]) {
    await refused(
      await call('POST', '/api/v1/reservations', {
        customer_id: 'c',
        lines: [
          { product_id: ids.BOX, store_id: 'QA-1', quantity: 1 },
          { product_id: ids.BOX, store_id: second, quantity: 2 },
        ],
      }),
      'lines[1]',
      'another line',
    );
  }
});

test(`a JSON number with an exponent such as 1e-7 is a 400, not a 500 (${mode})`, async () => {
  await refused(
    await call('POST', '/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: ids.BOX,
      store_id: 'QA-1',
      quantity: 1e-7,
      reason: 'x',
    }),
    'quantity',
    'plain decimal',
  );
  await refused(
    await call('POST', '/api/v1/reservations', {
      customer_id: 'c',
      product_id: ids.CABLE,
      store_id: 'QA-1',
      quantity: 1e-7,
    }),
    'quantity',
    'plain decimal',
  );
});

test(`stock changes, movements and transfers move whole steps only, up to a billion (${mode})`, async () => {
  await refused(
    await call('POST', '/api/v1/stock', {
      product_id: ids.BOX,
      store_id: 'QA-1',
      quantity_change: '-0.5',
      reason: 'x',
    }),
    'quantity_change',
    'multiple of 1',
  );
  await refused(
    await call('POST', '/api/v1/stock/movements', {
      kind: 'shipment',
      product_id: ids.CABLE,
      store_id: 'QA-1',
      quantity: '0.25',
      reason: 'x',
    }),
    'quantity',
    'multiple of 0.5',
  );
  await refused(
    await call('POST', '/api/v1/stock/movements', {
      kind: 'receipt',
      product_id: ids.BOX,
      store_id: 'QA-1',
      quantity: '2000000000',
      reason: 'x',
    }),
    'quantity',
    'at most 1000000000',
  );
  await refused(
    await call('POST', '/api/v1/stock/transfers', {
      product_id: ids.BOX,
      from_store_id: 'QA-1',
      to_store_id: 'QA-2',
      quantity: '0.5',
    }),
    'quantity',
    'multiple of 1',
  );
  const fine = await call('POST', '/api/v1/stock', {
    product_id: ids.CABLE,
    store_id: 'QA-1',
    quantity_change: '-1.5',
    reason: 'a negative adjustment of whole steps is fine',
  });
  assert.equal(fine.statusCode, 200, fine.body);
});

test(`a count takes whole steps and one line per product (${mode})`, async () => {
  const opened = await call('POST', '/api/v1/counts', { store_id: 'QA-2' });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = (opened.json() as { id: string }).id;
  await refused(
    await call('PUT', `/api/v1/counts/${id}/lines`, { lines: [{ product_id: ids.BOX, counted: '2.5' }] }),
    'lines[0].counted',
    'multiple of 1',
  );
  await refused(
    await call('PUT', `/api/v1/counts/${id}/lines`, {
      lines: [
        { product_id: ids.BOX, counted: 3 },
        { product_id: ids.BOX, counted: 4 },
      ],
    }),
    'lines[1].product_id',
    'another line',
  );
  const ok = await call('PUT', `/api/v1/counts/${id}/lines`, {
    lines: [{ product_id: ids.CABLE, counted: '0' }],
  });
  assert.equal(ok.statusCode, 200, ok.body);
});
