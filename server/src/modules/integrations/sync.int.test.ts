import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import type {
  Connector,
  ErpCustomer,
  ErpProduct,
  ErpSale,
  ErpStock,
  Watermark,
} from './connectors/connector.ts';
import { createSyncRunner } from './sync.runner.ts';
import { firings } from './sync.service.ts';

// The sync against an ERP that answers from memory: what the runner does with pages,
// watermarks, stock and cancelled documents. The Microsip connector has its own suite.
let t: TestApp;
let h: Record<string, string>;
let connectionId: string;

const erp = {
  products: [] as ErpProduct[],
  stock: [] as ErpStock[],
  sales: [] as ErpSale[],
  customers: [] as ErpCustomer[],
  reads: [] as Watermark[],
};
const after_ = (w: Watermark, r: { modified_at: string; external_id: string }) =>
  !w || r.modified_at > w.ts || (r.modified_at === w.ts && r.external_id > w.id);
const paged = <T extends { modified_at: string; external_id: string }>(
  all: T[],
  since: Watermark,
  limit: number,
) => {
  const rest = all
    .filter((r) => after_(since, r))
    .sort((a, b) => a.modified_at.localeCompare(b.modified_at) || a.external_id.localeCompare(b.external_id));
  const records = rest.slice(0, limit);
  const last = records[records.length - 1];
  return {
    records,
    rejected: [],
    next: last ? { ts: last.modified_at, id: last.external_id } : since,
    done: rest.length <= limit,
  };
};
const fake = (): Connector => ({
  test: async () => ({ ok: true, detail: 'fake' }),
  warehouses: async () => [
    { code: 'ALM-1', name: 'Almacén general', branch: null },
    { code: 'ALM-2', name: 'Sucursal Norte', branch: 'Norte' },
  ],
  products: async (since, limit) => {
    erp.reads.push(since);
    return paged(erp.products, since, limit);
  },
  stock: async function* (limit) {
    for (let i = 0; i < erp.stock.length; i += limit) yield erp.stock.slice(i, i + limit);
  },
  sales: async (since, limit) => paged(erp.sales, since, limit),
  customers: async (since, limit) => {
    erp.reads.push(since);
    return paged(erp.customers, since, limit);
  },
  close: async () => {},
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const asTenant = <T>(q: ReturnType<typeof sql>) =>
  t.platform.uow.forTenant(
    t.demo.tenantId,
    async (tx) => (await tx.execute<T & Record<string, unknown>>(q)).rows,
  );
/** A sync job row as the service writes it, run by a runner on the fake ERP. */
const runSync = async (types: string[], incremental: boolean) => {
  const [job] = await asTenant<{ id: string }>(sql`
    insert into sync_jobs (tenant_id, connection_id, types, incremental, trigger)
    values (${t.demo.tenantId}, ${connectionId}, ${JSON.stringify(types)}::jsonb, ${incremental}, 'manual') returning id`);
  await createSyncRunner(t.platform, fake).run(t.demo.tenantId, job?.id as string);
  const [out] = await asTenant<{
    status: string;
    processed: number;
    created: number;
    updated: number;
    failed: number;
    error: string | null;
  }>(sql`select status, processed, created, updated, failed, error from sync_jobs where id = ${job?.id}`);
  return out;
};
const product = (n: number, ts: string, name = `Artículo ${n}`): ErpProduct => ({
  external_id: String(n).padStart(4, '0'),
  sku: `MS-${n}`,
  name,
  category: 'Línea A',
  unit: 'PZA',
  price: '12.50',
  cost: null,
  active: true,
  modified_at: ts,
});

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  const r = await call('POST', '/api/v1/integrations/connections', {
    kind: 'microsip',
    name: 'Microsip matriz',
    host: '127.0.0.1',
    port: 1,
    database: '/nowhere/microsip.fdb',
    user: 'SYSDBA',
    password: 'not-stored-in-clear',
    schedule: null,
  });
  assert.equal(r.statusCode, 201, r.body);
  connectionId = r.json().id;
  assert.equal(r.json().has_password, true);
  assert.equal(JSON.stringify(r.json()).includes('not-stored-in-clear'), false);
});
after(async () => {
  await t?.close();
});

test(`products sync in pages, and the next incremental run starts where the last one stopped (${mode})`, async () => {
  const same = '2026-03-01T18:00:00.000Z';
  erp.products = Array.from({ length: 250 }, (_, i) =>
    product(i + 1, i < 120 ? same : '2026-03-02T10:00:00.000Z'),
  );
  const first = await runSync(['products'], false);
  assert.equal(first?.status, 'completed', first?.error ?? '');
  assert.deepEqual([first?.processed, first?.created, first?.failed], [250, 250, 0]);
  erp.reads = [];
  erp.products.push(product(7, '2026-03-05T09:00:00.000Z', 'Artículo siete, renombrado'));
  const second = await runSync(['products'], true);
  assert.deepEqual([second?.processed, second?.created, second?.updated], [1, 0, 1]);
  assert.deepEqual(erp.reads[0], { ts: '2026-03-02T10:00:00.000Z', id: '0250' });
  const [p] = await asTenant<{ name: string; price: string }>(
    sql`select name, price::text from products where sku = 'MS-7'`,
  );
  assert.deepEqual(p, { name: 'Artículo siete, renombrado', price: '12.50' });
});

test(`customers sync in pages by watermark, a retired one turns inactive, and a re-read changes nothing (${mode})`, async () => {
  const customer = (n: number, ts: string, o: Partial<ErpCustomer> = {}): ErpCustomer => ({
    external_id: String(n),
    name: `Cliente ${n}`,
    email: n % 2 ? `cliente${n}@ejemplo.mx; otro@ejemplo.mx` : null,
    phone: null,
    active: true,
    modified_at: ts,
    ...o,
  });
  erp.customers = Array.from({ length: 230 }, (_, i) => customer(i + 1, '2026-03-01T10:00:00.000Z'));
  const first = await runSync(['customers'], true);
  assert.equal(first?.status, 'completed', first?.error ?? '');
  assert.deepEqual([first?.processed, first?.created, first?.updated, first?.failed], [230, 230, 0, 0]);

  erp.reads = [];
  erp.customers[4] = customer(5, '2026-03-02T09:00:00.000Z', { active: false });
  erp.customers[5] = customer(6, '2026-03-02T09:00:00.000Z', { name: 'Cliente seis, renombrado' });
  erp.customers.push(customer(231, '2026-03-02T09:30:00.000Z', { phone: ' 33  1234 5678 ' }));
  erp.customers.push(customer(232, '2026-03-02T09:30:00.000Z', { name: '  ' }));
  const second = await runSync(['customers'], true);
  assert.deepEqual([second?.processed, second?.created, second?.updated, second?.failed], [4, 1, 2, 1]);
  assert.deepEqual(erp.reads[0], { ts: '2026-03-01T10:00:00.000Z', id: '99' }, 'resumed after the last id');

  const again = await runSync(['customers'], false);
  assert.deepEqual(
    [again?.processed, again?.created, again?.updated, again?.failed],
    [232, 0, 0, 1],
    'a full re-read writes nothing that did not change',
  );
  const rows = await asTenant<{
    external_id: string;
    name: string;
    email: string | null;
    phone: string | null;
    active: boolean;
    source: string;
  }>(sql`
    select external_id, name, email, phone, active, source from customers
    where connection_id = ${connectionId} and external_id in ('1', '5', '6', '231') order by external_id`);
  assert.deepEqual(rows, [
    {
      external_id: '1',
      name: 'Cliente 1',
      email: 'cliente1@ejemplo.mx',
      phone: null,
      active: true,
      source: 'sync',
    },
    {
      external_id: '231',
      name: 'Cliente 231',
      email: 'cliente231@ejemplo.mx',
      phone: '33 1234 5678',
      active: true,
      source: 'sync',
    },
    {
      external_id: '5',
      name: 'Cliente 5',
      email: 'cliente5@ejemplo.mx',
      phone: null,
      active: false,
      source: 'sync',
    },
    {
      external_id: '6',
      name: 'Cliente seis, renombrado',
      email: null,
      phone: null,
      active: true,
      source: 'sync',
    },
  ]);
  const listed = await call('GET', '/api/v1/customers?q=renombrado');
  assert.equal(listed.json().data[0]?.external_id, '6', 'synced customers are in the master');
});

test(`stock is counted in per warehouse, new warehouses become locations, and the ledger agrees (${mode})`, async () => {
  erp.stock = [
    { sku: 'MS-1', warehouse_code: 'ALM-1', warehouse_name: 'Almacén general', on_hand: '40' },
    { sku: 'MS-1', warehouse_code: 'ALM-2', warehouse_name: 'Sucursal Norte', on_hand: '2.5' },
    { sku: 'NO-EXISTE', warehouse_code: 'ALM-1', warehouse_name: 'Almacén general', on_hand: '9' },
  ];
  const out = await runSync(['stock'], true);
  assert.deepEqual([out?.status, out?.processed, out?.updated, out?.failed], ['completed', 3, 2, 1]);
  erp.stock = [{ sku: 'MS-1', warehouse_code: 'ALM-1', warehouse_name: 'Almacén general', on_hand: '35' }];
  await runSync(['stock'], true);
  const rows = await asTenant<{ code: string; on_hand: string; ledger: string }>(sql`
    select l.code, b.on_hand::text,
      (select sum(m.quantity)::text from stock_movements m where m.product_id = b.product_id and m.location_id = b.location_id) as ledger
    from stock_balances b join locations l on l.id = b.location_id join products p on p.id = b.product_id
    where p.sku = 'MS-1' order by l.code`);
  assert.deepEqual(rows, [
    { code: 'ALM-1', on_hand: '35', ledger: '35' },
    { code: 'ALM-2', on_hand: '2.5', ledger: '2.5' },
  ]);
});

test(`sales lines become demand facts once, and a cancelled document's lines stop counting (${mode})`, async () => {
  const sale = (id: string, qty: string, ts: string, cancelled = false): ErpSale => ({
    external_id: id,
    folio: `F-${id}`,
    sku: 'MS-2',
    warehouse_code: 'ALM-1',
    date: '2026-03-03',
    quantity: qty,
    cancelled,
    modified_at: ts,
  });
  erp.sales = [sale('VE-1', '5', '2026-03-03T10:00:00.000Z'), sale('VE-2', '7', '2026-03-03T11:00:00.000Z')];
  await runSync(['sales'], true);
  await runSync(['sales'], false);
  const total = async () =>
    (
      await asTenant<{ q: string | null }>(sql`
      select sum(h.quantity)::text as q from demand_history h join products p on p.id = h.product_id where p.sku = 'MS-2'`)
    )[0]?.q;
  assert.equal(await total(), '12', 'reading the same lines twice counts them once');
  erp.sales = [
    sale('VE-1', '5', '2026-03-03T10:00:00.000Z'),
    sale('VE-2', '7', '2026-03-04T08:00:00.000Z', true),
  ];
  const out = await runSync(['sales'], true);
  assert.equal(out?.updated, 1, 'one line removed');
  assert.equal(await total(), '5');
});

test(`the status shows the schedule and the last sync per kind, and bad settings name their fields (${mode})`, async () => {
  const put = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/integrations/connections/${connectionId}`,
    headers: h,
    payload: { schedule: '0 */6 * * *' },
  });
  assert.equal(put.statusCode, 200, put.body);
  const s = await call('GET', '/api/v1/sync/status');
  assert.equal(s.statusCode, 200, s.body);
  const conn = s.json().connections[0];
  assert.ok(conn.next_run);
  assert.ok(
    conn.last_sync.products && conn.last_sync.customers && conn.last_sync.stock && conn.last_sync.sales,
  );
  const bad = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/integrations/connections/${connectionId}`,
    headers: h,
    payload: { schedule: 'every six hours', timezone: 'Mars/Olympus' },
  });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort(),
    ['schedule', 'timezone'],
  );
});

test('cron schedules fire as written, in UTC', () => {
  const f = firings('0 */6 * * *', new Date('2026-03-01T13:30:00Z'));
  assert.deepEqual(
    [f?.prev.toISOString(), f?.next.toISOString()],
    ['2026-03-01T12:00:00.000Z', '2026-03-01T18:00:00.000Z'],
  );
  assert.equal(firings('not a cron'), null);
});
