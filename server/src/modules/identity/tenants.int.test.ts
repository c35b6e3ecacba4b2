import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from '../../../test/helpers.ts';

test(`admins tune their organisation's security; only operators manage organisations (${mode})`, async () => {
  const t = await buildTestApp({ env: { FLUJO_OPERATOR_EMAILS: 'viewer@demo.flujo.dev' } });
  try {
    const signIn = async (email: string) =>
      (
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password: t.demo.password },
          })
        ).json() as {
          access_token: string;
        }
      ).access_token;
    const admin = await signIn(t.demo.email);
    const h = (tok: string) => ({ authorization: `Bearer ${tok}` });
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/tenants/current',
      headers: h(admin),
      payload: { settings: { lockout_threshold: 3, password_min_length: 14 } },
    });
    assert.equal(set.statusCode, 200);
    assert.deepEqual((set.json() as { settings: object }).settings, {
      lockout_threshold: 3,
      password_min_length: 14,
    });
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: h(admin),
      payload: { email: 'n@demo.flujo.dev', name: 'N', password: 'twelve-chars' },
    });
    assert.equal(weak.statusCode, 400, 'the tenant password policy applies');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/tenants/current',
      headers: h(admin),
      payload: { settings: { lockout_threshold: 0 } },
    });
    assert.equal(bad.statusCode, 400);

    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: h(admin) })).statusCode,
      403,
      'Admin *:* is not an operator',
    );
    const operator = await signIn('viewer@demo.flujo.dev');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: h(operator) });
    assert.equal(list.statusCode, 200);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: h(operator),
      payload: {
        name: 'Nueva Empresa',
        slug: 'nueva',
        admin: { email: 'jefe@nueva.example', name: 'Jefe', password: 'Nueva-Empresa-2026' },
      },
    });
    assert.equal(created.statusCode, 201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: h(operator),
      payload: {
        name: 'Otra',
        slug: 'nueva',
        admin: { email: 'x@otra.example', name: 'X', password: 'Otra-Empresa-2026' },
      },
    });
    assert.equal(dup.statusCode, 409);
  } finally {
    await t.close();
  }
});
