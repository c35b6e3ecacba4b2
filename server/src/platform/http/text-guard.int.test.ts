import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { UNSTORABLE_TEXT } from './text-guard.ts';

type Problem = {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
};

let t: TestApp;
let admin: { authorization: string };
before(async () => {
  t = await buildTestApp({ demoData: true });
  admin = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
});
after(async () => {
  await t?.close();
});

const rejects = (res: { statusCode: number; body: string; json: () => unknown }, field: string) => {
  assert.equal(res.statusCode, 400, res.body);
  const p = res.json() as Problem;
  assert.equal(p.code, 'platform.validation');
  assert.deepEqual(p.errors, [{ field, message: UNSTORABLE_TEXT }]);
  assert.equal(p.detail, `${field}: ${UNSTORABLE_TEXT}`);
};

describe(`text PostgreSQL cannot store is a 400 naming the field (${mode})`, () => {
  test('a NUL in the sign-in email', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@demo.flujo.dev\u0000', password: 'whatever-password' },
    });
    rejects(res, 'email');
  });

  test('a NUL in the name on registration', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        tenant_name: 'Ferretería Nula',
        name: 'Ana\u0000Pérez',
        email: 'ana@nula.example',
        password: 'a-long-enough-password-1',
      },
    });
    rejects(res, 'name');
  });

  test('a NUL or a lone surrogate in a product name, and nothing is created', async () => {
    for (const name of ['Tornillo\u0000', 'x\ud800y', 'x\udc00']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: admin,
        payload: { sku: 'NUL-1', name },
      });
      rejects(res, 'name');
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/products?search=NUL-1', headers: admin });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal((list.json() as { data: unknown[] }).data.length, 0);
  });

  test('a paired surrogate (an emoji) is ordinary text', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: admin,
      payload: { sku: 'EMOJI-1', name: 'Caja 📦' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((res.json() as { name: string }).name, 'Caja 📦');
  });

  test('a lone surrogate in a stock count note', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/counts',
      headers: admin,
      payload: { store_id: 'CEDIS-MAD', note: 'recuento \ud83d' },
    });
    rejects(res, 'note');
  });

  test('a NUL in the customer name at the shop checkout', async () => {
    const catalog = (await t.app.inject({ method: 'GET', url: '/api/v1/shop/demo/catalog' })).json() as {
      data: { product_id: string; store_id: string }[];
    };
    const item = catalog.data[0];
    assert.ok(item, 'the demo shop sells something');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/demo/checkout',
      headers: { 'idempotency-key': 'nul-checkout-1' },
      payload: {
        lines: [{ product_id: item.product_id, quantity: 1 }],
        store_id: item.store_id,
        customer: { name: 'Ana\u0000', email: 'ana@example.com' },
        payment: { method: 'card', card_number: '4242424242424242' },
      },
    });
    rejects(res, 'customer.name');
  });

  test('a NUL in a query string, a path parameter, a nested line and a CSV upload', async () => {
    rejects(
      await t.app.inject({ method: 'GET', url: '/api/v1/products?search=a%00b', headers: admin }),
      'query.search',
    );
    rejects(await t.app.inject({ method: 'GET', url: '/api/v1/shop/de%00mo' }), 'params.slug');
    rejects(
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/counts/${crypto.randomUUID()}/lines`,
        headers: admin,
        payload: { lines: [{ product_id: 'x\u0000', counted: 1 }] },
      }),
      'lines[0].product_id',
    );
    rejects(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/demand-forecasts/import',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: 'sku,location,start_date,end_date,quantity\nA\u0000,CEDIS-MAD,2026-01-01,2026-01-31,5\n',
      }),
      'body',
    );
  });
});
