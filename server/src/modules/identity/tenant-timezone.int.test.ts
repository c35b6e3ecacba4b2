import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { todayIn } from '../../platform/dates.ts';

type Problem = { code: string; errors?: { field: string }[] };

let t: TestApp;
let admin: { authorization: string };
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
const setZone = (timezone: unknown) => call('PUT', '/api/v1/tenants/current', { timezone });

before(async () => {
  t = await buildTestApp();
  admin = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId, permissions: ['*:*'] })}`,
  };
});
after(() => t.close());

test(`tenants without a chosen zone keep UTC, the migration's default (${mode})`, async () => {
  const { rows } = await t.platform.database.db.execute<{ column_default: string; is_nullable: string }>(sql`
    select column_default, is_nullable from information_schema.columns
    where table_name = 'tenants' and column_name = 'timezone'`);
  assert.deepEqual(rows, [{ column_default: "'UTC'::text", is_nullable: 'NO' }]);
  const slug = `tz-${crypto.randomUUID().slice(0, 8)}`;
  const inserted = await t.platform.database.db.execute<{ timezone: string }>(
    sql`insert into tenants (slug, name) values (${slug}, 'Old style') returning timezone`,
  );
  assert.equal(inserted.rows[0]?.timezone, 'UTC', 'a row written without the column');
  const current = await call('GET', '/api/v1/tenants/current');
  assert.equal((current.json() as { timezone: string }).timezone, 'UTC', 'the seeded demo tenant');
});

test(`an admin sets the organisation's time zone; an unknown zone is a 400 naming the field (${mode})`, async () => {
  try {
    const set = await setZone('Europe/Madrid');
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((set.json() as { timezone: string }).timezone, 'Europe/Madrid');
    assert.equal(
      ((await call('GET', '/api/v1/tenants/current')).json() as { timezone: string }).timezone,
      'Europe/Madrid',
    );
    for (const bad of ['Mars/Olympus', 'europe/madrid', '', 42]) {
      const r = await setZone(bad);
      assert.equal(r.statusCode, 400, `${JSON.stringify(bad)}: ${r.body}`);
      const body = r.json() as Problem;
      assert.equal(body.code, 'platform.validation');
      assert.deepEqual(
        body.errors?.map((e) => e.field),
        ['timezone'],
        JSON.stringify(bad),
      );
    }
    assert.equal(
      ((await call('GET', '/api/v1/tenants/current')).json() as { timezone: string }).timezone,
      'Europe/Madrid',
      'a refused change changes nothing',
    );
  } finally {
    await setZone('UTC');
  }
});

test(`a purchase order without a date is dated today where the tenant is, also right after a change (${mode})`, async () => {
  const post = async (url: string, payload: object) => {
    const r = await call('POST', url, payload);
    assert.equal(r.statusCode, 201, r.body);
    return (r.json() as { id: string }).id;
  };
  const product = await post('/api/v1/products', { sku: 'TZ-BOLT', name: 'Bolt' });
  await post('/api/v1/locations', { code: 'TZ-001', name: 'Store', type: 'warehouse' });
  const supplier = await post('/api/v1/suppliers', { name: 'Zone Supplier', default_lead_time_days: 2 });
  await call('PUT', `/api/v1/suppliers/${supplier}/items/${product}`, { lead_time_days: 2, price: '1' });
  const order = async () => {
    const r = await call('POST', '/api/v1/orders', {
      supplier_id: supplier,
      store_id: 'TZ-001',
      lines: [{ product_id: product, quantity: 1 }],
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { order_date: string; due_date: string };
  };
  // UTC+14 and UTC−11: never on the same calendar day, so neither can pass for the other.
  try {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      assert.equal((await setZone(zone)).statusCode, 200);
      const before = todayIn(zone);
      const o = await order();
      assert.ok([before, todayIn(zone)].includes(o.order_date), `${zone}: ${o.order_date}`);
    }
  } finally {
    await setZone('UTC');
  }
});

test(`a registered organisation starts on its founder's time zone (${mode})`, async () => {
  const register = async (timezone?: string) => {
    const slug = `reg-${crypto.randomUUID().slice(0, 8)}`;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        tenant_name: 'Ferretería Zona',
        tenant_slug: slug,
        name: 'Founder',
        email: `${slug}@example.com`,
        password: 'Registro-Seguro-2026',
        ...(timezone ? { timezone } : {}),
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const { rows } = await t.platform.database.db.execute<{ tenant: string; founder: string }>(sql`
      select t.timezone as tenant, u.timezone as founder
      from tenants t join users u on u.tenant_id = t.id where t.slug = ${slug}`);
    return rows[0];
  };
  assert.deepEqual(await register('America/Bogota'), { tenant: 'America/Bogota', founder: 'America/Bogota' });
  assert.deepEqual(await register(), { tenant: 'America/Mexico_City', founder: 'America/Mexico_City' });
  const bad = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      tenant_name: 'Zona Mala',
      name: 'F',
      email: 'f@zona-mala.example',
      password: 'Registro-Seguro-2026',
      timezone: 'Mars/Olympus',
    },
  });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    (bad.json() as Problem).errors?.map((e) => e.field),
    ['timezone'],
  );
});
