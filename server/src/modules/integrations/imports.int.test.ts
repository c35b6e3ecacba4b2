import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { type Headers, importClient, xlsx } from './imports.support.ts';

let t: TestApp;
let h: Headers;
let api: ReturnType<typeof importClient>;
const id: Record<string, string> = {};
const events: { type: string; payload: Record<string, unknown> }[] = [];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const asTenant = <T>(
  fn: (tx: Parameters<Parameters<TestApp['platform']['uow']['forTenant']>[1]>[0]) => Promise<T>,
) => t.platform.uow.forTenant(t.demo.tenantId, (tx) => fn(tx));
const balance = async (sku: string, code: string) =>
  asTenant(async (tx) => {
    const { rows } = await tx.execute<{ on_hand: string; ledger: string; min_qty: string | null }>(sql`
      select b.on_hand::text, b.min_qty::text,
        (select coalesce(sum(m.quantity), 0)::text from stock_movements m
          where m.product_id = b.product_id and m.location_id = b.location_id) as ledger
      from stock_balances b join products p on p.id = b.product_id join locations l on l.id = b.location_id
      where p.sku = ${sku} and l.code = ${code}`);
    return rows[0];
  });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  api = importClient(t, () => h);
  t.platform.onEvent((e) => {
    if (e.type.startsWith('integrations.import.')) events.push(e as never);
  });
  for (const [code, name] of [
    ['CENTRO', 'Sucursal Centro'],
    ['NORTE', 'Sucursal Norte'],
  ]) {
    const r = await api.call('POST', '/api/v1/locations', { code, name, type: 'store' });
    assert.equal(r.statusCode, 201, r.body);
    id[code as string] = (r.json() as { id: string }).id;
  }
});
after(async () => {
  await t?.close();
});

test(`a products CSV in Windows-1252 with ; and decimal commas is detected, checked and loaded (${mode})`, async () => {
  const csv = [
    'Clave;Descripción;Precio;Línea',
    'TOR-8;Tornillo cabeza hexagonal;1.234,50;Ferretería',
    'ARA-8;Arandela;0,75;Ferretería',
  ].join('\r\n');
  const bytes = latin1(csv);
  const up = await api.uploaded('catalogo.csv', bytes);
  assert.equal(up.detected.kind, 'products');
  assert.equal(up.total_rows, 2);
  assert.equal(up.preview.length, 2);
  assert.equal(up.preview[0]?.cells.Descripción, 'Tornillo cabeza hexagonal');
  const checked = await api.validate(up.id);
  assert.deepEqual([checked.valid, checked.invalid], [2, 0]);
  const r = await api.commit(up.id, 'all_or_nothing');
  assert.equal(r.statusCode, 202, r.body);
  const done = await api.settled(up.id);
  assert.equal(done.status, 'completed', done.error ?? '');
  assert.deepEqual([done.created, done.updated, done.failed], [2, 0, 0]);
  const p = (await api.call('GET', '/api/v1/products?search=TOR-8')).json() as {
    data: { sku: string; price: string; category: string }[];
  };
  assert.deepEqual(
    p.data.map((x) => [x.sku, x.price, x.category]),
    [['TOR-8', '1234.5', 'Ferretería']],
  );
  assert.ok(events.some((e) => e.type === 'integrations.import.completed' && e.payload.import_id === up.id));
});

/** Windows-1252 bytes of text made of Latin-1 characters, as Mexican Excel saves a CSV. */
function latin1(s: string) {
  return Buffer.from(s, 'latin1');
}

test(`a stock export with title rows takes its store from the file name, and bad rows go to the error file (${mode})`, async () => {
  const file = await xlsx([
    ['Existencias por almacén'],
    ['Empresa Demo S.A. de C.V.'],
    ['Clave', 'Descripción', 'Existencia', 'Mínimo', 'Máximo'],
    ['STK-1', 'Codo PVC 1/2', 120, 10, 200],
    ['STK-2', 'Tee PVC 1/2', 'doce', 5, 50],
    ['STK-3', 'Cople PVC 1/2', -4, 5, 50],
    ['STK-4', 'Válvula esfera', 7.5, null, null],
  ]);
  const up = await api.uploaded('Existencias SUC CENTRO.xlsx', file);
  assert.equal(up.detected.kind, 'inventory');
  assert.equal(up.store?.code, 'CENTRO');
  assert.equal(up.total_rows, 4);
  const checked = await api.validate(up.id);
  assert.deepEqual([checked.valid, checked.invalid, checked.new_products], [2, 2, 2]);
  assert.deepEqual(
    checked.errors.map((e) => [e.row, e.column]),
    [
      [5, 'Existencia'],
      [6, 'Existencia'],
    ],
  );
  assert.match(checked.errors[0]?.message ?? '', /número/i);
  const refused = await api.commit(up.id, 'all_or_nothing');
  assert.equal(refused.statusCode, 422, refused.body);
  const errors = await api.call('GET', `/api/v1/imports/${up.id}/errors?format=csv&lang=en`);
  assert.equal(errors.statusCode, 200);
  const lines = errors.body
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'Row,Column,Value,Problem');
  assert.equal(lines.length, 3);
  assert.match(lines[1] ?? '', /^5,Existencia,doce,/);
  const xl = await api.call('GET', `/api/v1/imports/${up.id}/errors?format=xlsx`);
  assert.equal(xl.statusCode, 200);
  assert.equal(xl.rawPayload.subarray(0, 2).toString(), 'PK');

  assert.equal((await api.commit(up.id, 'valid_rows')).statusCode, 202);
  const done = await api.settled(up.id);
  assert.equal(done.status, 'completed', done.error ?? '');
  assert.deepEqual([done.processed, done.failed], [4, 2]);
  assert.deepEqual(await balance('STK-1', 'CENTRO'), { on_hand: '120', ledger: '120', min_qty: '10' });
  assert.deepEqual(await balance('STK-4', 'CENTRO'), { on_hand: '7.5', ledger: '7.5', min_qty: null });
  assert.equal(await balance('STK-2', 'CENTRO'), undefined);

  // The planner fixes the two rows; loading the corrected file again moves only what changed.
  const fixed = await xlsx([
    ['Clave', 'Descripción', 'Existencia'],
    ['STK-1', 'Codo PVC 1/2', 100],
    ['STK-2', 'Tee PVC 1/2', 12],
    ['STK-3', 'Cople PVC 1/2', 4],
  ]);
  const again = await api.uploaded('Existencias SUC CENTRO.xlsx', fixed);
  assert.equal((await api.validate(again.id)).invalid, 0);
  assert.equal((await api.commit(again.id, 'all_or_nothing')).statusCode, 202);
  assert.equal((await api.settled(again.id)).status, 'completed');
  assert.deepEqual(await balance('STK-1', 'CENTRO'), { on_hand: '100', ledger: '100', min_qty: '10' });
  assert.deepEqual(await balance('STK-2', 'CENTRO'), { on_hand: '12', ledger: '12', min_qty: null });
});

test(`all or nothing leaves nothing behind when a row fails at write time (${mode})`, async () => {
  const stock = await xlsx([
    ['Clave', 'Sucursal', 'Existencia'],
    ['HOLD-1', 'NORTE', 10],
  ]);
  const first = await api.uploaded('existencias.xlsx', stock);
  await api.validate(first.id);
  await api.commit(first.id, 'all_or_nothing');
  assert.equal((await api.settled(first.id)).status, 'completed');
  const product = (await api.call('GET', '/api/v1/products?search=HOLD-1')).json() as {
    data: { id: string }[];
  };
  const hold = await api.call('POST', '/api/v1/reservations', {
    product_id: product.data[0]?.id,
    store_id: 'NORTE',
    quantity: 6,
    customer_id: 'c-1',
  });
  assert.equal(hold.statusCode, 201, hold.body);
  // A count of 2 is below the 6 held: that row is refused, so in this mode no row lands.
  const recount = await xlsx([
    ['Clave', 'Sucursal', 'Existencia'],
    ['STK-1', 'NORTE', 30],
    ['HOLD-1', 'NORTE', 2],
  ]);
  const second = await api.uploaded('existencias.xlsx', recount);
  assert.equal((await api.validate(second.id)).invalid, 0);
  await api.commit(second.id, 'all_or_nothing');
  const failed = await api.settled(second.id);
  assert.equal(failed.status, 'failed');
  assert.equal(await balance('STK-1', 'NORTE'), undefined, 'the other row did not land either');
  assert.deepEqual(await balance('HOLD-1', 'NORTE'), { on_hand: '10', ledger: '10', min_qty: null });
  const errs = await api.call('GET', `/api/v1/imports/${second.id}/errors?lang=es`);
  assert.match(errs.body, /HOLD-1|2/);
});

test(`a count hands back expired holds before it is judged, sets minimums, and the last row of an item stands (${mode})`, async () => {
  const stock = await xlsx([
    ['Clave', 'Sucursal', 'Existencia'],
    ['EXP-1', 'NORTE', 10],
  ]);
  const first = await api.uploaded('existencias.xlsx', stock);
  await api.validate(first.id);
  await api.commit(first.id, 'valid_rows');
  assert.equal((await api.settled(first.id)).status, 'completed');
  const product = (await api.call('GET', '/api/v1/products?search=EXP-1')).json() as {
    data: { id: string }[];
  };
  const hold = await api.call('POST', '/api/v1/reservations', {
    product_id: product.data[0]?.id,
    store_id: 'NORTE',
    quantity: 8,
    customer_id: 'c-exp',
  });
  assert.equal(hold.statusCode, 201, hold.body);
  // The hold lapses unreleased: the count must hand its 8 back, not refuse 3 as below them.
  await asTenant((tx) =>
    tx.execute(
      sql`update reservation_lines set expires_at = now() - interval '1 minute' where product_id = ${product.data[0]?.id}`,
    ),
  );
  const recount = await xlsx([
    ['Clave', 'Sucursal', 'Existencia', 'Mínimo', 'Máximo'],
    ['EXP-1', 'NORTE', 7, 2, 30],
    ['EXP-1', 'NORTE', 3, 1, 20],
  ]);
  const second = await api.uploaded('existencias.xlsx', recount);
  assert.equal((await api.validate(second.id)).invalid, 0);
  await api.commit(second.id, 'valid_rows');
  const done = await api.settled(second.id);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  assert.equal(done.failed, 0);
  assert.deepEqual(await balance('EXP-1', 'NORTE'), { on_hand: '3', ledger: '3', min_qty: '1' });
  const reserved = await asTenant((tx) =>
    tx.execute<{ reserved: string }>(
      sql`select reserved::text from stock_balances where product_id = ${product.data[0]?.id}`,
    ),
  );
  assert.equal(Number(reserved.rows[0]?.reserved), 0);
});

test(`a year of sales in monthly columns feeds ADU without moving stock, and loading it twice counts once (${mode})`, async () => {
  const recent = [day(-3), day(-5), day(-7)];
  const rows = [
    ['Clave', 'Descripción', 'Sucursal', 'Fecha', 'Cantidad', 'Folio'],
    ['VTA-1', 'Pegamento PVC', 'NORTE', dmy(recent[0] as string), 40, 'F-101'],
    ['VTA-1', 'Pegamento PVC', 'NORTE', dmy(recent[1] as string), 35, 'F-102'],
    ['VTA-1', 'Pegamento PVC', 'NORTE', dmy(recent[1] as string), 5, 'F-102'],
    ['VTA-1', 'Pegamento PVC', 'NORTE', dmy(recent[2] as string), 20, 'F-103'],
  ];
  const file = await xlsx(rows);
  const up = await api.uploaded('ventas.xlsx', file);
  assert.equal(up.detected.kind, 'sales');
  assert.deepEqual([up.date_from, up.date_to], [recent[2], recent[0]]);
  const checked = await api.validate(up.id);
  assert.deepEqual([checked.valid, checked.new_products], [4, 1]);
  await api.commit(up.id, 'valid_rows');
  assert.equal((await api.settled(up.id)).status, 'completed');
  const product = (await api.call('GET', '/api/v1/products?search=VTA-1')).json() as {
    data: { id: string }[];
  };
  const b = await api.call('POST', '/api/v1/buffers', {
    product_id: product.data[0]?.id,
    store_id: 'NORTE',
    adu_method: 'past',
    adu_horizon_days: 10,
  });
  assert.equal(b.statusCode, 201, b.body);
  assert.equal((b.json() as { adu: number }).adu, 10, '100 sold over 10 days');
  assert.equal(await balance('VTA-1', 'NORTE'), undefined, 'stock did not move');

  // The same file again (it says so), and the same sales in another workbook: still 100.
  const twice = await api.uploaded('ventas.xlsx', file);
  assert.equal(twice.duplicate_of, up.id);
  await api.validate(twice.id);
  await api.commit(twice.id, 'valid_rows');
  assert.equal((await api.settled(twice.id)).status, 'completed');
  const other = await api.uploaded('ventas marzo.xlsx', await xlsx(rows));
  await api.validate(other.id);
  await api.commit(other.id, 'all_or_nothing');
  assert.equal((await api.settled(other.id)).status, 'completed');
  const bufferId = (b.json() as { id: string }).id;
  await api.call('POST', `/api/v1/buffers/${bufferId}/recalculate`);
  const after = (await api.call('GET', `/api/v1/buffers/${bufferId}`)).json() as { adu: number };
  assert.equal(after.adu, 10);
});

test(`monthly columns such as ENE-25 become one range each (${mode})`, async () => {
  const up = await api.uploaded(
    'ventas mensuales SUC NORTE.xlsx',
    await xlsx([
      ['CLAVE', 'DESCRIPCION', 'ENE-25', 'FEB-25', 'MAR-25'],
      ['MES-1', 'Tubo PVC', 31, 0, 62],
    ]),
  );
  assert.equal(up.detected.kind, 'sales');
  assert.equal(up.store?.code, 'NORTE');
  assert.deepEqual([up.date_from, up.date_to], ['2025-01-01', '2025-03-31']);
  await api.validate(up.id);
  await api.commit(up.id, 'all_or_nothing');
  assert.equal((await api.settled(up.id)).status, 'completed');
  const rows = await asTenant(
    async (tx) =>
      (
        await tx.execute<{ start_date: string; end_date: string; quantity: string }>(sql`
        select to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date, quantity::text
        from demand_history h join products p on p.id = h.product_id where p.sku = 'MES-1' order by start_date`)
      ).rows,
  );
  assert.deepEqual(rows, [
    { start_date: '2025-01-01', end_date: '2025-01-31', quantity: '31' },
    { start_date: '2025-02-01', end_date: '2025-02-28', quantity: '0' },
    { start_date: '2025-03-01', end_date: '2025-03-31', quantity: '62' },
  ]);
});

test(`files that are not spreadsheets, too large or missing get a clear 4xx naming the file (${mode})`, async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const r = await api.upload('inventario.xlsx', png);
  assert.equal(r.statusCode, 400, r.body);
  assert.match(r.json().detail, /inventario\.xlsx/);
  const big = await api.upload('grande.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 65));
  assert.equal(big.statusCode, 413, big.body);
  assert.match(big.json().detail, /grande\.csv/);
  const none = await api.call('POST', '/api/v1/imports', { file: 'x' });
  assert.equal(none.statusCode, 400, none.body);
  assert.equal(none.json().code, 'integrations.no_file');
  const badKind = await api.upload('a.csv', Buffer.from('sku,name\nA,B\n'), { kind: 'planets' });
  assert.equal(badKind.statusCode, 400, badKind.body);
  assert.equal(badKind.json().errors[0].field, 'kind');
});

test(`the kind a user may import follows their permissions and their stores (${mode})`, async () => {
  const viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['import:read', 'import:write', 'product:read'] })}`,
  };
  const stock = await xlsx([
    ['Clave', 'Sucursal', 'Existencia'],
    ['SCOPE-1', 'CENTRO', 5],
    ['SCOPE-1', 'NORTE', 5],
  ]);
  const up = await api.upload('stock.xlsx', stock, {}, viewer);
  assert.equal(up.statusCode, 201, up.body);
  const denied = await api.call('POST', `/api/v1/imports/${up.json().id}/validate`, undefined, viewer);
  assert.equal(denied.statusCode, 403, denied.body);

  const seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['import:read', 'import:write', 'inventory:write', 'product:write'],
      storeIds: [id.CENTRO as string],
    })}`,
  };
  const mine = await api.upload('stock.xlsx', stock, {}, seller);
  const checked = await api.validate(mine.json().id, 'en', seller);
  assert.deepEqual([checked.valid, checked.invalid], [1, 1]);
  assert.equal(checked.errors[0]?.code, 'store_not_allowed');
});

test(`the one-shot upload detects, validates and loads the valid rows in one call (${mode})`, async () => {
  const file = await xlsx([
    ['Clave', 'Existencia'],
    ['ONE-1', 3],
    ['ONE-2', 'x'],
  ]);
  const r = await api.upload('Inventario Sucursal Norte.xlsx', file, {}, h, '/api/v1/inventory/upload');
  assert.equal(r.statusCode, 200, r.body);
  const out = r.json();
  assert.equal(out.success, true);
  assert.equal(out.file_type, 'inventory');
  assert.equal(out.store, 'NORTE');
  assert.deepEqual([out.records_processed, out.records_failed], [2, 1]);
  assert.ok(out.error_file);
  assert.deepEqual(await balance('ONE-1', 'NORTE'), { on_hand: '3', ledger: '3', min_qty: null });
  await eventually(
    async () => (await api.get(out.import_id)).status === 'completed',
    'the queued run finds nothing to do',
  );
  assert.deepEqual(await balance('ONE-1', 'NORTE'), { on_hand: '3', ledger: '3', min_qty: null });
});

test(`imports are listed with who, when and their counts (${mode})`, async () => {
  const r = await api.call('GET', '/api/v1/imports?limit=100');
  assert.equal(r.statusCode, 200, r.body);
  const list = r.json() as {
    data: { filename: string; status: string; created_by: { email: string } | null }[];
  };
  assert.ok(list.data.length >= 6);
  assert.ok(list.data.every((i) => i.status && i.filename));
  assert.ok(list.data.some((i) => i.created_by !== null));
});

test(`suppliers, then what they sell, load from their own files, and a BOM file naming them loads too (${mode})`, async () => {
  const sup = await api.uploaded(
    'proveedores.csv',
    Buffer.from(
      'Proveedor,RFC,Correo,Moneda,Tiempo de entrega\nAceros del Norte,ANO010101AB1,ventas@aceros.example,MXN,12\n',
    ),
  );
  assert.equal(sup.detected.kind, 'suppliers');
  assert.equal((await api.validate(sup.id)).valid, 1);
  await api.commit(sup.id, 'all_or_nothing');
  assert.equal((await api.settled(sup.id)).status, 'completed');

  const items = await api.uploaded(
    'articulos por proveedor.csv',
    Buffer.from(
      'Proveedor,Clave,Tiempo de entrega,Precio,Preferido\naceros del norte,TOR-8,5,9.5,si\nNadie S.A.,TOR-8,5,9.5,no\n',
    ),
  );
  assert.equal(items.detected.kind, 'supplier_items');
  const checked = await api.validate(items.id, 'en');
  assert.deepEqual([checked.valid, checked.invalid], [1, 1]);
  assert.equal(checked.errors[0]?.code, 'unknown_supplier');
  await api.commit(items.id, 'valid_rows');
  assert.equal((await api.settled(items.id)).status, 'completed');
  const list = (await api.call('GET', '/api/v1/suppliers?search=Aceros')).json() as {
    data: { id: string }[];
  };
  const one = (await api.call('GET', `/api/v1/suppliers/${list.data[0]?.id}`)).json() as {
    default_lead_time_days: number;
    contacts: { email?: string }[];
    items: { sku: string; lead_time_days: number; price: string; preferred: boolean }[];
  };
  assert.equal(one.default_lead_time_days, 12);
  assert.equal(one.contacts[0]?.email, 'ventas@aceros.example');
  assert.deepEqual(
    one.items.map((i) => [i.sku, i.lead_time_days, i.price, i.preferred]),
    [['TOR-8', 5, '9.5', true]],
  );

  const bom = await api.uploaded(
    'lista de materiales.csv',
    Buffer.from('Producto terminado,Componente,Cantidad\nTOR-8,ARA-8,2\n'),
  );
  assert.equal(bom.detected.kind, 'boms');
  assert.deepEqual((await api.validate(bom.id)).invalid, 0);
  await api.commit(bom.id, 'all_or_nothing');
  const loaded = await api.settled(bom.id);
  assert.deepEqual([loaded.status, loaded.created], ['completed', 1]);
});
