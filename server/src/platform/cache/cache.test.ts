import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../observability/log.ts';
import { type Cache, createMemoryCache, createRedisCache } from './cache.ts';

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
  assert.deepEqual(await c.getMany(['avail:1', 'other', 'n']), [undefined, 'x', 2]);
  await countsUpInTurn(c);
  await countsIfAll(c);
  await c.del('other', 'n', 'a', 'b', 'c', 'read');
  await c.close();
});

/** Two counters, the first with a budget of 2: the second stops being counted once it is spent. */
const countsUpInTurn = async (c: Cache) => {
  const counters = [
    { key: 'a', windowMs: 60_000, max: 2 },
    { key: 'b', windowMs: 30_000, max: 100 },
  ];
  const rounds = [];
  for (let i = 0; i < 4; i++) rounds.push(await c.countUp(counters));
  assert.deepEqual(
    rounds.map((r) => r?.map((x) => x.count)),
    [[1, 1], [2, 2], [3], [4]],
  );
  const [a, b] = rounds[1] ?? [];
  assert.ok(a && a.ttlMs > 55_000 && a.ttlMs <= 60_000, `a's window is its own (${a?.ttlMs} ms left)`);
  assert.ok(b && b.ttlMs > 25_000 && b.ttlMs <= 30_000, `b's window is its own (${b?.ttlMs} ms left)`);
};

/** Counted only while every guard key holds the value; refused rounds count nothing. */
const countsIfAll = async (c: Cache) => {
  const none = { before: 0, keep: null };
  const counter = [{ key: 'c', windowMs: 60_000, max: 1 }];
  await c.set('read', none, 60);
  assert.deepEqual(await c.countUpIfAll(counter, ['read', 'missing'], none), { counted: false });
  await c.set('other', { before: 5, keep: null }, 60);
  assert.deepEqual(await c.countUpIfAll(counter, ['read', 'other'], none), { counted: false });
  const first = await c.countUpIfAll(counter, ['read'], none);
  assert.deepEqual(
    first?.counted && first.counts.map((x) => x.count),
    [1],
    'the refused rounds counted nothing',
  );
  const second = await c.countUpIfAll(counter, [], none);
  assert.deepEqual(second?.counted && second.counts.map((x) => x.count), [2]);
};

test('memory cache counts up a key within its lifetime', async () => {
  const c = createMemoryCache();
  assert.equal(await c.incr('k', 60), 1);
  assert.equal(await c.incr('k', 60), 2);
  assert.equal(await c.incr('short', 0.03), 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await c.incr('short', 0.03), 1);
});

test('memory cache reads several keys at once and counts counters up in turn', async () => {
  const c = createMemoryCache();
  await c.set('x', { n: 1 }, 60);
  assert.deepEqual(await c.getMany(['x', 'missing']), [{ n: 1 }, undefined]);
  await countsUpInTurn(c);
  await countsIfAll(c);
  const [short] = (await c.countUp([{ key: 'short', windowMs: 30, max: 5 }])) ?? [];
  assert.equal(short?.count, 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await c.countUp([{ key: 'short', windowMs: 30, max: 5 }]))?.[0]?.count, 1, 'a new window');
});
