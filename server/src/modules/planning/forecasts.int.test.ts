import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import type { Forecast, Page, Problem } from './forecasts.support.ts';

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

const list = async (query = '', as: Headers = h) =>
  (await call('GET', `/api/v1/demand-forecasts?limit=100${query}`, undefined, as)).json() as Page;
const total = async () => (await list()).pagination.total;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

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

test(`forecasts are created, listed in order, filtered, changed and removed (${mode})`, async () => {
  const r = await call('POST', '/api/v1/demand-forecasts', {
    product_id: id.T,
    store_id: 'MAD-001',
    start_date: '2030-03-01',
    end_date: '2030-03-31',
    quantity: 310,
  });
  assert.equal(r.statusCode, 201, r.body);
  const f = r.json() as Forecast;
  assert.deepEqual(
    [f.sku, f.location_code, f.quantity, f.daily_quantity, f.source],
    ['TOR-1', 'MAD-001', 310, 10, 'manual'],
  );
  // The store may be named by id too; a third of 10 shows four decimals.
  const bcn = await created('/api/v1/demand-forecasts', {
    product_id: id.T,
    store_id: id.BCN,
    start_date: '2030-03-01',
    end_date: '2030-03-03',
    quantity: 10,
  });
  const ara = await created('/api/v1/demand-forecasts', {
    product_id: id.A,
    store_id: 'MAD-001',
    start_date: '2030-04-01',
    end_date: '2030-04-30',
    quantity: 30,
  });
  const all = await list();
  assert.deepEqual(
    all.data.map((x) => [x.sku, x.location_code, x.start_date]),
    [
      ['ARA-1', 'MAD-001', '2030-04-01'],
      ['TOR-1', 'BCN-001', '2030-03-01'],
      ['TOR-1', 'MAD-001', '2030-03-01'],
    ],
    'by SKU, location code, start date',
  );
  assert.equal(all.data[1]?.daily_quantity, 3.3333);
  const ids = async (q: string) => (await list(q)).data.map((x) => x.id);
  assert.deepEqual(await ids(`&product_id=${id.A}`), [ara]);
  assert.deepEqual(await ids('&location=BCN-001'), [bcn]);
  assert.deepEqual(await ids('&from=2030-04-01'), [ara], 'ranges ending on or after from');
  assert.deepEqual(await ids('&to=2030-03-02&location=MAD-001'), [f.id], 'ranges starting on or before to');
  assert.deepEqual(await ids('&from=2030-03-04&to=2030-03-31'), [f.id], 'overlapping [from, to]');
  assert.equal((await call('GET', '/api/v1/demand-forecasts?from=2030-05-01&to=2030-04-01')).statusCode, 400);
  await eventually(
    () => seen.some((e) => e.payload.items?.some((i) => i.product_id === id.A && i.location_id === id.MAD)),
    'a forecast change event naming the item',
  );

  const put = await call('PUT', `/api/v1/demand-forecasts/${f.id}`, { quantity: 620 });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(
    [(put.json() as Forecast).daily_quantity, (put.json() as Forecast).end_date],
    [20, '2030-03-31'],
  );
  const moved = (
    await call('PUT', `/api/v1/demand-forecasts/${f.id}`, {
      start_date: '2030-03-04',
      end_date: '2030-04-30',
      store_id: 'BCN-001',
    })
  ).json() as Forecast;
  assert.deepEqual(
    [moved.location_code, moved.start_date, moved.end_date],
    ['BCN-001', '2030-03-04', '2030-04-30'],
  );
  assert.equal((await call('DELETE', `/api/v1/demand-forecasts/${f.id}`)).statusCode, 204);
  assert.equal((await call('GET', `/api/v1/demand-forecasts/${f.id}`)).statusCode, 404);
  assert.deepEqual(
    (await list()).data.map((x) => x.id),
    [ara, bcn],
  );
  for (const x of [ara, bcn]) await call('DELETE', `/api/v1/demand-forecasts/${x}`);
});

test(`bad forecasts are refused naming the field and write nothing (${mode})`, async () => {
  const ok = {
    product_id: id.T,
    store_id: 'MAD-001',
    start_date: '2030-06-01',
    end_date: '2030-06-30',
    quantity: 5,
  };
  const cases: [object, number, string][] = [
    [{ ...ok, end_date: '2030-05-31' }, 400, 'end_date'],
    [{ ...ok, quantity: -1 }, 400, 'quantity'],
    [{ ...ok, start_date: '2030-02-30' }, 400, 'start_date'],
    [{ ...ok, end_date: '30/06/2030' }, 400, 'end_date'],
    [{ ...ok, product_id: crypto.randomUUID() }, 404, 'product_id'],
    [{ ...ok, store_id: 'NOPE' }, 404, 'store_id'],
  ];
  for (const [body, status, field] of cases) {
    const r = await call('POST', '/api/v1/demand-forecasts', body);
    assert.equal(r.statusCode, status, r.body);
    assert.ok(
      (r.json() as Problem).errors?.some((e) => e.field === field),
      `${field}: ${r.body}`,
    );
  }
  assert.equal(await total(), 0);
  const f = await created('/api/v1/demand-forecasts', ok);
  // A partial change is checked against the stored other end of the range.
  const r = await call('PUT', `/api/v1/demand-forecasts/${f}`, { start_date: '2030-07-01' });
  assert.equal(r.statusCode, 400, r.body);
  assert.ok((r.json() as Problem).errors?.some((e) => e.field === 'end_date'));
  assert.equal(
    (await call('PUT', `/api/v1/demand-forecasts/${crypto.randomUUID()}`, { quantity: 1 })).statusCode,
    404,
  );
  assert.equal(
    ((await call('GET', `/api/v1/demand-forecasts/${f}`)).json() as Forecast).start_date,
    '2030-06-01',
  );
  await call('DELETE', `/api/v1/demand-forecasts/${f}`);
});

test(`ranges of one item never overlap; touching ranges are fine (${mode})`, async () => {
  const base = { product_id: id.T, store_id: 'MAD-001', quantity: 31 };
  const march = await created('/api/v1/demand-forecasts', {
    ...base,
    start_date: '2031-03-01',
    end_date: '2031-03-31',
  });
  const clash = await call('POST', '/api/v1/demand-forecasts', {
    ...base,
    start_date: '2031-03-31',
    end_date: '2031-04-10',
  });
  assert.equal(clash.statusCode, 409, clash.body);
  const p = clash.json() as Problem;
  assert.equal(p.code, 'planning.forecast_overlap');
  assert.match(p.detail, /2031-03-01 to 2031-03-31/);
  const april = await created('/api/v1/demand-forecasts', {
    ...base,
    start_date: '2031-04-01',
    end_date: '2031-04-30',
  });
  // Same range at another location, or another product: no clash.
  await created('/api/v1/demand-forecasts', {
    ...base,
    store_id: 'BCN-001',
    start_date: '2031-03-15',
    end_date: '2031-04-15',
  });
  await created('/api/v1/demand-forecasts', {
    ...base,
    product_id: id.A,
    start_date: '2031-03-15',
    end_date: '2031-04-15',
  });
  const stretch = await call('PUT', `/api/v1/demand-forecasts/${march}`, { end_date: '2031-04-01' });
  assert.equal(stretch.statusCode, 409, 'an edit cannot reach into the next range');
  const own = await call('PUT', `/api/v1/demand-forecasts/${april}`, {
    start_date: '2031-04-02',
    end_date: '2031-05-31',
  });
  assert.equal(own.statusCode, 200, 'a range does not clash with itself');
  // Writers racing for overlapping ranges with different starts: exactly one wins.
  const racers = await Promise.all(
    [1, 2, 3, 4].map((d) =>
      call('POST', '/api/v1/demand-forecasts', {
        ...base,
        product_id: id.A,
        store_id: 'BCN-001',
        start_date: `2031-06-0${d}`,
        end_date: '2031-06-20',
      }),
    ),
  );
  assert.deepEqual(racers.map((r) => r.statusCode).sort(), [201, 409, 409, 409]);
  assert.equal(await total(), 5);
  for (const f of (await list()).data) await call('DELETE', `/api/v1/demand-forecasts/${f.id}`);
});

test(`a buffer reading forecast demand recomputes its ADU when forecasts change (${mode})`, async () => {
  const buffer = await created('/api/v1/buffers', {
    product_id: id.A,
    store_id: 'MAD-001',
    adu_method: 'future',
    adu_horizon_days: 10,
    dlt_days: 5,
  });
  const adu = async () => ((await call('GET', `/api/v1/buffers/${buffer}`)).json() as { adu: number }).adu;
  assert.equal(await adu(), 0, 'no forecast yet');
  const f = await created('/api/v1/demand-forecasts', {
    product_id: id.A,
    store_id: 'MAD-001',
    start_date: day(-5),
    end_date: day(24),
    quantity: 300,
  });
  await eventually(async () => (await adu()) === 10, 'ADU from the new forecast (10 a day)');
  await call('DELETE', `/api/v1/demand-forecasts/${f}`);
  await eventually(async () => (await adu()) === 0, 'ADU back to 0 once the forecast is gone');
});
