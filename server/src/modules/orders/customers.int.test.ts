import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { SYSTEM_ROLES } from '../identity/index.ts';

type Customer = {
  id: string;
  code: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  active: boolean;
  source: string;
};
type Problem = { code: string; errors?: { field: string; message: string }[] };

let t: TestApp;
let admin: string;
before(async () => {
  t = await buildTestApp();
  admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
});
after(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = admin) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const create = async (body: object) => {
  const res = await call('POST', '/api/v1/customers', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Customer;
};
const fieldsOf = (body: string) => ((JSON.parse(body) as Problem).errors ?? []).map((e) => e.field).sort();
const roleToken = (name: string) => {
  const role = SYSTEM_ROLES.find((r) => r.name === name);
  return t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: [name],
    permissions: [...(role?.permissions ?? [])],
  });
};

test(`a customer is created, read, found by name, code or email, and changed (${mode})`, async () => {
  const c = await create({
    code: 'C-0001',
    name: '  Ferretería La Peña  ',
    email: 'compras@lapena.mx',
    phone: '33 3612 4455',
    tax_id: ' fla010101ab1 ',
  });
  assert.deepEqual(
    [c.code, c.name, c.tax_id, c.active, c.source],
    ['C-0001', 'Ferretería La Peña', 'FLA010101AB1', true, 'manual'],
  );
  await create({ name: 'Abarrotes Don Beto' });
  assert.deepEqual((await call('GET', `/api/v1/customers/${c.id}`)).json(), c);

  for (const q of ['peña', 'c-000', 'LAPENA.MX']) {
    const found = (await call('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json() as {
      data: Customer[];
    };
    assert.deepEqual(
      found.data.map((x) => x.id),
      [c.id],
      `q=${q}`,
    );
  }
  const all = (await call('GET', '/api/v1/customers?limit=1&page=2')).json() as {
    data: Customer[];
    pagination: { total: number; total_pages: number };
  };
  assert.deepEqual(
    [all.data[0]?.name, all.pagination.total, all.pagination.total_pages],
    ['Ferretería La Peña', 2, 2],
  );

  const changed = await call('PATCH', `/api/v1/customers/${c.id}`, { active: false, phone: null, code: '' });
  assert.equal(changed.statusCode, 200, changed.body);
  const after_ = changed.json() as Customer;
  assert.deepEqual([after_.active, after_.phone, after_.code, after_.email], [false, null, null, c.email]);
  const inactive = (await call('GET', '/api/v1/customers?active=false')).json() as { data: Customer[] };
  assert.deepEqual(
    inactive.data.map((x) => x.id),
    [c.id],
  );

  const { rows } = await t.platform.database.db.execute<{ type: string; payload: Record<string, unknown> }>(
    sql`select type, payload from outbox where aggregate_id = ${c.id} order by seq`,
  );
  assert.deepEqual(
    rows.map((r) => r.type),
    ['orders.customer_master.created', 'orders.customer_master.updated'],
  );
  assert.equal(JSON.stringify(rows).includes('lapena'), false, 'events carry no personal data');
});

test(`codes are unique in the organisation, and blank codes do not collide (${mode})`, async () => {
  await create({ code: 'DUP-1', name: 'Primero' });
  const dup = await call('POST', '/api/v1/customers', { code: 'DUP-1', name: 'Segundo' });
  assert.equal(dup.statusCode, 409, dup.body);
  assert.deepEqual(fieldsOf(dup.body), ['code']);
  await create({ code: '   ', name: 'Sin código 1' });
  await create({ code: '', name: 'Sin código 2' });
  const other = await create({ code: 'DUP-2', name: 'Tercero' });
  const clash = await call('PATCH', `/api/v1/customers/${other.id}`, { code: 'DUP-1' });
  assert.equal(clash.statusCode, 409, clash.body);
});

test(`bad input is a 400 naming each field, never a 500 (${mode})`, async () => {
  const cases: [object, string[]][] = [
    [{}, ['name']],
    [{ name: '   ' }, ['name']],
    [{ name: 'x'.repeat(201) }, ['name']],
    [{ name: 'Ok', email: 'no es correo', phone: '5'.repeat(41) }, ['email', 'phone']],
    [{ name: 'Ok', code: 'c'.repeat(41), tax_id: 't'.repeat(33) }, ['code', 'tax_id']],
    [{ name: 'Ok', active: 'yes' }, ['active']],
  ];
  for (const [body, fields] of cases) {
    const res = await call('POST', '/api/v1/customers', body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    assert.deepEqual(fieldsOf(res.body), fields, JSON.stringify(body));
  }
  assert.equal((await call('GET', '/api/v1/customers?limit=1000')).statusCode, 400);
  assert.equal((await call('GET', `/api/v1/customers?q=${'x'.repeat(101)}`)).statusCode, 400);
  assert.equal((await call('GET', '/api/v1/customers/not-a-uuid')).statusCode, 400);
  const missing = await call('PATCH', `/api/v1/customers/${crypto.randomUUID()}`, { name: 'Nadie' });
  assert.equal(missing.statusCode, 404, missing.body);
});

test(`Sellers and Managers keep customers; a Viewer or Planner does not see them (${mode})`, async () => {
  for (const role of ['Seller', 'Manager']) {
    const token = await roleToken(role);
    const made = await call('POST', '/api/v1/customers', { name: `Cliente de ${role}` }, token);
    assert.equal(made.statusCode, 201, `${role}: ${made.body}`);
    assert.equal((await call('GET', '/api/v1/customers', undefined, token)).statusCode, 200);
  }
  for (const role of ['Viewer', 'Planner']) {
    const token = await roleToken(role);
    assert.equal((await call('GET', '/api/v1/customers', undefined, token)).statusCode, 403, role);
    assert.equal((await call('POST', '/api/v1/customers', { name: 'x' }, token)).statusCode, 403, role);
  }
});

test(`the export holds the list's rows for the same filter, headed in the asked language (${mode})`, async () => {
  await create({ code: 'EXP-1', name: 'Exportable Uno', email: 'uno@exporta.mx' });
  await create({ code: 'EXP-2', name: 'Exportable Dos', tax_id: 'EXD020202AA2' });
  const res = await call('GET', '/api/v1/customers/export?q=exportable&lang=en');
  assert.equal(res.statusCode, 200, res.body);
  const lines = res.body.slice(1).trimEnd().split('\r\n');
  assert.equal(lines[0], 'Code,Name,Email,Phone,Tax id,Active,Source,ERP id');
  assert.deepEqual(lines.slice(1), [
    'EXP-2,Exportable Dos,,,EXD020202AA2,yes,Manual,',
    'EXP-1,Exportable Uno,uno@exporta.mx,,,yes,Manual,',
  ]);
  const xlsx = await call('GET', '/api/v1/customers/export?format=xlsx&lang=es');
  assert.equal(xlsx.statusCode, 200);
  assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip');
});
