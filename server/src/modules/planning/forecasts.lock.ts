import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';

/**
 * Ranges of one item must not overlap, and a check-then-write is racy: imports lock the
 * tenant's forecasts whole; single writes share that lock and take their item's exclusively.
 */
export const lockForecasts = (tx: Tx, tenantId: string, shared: boolean) =>
  shared
    ? tx.execute(
        sql`select pg_advisory_xact_lock_shared(hashtext('demand_forecasts'), hashtext(${tenantId}))`,
      )
    : tx.execute(sql`select pg_advisory_xact_lock(hashtext('demand_forecasts'), hashtext(${tenantId}))`);
