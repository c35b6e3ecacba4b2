import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let h: { authorization: string };
before(async () => {
  t = await buildTestApp({ demoData: true });
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
});
after(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: h });
const json = async (url: string) => (await get(url)).json() as { data: { number: string; kind?: string }[] };
const numbersOf = (csv: string) =>
  csv
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[0]);

test(`the orders export holds the list's rows for the same filter, newest first (${mode})`, async () => {
  const listed = await json('/api/v1/orders?kind=purchase&limit=100');
  assert.ok(listed.data.length > 0, 'the demo has purchase orders');
  const res = await get('/api/v1/orders/export?kind=purchase');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /^\ufeffNúmero,Tipo,Estado,Proveedor,/);
  assert.deepEqual(
    numbersOf(res.body),
    listed.data.map((o) => o.number),
  );
  assert.ok(
    res.body
      .split('\r\n')
      .slice(1, -1)
      .every((l) => l.split(',')[1] === 'purchase'),
  );
});

test(`the customer orders export follows the list and its headings follow the language (${mode})`, async () => {
  const listed = await json('/api/v1/customer-orders?limit=100');
  const res = await get('/api/v1/customer-orders/export?lang=en&format=csv');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /^\ufeffNumber,Status,Channel,Store,Customer,Email,/);
  assert.deepEqual(
    numbersOf(res.body),
    listed.data.map((o) => o.number),
  );
});
