import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from './helpers.ts';
import { twoTenants } from './isolation.support.ts';

/**
 * The tenant-isolation walk: every route with an id in its path is called by tenant B's
 * admin (all permissions) with tenant A's real ids. It must answer 404, never 2xx and never
 * A's data. A route whose path parameter is not in `idFor` fails the test until it is added,
 * so new modules cannot skip the walk.
 */
test(`no route lets one tenant reach another tenant's resources by id (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const { a, b, adminA, asA, idFor, bodyFor, orderA, customerOrderA, customerA } = await twoTenants(t);
    const tokenB = await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId, permissions: ['*:*'] });
    const withIds = t.app.routeCatalog.filter((r) => r.url.includes(':') && !r.public);
    assert.ok(withIds.length >= 7, 'the identity routes with ids are walked');
    for (const r of withIds) {
      const ids = idFor[r.url];
      assert.ok(ids, `add ${r.url} to the isolation walk's idFor map`);
      const url = r.url.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? '');
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        headers: { authorization: `Bearer ${tokenB}` },
        ...(bodyFor[`${r.method} ${r.url}`] ? { payload: bodyFor[`${r.method} ${r.url}`] } : {}),
      });
      // Operator routes span tenants by design; a tenant's own `*:*` never reaches them.
      assert.equal(
        res.statusCode,
        r.permission?.startsWith('platform:') ? 403 : 404,
        `${r.method} ${r.url} with tenant A's ids answered ${res.statusCode}: ${res.body.slice(0, 200)}`,
      );
      assert.doesNotMatch(res.body, new RegExp(a.email), `${r.method} ${r.url} leaked tenant A data`);
    }
    // Lists never show another tenant's rows.
    for (const r of t.app.routeCatalog.filter(
      (x) => x.method === 'GET' && !x.url.includes(':') && !x.public,
    )) {
      if (r.url === '/api/v1/events/stream') continue;
      const res = await t.app.inject({
        method: 'GET',
        url: r.url,
        headers: { authorization: `Bearer ${tokenB}` },
      });
      assert.ok(res.statusCode < 500, `${r.url} answered ${res.statusCode}`);
      assert.doesNotMatch(
        res.body,
        new RegExp(`${a.email}|${a.tenantId}|A-SECRET-1`),
        `${r.url} leaked tenant A data`,
      );
    }
    // Nothing of A changed.
    const stillA = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customer-orders/${customerOrderA.id}`,
      headers: asA,
    });
    assert.equal(
      (stillA.json() as { status: string }).status,
      'CONFIRMED',
      "A's customer order was not touched",
    );
    const custA = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerA.id}`,
      headers: asA,
    });
    assert.equal((custA.json() as { name: string }).name, customerA.name, "A's customer was not touched");
    const poA = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${orderA.id}`, headers: asA });
    assert.equal((poA.json() as { status: string }).status, 'OPEN', "A's purchase order was not touched");
    const me = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${a.adminUserId}`,
      headers: { authorization: `Bearer ${adminA}` },
    });
    assert.equal((me.json() as { name: string; active: boolean }).active, true);
    assert.notEqual((me.json() as { name: string }).name, 'hijacked');
  } finally {
    await t.close();
  }
});
