import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignJWT } from 'jose';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { DEMO } from '../../demo.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

type Session = { access_token: string; refresh_token: string; user: { id: string } };

const signIn = async (email = DEMO.planner) => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: t.demo.password },
  });
  assert.equal(r.statusCode, 200);
  return r.json() as Session;
};
const me = async (token: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${token}` },
    })
  ).statusCode;
const post = (url: string, token: string | undefined, payload: object) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

test(`after logout everywhere, earlier access tokens are refused and a new sign-in works (${mode})`, async () => {
  const a = await signIn();
  const b = await signIn();
  assert.equal((await post('/api/v1/auth/logout', a.access_token, { all: true })).statusCode, 204);
  assert.equal(await me(a.access_token), 401);
  assert.equal(await me(b.access_token), 401, 'every session of the user ends');
  const fresh = await signIn();
  assert.equal(await me(fresh.access_token), 200);
});

test(`logging out one session ends its access token; the others live on (${mode})`, async () => {
  const a = await signIn(DEMO.viewer);
  const b = await signIn(DEMO.viewer);
  const out = await post('/api/v1/auth/logout', a.access_token, { refresh_token: a.refresh_token });
  assert.equal(out.statusCode, 204);
  assert.equal(await me(a.access_token), 401);
  assert.equal(await me(b.access_token), 200);
});

test(`replaying a spent refresh token ends that session's access tokens, not another session's (${mode})`, async () => {
  const stolen = await signIn(DEMO.viewer);
  const other = await signIn(DEMO.viewer);
  const rotated = (
    await post('/api/v1/auth/refresh', undefined, { refresh_token: stolen.refresh_token })
  ).json() as Session;
  assert.equal(await me(rotated.access_token), 200);
  const replay = await post('/api/v1/auth/refresh', undefined, { refresh_token: stolen.refresh_token });
  assert.equal(replay.statusCode, 401);
  assert.equal(await me(rotated.access_token), 401);
  assert.equal(await me(stolen.access_token), 401);
  assert.equal(await me(other.access_token), 200);
});

test(`a new password ends the user's other access tokens; deactivation ends all of them (${mode})`, async () => {
  const admin = await signIn(t.demo.email);
  const created = await post('/api/v1/users', admin.access_token, {
    email: 'revoke-me@demo.flujo.dev',
    name: 'Revoke Me',
    password: 'Revoke-Password-1',
  });
  assert.equal(created.statusCode, 201);
  const id = (created.json() as { id: string }).id;
  const login = async (password: string) =>
    (
      await post('/api/v1/auth/login', undefined, { email: 'revoke-me@demo.flujo.dev', password })
    ).json() as Session;
  const old = await login('Revoke-Password-1');
  const changer = await login('Revoke-Password-1');
  const changed = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/users/me',
    headers: { authorization: `Bearer ${changer.access_token}` },
    payload: { current_password: 'Revoke-Password-1', new_password: 'Revoke-Password-2' },
  });
  assert.equal(changed.statusCode, 200);
  assert.equal(await me(old.access_token), 401);
  const later = await login('Revoke-Password-2');
  assert.equal(await me(later.access_token), 200);
  const del = await t.app.inject({
    method: 'DELETE',
    url: `/api/v1/users/${id}`,
    headers: { authorization: `Bearer ${admin.access_token}` },
  });
  assert.equal(del.statusCode, 204);
  assert.equal(await me(later.access_token), 401);
});

test(`a revocation outlives a lost cache: the database is the truth (${mode})`, async () => {
  const s = await signIn(DEMO.planner);
  assert.equal(await me(s.access_token), 200);
  assert.equal((await post('/api/v1/auth/logout', s.access_token, { all: true })).statusCode, 204);
  await t.platform.cache.delPrefix('');
  assert.equal(await me(s.access_token), 401);
});

test(`an access token without an expiry is refused (${mode})`, async () => {
  const s = await signIn(DEMO.planner);
  const [, payload] = s.access_token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  delete claims.exp;
  const forever = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(t.platform.config.JWT_SECRET));
  const r = await t.app.inject({
    method: 'GET',
    url: '/api/v1/users/me',
    headers: { authorization: `Bearer ${forever}` },
  });
  assert.equal(r.statusCode, 401);
});

test(`taking a role or a store from a user ends their access tokens; a refresh carries what is left (${mode})`, async () => {
  const admin = await signIn(t.demo.email);
  const as = { authorization: `Bearer ${admin.access_token}` };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
  const store = async (code: string) =>
    ((await call('POST', '/api/v1/locations', { code, name: code, type: 'store' })).json() as { id: string })
      .id;
  const [mad, bcn] = [await store('REV-MAD'), await store('REV-BCN')];
  const roleList = (await call('GET', '/api/v1/roles')).json() as { data: { id: string; name: string }[] };
  const roleId = (name: string) => roleList.data.find((r) => r.name === name)?.id ?? '';
  const created = await call('POST', '/api/v1/users', {
    email: 'seller-scope@demo.flujo.dev',
    name: 'Vendedora',
    password: 'Seller-Password-1',
    role_ids: [roleId('Seller'), roleId('Viewer')],
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = (created.json() as { id: string }).id;
  assert.equal((await call('PUT', `/api/v1/users/${id}/stores`, { store_ids: [mad, bcn] })).statusCode, 200);
  const login = async () =>
    (
      await post('/api/v1/auth/login', undefined, {
        email: 'seller-scope@demo.flujo.dev',
        password: 'Seller-Password-1',
      })
    ).json() as Session;
  /** What a token lets its holder do: its stores and roles, as the auth hook reads them. */
  const scopeOf = async (token: string) => {
    const ctx = await t.platform.tokens.verify(token);
    return { store_ids: ctx.storeIds, roles: [...ctx.roles].sort() };
  };

  const s = await login();
  assert.deepEqual((await scopeOf(s.access_token)).store_ids, [mad, bcn].sort());
  assert.equal((await call('PUT', `/api/v1/users/${id}/stores`, { store_ids: [mad] })).statusCode, 200);
  assert.equal(await me(s.access_token), 401, 'the token that still named BCN is over');
  const refreshed = (
    await post('/api/v1/auth/refresh', undefined, { refresh_token: s.refresh_token })
  ).json() as Session;
  assert.deepEqual((await scopeOf(refreshed.access_token)).store_ids, [mad]);

  assert.equal((await call('DELETE', `/api/v1/users/${id}/roles/${roleId('Viewer')}`)).statusCode, 204);
  assert.equal(await me(refreshed.access_token), 401, 'the token that still held Viewer is over');
  const again = (
    await post('/api/v1/auth/refresh', undefined, { refresh_token: refreshed.refresh_token })
  ).json() as Session;
  assert.deepEqual((await scopeOf(again.access_token)).roles, ['Seller']);

  const custom = await call('POST', '/api/v1/roles', { name: 'Contador', permissions: ['product:read'] });
  assert.equal(custom.statusCode, 201, custom.body);
  const customId = (custom.json() as { id: string }).id;
  assert.equal((await call('POST', `/api/v1/users/${id}/roles`, { role_id: customId })).statusCode, 204);
  const holder = await login();
  assert.equal(await me(holder.access_token), 200);
  const narrowed = await call('PUT', `/api/v1/roles/${customId}`, { permissions: ['location:read'] });
  assert.equal(narrowed.statusCode, 200, narrowed.body);
  assert.equal(await me(holder.access_token), 401, 'the token that still held product:read is over');
  const renamed = await login();
  assert.equal((await call('PUT', `/api/v1/roles/${customId}`, { name: 'Contable' })).statusCode, 200);
  assert.equal(await me(renamed.access_token), 200, 'a new name changes no permission');
});
