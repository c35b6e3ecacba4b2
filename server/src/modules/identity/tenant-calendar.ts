import { eq } from 'drizzle-orm';
import { createMemoryCache } from '../../platform/cache/cache.ts';
import { DEFAULT_TIME_ZONE, todayIn } from '../../platform/dates.ts';
import type { Executor } from '../../platform/db/client.ts';
import { tenants } from './schema.ts';

// Process-local on purpose: a miss is one primary-key read in the caller's own transaction,
// no dearer than a Redis round trip. A tenant's change drops the entry here at once and, by its
// event, in every other process (identity's index); the TTL bounds a lost event.
const zones = createMemoryCache(10_000);
const TTL_S = 300;
const key = (tenantId: string) => `tz:${tenantId}`;

const timeZoneOf = async (ex: Executor, tenantId: string): Promise<string> => {
  const hit = await zones.get<string>(key(tenantId));
  if (hit) return hit;
  const [t] = await ex.select({ timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!t) return DEFAULT_TIME_ZONE;
  await zones.set(key(tenantId), t.timezone, TTL_S);
  return t.timezone;
};

/**
 * The tenant's calendar for other modules: which day it is where the organisation works.
 * `ex` is the caller's transaction or the pool; read inside an open transaction, pass the
 * transaction (embedded mode has one connection).
 */
export const tenantCalendar = {
  /** The tenant's IANA time zone; UTC for an unknown tenant. */
  timeZoneOf,
  /** Today's date (`YYYY-MM-DD`) in the tenant's time zone. */
  today: async (ex: Executor, tenantId: string, now: Date = new Date()) =>
    todayIn(await timeZoneOf(ex, tenantId), now),
  /** Drops the cached zone in this process (after a change commits). */
  forget: (tenantId: string) => zones.del(key(tenantId)),
};
