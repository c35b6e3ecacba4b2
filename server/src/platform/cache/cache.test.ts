import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../observability/log.ts';
import { createMemoryCache, createRedisCache } from './cache.ts';

const log = createLogger({ LOG_LEVEL: 'silent', LOG_FORMAT: 'json' });

test('memory cache: set, get, expiry, delete and delete by prefix', async () => {
  const c = createMemoryCache();
  await c.set('a:1', { n: 1 }, 60);
  await c.set('a:2', 2, 60);
  await c.set('b:1', 3, 60);
  await c.set('short', 4, 0.05);
  assert.deepEqual(await c.get('a:1'), { n: 1 });
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(await c.get('short'), undefined);
  await c.delPrefix('a:');
  assert.equal(await c.get('a:1'), undefined);
  assert.equal(await c.get('a:2'), undefined);
  assert.equal(await c.get('b:1'), 3);
  await c.del('b:1');
  assert.equal(await c.get('b:1'), undefined);
});

test('a Redis that cannot be reached degrades to misses instead of errors', async () => {
  const c = createRedisCache('redis://127.0.0.1:1', log, 'x:');
  const started = Date.now();
  await c.set('k', 1, 10);
  assert.equal(await c.get('k'), undefined);
  await c.delPrefix('k');
  assert.equal(c.status(), 'degraded');
  assert.ok(Date.now() - started < 1000, 'no waiting on a dead server');
  await c.close();
});

test('Redis cache: set, get, expiry and delete by prefix', {
  skip: !process.env.REDIS_URL && 'REDIS_URL not set',
}, async () => {
  const prefix = `t${Math.random().toString(36).slice(2, 8)}:`;
  const c = createRedisCache(process.env.REDIS_URL ?? '', log, prefix);
  for (let i = 0; i < 50 && c.status() !== 'connected'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(c.status(), 'connected');
  await c.set('avail:1', { total: 5 }, 60);
  await c.set('avail:2', { total: 6 }, 60);
  await c.set('other', 'x', 60);
  assert.deepEqual(await c.get('avail:1'), { total: 5 });
  await c.delPrefix('avail:');
  assert.equal(await c.get('avail:1'), undefined);
  assert.equal(await c.get('avail:2'), undefined);
  assert.equal(await c.get('other'), 'x');
  await c.set('ttl', 1, 1);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(await c.get('ttl'), undefined);
  assert.equal(await c.incr('n', 60), 1);
  assert.equal(await c.incr('n', 60), 2);
  await c.del('other', 'n');
  await c.close();
});

test('memory cache counts up a key within its lifetime', async () => {
  const c = createMemoryCache();
  assert.equal(await c.incr('k', 60), 1);
  assert.equal(await c.incr('k', 60), 2);
  assert.equal(await c.incr('short', 0.03), 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await c.incr('short', 0.03), 1);
});
