import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import Firebird from 'node-firebird';
import type {
  Connector,
  ErpCustomer,
  ErpProduct,
  ErpSale,
  ErpStock,
  Page,
  Watermark,
} from '../connectors/connector.ts';
import type { FirebirdError } from './firebird-session.ts';
import { createMicrosipConnector } from './microsip.connector.ts';
import { type CompanyDatabase, freshCompanyDatabase, server, skip } from './microsip.fixture.ts';

// The company's clocks run in Mexico City; this process runs in Tokyo, so any conversion that
// leaned on the process zone would be off by fifteen hours.
process.env.TZ = 'Asia/Tokyo';
const MX = 'America/Mexico_City';

const connect = (database: string, extra: Partial<Parameters<typeof createMicrosipConnector>[0]> = {}) =>
  createMicrosipConnector({ ...server!, database, timezone: MX, connectTimeoutMs: 3000, ...extra });

/** Every page of one run from `since`: what a sync does, with the pages kept apart. */
const run = async <T>(
  read: (since: Watermark, limit: number) => Promise<Page<T>>,
  since: Watermark,
  limit: number,
) => {
  const pages: Page<T>[] = [];
  let next = since;
  for (let i = 0; i < 50; i++) {
    const page = await read(next, limit);
    pages.push(page);
    next = page.next;
    if (page.done)
      return {
        pages,
        next,
        records: pages.flatMap((p) => p.records),
        rejected: pages.flatMap((p) => p.rejected),
      };
  }
  throw new Error('the run did not end');
};

const all = async (stock: AsyncIterable<ErpStock[]>) => {
  const pages: ErpStock[][] = [];
  for await (const page of stock) pages.push(page);
  return pages;
};

describe('Microsip connector against Firebird', { skip }, () => {
  let company: CompanyDatabase;
  let microsip: Connector;

  before(async () => {
    company = await freshCompanyDatabase('microsip_read');
    microsip = connect(company.database);
  });
  after(async () => {
    await microsip?.close();
    await company?.drop();
  });

  test('the process really runs in another zone than the company', () => {
    assert.equal(new Date('2026-01-01T00:00:00Z').getTimezoneOffset(), -540);
  });

  test('the connection test names the server and finds the Microsip tables', async () => {
    assert.deepEqual(await microsip.test(), { ok: true, detail: 'Firebird 3.0.11, Microsip tables found' });
  });

  test('products in pages of two: equal change times across page ends lose and repeat nothing', async () => {
    const { pages, records, rejected, next } = await run(microsip.products, null, 2);
    assert.deepEqual(
      pages.map((p) => [...p.records, ...p.rejected].map((r) => r.external_id).sort()),
      [['1001', '1002'], ['1003', '1004'], ['1005', '1006'], ['1007', '1008'], ['1009']],
    );
    assert.deepEqual(
      records.map((r) => r.external_id),
      ['1001', '1002', '1003', '1004', '1005', '1006', '1008'],
    );
    assert.deepEqual(rejected, [
      { external_id: '1007', reason: 'NOMBRE: U+0081 at position 10 is not Windows-1252 text' },
      { external_id: '1009', reason: 'no article key (CLAVES_ARTICULOS)' },
    ]);
    // The run rests five minutes before its newest change (09:00 in Mexico City = 15:00 UTC).
    assert.deepEqual(next, { ts: '2026-01-11T14:55:00.000Z', id: '' });
  });

  test('a product carries its principal key, line, first price list, accents and UTC time', async () => {
    const { records } = await run(microsip.products, null, 100);
    const byId = new Map<string, ErpProduct>(records.map((r) => [r.external_id, r]));
    assert.deepEqual(byId.get('1001'), {
      external_id: '1001',
      sku: 'MART-16',
      name: 'Martillo de uña 16 oz',
      category: 'Ferretería',
      unit: 'Pieza',
      price: '189.9',
      cost: null,
      active: true,
      // 19:30 on New Year's Eve in Mexico City is already 2026 in UTC.
      modified_at: '2026-01-01T01:30:00.000Z',
    });
    assert.equal(byId.get('1002')?.price, '45.5', 'only in the second price list');
    assert.equal(byId.get('1002')?.name, 'Llave de paso ½" niquelada');
    assert.equal(byId.get('1005')?.name, 'Tijera de poda «Señorial» €');
    assert.equal(byId.get('1005')?.price, '349.123456');
    assert.equal(byId.get('1003')?.category, 'Jardinería y riego');
    assert.equal(byId.get('1008')?.sku, '7502000000017', 'no principal key: the oldest key');
    assert.equal(byId.get('1006')?.active, false);
    assert.equal(byId.get('1006')?.modified_at, '2026-01-11T14:15:30.1234Z');
  });

  test('warehouses with their branches, one without', async () => {
    assert.deepEqual(await microsip.warehouses(), [
      { code: '19', name: 'Almacén General', branch: 'Matriz Guadalajara' },
      { code: '20', name: 'Almacén Mérida', branch: 'Sucursal Mérida' },
      { code: '21', name: 'Consignación', branch: null },
    ]);
  });

  test('stock sums every month across the year end, per article and warehouse, in pages', async () => {
    const pages = await all(microsip.stock(2));
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 2],
    );
    assert.deepEqual(pages.flat(), [
      { sku: 'MART-16', warehouse_code: '19', warehouse_name: 'Almacén General', on_hand: '59.25' },
      { sku: 'MART-16', warehouse_code: '20', warehouse_name: 'Almacén Mérida', on_hand: '12' },
      { sku: 'LLP-050', warehouse_code: '19', warehouse_name: 'Almacén General', on_hand: '0' },
      { sku: 'PALA-CU', warehouse_code: '19', warehouse_name: 'Almacén General', on_hand: '-2' },
      { sku: 'MANG-15', warehouse_code: '21', warehouse_name: 'Consignación', on_hand: '7' },
      { sku: 'TIJ-PODA', warehouse_code: '20', warehouse_name: 'Almacén Mérida', on_hand: '1.00001' },
    ]);
  });

  test('sales from invoices, remisiones and tickets, paged by document across both tables', async () => {
    const { pages, records, rejected } = await run(microsip.sales, null, 2);
    assert.deepEqual(rejected, []);
    // Two documents a page; PV-7001, VE-9001 and VE-9002 changed at the same instant.
    assert.deepEqual(
      pages.map((p) => [...new Set(p.records.map((r) => r.folio))]),
      [['A00001234', 'FA0000101'], ['RE0000050', 'RE0000049'], ['B00000077', 'FA0000102'], []],
    );
    const byId = new Map<string, ErpSale>(records.map((r) => [r.external_id, r]));
    assert.deepEqual([...byId.keys()].sort(), [
      'PV-70011',
      'PV-70012',
      'PV-70021',
      'VE-90011',
      'VE-90012',
      'VE-90021',
      'VE-90031',
      'VE-90051',
    ]);
    assert.deepEqual(byId.get('VE-90011'), {
      external_id: 'VE-90011',
      folio: 'FA0000101',
      sku: 'MART-16', // sold by its barcode; reported under the principal key
      warehouse_code: '19',
      date: '2026-01-12',
      quantity: '2',
      cancelled: false,
      modified_at: '2026-01-12T17:00:00.000Z',
    });
    assert.equal(byId.get('VE-90012')?.quantity, '1.5');
    assert.equal(byId.get('VE-90021')?.warehouse_code, '20');
    assert.equal(byId.get('PV-70012')?.quantity, '2.5');
    const cancelled = records.filter((r) => r.cancelled).map((r) => r.external_id);
    assert.deepEqual(cancelled.sort(), ['PV-70021', 'VE-90031', 'VE-90051']);
  });

  test('customers with the principal address, accents and ESTATUS', async () => {
    const { records } = await run(microsip.customers, null, 2);
    assert.deepEqual(
      records.map((c: ErpCustomer) => [c.external_id, c.name, c.email, c.phone, c.active]),
      [
        ['501', 'Público en general', null, null, true],
        ['502', 'Ferretería La Peña, S.A. de C.V.', 'compras@lapena.mx', '33 3612 4455', true],
        ['503', 'José Núñez Ibáñez', null, '999 123 4567', false],
        ['504', 'Ángeles Ortíz', null, null, true],
      ],
    );
    assert.equal(records[1]?.modified_at, '2026-01-05T23:45:00.000Z');
  });

  test('a connection the server dropped is replaced once, and the read goes through', async () => {
    await microsip.warehouses();
    // Firebird 3 lists its own workers (cache writer, garbage collector) as system attachments.
    const others = 'MON$ATTACHMENT_ID <> CURRENT_CONNECTION AND MON$SYSTEM_FLAG = 0';
    await company.exec(`DELETE FROM MON$ATTACHMENTS WHERE ${others}`);
    assert.equal((await microsip.warehouses()).length, 3);
    const attached = await company.exec(`SELECT COUNT(*) AS N FROM MON$ATTACHMENTS WHERE ${others}`);
    assert.equal(attached[0]?.N, 1, 'one attachment again, not a spare left behind');
  });

  test('the driver signs in with Srp over an encrypted wire', async () => {
    const db = await Firebird.attachAsync({
      ...server!,
      database: company.database,
      wireCrypt: Firebird.WIRE_CRYPT_ENABLE,
    });
    try {
      const [row] = await db.queryAsync(
        `SELECT a.MON$AUTH_METHOD AS AUTH, RDB$GET_CONTEXT('SYSTEM', 'WIRE_ENCRYPTED') AS ENCRYPTED
         FROM MON$ATTACHMENTS a WHERE a.MON$ATTACHMENT_ID = CURRENT_CONNECTION`,
      );
      assert.deepEqual(row, { AUTH: 'Srp', ENCRYPTED: 'TRUE' });
    } finally {
      await db.detachAsync();
    }
  });

  test('a client without wire encryption is refused by the server, with a message', async () => {
    const plain = connect(company.database, { wireCrypt: false });
    const result = await plain.test();
    await plain.close();
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.message.length > 0);
  });
});

describe('Microsip connector when the connection is wrong', { skip }, () => {
  const quickly = async (work: () => Promise<unknown>, withinMs: number) => {
    const t0 = Date.now();
    const out = await work();
    const took = Date.now() - t0;
    assert.ok(took < withinMs, `took ${took} ms`);
    return out;
  };

  test('a wrong password fails within seconds, saying so', async () => {
    const wrong = connect(server!.database, { password: 'not-the-password' });
    const result = await quickly(() => wrong.test(), 5000);
    assert.deepEqual(result, {
      ok: false,
      message: `Firebird at ${server!.host}:${server!.port} refused user ${server!.user}: wrong user or password`,
    });
    await assert.rejects(wrong.products(null, 10), (err: FirebirdError) => err.kind === 'auth');
    await wrong.close();
  });

  test('a port where nothing listens fails at once', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const nowhere = connect(server!.database, { port: closed });
    const result = await quickly(() => nowhere.test(), 2000);
    assert.deepEqual(result, {
      ok: false,
      message: `Nothing accepts connections at ${server!.host}:${closed}: is Firebird running there?`,
    });
    await nowhere.close();
  });

  test('a server that accepts and never answers times out at the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const mute = connect(server!.database, { port, connectTimeoutMs: 1000 });
    try {
      const result = await quickly(() => mute.test(), 3000);
      assert.deepEqual(result, {
        ok: false,
        message: `No answer from Firebird at ${server!.host}:${port} within 1 s`,
      });
    } finally {
      await mute.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a database that is not a Microsip company says which tables are missing', async () => {
    const database = `${server!.database.replace(/[^/]+$/, '')}flujo_not_microsip_${process.pid}.fdb`;
    const empty = await Firebird.createAsync({ ...server!, database });
    const other = connect(database);
    try {
      const result = await other.test();
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.message : '', /^Not a Microsip company database: no ARTICULOS, /);
    } finally {
      await other.close();
      await empty.dropAsync();
    }
  });
});

describe('Microsip connector reading changes between runs', { skip }, () => {
  let company: CompanyDatabase;
  let microsip: Connector;

  before(async () => {
    company = await freshCompanyDatabase('microsip_changes');
    microsip = connect(company.database);
  });
  after(async () => {
    await microsip?.close();
    await company?.drop();
  });

  test('a changed article comes in the next run, and a late commit inside the overlap too', async () => {
    const first = await run(microsip.products, null, 3);
    await company.exec(
      `UPDATE ARTICULOS SET NOMBRE = 'Pala cuadrada Truper reforzada', FECHA_HORA_ULT_MODIF = '2026-01-20 09:00:00'
       WHERE ARTICULO_ID = 1003`,
    );
    const second = await run(microsip.products, first.next, 3);
    const changed = second.records.find((r) => r.external_id === '1003');
    assert.equal(changed?.name, 'Pala cuadrada Truper reforzada');
    assert.equal(changed?.modified_at, '2026-01-20T15:00:00.000Z');
    assert.ok(
      !second.records.some((r) => r.external_id === '1001'),
      'older than the overlap: not read again',
    );
    assert.deepEqual(second.next, { ts: '2026-01-20T14:55:00.000Z', id: '' });

    // Stamped two minutes before the newest change the last run saw, committed after it.
    await company.exec(
      `UPDATE ARTICULOS SET UNIDAD_VENTA = 'Metro', FECHA_HORA_ULT_MODIF = '2026-01-20 08:58:00' WHERE ARTICULO_ID = 1004`,
    );
    const third = await run(microsip.products, second.next, 3);
    assert.equal(third.records.find((r) => r.external_id === '1004')?.unit, 'Metro');

    // Nothing changed: the overlap is read again, and the watermark stays where it was.
    const fourth = await run(microsip.products, third.next, 3);
    assert.deepEqual(fourth.next, third.next);
    assert.deepEqual(fourth.records.map((r) => r.external_id).sort(), ['1003', '1004']);
  });

  test('cancelling an invoice brings its lines back cancelled', async () => {
    const first = await run(microsip.sales, null, 10);
    assert.equal(first.records.find((r) => r.external_id === 'VE-90011')?.cancelled, false);
    await company.exec(
      `UPDATE DOCTOS_VE SET ESTATUS = 'C', FECHA_HORA_ULT_MODIF = '2026-01-20 10:00:00' WHERE DOCTO_VE_ID = 9001`,
    );
    const second = await run(microsip.sales, first.next, 10);
    // The cancelled FA0000102 is read again: it changed within the overlap of the last run.
    assert.deepEqual(
      second.records.map((r) => [r.external_id, r.cancelled]),
      [
        ['VE-90031', true],
        ['VE-90011', true],
        ['VE-90012', true],
      ],
    );
  });

  test('a customer given de baja comes in the next run as inactive', async () => {
    const first = await run(microsip.customers, null, 10);
    await company.exec(
      `UPDATE CLIENTES SET ESTATUS = 'B', FECHA_HORA_ULT_MODIF = '2026-01-20 11:00:00' WHERE CLIENTE_ID = 504`,
    );
    const second = await run(microsip.customers, first.next, 10);
    // 502 and 503 changed within the overlap of the last run, so they come again.
    assert.deepEqual(
      second.records.map((c) => [c.external_id, c.active]),
      [
        ['502', true],
        ['503', false],
        ['504', false],
      ],
    );
  });
});
