import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/log.ts';

export type CacheStatus = 'connected' | 'degraded';

/**
 * Cache-aside store. Every method degrades to a miss or a no-op instead of throwing, so a
 * cache outage slows Flujo down but never breaks it (ARCHITECTURE.md §9).
 */
export type Cache = {
  kind: 'memory' | 'redis';
  /** The Redis connection, shared with rate limiting; absent for the memory cache. */
  client?: Redis;
  get: <T>(key: string) => Promise<T | undefined>;
  set: (key: string, value: unknown, ttlSeconds: number) => Promise<void>;
  del: (...keys: string[]) => Promise<void>;
  /** Counts up a key that lives `ttlSeconds` from its first count; undefined when the store is down. */
  incr: (key: string, ttlSeconds: number) => Promise<number | undefined>;
  /** Deletes every key starting with `prefix` (e.g. one tenant's availability entries). */
  delPrefix: (prefix: string) => Promise<void>;
  status: () => CacheStatus;
  close: () => Promise<void>;
};

export const createMemoryCache = (max = 10_000): Cache => {
  const lru = new LRUCache<string, { v: unknown }>({ max, ttlAutopurge: false });
  return {
    kind: 'memory',
    get: async <T>(key: string) => lru.get(key)?.v as T | undefined,
    set: async (key, value, ttlSeconds) => void lru.set(key, { v: value }, { ttl: ttlSeconds * 1000 }),
    del: async (...keys) => {
      for (const k of keys) lru.delete(k);
    },
    incr: async (key, ttlSeconds) => {
      const current = lru.get(key);
      if (current) {
        current.v = (current.v as number) + 1;
        return current.v as number;
      }
      lru.set(key, { v: 1 }, { ttl: ttlSeconds * 1000 });
      return 1;
    },
    delPrefix: async (prefix) => {
      for (const k of lru.keys()) if (k.startsWith(prefix)) lru.delete(k);
    },
    status: () => 'connected',
    close: async () => lru.clear(),
  };
};

export const createRedisCache = (url: string, log: Logger, keyPrefix = 'flujo:'): Cache => {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    // Fail a command at once while disconnected rather than queueing it behind a dead socket.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let warned = false;
  redis.on('error', (err) => {
    if (!warned) log.warn({ err: err.message }, 'redis unavailable; serving from the database');
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) log.info('redis connection restored');
    warned = false;
  });
  const safe = async <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
    if (redis.status !== 'ready') return fallback;
    try {
      return await fn();
    } catch {
      return fallback;
    }
  };
  return {
    kind: 'redis',
    client: redis,
    get: <T>(key: string) =>
      safe(async () => {
        const raw = await redis.get(key);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      }, undefined),
    set: (key, value, ttlSeconds) =>
      safe(
        async () => void (await redis.set(key, JSON.stringify(value), 'EX', Math.max(1, ttlSeconds))),
        undefined,
      ),
    del: (...keys) => safe(async () => void (keys.length && (await redis.del(...keys))), undefined),
    incr: (key, ttlSeconds) =>
      safe(async () => {
        const [[, n]] = (await redis.multi().incr(key).expire(key, ttlSeconds, 'NX').exec()) as [
          [unknown, number],
        ];
        return n;
      }, undefined),
    delPrefix: (prefix) =>
      safe(async () => {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}${prefix}*`, 'COUNT', 500);
          cursor = next;
          // SCAN returns full keys; DEL would add the prefix again.
          if (keys.length) await redis.del(...keys.map((k) => k.slice(keyPrefix.length)));
        } while (cursor !== '0');
      }, undefined),
    status: () => (redis.status === 'ready' ? 'connected' : 'degraded'),
    close: async () => {
      redis.disconnect();
    },
  };
};
