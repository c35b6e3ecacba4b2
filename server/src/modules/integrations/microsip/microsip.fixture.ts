// Test support: a real Firebird server from FIREBIRD_URL (scripts/firebird.sh prints it) and
// fresh Microsip-shaped databases made from the fixture SQL, so tests that change rows own theirs.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createCompanyDatabase, parseFirebirdUrl } from './company-database.ts';

const url = process.env.FIREBIRD_URL;
// CI sets FLUJO_REQUIRE_FIREBIRD: there a missing server fails instead of skipping.
if (!url && process.env.FLUJO_REQUIRE_FIREBIRD === '1')
  throw new Error(
    'FLUJO_REQUIRE_FIREBIRD=1 but FIREBIRD_URL is not set (eval "$(bash scripts/firebird.sh)")',
  );

export const server = url ? parseFirebirdUrl(url) : null;

/** `skip` for a Firebird suite: false, or why it cannot run here. */
export const skip = server
  ? false
  : 'FIREBIRD_URL not set (eval "$(bash scripts/firebird.sh)" as root starts a server)';

export type CompanyDatabase = {
  database: string;
  /** Run statements as SYSDBA over UTF-8, each committed (to change rows between reads). */
  exec: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  drop: () => Promise<void>;
};

/** A new WIN1252 database beside the one in FIREBIRD_URL, loaded with the fixture schema and seed. */
export const freshCompanyDatabase = async (name: string): Promise<CompanyDatabase> => {
  if (!server) throw new Error('FIREBIRD_URL not set');
  const database = path.posix.join(
    path.posix.dirname(server.database),
    `flujo_${name}_${process.pid}_${randomBytes(3).toString('hex')}.fdb`,
  );
  const db = await createCompanyDatabase(server, database, { seed: true });
  const exec = (sql: string, params: unknown[] = []) => db.queryAsync(sql, params);
  return { database, exec, drop: () => db.dropAsync() };
};
