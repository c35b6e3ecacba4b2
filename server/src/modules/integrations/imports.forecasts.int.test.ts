import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { type Headers, importClient, xlsx } from './imports.support.ts';

let t: TestApp;
let h: Headers;
let api: ReturnType<typeof importClient>;
const id: Record<string, string> = {};
const changed: { product_id: string; location_id: string }[][] = [];

type Forecast = {
  sku: string;
  location_code: string;
  start_date: string;
  end_date: string;
  quantity: number;
  source: string;
};

/** The item's forecasts as planning lists them: "start..end=quantity (source)". */
const forecastsOf = async (sku: string, location: string) => {
  const r = await api.call('GET', `/api/v1/demand-forecasts?product_id=${id[sku]}&location=${location}`);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { data: Forecast[] }).data.map(
    (f) => `${f.start_date}..${f.end_date}=${f.quantity} (${f.source})`,
  );
};
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
const HEAD = 'sku,location,start_date,end_date,quantity';
const forecast = async (sku: string, store: string, start: string, end: string, quantity: number) => {
  const r = await api.call('POST', '/api/v1/demand-forecasts', {
    product_id: id[sku],
    store_id: id[store],
    start_date: start,
    end_date: end,
    quantity,
  });
  assert.equal(r.statusCode, 201, r.body);
};

before(async () => {
  t = await buildTestApp();
  h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
  api = importClient(t, () => h);
  t.platform.onEvent((e) => {
    if (e.type === 'planning.forecast.changed') changed.push((e.payload as { items: never[] }).items);
  });
  for (const sku of ['PRON-1', 'PRON-2', 'PRON-3']) {
    const r = await api.call('POST', '/api/v1/products', { sku, name: sku });
    assert.equal(r.statusCode, 201, r.body);
    id[sku] = (r.json() as { id: string }).id;
  }
  for (const [code, name] of [
    ['CENTRO', 'Sucursal Centro'],
    ['NORTE', 'Sucursal Norte'],
  ] as const) {
    const r = await api.call('POST', '/api/v1/locations', { code, name, type: 'store' });
    assert.equal(r.statusCode, 201, r.body);
    id[code] = (r.json() as { id: string }).id;
  }
  await forecast('PRON-1', 'NORTE', '2030-03-01', '2030-03-31', 31);
  await forecast('PRON-2', 'NORTE', '2030-03-01', '2030-03-31', 31);
});
after(async () => {
  await t?.close();
});

test(`a forecast file loads its valid rows; overlaps in the file and with stored ranges are row problems (${mode})`, async () => {
  const up = await api.uploaded(
    'pronostico.csv',
    csv(
      HEAD,
      'PRON-1,CENTRO,2030-01-01,2030-01-31,310',
      'PRON-1,CENTRO,2030-02-01,2030-02-28,280',
      'PRON-1,CENTRO,2030-01-15,2030-01-20,50',
      'PRON-2,NORTE,2030-03-15,2030-04-15,10',
      'PRON-1,NORTE,2030-03-01,2030-03-31,62',
      'NADA,CENTRO,2030-01-01,2030-01-31,1',
      'PRON-1,LEJOS,2030-01-01,2030-01-31,1',
    ),
  );
  assert.equal(up.detected.kind, 'forecasts');
  const checked = await api.validate(up.id, 'en');
  assert.deepEqual([checked.valid, checked.invalid], [3, 4]);
  assert.deepEqual(
    checked.errors.map((e) => [e.row, e.column, e.code, e.message]),
    [
      [4, 'start_date', 'overlaps', 'Overlaps row 2 (2030-01-01 to 2030-01-31)'],
      [5, 'start_date', 'overlaps', 'Overlaps the stored forecast from 2030-03-01 to 2030-03-31'],
      [7, 'sku', 'unknown_product', 'This SKU does not exist in Flujo'],
      [8, 'location', 'unknown_store', 'This store does not exist in Flujo'],
    ],
  );
  assert.deepEqual(await forecastsOf('PRON-1', 'CENTRO'), [], 'the dry run wrote nothing');

  assert.equal((await api.commit(up.id, 'all_or_nothing')).statusCode, 422);
  changed.length = 0;
  await api.commit(up.id, 'valid_rows');
  const done = await api.settled(up.id);
  assert.equal(done.status, 'completed', done.error ?? '');
  assert.deepEqual([done.created, done.updated, done.failed], [2, 1, 4]);
  assert.deepEqual(await forecastsOf('PRON-1', 'CENTRO'), [
    '2030-01-01..2030-01-31=310 (import)',
    '2030-02-01..2030-02-28=280 (import)',
  ]);
  assert.deepEqual(await forecastsOf('PRON-1', 'NORTE'), ['2030-03-01..2030-03-31=62 (import)']);
  assert.deepEqual(await forecastsOf('PRON-2', 'NORTE'), ['2030-03-01..2030-03-31=31 (manual)']);
  assert.deepEqual(
    changed
      .flat()
      .map((i) => `${i.product_id}|${i.location_id}`)
      .sort(),
    [`${id['PRON-1']}|${id.CENTRO}`, `${id['PRON-1']}|${id.NORTE}`].sort(),
    'buffers of both items re-size',
  );

  // The same file again: the same starts replace, nothing doubles.
  const again = await api.uploaded('pronostico.csv', csv(HEAD, 'PRON-1,CENTRO,2030-01-01,2030-01-31,310'));
  await api.validate(again.id);
  await api.commit(again.id, 'all_or_nothing');
  assert.deepEqual((await api.settled(again.id)).updated, 1);
  assert.equal((await forecastsOf('PRON-1', 'CENTRO')).length, 2);
});

test(`an xlsx of forecasts with date cells loads all or nothing, and nothing when a range clashes at commit time (${mode})`, async () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const rows = [
    ['Clave', 'Sucursal', 'Fecha inicial', 'Fecha final', 'Cantidad'],
    ['PRON-3', 'Sucursal Centro', day('2030-05-01'), day('2030-05-31'), 31],
    ['PRON-3', 'NORTE', day('2030-05-01'), day('2030-05-31'), 62],
  ];
  const up = await api.uploaded('pronosticos mayo.xlsx', await xlsx(rows), { kind: 'forecasts' });
  assert.equal((await api.validate(up.id)).invalid, 0);
  await forecast('PRON-3', 'NORTE', '2030-05-20', '2030-06-10', 5);
  await api.commit(up.id, 'all_or_nothing');
  const failed = await api.settled(up.id);
  assert.equal(failed.status, 'failed');
  assert.deepEqual(await forecastsOf('PRON-3', 'CENTRO'), [], 'row 2 did not land either');
  const errors = await api.call('GET', `/api/v1/imports/${up.id}/errors?lang=es`);
  assert.match(
    errors.body,
    /^3,Fecha final,2030-05-31,Se superpone con el pronóstico guardado del 2030-05-20/m,
  );
});

test(`a store-scoped planner loads forecasts of their stores only; others are refused by row (${mode})`, async () => {
  const planner = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['import:read', 'import:write', 'buffer:write'],
      storeIds: [id.CENTRO as string],
    })}`,
  };
  const file = csv(HEAD, 'PRON-2,CENTRO,2030-07-01,2030-07-31,7', 'PRON-2,NORTE,2030-07-01,2030-07-31,7');
  const up = await api.upload('pronostico.csv', file, {}, planner);
  assert.equal(up.statusCode, 201, up.body);
  const checked = await api.validate(up.json().id, 'en', planner);
  assert.deepEqual(
    checked.errors.map((e) => [e.row, e.code]),
    [[3, 'store_not_allowed']],
  );
  const noRight = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['import:read', 'import:write'] })}`,
  };
  const denied = await api.call('POST', `/api/v1/imports/${up.json().id}/validate`, undefined, noRight);
  assert.equal(denied.statusCode, 403, denied.body);
});

test(`the one-shot upload loads a forecast file too (${mode})`, async () => {
  const file = csv(HEAD, 'PRON-2,CENTRO,2030-09-01,2030-09-30,30', 'PRON-2,CENTRO,2030-09-15,2030-10-15,1');
  const r = await api.upload('pronostico.csv', file, {}, h, '/api/v1/inventory/upload');
  assert.equal(r.statusCode, 200, r.body);
  const out = r.json();
  assert.equal(out.file_type, 'forecasts');
  assert.deepEqual([out.records_processed, out.records_created, out.records_failed], [2, 1, 1]);
  assert.ok(out.error_file);
  assert.deepEqual(await forecastsOf('PRON-2', 'CENTRO'), ['2030-09-01..2030-09-30=30 (import)']);
});

test(`an overlap with a row more than a batch earlier is still found, in the dry run and the load (${mode})`, async () => {
  // 1,100 rows without a quantity push the clash into later batches of both the check and the load.
  const filler = Array.from({ length: 1100 }, () => 'PRON-3,CENTRO,2031-01-01,2031-01-31,');
  const up = await api.uploaded(
    'pronostico.csv',
    csv(HEAD, 'PRON-3,CENTRO,2031-01-01,2031-01-31,31', ...filler, 'PRON-3,CENTRO,2031-01-20,2031-02-20,9'),
  );
  const checked = await api.validate(up.id, 'en');
  assert.deepEqual([checked.valid, checked.invalid], [1, 1101]);
  const errors = await api.call('GET', `/api/v1/imports/${up.id}/errors?lang=en`);
  assert.match(errors.body, /^1103,start_date,2031-01-20,Overlaps row 2 \(2031-01-01 to 2031-01-31\)/m);
  await api.commit(up.id, 'valid_rows');
  const done = await api.settled(up.id);
  assert.deepEqual([done.status, done.created, done.failed], ['completed', 1, 1101]);
  assert.deepEqual(
    (await forecastsOf('PRON-3', 'CENTRO')).filter((f) => f.startsWith('2031')),
    ['2031-01-01..2031-01-31=31 (import)'],
  );
});
