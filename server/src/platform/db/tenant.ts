import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

/**
 * Marks the transaction with the tenant it works for. Row-level security policies read
 * `app.tenant_id`; it is transaction-local so a pooled connection never carries it over.
 */
export const setTenant = async (tx: Tx, tenantId: string) => {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
};
