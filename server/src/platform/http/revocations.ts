import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Cache } from '../cache/cache.ts';
import type { Db, Executor } from '../db/client.ts';
import { defineEvent, type EventEnvelope } from '../events/envelope.ts';
import { tokenRevocations } from './revocations.schema.ts';

/** What the revocation check needs of a verified access token; `issuedAt` in epoch milliseconds. */
export type TokenInfo = { userId: string; sessionId: string | null; issuedAt: number };

export type Revocation =
  | { scope: 'user'; tenantId: string; userId: string; keepSession?: string | null | undefined }
  | { scope: 'session'; tenantId: string; userId: string; sessionId: string };

export const tokenRevoked = defineEvent('auth.token.revoked', 1, z.object({ key: z.string() }));

type Entry = { before: number; keep: string | null };
const NONE: Entry = { before: 0, keep: null };
// Longer than any access token lives (tenants may choose up to a day).
const REVOKED_TTL_S = 86_400;
// A "not revoked" answer is cached briefly: the revocation event drops it at once anyway.
const NONE_TTL_S = 60;
const cacheKey = (key: string) => `revoked:${key}`;
const keyOf = (r: Revocation) => (r.scope === 'user' ? `user:${r.userId}` : `session:${r.sessionId}`);

/**
 * The revocation list the auth hook checks on every request. The database is the truth; the
 * cache (shared in Redis across replicas) spares it, and a lost or stale cache entry degrades to
 * a database read, never to a revoked token passing.
 */
export const createRevocations = (o: { db: Db; cache: Cache }) => {
  const keysOf = (t: TokenInfo) => [`user:${t.userId}`, ...(t.sessionId ? [`session:${t.sessionId}`] : [])];
  const load = async (keys: string[], fresh: boolean) => {
    const found = new Map<string, Entry>();
    const missing: string[] = [];
    // Every request asks: the keys' cache reads are one command, not one round trip after another.
    const hits = fresh ? [] : await o.cache.getMany<Entry>(keys.map(cacheKey));
    keys.forEach((k, i) => {
      const hit = hits[i];
      if (hit) found.set(k, hit);
      else missing.push(k);
    });
    if (missing.length) {
      const rows = await o.db.select().from(tokenRevocations).where(inArray(tokenRevocations.key, missing));
      for (const k of missing) {
        const row = rows.find((r) => r.key === k);
        const entry = row ? { before: new Date(row.revokedBefore).getTime(), keep: row.keepSession } : NONE;
        found.set(k, entry);
        await o.cache.set(cacheKey(k), entry, row ? REVOKED_TTL_S : NONE_TTL_S);
      }
    }
    return found;
  };

  return {
    /**
     * Records a revocation in the caller's transaction and announces it, so every process
     * drops its cached answer; call `forget` with the result once the transaction commits.
     */
    revoke: async (tx: Executor, emit: (e: EventEnvelope) => void, r: Revocation) => {
      const key = keyOf(r);
      const keep = r.scope === 'user' ? (r.keepSession ?? null) : null;
      // The process clock, like the tokens' issued-at, so the two compare on one clock.
      const revokedBefore = new Date().toISOString();
      await tx
        .insert(tokenRevocations)
        .values({ key, tenantId: r.tenantId, revokedBefore, keepSession: keep })
        .onConflictDoUpdate({ target: tokenRevocations.key, set: { revokedBefore, keepSession: keep } });
      emit(tokenRevoked.create({ tenantId: r.tenantId, aggregateId: r.userId, payload: { key } }));
      return key;
    },
    /** Drops cached answers for these keys in this process (and in Redis for every replica). */
    forget: async (keys: string[]) => {
      if (keys.length) await o.cache.del(...keys.map(cacheKey));
    },
    /** Drops the cached answer a revocation event names (every process listens). */
    onEvent: async (e: EventEnvelope) => {
      const revoked = tokenRevoked.read(e);
      if (revoked) await o.cache.del(cacheKey(revoked.payload.key));
    },
    /**
     * The cache keys `isRevoked` reads for this token and the value each holds when nothing of
     * this user or session was ever revoked: a caller that finds exactly that in every key
     * knows the token stands without asking `isRevoked` (the auth hook, counting budgets).
     */
    clearWhen: (t: TokenInfo) => ({ keys: keysOf(t).map(cacheKey), value: NONE }),
    /** `fresh` reads the database even on a cache hit (a stream re-checking after an event). */
    isRevoked: async (t: TokenInfo, fresh = false) => {
      const entries = await load(keysOf(t), fresh);
      return [...entries.values()].some(
        (e) => t.issuedAt < e.before && (e.keep === null || e.keep !== t.sessionId),
      );
    },
  };
};

export type Revocations = ReturnType<typeof createRevocations>;
