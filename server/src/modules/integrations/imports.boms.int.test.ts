import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { type Headers, importClient, xlsx } from './imports.support.ts';

let t: TestApp;
let h: Headers;
let api: ReturnType<typeof importClient>;
const product: Record<string, string> = {};
let plant = '';
const bomEvents: string[] = [];

type Bom = { location_id: string | null; lines: { sku: string; quantity: string }[] };

/** The bills of a product as catalog shows them: location (null: every one) → "SKU×quantity" lines. */
const billsOf = async (sku: string) => {
  const r = await api.call('GET', `/api/v1/boms?product_id=${product[sku]}`);
  assert.equal(r.statusCode, 200, r.body);
  const boms = (r.json() as { data: Bom[] }).data;
  return Object.fromEntries(
    boms.map((b) => [b.location_id ?? 'all', b.lines.map((l) => `${l.sku}×${l.quantity}`)]),
  );
};
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
const HEAD = 'Producto terminado,Componente,Cantidad,Sucursal';

before(async () => {
  t = await buildTestApp();
  h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
  api = importClient(t, () => h);
  t.platform.onEvent((e) => {
    const fields = (e.payload as { fields?: string[] }).fields;
    if (e.type === 'catalog.product.updated' && fields?.includes('bom')) bomEvents.push(e.aggregateId ?? '');
  });
  for (const sku of ['MESA', 'TABLERO', 'PATA', 'TORNILLO', 'SILLA', 'ASIENTO', 'TELA', 'A', 'B']) {
    const r = await api.call('POST', '/api/v1/products', { sku, name: sku });
    assert.equal(r.statusCode, 201, r.body);
    product[sku] = (r.json() as { id: string }).id;
  }
  const r = await api.call('POST', '/api/v1/locations', {
    code: 'PLANTA-1',
    name: 'Planta Norte',
    type: 'node',
  });
  assert.equal(r.statusCode, 201, r.body);
  plant = (r.json() as { id: string }).id;
});
after(async () => {
  await t?.close();
});

test(`a BOM file is checked row by row and its valid lines land in the bills (${mode})`, async () => {
  const up = await api.uploaded(
    'lista de materiales.csv',
    csv(
      HEAD,
      'MESA,TABLERO,1,',
      'MESA,PATA,4,',
      'PATA,TORNILLO,2.5,',
      'MESA,NOEXISTE,1,',
      'TORNILLO,MESA,1,',
      'PATA,PATA,1,',
      'MESA,TORNILLO,0,',
      'MESA,PATA,5,',
      'MESA,TABLERO,2,Planta Norte',
      'MESA,TORNILLO,1,LEJOS',
    ),
  );
  assert.equal(up.detected.kind, 'boms');
  const checked = await api.validate(up.id, 'en');
  assert.deepEqual([checked.valid, checked.invalid], [4, 6]);
  assert.deepEqual(
    checked.errors.map((e) => [e.row, e.column, e.code]),
    [
      [5, 'Componente', 'unknown_product'],
      [6, 'Componente', 'bom_loop'],
      [7, 'Componente', 'same_product'],
      [8, 'Cantidad', 'not_positive'],
      [9, 'Componente', 'duplicate_row'],
      [11, 'Sucursal', 'unknown_store'],
    ],
  );
  assert.equal(checked.errors[4]?.message, 'Repeats row 3');
  assert.match(checked.errors[1]?.message ?? '', /loop/);
  assert.equal(await billsOf('MESA').then((b) => Object.keys(b).length), 0, 'the dry run wrote nothing');

  const refused = await api.commit(up.id, 'all_or_nothing');
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal((await api.commit(up.id, 'valid_rows')).statusCode, 202);
  const done = await api.settled(up.id);
  assert.equal(done.status, 'completed', done.error ?? '');
  assert.deepEqual([done.processed, done.created, done.updated, done.failed], [10, 4, 0, 6]);
  assert.deepEqual(await billsOf('MESA'), { all: ['PATA×4', 'TABLERO×1'], [plant]: ['TABLERO×2'] });
  assert.deepEqual(await billsOf('PATA'), { all: ['TORNILLO×2.5'] });
  assert.deepEqual(await billsOf('TORNILLO'), {});
  assert.ok(bomEvents.includes(product.MESA as string) && bomEvents.includes(product.PATA as string));
});

test(`loading the same lines again changes nothing, and a changed quantity moves only its line (${mode})`, async () => {
  const rows = [
    ['Producto terminado', 'Componente', 'Cantidad', 'Sucursal'],
    ['MESA', 'TABLERO', 1, null],
    ['MESA', 'PATA', 4, null],
    ['PATA', 'TORNILLO', 2.5, null],
    ['MESA', 'TABLERO', 2, 'PLANTA-1'],
  ];
  const again = await api.uploaded('estructuras.xlsx', await xlsx(rows));
  assert.equal(again.detected.kind, 'boms');
  assert.equal((await api.validate(again.id)).invalid, 0);
  bomEvents.length = 0;
  await api.commit(again.id, 'all_or_nothing');
  const same = await api.settled(again.id);
  assert.deepEqual([same.status, same.created, same.updated], ['completed', 0, 4]);
  assert.deepEqual(bomEvents, [], 'no bill changed');
  assert.deepEqual(await billsOf('MESA'), { all: ['PATA×4', 'TABLERO×1'], [plant]: ['TABLERO×2'] });

  // A file naming one line sets that line; the bill's other lines stay.
  const one = await api.uploaded('materiales.csv', csv(HEAD, 'MESA,PATA,6,'));
  await api.validate(one.id);
  await api.commit(one.id, 'valid_rows');
  assert.deepEqual((await api.settled(one.id)).updated, 1);
  assert.deepEqual(await billsOf('MESA'), { all: ['PATA×6', 'TABLERO×1'], [plant]: ['TABLERO×2'] });
  assert.deepEqual(bomEvents, [product.MESA]);
});

test(`all or nothing writes no line when one fails at commit time (${mode})`, async () => {
  const up = await api.uploaded('materiales.csv', csv(HEAD, 'SILLA,ASIENTO,1,', 'ASIENTO,TELA,2,'));
  assert.equal((await api.validate(up.id)).invalid, 0);
  // Between the check and the load, someone makes the cloth out of the chair: row 3 now loops.
  const loop = await api.call('POST', '/api/v1/boms', {
    product_id: product.TELA,
    lines: [{ component_id: product.SILLA, quantity: '1' }],
  });
  assert.equal(loop.statusCode, 201, loop.body);
  await api.commit(up.id, 'all_or_nothing');
  const failed = await api.settled(up.id);
  assert.equal(failed.status, 'failed');
  assert.deepEqual(await billsOf('SILLA'), {}, 'row 2 did not land either');
  const errors = await api.call('GET', `/api/v1/imports/${up.id}/errors?lang=en`);
  assert.match(errors.body, /^3,Componente,TELA,.*loop/m);
});

test(`a store-scoped user writes only their stores' bills, never the bill of every location (${mode})`, async () => {
  const planner = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['import:read', 'import:write', 'product:write'],
      storeIds: [plant],
    })}`,
  };
  const file = csv(HEAD, 'SILLA,ASIENTO,1,PLANTA-1', 'SILLA,ASIENTO,1,', 'SILLA,TABLERO,1,OTRA');
  const up = await api.upload('materiales.csv', file, {}, planner);
  assert.equal(up.statusCode, 201, up.body);
  const checked = await api.validate(up.json().id, 'en', planner);
  assert.deepEqual(
    checked.errors.map((e) => [e.row, e.code]),
    [
      [3, 'store_not_allowed'],
      [4, 'unknown_store'],
    ],
  );
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['import:read', 'import:write'] })}`,
  };
  const denied = await api.call('POST', `/api/v1/imports/${up.json().id}/validate`, undefined, viewer);
  assert.equal(denied.statusCode, 403, denied.body);
});

test(`duplicates and loops are seen across batches, and a resumed commit rebuilds what it skipped (${mode})`, async () => {
  // 1,200 rows with a blank quantity push the repeat and the loop into later batches.
  const filler = Array.from({ length: 1200 }, () => 'A,B,,');
  const lines = [HEAD, 'A,B,3,', ...filler, 'A,B,9,', 'B,A,1,'];
  const up = await api.uploaded('kits.csv', csv(...lines));
  assert.equal(up.detected.kind, 'boms');
  const checked = await api.validate(up.id, 'en');
  assert.deepEqual([checked.valid, checked.invalid], [1, 1202]);
  const file = await api.call('GET', `/api/v1/imports/${up.id}/errors?lang=en`);
  assert.match(file.body, /^1203,Componente,B,Repeats row 2/m);
  assert.match(file.body, /^1204,Componente,A,.*loop/m);

  await api.commit(up.id, 'valid_rows');
  const done = await api.settled(up.id);
  assert.deepEqual([done.status, done.created, done.failed], ['completed', 1, 1202]);
  assert.deepEqual(await billsOf('A'), { all: ['B×3'] });

  // As if the job had died after its first batch of 500: the retry resumes from the checkpoint.
  await t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
    tx.execute(sql`update imports set status = 'failed', processed = 500, failed = 499 where id = ${up.id}`),
  );
  assert.equal((await api.commit(up.id, 'valid_rows')).statusCode, 202);
  const resumed = await api.settled(up.id);
  assert.deepEqual([resumed.status, resumed.processed, resumed.failed], ['completed', 1203, 1202]);
  assert.deepEqual(await billsOf('A'), { all: ['B×3'] }, 'the repeat in a later batch stays refused');
});
