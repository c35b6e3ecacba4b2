import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from '../../../test/helpers.ts';

test(`locations: codes unique per tenant, a tree without cycles, no deleting a parent (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, headers: h, ...(payload ? { payload } : {}) });
    const cedis = (
      await call('POST', '/api/v1/locations', { code: 'CEDIS-MX', name: 'CEDIS México', type: 'warehouse' })
    ).json() as { id: string };
    const store = await call('POST', '/api/v1/locations', {
      code: 'MAD-001',
      name: 'Tienda Madrid Centro',
      type: 'store',
      parent_id: cedis.id,
      address: { city: 'Madrid' },
    });
    assert.equal(store.statusCode, 201, store.body);
    const storeId = (store.json() as { id: string }).id;
    assert.equal(
      (await call('POST', '/api/v1/locations', { code: 'MAD-001', name: 'Otra', type: 'store' })).statusCode,
      409,
    );
    assert.equal(
      (await call('POST', '/api/v1/locations', { code: 'X 1', name: 'Mal', type: 'moon' })).statusCode,
      400,
    );
    const cycle = await call('PUT', `/api/v1/locations/${cedis.id}`, { parent_id: storeId });
    assert.equal(cycle.statusCode, 400, 'a parent cannot sit below its child');
    const self = await call('PUT', `/api/v1/locations/${cedis.id}`, { parent_id: cedis.id });
    assert.equal(self.statusCode, 400);
    assert.equal((await call('DELETE', `/api/v1/locations/${cedis.id}`)).statusCode, 409);
    const stores = (await call('GET', '/api/v1/locations?type=store&search=madrid')).json() as {
      data: { code: string }[];
    };
    assert.deepEqual(
      stores.data.map((l) => l.code),
      ['MAD-001'],
    );
    assert.equal((await call('DELETE', `/api/v1/locations/${storeId}`)).statusCode, 204);
    assert.equal((await call('DELETE', `/api/v1/locations/${cedis.id}`)).statusCode, 204);
  } finally {
    await t.close();
  }
});
