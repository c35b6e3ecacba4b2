import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from '../../../test/helpers.ts';

test(`suppliers sell products with lead times; one preferred supplier per product (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, headers: h, ...(payload ? { payload } : {}) });
    const product = (
      await call('POST', '/api/v1/products', { sku: 'HAR-25', name: 'Harina 25 kg' })
    ).json() as { id: string };
    const a = (
      await call('POST', '/api/v1/suppliers', {
        name: 'Molinos del Sur',
        currency: 'COP',
        contacts: [{ email: 'ventas@molinos.example' }],
      })
    ).json() as { id: string };
    const b = (await call('POST', '/api/v1/suppliers', { name: 'Harinera Andina' })).json() as { id: string };
    assert.equal(
      (await call('POST', '/api/v1/suppliers', { name: 'molinos del sur' })).statusCode,
      409,
      'names are unique regardless of case',
    );
    assert.equal((await call('POST', '/api/v1/suppliers', { name: 'X', currency: 'pesos' })).statusCode, 400);

    const putA = await call('PUT', `/api/v1/suppliers/${a.id}/items/${product.id}`, {
      lead_time_days: 10,
      price: '350.50',
      min_qty: 20,
      preferred: true,
    });
    assert.equal(putA.statusCode, 200, putA.body);
    await call('PUT', `/api/v1/suppliers/${b.id}/items/${product.id}`, {
      lead_time_days: 4,
      preferred: true,
    });
    const sa = (await call('GET', `/api/v1/suppliers/${a.id}`)).json() as {
      items: { preferred: boolean; price: string; lead_time_days: number }[];
    };
    const sb = (await call('GET', `/api/v1/suppliers/${b.id}`)).json() as { items: { preferred: boolean }[] };
    assert.equal(sa.items[0]?.preferred, false, 'choosing B as preferred unmarks A');
    assert.equal(sa.items[0]?.price, '350.5');
    assert.equal(sb.items[0]?.preferred, true);

    assert.equal(
      (await call('DELETE', `/api/v1/products/${product.id}`)).statusCode,
      409,
      'a product a supplier sells stays',
    );
    assert.equal((await call('DELETE', `/api/v1/suppliers/${a.id}/items/${product.id}`)).statusCode, 204);
    assert.equal((await call('DELETE', `/api/v1/suppliers/${b.id}`)).statusCode, 204);
    assert.equal((await call('DELETE', `/api/v1/products/${product.id}`)).statusCode, 204);
  } finally {
    await t.close();
  }
});
