import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import type { Forecast, Page, Problem } from './forecasts.support.ts';

// CSV imports, then who may reach forecasts: the access tests read what the imports wrote.
let t: TestApp;
let h: { authorization: string };
const id: Record<string, string> = {};
const seen: { type: string; payload: { items?: { product_id: string; location_id: string }[] } }[] = [];

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, as: Headers = h) =>
  t.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const upload = (csv: string, as: Headers = h) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/demand-forecasts/import',
    headers: { ...as, 'content-type': 'text/csv' },
    payload: csv,
  });

const list = async (query = '', as: Headers = h) =>
  (await call('GET', `/api/v1/demand-forecasts?limit=100${query}`, undefined, as)).json() as Page;
const total = async () => (await list()).pagination.total;

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type === 'planning.forecast.changed') seen.push(e as never);
  });
  id.MAD = await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  id.BCN = await created('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' });
  id.T = await created('/api/v1/products', { sku: 'TOR-1', name: 'Tornillo' });
  id.A = await created('/api/v1/products', { sku: 'ARA-1', name: 'Arandela' });
});
after(async () => {
  await t?.close();
});

test(`a CSV import creates, replaces on the same start, and reads Spanish spreadsheets (${mode})`, async () => {
  const csv = [
    'sku,location,start_date,end_date,quantity',
    'TOR-1,MAD-001,2032-01-01,2032-01-31,310',
    'TOR-1,MAD-001,2032-02-01,2032-02-29,29.5',
    'ARA-1,BCN-001,2032-01-01,2032-01-10,100',
  ].join('\r\n');
  const r = await upload(csv);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { created: 3, updated: 0 });
  const rows = (await list('&from=2032-01-01')).data;
  assert.deepEqual(
    rows.map((x) => [x.sku, x.location_code, x.start_date, x.quantity, x.source]),
    [
      ['ARA-1', 'BCN-001', '2032-01-01', 100, 'import'],
      ['TOR-1', 'MAD-001', '2032-01-01', 310, 'import'],
      ['TOR-1', 'MAD-001', '2032-02-01', 29.5, 'import'],
    ],
  );
  // Semicolons, decimal commas, columns in another order and upper case, a blank line.
  const es = [
    '\ufeffQUANTITY;Start_Date;end_date;SKU;Location',
    '1234,5;2032-01-01;2032-01-20;TOR-1;MAD-001',
    '',
    '7;2032-03-01;2032-03-07;TOR-1;MAD-001',
  ].join('\n');
  const again = await upload(es);
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json(), { created: 1, updated: 1 });
  const tor = (await list(`&product_id=${id.T}&location=MAD-001&from=2032-01-01`)).data;
  assert.deepEqual(
    tor.map((x) => [x.start_date, x.end_date, x.quantity]),
    [
      ['2032-01-01', '2032-01-20', 1234.5],
      ['2032-02-01', '2032-02-29', 29.5],
      ['2032-03-01', '2032-03-07', 7],
    ],
  );
  await eventually(
    () => seen.some((e) => e.payload.items?.some((i) => i.product_id === id.A && i.location_id === id.BCN)),
    'an import event naming its items',
  );
});

test(`one bad row refuses the whole file, naming every row and column (${mode})`, async () => {
  const before = await total();
  const csv = [
    'sku,location,start_date,end_date,quantity',
    'TOR-1,BCN-001,2033-01-01,2033-01-31,10',
    'TOR-1,BCN-001,2033-01-15,2033-02-15,10',
    'NOPE-9,MAD-001,2033-01-01,2033-01-31,10',
    'ARA-1,NOWHERE,2033-01-01,2033-01-31,10',
    'TOR-1,MAD-001,2032-01-10,2032-01-25,10',
    'TOR-1,MAD-001,2032-01-01,2032-01-02,10',
    'TOR-1,MAD-001,2032-02-25,2032-02-28,10',
  ].join('\n');
  const r = await upload(csv);
  assert.equal(r.statusCode, 422, r.body);
  const errs = (r.json() as Problem).errors ?? [];
  assert.deepEqual(
    errs.map((e) => e.field),
    ['rows[3].start_date', 'rows[4].sku', 'rows[5].location', 'rows[8].start_date'],
    'every problem of the file in one answer, in row order',
  );
  assert.match(errs[0]?.message ?? '', /rows\[2\]/, 'overlap within the file');
  assert.match(errs[1]?.message ?? '', /NOPE-9/);
  // Row 6 would meet the stored range starting 2032-01-01, but row 7 replaces that one.
  assert.match(errs[3]?.message ?? '', /stored forecast from 2032-02-01 to 2032-02-29/);

  const shapes = [
    'sku;location;start_date;end_date;quantity\nTOR-1;MAD-001;2033-05-01;2033-05-31;-3\nNOPE-9;MAD-001;2033-06-31;2033-06-01;1',
    'sku,location,start_date,end_date,quantity\nTOR-1,MAD-001,2033-05-01,2033-04-30,"1,5"\n,MAD-001,1/5/2033,2033-05-02,1',
  ];
  const expected = [
    ['rows[2].quantity', 'rows[3].start_date', 'rows[3].sku'],
    ['rows[2].end_date', 'rows[2].quantity', 'rows[3].sku', 'rows[3].start_date'],
  ];
  for (const [i, file] of shapes.entries()) {
    const bad = await upload(file);
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(
      (bad.json() as Problem).errors?.map((e) => e.field),
      expected[i],
    );
  }
  const quantity = (await upload(shapes[0] ?? '')).json() as Problem;
  assert.equal(quantity.errors?.[0]?.message, 'must be a number ≥ 0');
  const header = await upload('sku,location,start,end_date,quantity\nTOR-1,MAD-001,2033-05-01,2033-05-31,1');
  assert.equal(header.statusCode, 422);
  assert.deepEqual(
    (header.json() as Problem).errors?.map((e) => e.field),
    ['header.start_date'],
  );
  assert.equal(await total(), before, 'nothing written');
});

test(`a file of 50,000 rows imports in one go; one more row is refused (${mode})`, async () => {
  const start = Date.UTC(2040, 0, 1);
  const line = (i: number) => {
    const d = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return `ARA-1,MAD-001,${d},${d},${i % 7}`;
  };
  const file = (n: number) =>
    ['sku,location,start_date,end_date,quantity', ...Array.from({ length: n }, (_x, i) => line(i))].join(
      '\n',
    );
  const before = await total();
  const big = await upload(file(50_001));
  assert.equal(big.statusCode, 422, big.body.slice(0, 300));
  assert.match((big.json() as Problem).detail, /at most 50000/);
  assert.equal(await total(), before);
  const r = await upload(file(50_000));
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  assert.deepEqual(r.json(), { created: 50_000, updated: 0 });
  assert.equal(await total(), before + 50_000);
  const last = (await list(`&product_id=${id.A}&location=MAD-001&from=2176-11-22`)).data;
  assert.deepEqual(
    last.map((x) => [x.start_date, x.quantity]),
    [[new Date(start + 49_999 * 86_400_000).toISOString().slice(0, 10), 49_999 % 7]],
  );
});

test(`a viewer reads forecasts but cannot write or import them (${mode})`, async () => {
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      roles: ['Viewer'],
      permissions: ['buffer:read', 'product:read'],
    })}`,
  };
  const one = (await list()).data[0];
  assert.ok(one);
  assert.equal((await call('GET', '/api/v1/demand-forecasts', undefined, viewer)).statusCode, 200);
  const body = {
    product_id: id.T,
    store_id: 'MAD-001',
    start_date: '2034-01-01',
    end_date: '2034-01-02',
    quantity: 1,
  };
  for (const [method, url, payload] of [
    ['POST', '/api/v1/demand-forecasts', body],
    ['PUT', `/api/v1/demand-forecasts/${one.id}`, { quantity: 99 }],
    ['DELETE', `/api/v1/demand-forecasts/${one.id}`, undefined],
  ] as const) {
    const r = await call(method, url, payload, viewer);
    assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
  }
  const csv = 'sku,location,start_date,end_date,quantity\nTOR-1,MAD-001,2034-01-01,2034-01-02,1';
  assert.equal((await upload(csv, viewer)).statusCode, 403);
  assert.equal(
    ((await call('GET', `/api/v1/demand-forecasts/${one.id}`)).json() as Forecast).quantity,
    one.quantity,
  );
});

test(`another tenant neither sees nor reaches these forecasts, nor imports against this catalogue (${mode})`, async () => {
  const b = await ensureTenant(t.platform, {
    slug: 'forecast-b',
    name: 'Tenant B',
    admin: { email: 'admin@forecast-b.example', name: 'B', password: 'forecast-b-password' },
  });
  const asB = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}`,
  };
  const mine = (await list()).data[0];
  assert.ok(mine);
  assert.equal((await list('', asB)).pagination.total, 0);
  assert.equal((await call('GET', `/api/v1/demand-forecasts/${mine.id}`, undefined, asB)).statusCode, 404);
  assert.equal((await call('DELETE', `/api/v1/demand-forecasts/${mine.id}`, undefined, asB)).statusCode, 404);
  const r = await upload(
    'sku,location,start_date,end_date,quantity\nTOR-1,MAD-001,2035-01-01,2035-01-02,1',
    asB,
  );
  assert.equal(r.statusCode, 422, 'A’s SKU and location are unknown to B');
  const post = await call(
    'POST',
    '/api/v1/demand-forecasts',
    { product_id: id.T, store_id: 'MAD-001', start_date: '2035-01-01', end_date: '2035-01-02', quantity: 1 },
    asB,
  );
  assert.equal(post.statusCode, 404);
  assert.equal((await call('GET', `/api/v1/demand-forecasts/${mine.id}`)).statusCode, 200);
});
