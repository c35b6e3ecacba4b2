import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { DEMO } from '../../demo.ts';

let t: TestApp;
let admin: string;
before(async () => {
  t = await buildTestApp();
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: t.demo.email, password: t.demo.password },
  });
  admin = (r.json() as { access_token: string }).access_token;
});
after(async () => {
  await t?.close();
});

const call = (method: string, url: string, payload?: object, token = admin) =>
  t.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const signIn = async (email: string, password: string) =>
  (
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })
  ).json() as {
    access_token: string;
    user: { permissions: string[] };
  };

test(`an admin adds a user with a role; the user signs in with that role's permissions (${mode})`, async () => {
  const roles = (await call('GET', '/api/v1/roles')).json() as {
    data: { id: string; name: string; is_system: boolean }[];
  };
  assert.deepEqual(
    roles.data.map((r) => r.name),
    ['Admin', 'Manager', 'Planner', 'Seller', 'User', 'Viewer'],
  );
  const manager = roles.data.find((r) => r.name === 'Manager');
  const created = await call('POST', '/api/v1/users', {
    email: 'marta@demo.flujo.dev',
    name: 'Marta',
    password: 'Marta-Secure-Pass-1',
    role_ids: [manager?.id],
  });
  assert.equal(created.statusCode, 201);
  assert.deepEqual(
    (created.json() as { roles: { name: string }[] }).roles.map((r) => r.name),
    ['Manager'],
  );
  const marta = await signIn('marta@demo.flujo.dev', 'Marta-Secure-Pass-1');
  assert.ok(marta.user.permissions.includes('inventory:write'));
  const dup = await call('POST', '/api/v1/users', {
    email: 'MARTA@demo.flujo.dev',
    name: 'M2',
    password: 'Marta-Secure-Pass-2',
  });
  assert.equal(dup.statusCode, 409);
});

test(`weak passwords are refused with the field named (${mode})`, async () => {
  for (const password of ['short', 'password123', 'juan.perez-2026']) {
    const res = await call('POST', '/api/v1/users', {
      email: 'juan.perez@demo.flujo.dev',
      name: 'Juan',
      password,
    });
    assert.equal(res.statusCode, 400, password);
    assert.equal((res.json() as { errors: { field: string }[] }).errors[0]?.field, 'password');
  }
});

test(`list, search and paginate users (${mode})`, async () => {
  const res = await call('GET', '/api/v1/users?search=demo.flujo&limit=2&page=1');
  const body = res.json() as {
    data: { email: string }[];
    pagination: { total: number; total_pages: number };
  };
  assert.equal(body.data.length, 2);
  assert.ok(body.pagination.total >= 3);
  assert.equal(body.pagination.total_pages, Math.ceil(body.pagination.total / 2));
});

test(`custom roles: nobody grants more than they hold; system roles are fixed; used roles stay (${mode})`, async () => {
  const role = await call('POST', '/api/v1/roles', {
    name: 'Buyer',
    permissions: ['order:read', 'order:write'],
  });
  assert.equal(role.statusCode, 201);
  const roleId = (role.json() as { id: string }).id;
  const bad = await call('POST', '/api/v1/roles', { name: 'Bad', permissions: ['orders'] });
  assert.equal(bad.statusCode, 400);

  // A user administrator without order permissions cannot create or hand out such a role.
  const usersAdmin = await t.tokenFor({
    tenantId: t.demo.tenantId,
    permissions: ['role:write', 'role:assign', 'role:read', 'user:read'],
  });
  const escalate = await call('POST', '/api/v1/roles', { name: 'Sneaky', permissions: ['*:*'] }, usersAdmin);
  assert.equal(escalate.statusCode, 403);
  const viewerId =
    (await signIn(DEMO.viewer, t.demo.password)) &&
    ((await call('GET', '/api/v1/users?search=viewer')).json() as { data: { id: string }[] });
  const assign = await call(
    'POST',
    `/api/v1/users/${viewerId.data[0]?.id}/roles`,
    { role_id: roleId },
    usersAdmin,
  );
  assert.equal(assign.statusCode, 403);

  const ok = await call('POST', `/api/v1/users/${viewerId.data[0]?.id}/roles`, { role_id: roleId });
  assert.equal(ok.statusCode, 204);
  const inUse = await call('DELETE', `/api/v1/roles/${roleId}`);
  assert.equal(inUse.statusCode, 409);
  assert.equal(
    (await call('DELETE', `/api/v1/users/${viewerId.data[0]?.id}/roles/${roleId}`)).statusCode,
    204,
  );
  assert.equal((await call('DELETE', `/api/v1/roles/${roleId}`)).statusCode, 204);

  const roles = (await call('GET', '/api/v1/roles')).json() as { data: { id: string; name: string }[] };
  const adminRole = roles.data.find((r) => r.name === 'Admin');
  assert.equal(
    (await call('PUT', `/api/v1/roles/${adminRole?.id}`, { permissions: ['order:read'] })).statusCode,
    409,
  );
  assert.equal((await call('DELETE', `/api/v1/roles/${adminRole?.id}`)).statusCode, 409);
});

test(`profile: language and time zone; a password change needs the current one and ends other sessions (${mode})`, async () => {
  await call('POST', '/api/v1/users', {
    email: 'pepa@demo.flujo.dev',
    name: 'Pepa',
    password: 'Pepa-Original-Pass',
  });
  const first = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'pepa@demo.flujo.dev', password: 'Pepa-Original-Pass' },
  });
  const { access_token, refresh_token } = first.json() as { access_token: string; refresh_token: string };
  const bad = await call('PUT', '/api/v1/users/me', { timezone: 'Mars/Olympus' }, access_token);
  assert.equal(bad.statusCode, 400);
  const prof = await call(
    'PUT',
    '/api/v1/users/me',
    { language: 'en', timezone: 'America/Bogota' },
    access_token,
  );
  assert.equal(prof.statusCode, 200);
  assert.equal((prof.json() as { timezone: string }).timezone, 'America/Bogota');
  const wrong = await call(
    'PUT',
    '/api/v1/users/me',
    { current_password: 'nope-nope-nope', new_password: 'Pepa-New-Pass-22' },
    access_token,
  );
  assert.equal(wrong.statusCode, 400);
  const changed = await call(
    'PUT',
    '/api/v1/users/me',
    { current_password: 'Pepa-Original-Pass', new_password: 'Pepa-New-Pass-22' },
    access_token,
  );
  assert.equal(changed.statusCode, 200);
  const old = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token } });
  assert.equal(old.statusCode, 401, 'sessions from before the change are over');
  assert.equal((await signIn('pepa@demo.flujo.dev', 'Pepa-New-Pass-22')).access_token.length > 0, true);
});

test(`deactivating a user ends their sessions and sign-in; nobody deactivates themselves (${mode})`, async () => {
  const created = await call('POST', '/api/v1/users', {
    email: 'temp@demo.flujo.dev',
    name: 'Temp',
    password: 'Temp-Worker-Pass',
  });
  const id = (created.json() as { id: string }).id;
  const s = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'temp@demo.flujo.dev', password: 'Temp-Worker-Pass' },
  });
  assert.equal((await call('DELETE', `/api/v1/users/${id}`)).statusCode, 204);
  const again = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'temp@demo.flujo.dev', password: 'Temp-Worker-Pass' },
  });
  assert.equal(again.statusCode, 401);
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    payload: { refresh_token: (s.json() as { refresh_token: string }).refresh_token },
  });
  assert.equal(r.statusCode, 401);
  assert.equal((await call('DELETE', `/api/v1/users/${t.demo.adminUserId}`)).statusCode, 409);
  assert.equal((await call('GET', '/api/v1/users/00000000-0000-4000-8000-000000000000')).statusCode, 404);
});

test(`a Seller's token carries the stores assigned to them (${mode})`, async () => {
  const roles = (await call('GET', '/api/v1/roles')).json() as { data: { id: string; name: string }[] };
  const seller = roles.data.find((r) => r.name === 'Seller');
  const created = await call('POST', '/api/v1/users', {
    email: 'tienda@demo.flujo.dev',
    name: 'Vendedor MAD',
    password: 'Vendedor-Madrid-1',
    role_ids: [seller?.id],
  });
  const id = (created.json() as { id: string }).id;
  const before = await signIn('tienda@demo.flujo.dev', 'Vendedor-Madrid-1');
  assert.deepEqual(
    (before.user as { store_ids?: string[] }).store_ids,
    [],
    'a Seller with no stores may touch none',
  );
  const store = '0190f3c4-0000-7000-8000-00000000a001';
  const set = await call('PUT', `/api/v1/users/${id}/stores`, { store_ids: [store, store] });
  assert.deepEqual(set.json(), { store_ids: [store] });
  const after = await signIn('tienda@demo.flujo.dev', 'Vendedor-Madrid-1');
  assert.deepEqual((after.user as { store_ids?: string[] }).store_ids, [store]);
  const payload = JSON.parse(Buffer.from(after.access_token.split('.')[1] ?? '', 'base64url').toString());
  assert.deepEqual(payload.stores, [store]);
  const adminSession = await signIn(t.demo.email, t.demo.password);
  assert.equal(
    (adminSession.user as { store_ids?: string[] | null }).store_ids,
    null,
    'admins are not store-scoped',
  );
});

test(`a change with no known field is a 400 that says so, not a 500 (${mode})`, async () => {
  const roles = (await call('GET', '/api/v1/roles')).json() as { data: { id: string; is_system: boolean }[] };
  const created = await call('POST', '/api/v1/roles', { name: 'Empty change', permissions: ['buffer:read'] });
  const roleId = (created.json() as { id: string }).id;
  const users = (await call('GET', '/api/v1/users')).json() as { data: { id: string }[] };
  const cases: [string, object][] = [
    ['/api/v1/users/me', {}],
    ['/api/v1/users/me', { current_password: 'whatever-it-is' }],
    ['/api/v1/users/me', { unknown: 1 }],
    [`/api/v1/users/${users.data[0]?.id}`, {}],
    [`/api/v1/roles/${roleId}`, {}],
    ['/api/v1/tenants/current', {}],
  ];
  assert.ok(roles.data.length > 0);
  for (const [url, body] of cases) {
    const r = await call('PUT', url, body);
    assert.equal(r.statusCode, 400, `${url} ${JSON.stringify(body)}`);
    assert.match(JSON.stringify(r.json()), /at least one/, url);
  }
});
