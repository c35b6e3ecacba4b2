import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { buildTestApp, eventually, mode } from '../../../test/helpers.ts';
import { defineEvent } from '../events/envelope.ts';

const stockChanged = defineEvent('inventory.test.changed', 1, z.object({ productId: z.string() }));

test(`a cached entry is dropped when the event that changes it is committed (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const { cache } = t.platform;
    t.platform.invalidateOn('inventory.test.*', (e) => ({
      keys: [`avail:${e.tenantId}:${(e.payload as { productId: string }).productId}`],
    }));
    const key = `avail:${t.demo.tenantId}:p1`;
    const untouched = `avail:${t.demo.tenantId}:p2`;
    await cache.set(key, { total: 10 }, 30);
    await cache.set(untouched, { total: 3 }, 30);
    assert.deepEqual(await cache.get(key), { total: 10 });
    await t.platform.uow(async (_tx, emit) => {
      emit(
        stockChanged.create({ tenantId: t.demo.tenantId, aggregateId: 'p1', payload: { productId: 'p1' } }),
      );
    });
    await eventually(async () => (await cache.get(key)) === undefined, 'the entry to be invalidated');
    assert.deepEqual(await cache.get(untouched), { total: 3 });
  } finally {
    await t.close();
  }
});

test(`Redis going away makes health degraded, not a crash (${mode})`, async () => {
  const t = await buildTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  try {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { status: string; services: { cache: string; database: string } };
    assert.equal(body.status, 'degraded');
    assert.equal(body.services.cache, 'degraded');
    assert.equal(body.services.database, 'connected');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.demo.email, password: t.demo.password },
    });
    assert.equal(login.statusCode, 200, 'the app keeps serving from the database');
  } finally {
    await t.close();
  }
});
