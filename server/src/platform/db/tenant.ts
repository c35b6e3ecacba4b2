import { sql } from 'drizzle-orm';
import { isUuid } from '../ids.ts';
import type { Db, Tx } from './client.ts';

/** Whether this database has the flujo_app role and the app may switch to it. */
export const detectRowSecurity = async (db: Db): Promise<boolean> => {
  const { rows } = await db.execute<{ ok: boolean }>(
    sql`select exists (select 1 from pg_roles where rolname = 'flujo_app')
          and pg_has_role(current_user, 'flujo_app', 'MEMBER') as ok`,
  );
  return rows[0]?.ok === true;
};

/**
 * Scopes the transaction to one tenant: `app.tenant_id` for the policies and, where the role
 * exists, the unprivileged flujo_app role so they apply. Both are transaction-local, so a
 * pooled connection never carries them into another request.
 */
export const scopeToTenant = async (tx: Tx, tenantId: string, rowSecurity: boolean) => {
  // The tenant id comes from a verified token; checked here all the same, it is written into
  // the statement so that the statement has no parameters and travels with BEGIN (one round
  // trip; see deferred-begin.ts). `set_config('role', …, true)` is `SET LOCAL ROLE`.
  if (!isUuid(tenantId)) throw new Error('tenant id is not a UUID');
  const scope = `set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`;
  await tx.execute(
    sql.raw(rowSecurity ? `select set_config('role', 'flujo_app', true), ${scope}` : `select ${scope}`),
  );
};

/** Schemas created outside migrations (pg-boss's) need the same grants for flujo_app. */
export const grantSchemaToAppRole = async (db: Db, schema: string) => {
  const s = sql.identifier(schema);
  await db.execute(sql`grant usage on schema ${s} to flujo_app`);
  await db.execute(sql`grant select, insert, update, delete on all tables in schema ${s} to flujo_app`);
  await db.execute(sql`grant usage, select on all sequences in schema ${s} to flujo_app`);
  await db.execute(sql`grant execute on all functions in schema ${s} to flujo_app`);
};
