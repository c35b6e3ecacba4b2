import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from '../../../test/helpers.ts';

test(`an API client gets scoped tokens with client credentials until it is revoked (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
    const auth = { authorization: `Bearer ${admin}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-clients',
      headers: auth,
      payload: { name: 'ERP sync', permissions: ['profile:read', 'product:read'] },
    });
    assert.equal(created.statusCode, 201);
    const c = created.json() as { id: string; client_id: string; client_secret: string };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-clients', headers: auth });
    assert.doesNotMatch(list.body, new RegExp(c.client_secret), 'the secret is shown only once');

    // Form-encoded, as OAuth2 clients send it.
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.client_id,
      client_secret: c.client_secret,
      scope: 'product:read',
    });
    const tok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    assert.equal(tok.statusCode, 200, tok.body);
    const { access_token, scope } = tok.json() as { access_token: string; scope: string };
    assert.equal(scope, 'product:read');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${access_token}` },
    });
    assert.equal(denied.statusCode, 403, 'the scope narrowed the token');
    const products = () =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/products',
        headers: { authorization: `Bearer ${access_token}` },
      });
    assert.equal((await products()).statusCode, 200);

    const wide = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: c.client_id,
        client_secret: c.client_secret,
        scope: 'user:write',
      },
    });
    assert.equal(wide.statusCode, 400);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: 'nope' },
    });
    assert.equal(wrong.statusCode, 401);

    const limited = await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['api-client:write'] });
    const escalate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-clients',
      headers: { authorization: `Bearer ${limited}` },
      payload: { name: 'sneaky', permissions: ['*:*'] },
    });
    assert.equal(escalate.statusCode, 403);

    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/api-clients/${c.id}`, headers: auth }))
        .statusCode,
      204,
    );
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret },
    });
    assert.equal(after.statusCode, 401, 'a revoked client gets no token');
    assert.equal((await products()).statusCode, 401, "the client's tokens end with it");
  } finally {
    await t.close();
  }
});
