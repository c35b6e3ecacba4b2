import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { type CompanyDatabase, freshCompanyDatabase, server, skip } from './microsip/microsip.fixture.ts';

// A Microsip company database on the real Firebird server, synced through the API: in full,
// then incrementally after a change in the ERP.
describe('sync from Microsip through the API', { skip }, () => {
  let t: TestApp;
  let h: Record<string, string>;
  let company: CompanyDatabase;
  let connectionId: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  const rows = <T>(q: ReturnType<typeof sql>) =>
    t.platform.uow.forTenant(
      t.demo.tenantId,
      async (tx) => (await tx.execute<T & Record<string, unknown>>(q)).rows,
    );
  const finished = async (jobId: string) => {
    const until = Date.now() + 60_000;
    for (;;) {
      const j = (await call('GET', `/api/v1/sync/jobs/${jobId}`)).json();
      if (j.status === 'completed' || j.status === 'failed') return j;
      if (Date.now() > until) throw new Error(`sync ${jobId} still ${j.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  before(async () => {
    company = await freshCompanyDatabase('microsip_sync');
    t = await buildTestApp();
    h = {
      authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
    };
    const r = await call('POST', '/api/v1/integrations/connections', {
      kind: 'microsip',
      name: 'Ferretería matriz',
      host: server?.host,
      port: server?.port,
      database: company.database,
      user: server?.user,
      password: server?.password,
      timezone: 'America/Mexico_City',
    });
    assert.equal(r.statusCode, 201, r.body);
    connectionId = r.json().id;
  });
  after(async () => {
    await t?.close();
    await company?.drop();
  });

  test(`the connection test connects for real, and a wrong password says so (${mode})`, async () => {
    const ok = await call('POST', `/api/v1/integrations/connections/${connectionId}/test`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().ok, true, ok.json().message);
    const bad = await call('POST', '/api/v1/integrations/connections', {
      kind: 'microsip',
      name: 'Contraseña equivocada',
      host: server?.host,
      port: server?.port,
      database: company.database,
      user: server?.user,
      password: 'not-the-password',
    });
    const tried = await call('POST', `/api/v1/integrations/connections/${bad.json().id}/test`);
    assert.equal(tried.json().ok, false);
    assert.match(tried.json().message, /password|contraseña|user name/i);
    assert.equal(tried.json().connection.last_test.ok, false);
  });

  test(`a full sync brings products, stock per warehouse and sales, then an incremental one only the change (${mode})`, async () => {
    const full = await call('POST', '/api/v1/sync/full', { connection_id: connectionId });
    assert.equal(full.statusCode, 202, full.body);
    const done = await finished(full.json().job.id);
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.ok(done.processed > 0 && done.created > 0);
    const products = await rows<{ sku: string; name: string }>(
      sql`select sku, name from products order by sku`,
    );
    assert.ok(
      products.some((p) => p.sku === 'MART-16' && p.name === 'Martillo de uña 16 oz'),
      JSON.stringify(products),
    );
    const stock = await rows<{ n: number; off: number }>(sql`
      select count(*)::int as n,
        count(*) filter (where b.on_hand <> (select coalesce(sum(m.quantity), 0) from stock_movements m
          where m.product_id = b.product_id and m.location_id = b.location_id))::int as off
      from stock_balances b`);
    assert.ok((stock[0]?.n ?? 0) > 0, 'stock arrived');
    assert.equal(stock[0]?.off, 0, 'every balance equals its ledger');
    const demand = await rows<{ n: number }>(sql`select count(*)::int as n from demand_history`);
    assert.ok((demand[0]?.n ?? 0) > 0, 'sales arrived as demand');

    await company.exec(
      `update ARTICULOS set NOMBRE = 'Martillo de uña 16 oz mango fibra', FECHA_HORA_ULT_MODIF = '2026-12-01 12:00:00' where ARTICULO_ID = 1001`,
    );
    const inc = await call('POST', '/api/v1/sync/products', {
      connection_id: connectionId,
      incremental: true,
    });
    const incDone = await finished(inc.json().job.id);
    assert.equal(incDone.status, 'completed', incDone.error ?? '');
    assert.ok(incDone.processed < done.processed, 'the incremental run read less than the full one');
    const [hammer] = await rows<{ name: string }>(sql`select name from products where sku = 'MART-16'`);
    assert.equal(hammer?.name, 'Martillo de uña 16 oz mango fibra');
    const status = (await call('GET', `/api/v1/sync/status?connection_id=${connectionId}`)).json();
    assert.ok(status.connections[0].last_sync.products);
    assert.equal(status.jobs[0].id, inc.json().job.id);
  });

  test(`customers come into the master from CLIENTES, and one given de baja turns inactive (${mode})`, async () => {
    const master = () =>
      rows<{
        external_id: string;
        name: string;
        email: string | null;
        phone: string | null;
        active: boolean;
      }>(sql`
        select external_id, name, email, phone, active from customers
        where connection_id = ${connectionId} order by external_id`);
    // The full sync of the test before read them.
    assert.deepEqual(await master(), [
      { external_id: '501', name: 'Público en general', email: null, phone: null, active: true },
      {
        external_id: '502',
        name: 'Ferretería La Peña, S.A. de C.V.',
        email: 'compras@lapena.mx',
        phone: '33 3612 4455',
        active: true,
      },
      { external_id: '503', name: 'José Núñez Ibáñez', email: null, phone: '999 123 4567', active: false },
      { external_id: '504', name: 'Ángeles Ortíz', email: null, phone: null, active: true },
    ]);
    await company.exec(
      `UPDATE CLIENTES SET ESTATUS = 'B', FECHA_HORA_ULT_MODIF = '2026-12-02 10:00:00' WHERE CLIENTE_ID = 504`,
    );
    const inc = await call('POST', '/api/v1/sync/customers', {
      connection_id: connectionId,
      incremental: true,
    });
    assert.equal(inc.statusCode, 202, inc.body);
    const done = await finished(inc.json().job.id);
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.deepEqual([done.created, done.updated, done.failed], [0, 1, 0]);
    assert.deepEqual(
      (await master()).map((c) => [c.external_id, c.active]),
      [
        ['501', true],
        ['502', true],
        ['503', false],
        ['504', false],
      ],
    );
  });
});
