import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/log.ts';

export type CacheStatus = 'connected' | 'degraded';

/** A request counter: its window starts with its first count and lasts `windowMs`. */
export type Counter = { key: string; windowMs: number; max: number };
/** A counter's count after this request, and the milliseconds left in its window. */
export type Count = { count: number; ttlMs: number };

/**
 * Cache-aside store. Every method degrades to a miss or a no-op instead of throwing, so a
 * cache outage slows Flujo down but never breaks it (ARCHITECTURE.md §9).
 */
export type Cache = {
  kind: 'memory' | 'redis';
  /** The Redis connection, shared with rate limiting; absent for the memory cache. */
  client?: Redis;
  get: <T>(key: string) => Promise<T | undefined>;
  /** Several keys in one command; each missing key answers undefined in its place. */
  getMany: <T>(keys: string[]) => Promise<(T | undefined)[]>;
  set: (key: string, value: unknown, ttlSeconds: number) => Promise<void>;
  del: (...keys: string[]) => Promise<void>;
  /** Counts up a key that lives `ttlSeconds` from its first count; undefined when the store is down. */
  incr: (key: string, ttlSeconds: number) => Promise<number | undefined>;
  /**
   * Counts up each counter in turn, in one round trip, and stops after the first one over its
   * `max` (the later ones are not counted); undefined when the store is down.
   */
  countUp: (counters: Counter[]) => Promise<Count[] | undefined>;
  /**
   * `countUp` only if each of `keys` holds `value` (compared as stored), in one command: a
   * signed-in request's budgets are counted while its token's revocation entries say "none".
   * `counted: false` when a key is missing or holds anything else (nothing was counted);
   * undefined when the store is down.
   */
  countUpIfAll: (
    counters: Counter[],
    keys: string[],
    value: unknown,
  ) => Promise<{ counted: true; counts: Count[] } | { counted: false } | undefined>;
  /** Deletes every key starting with `prefix` (e.g. one tenant's availability entries). */
  delPrefix: (prefix: string) => Promise<void>;
  status: () => CacheStatus;
  close: () => Promise<void>;
};

export const createMemoryCache = (max = 10_000): Cache => {
  const lru = new LRUCache<string, { v: unknown }>({ max, ttlAutopurge: false });
  const countUp = async (counters: Counter[]) => {
    const out: Count[] = [];
    for (const c of counters) {
      const current = lru.get(c.key);
      const count = current ? (current.v as number) + 1 : 1;
      if (current) current.v = count;
      else lru.set(c.key, { v: count }, { ttl: c.windowMs });
      // The cache's clock ticks coarsely: never more than the window itself.
      const left = current ? Math.min(c.windowMs, Math.ceil(lru.getRemainingTTL(c.key))) : c.windowMs;
      out.push({ count, ttlMs: left });
      if (count > c.max) break;
    }
    return out;
  };
  return {
    kind: 'memory',
    get: async <T>(key: string) => lru.get(key)?.v as T | undefined,
    getMany: async <T>(keys: string[]) => keys.map((k) => lru.get(k)?.v as T | undefined),
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
    countUp,
    countUpIfAll: async (counters, keys, value) => {
      const same = JSON.stringify(value);
      if (keys.some((k) => !lru.has(k) || JSON.stringify(lru.get(k)?.v) !== same)) return { counted: false };
      return { counted: true, counts: await countUp(counters) };
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
    // Commands issued in the same tick, by any number of requests, go out in one write.
    enableAutoPipelining: true,
  });
  // One command, not a MULTI of three: counts up and sets the expiry on the first count only.
  redis.defineCommand('flujoIncr', {
    numberOfKeys: 1,
    lua: "local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX') return n",
  });
  // KEYS: the counters, then the keys that must hold ARGV[2] for anything to be counted; ARGV:
  // how many counters, that value, then each counter's window and max. Answers 0 when a key
  // does not hold the value (nothing counted), else 1 and the count, ttl pairs.
  const countUpLua = `local counters = tonumber(ARGV[1])
for i = counters + 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[2] then return {0} end
end
local out = {1}
for i = 1, counters do
  local key = KEYS[i]
  local window = tonumber(ARGV[2 * i + 1])
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  out[#out + 1] = n
  out[#out + 1] = ttl
  if n > tonumber(ARGV[2 * i + 2]) then break end
end
return out`;
  redis.defineCommand('flujoCountUp', { lua: countUpLua });
  const scripts = redis as unknown as {
    flujoIncr: (key: string, ttl: number) => Promise<number>;
    flujoCountUp: (n: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;
  };
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
  const countUpIfAll = (counters: Counter[], keys: string[], value: unknown) =>
    safe<{ counted: true; counts: Count[] } | { counted: false } | undefined>(async () => {
      const [counted, ...flat] = await scripts.flujoCountUp(
        counters.length + keys.length,
        ...counters.map((c) => c.key),
        ...keys,
        counters.length,
        JSON.stringify(value),
        ...counters.flatMap((c) => [c.windowMs, c.max]),
      );
      if (counted !== 1) return { counted: false };
      const counts: Count[] = [];
      for (let i = 0; i < flat.length; i += 2) counts.push({ count: flat[i] ?? 0, ttlMs: flat[i + 1] ?? 0 });
      return { counted: true, counts };
    }, undefined);
  return {
    kind: 'redis',
    client: redis,
    get: <T>(key: string) =>
      safe(async () => {
        const raw = await redis.get(key);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      }, undefined),
    getMany: <T>(keys: string[]) =>
      safe(
        async () =>
          (await redis.mget(...keys)).map((raw) => (raw === null ? undefined : (JSON.parse(raw) as T))),
        keys.map(() => undefined),
      ),
    set: (key, value, ttlSeconds) =>
      safe(
        async () => void (await redis.set(key, JSON.stringify(value), 'EX', Math.max(1, ttlSeconds))),
        undefined,
      ),
    del: (...keys) => safe(async () => void (keys.length && (await redis.del(...keys))), undefined),
    incr: (key, ttlSeconds) => safe(() => scripts.flujoIncr(key, ttlSeconds), undefined),
    countUp: async (counters) => {
      const r = await countUpIfAll(counters, [], null);
      return r?.counted ? r.counts : undefined;
    },
    countUpIfAll,
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
