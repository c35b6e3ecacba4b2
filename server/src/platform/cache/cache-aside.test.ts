import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryCache } from './cache.ts';
import { createInvalidations, dropKeys, readThrough } from './cache-aside.ts';

test('a read that began before a drop cannot leave its older answer behind', async () => {
  const cache = createMemoryCache();
  let stock = 10;
  let release = () => {};
  const slow = readThrough(cache, 'k', async () => {
    const seen = stock;
    await new Promise<void>((r) => {
      release = r;
    });
    return { value: seen, ttl: 30 };
  });
  await new Promise((r) => setImmediate(r));
  stock = 7;
  await dropKeys(cache, ['k']);
  release();
  assert.equal(await slow, 10, 'the slow reader answers what it saw');
  assert.equal(await readThrough(cache, 'k', async () => ({ value: stock, ttl: 30 })), 7);
});

test('an answer is served from the cache until its key is dropped', async () => {
  const cache = createMemoryCache();
  let computed = 0;
  const read = () => readThrough(cache, 'k', async () => ({ value: ++computed, ttl: 30 }));
  assert.deepEqual([await read(), await read()], [1, 1]);
  await dropKeys(cache, ['k']);
  assert.deepEqual([await read(), await read()], [2, 2]);
});

test('invalidation rules drop the keys and prefixes of the events that match them', async () => {
  const cache = createMemoryCache();
  const inv = createInvalidations(cache);
  inv.add('stock.*', (e) => ({ keys: [`a:${(e.payload as { id: string }).id}`] }));
  inv.add('hold.*', () => ({ prefix: 'b:' }));
  for (const k of ['a:1', 'a:2', 'b:1', 'c:1'])
    await readThrough(cache, k, async () => ({ value: k, ttl: 30 }));
  const event = (type: string, id: string) =>
    ({ type, payload: { id } }) as unknown as Parameters<typeof inv.drop>[0][number];
  await inv.drop([event('stock.updated', '1'), event('other.thing', '2')]);
  const cached = async (k: string) => readThrough(cache, k, async () => ({ value: 'recomputed', ttl: 30 }));
  assert.deepEqual(await Promise.all(['a:1', 'a:2', 'b:1'].map(cached)), ['recomputed', 'a:2', 'b:1']);
  await inv.drop([event('hold.created', '9')]);
  assert.deepEqual(await Promise.all(['b:1', 'c:1'].map(cached)), ['recomputed', 'c:1']);
});

test('readers that miss together wait for one fill, not one each', async () => {
  const cache = createMemoryCache();
  let computed = 0;
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const compute = async () => {
    computed++;
    await gate;
    return { value: 'v', ttl: 30 };
  };
  const readers = Array.from({ length: 64 }, () => readThrough(cache, 'k', compute));
  await new Promise((r) => setImmediate(r));
  release();
  assert.deepEqual(new Set(await Promise.all(readers)), new Set(['v']));
  assert.equal(computed, 1);
});

test('a reader after a drop does not join a fill begun before it, so it reads the write', async () => {
  const cache = createMemoryCache();
  let stock = 10;
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const slow = readThrough(cache, 'k', async () => {
    const seen = stock;
    await gate;
    return { value: seen, ttl: 30 };
  });
  await new Promise((r) => setImmediate(r));
  stock = 7;
  await dropKeys(cache, ['k']);
  const fresh = await readThrough(cache, 'k', async () => ({ value: stock, ttl: 30 }));
  release();
  assert.equal(fresh, 7);
  assert.equal(await slow, 10);
});

test('a failed fill fails the readers waiting on it, and the next reader tries again', async () => {
  const cache = createMemoryCache();
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const failing = async () => {
    await gate;
    throw new Error('database down');
  };
  const readers = [readThrough(cache, 'k', failing), readThrough(cache, 'k', failing)];
  await new Promise((r) => setImmediate(r));
  release();
  const outcomes = await Promise.allSettled(readers);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected'],
  );
  assert.equal(await readThrough(cache, 'k', async () => ({ value: 'back', ttl: 30 })), 'back');
});
