import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../events/envelope.ts';
import { matches } from '../events/envelope.ts';
import type { Cache } from './cache.ts';

/**
 * How long a drop is remembered. Entries live far shorter (`readThrough` caps them at half), so
 * by the time a fence lapses no entry computed before its drop is left to match again.
 */
const FENCE_TTL_S = 600;

const fenceKey = (key: string) => `fence:${key}`;

type Entry<T> = { f: string; v: T };

/** Fills under way in this process, per cache, by key and the fence they were started under. */
const flights = new WeakMap<Cache, Map<string, Promise<unknown>>>();

/**
 * Cache-aside that a slow reader cannot poison. Each key has a fence that every drop renews;
 * an entry counts only when it was computed under the fence still standing. Without it, a read
 * that took its database snapshot before a write committed could store its older answer after
 * the writer dropped the key, and the writer's own next read would get that old answer back.
 *
 * A miss is filled once per process (single flight): readers that miss under the same fence
 * while a fill is under way wait for it instead of each taking a database connection. A fill
 * joined this way started after its fence was set, so it never hides a write from its writer.
 */
export const readThrough = async <T>(
  cache: Cache,
  key: string,
  compute: () => Promise<{ value: T; ttl: number }>,
): Promise<T> => {
  // One read of both, the fence first, and before the database is read.
  const [f, e] = await cache.getMany<unknown>([fenceKey(key), key]);
  const fence = (f as string | undefined) ?? '';
  const entry = e as Entry<T> | undefined;
  if (entry && entry.f === fence) return entry.v;
  const running = flights.get(cache) ?? new Map<string, Promise<unknown>>();
  flights.set(cache, running);
  const flight = `${key}\u0000${fence}`;
  const joined = running.get(flight) as Promise<T> | undefined;
  if (joined) return joined;
  const fill = (async () => {
    const { value, ttl } = await compute();
    await cache.set(key, { f: fence, v: value } satisfies Entry<T>, Math.min(ttl, FENCE_TTL_S / 2));
    return value;
  })();
  running.set(flight, fill);
  try {
    return await fill;
  } finally {
    if (running.get(flight) === fill) running.delete(flight);
  }
};

/** Drops keys read through `readThrough`: a new fence for each, so no answer computed before counts. */
export const dropKeys = async (cache: Cache, keys: string[]) => {
  if (keys.length === 0) return;
  await Promise.all([
    ...keys.map((k) => cache.set(fenceKey(k), randomUUID(), FENCE_TTL_S)),
    cache.del(...keys),
  ]);
};

export type InvalidationRule = (e: EventEnvelope) => { keys?: string[]; prefix?: string };

/**
 * Which cache entries an event makes stale. The same rules run twice: in the writing process
 * right after its transaction commits (so the writer's next read is fresh), and in every
 * process when the event arrives on the bus (other replicas' memory caches; writes elsewhere).
 */
export const createInvalidations = (cache: Cache) => {
  const rules: { pattern: string; rule: InvalidationRule }[] = [];
  return {
    add: (pattern: string, rule: InvalidationRule) => void rules.push({ pattern, rule }),
    drop: async (events: EventEnvelope[]) => {
      const keys = new Set<string>();
      const prefixes = new Set<string>();
      for (const e of events)
        for (const r of rules) {
          if (!matches(r.pattern, e.type)) continue;
          const k = r.rule(e);
          for (const key of k.keys ?? []) keys.add(key);
          if (k.prefix) prefixes.add(k.prefix);
        }
      await Promise.all([dropKeys(cache, [...keys]), ...[...prefixes].map((p) => cache.delPrefix(p))]);
    },
  };
};

export type Invalidations = ReturnType<typeof createInvalidations>;
