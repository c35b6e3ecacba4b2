import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from './helpers.ts';

// Search boxes match what the user typed, literally: %, _ and ( are characters, not patterns.
let t: TestApp;
let h: Record<string, string>;

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const list = async <T>(url: string) => {
  const r = await call('GET', url);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { data: T[] }).data;
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
});
after(async () => {
  await t?.close();
});

test(`users?search=% and _ find only names with that character (${mode})`, async () => {
  for (const [email, name] of [
    ['pct@demo.flujo.dev', 'Ventas 100%'],
    ['under@demo.flujo.dev', 'Ana_Bel'],
  ]) {
    const r = await call('POST', '/api/v1/users', { email, name, password: 'Una-Clave-Segura-1' });
    assert.equal(r.statusCode, 201, r.body);
  }
  const names = async (q: string) =>
    (await list<{ name: string }>(`/api/v1/users?search=${encodeURIComponent(q)}`)).map((u) => u.name);
  assert.deepEqual(await names('%'), ['Ventas 100%']);
  assert.deepEqual(await names('_'), ['Ana_Bel']);
});

test(`locations and suppliers search % literally (${mode})`, async () => {
  await call('POST', '/api/v1/locations', { code: 'PCT-1', name: 'Outlet 50%', type: 'store' });
  await call('POST', '/api/v1/locations', { code: 'PLAIN-1', name: 'Tienda normal', type: 'store' });
  await call('POST', '/api/v1/suppliers', { name: 'Descuentos 20%' });
  await call('POST', '/api/v1/suppliers', { name: 'Proveedor normal' });
  const locs = await list<{ code: string }>('/api/v1/locations?search=%25');
  assert.deepEqual(
    locs.map((l) => l.code),
    ['PCT-1'],
  );
  const sups = await list<{ name: string }>('/api/v1/suppliers?search=%25');
  assert.deepEqual(
    sups.map((s) => s.name),
    ['Descuentos 20%'],
  );
});

test(`buffers?search=( finds only products with a parenthesis (${mode})`, async () => {
  await call('POST', '/api/v1/locations', { code: 'BUF-1', name: 'Tienda buffers', type: 'store' });
  const ids: string[] = [];
  for (const [sku, name] of [
    ['PAR-1', 'Tuercas (caja 100)'],
    ['PLN-1', 'Martillo sin paréntesis'],
  ]) {
    const p = await call('POST', '/api/v1/products', { sku, name });
    const b = await call('POST', '/api/v1/buffers', {
      product_id: (p.json() as { id: string }).id,
      store_id: 'BUF-1',
      adu_method: 'fixed',
      adu_fixed: 2,
    });
    assert.equal(b.statusCode, 201, b.body);
    ids.push((b.json() as { id: string }).id);
  }
  const found = async (q: string) =>
    (await list<{ id: string }>(`/api/v1/buffers?location=BUF-1&search=${q}`)).map((b) => b.id);
  assert.deepEqual(await found('('), [ids[0]]);
  assert.deepEqual(await found(encodeURIComponent('(')), [ids[0]]);
  assert.deepEqual(await found('%25'), []);
});
