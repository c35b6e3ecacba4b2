// Test support: a real Firebird server from FIREBIRD_URL (scripts/firebird.sh prints it) and
// fresh Microsip-shaped databases made from the fixture SQL, so tests that change rows own theirs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Firebird from 'node-firebird';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/microsip');

export type FirebirdServer = { host: string; port: number; database: string; user: string; password: string };

/** `firebird://USER:PASSWORD@HOST:PORT//absolute/path.fdb` (or `/alias`). */
export const parseFirebirdUrl = (url: string): FirebirdServer => {
  const u = new URL(url);
  if (u.protocol !== 'firebird:') throw new Error(`not a firebird:// URL: ${u.protocol}`);
  return {
    host: u.hostname,
    port: Number(u.port || 3050),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username || 'SYSDBA'),
    password: decodeURIComponent(u.password),
  };
};

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

/** Statements of a fixture file: `--` comments dropped, split at `;` outside quotes; COMMIT is isql's job. */
export const statements = (sql: string): string[] => {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const line of sql.split('\n')) {
    if (!quoted && line.trim().startsWith('--')) continue;
    for (const ch of `${line}\n`) {
      if (ch === "'") quoted = !quoted;
      if (ch === ';' && !quoted) {
        if (current.trim() && !/^commit$/i.test(current.trim())) out.push(current.trim());
        current = '';
      } else current += ch;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
};

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
  const options = { ...server, database, encoding: 'UTF8' as const, defaultCharset: 'WIN1252' };
  const db = await Firebird.createAsync(options);
  const exec = (sql: string, params: unknown[] = []) => db.queryAsync(sql, params);
  for (const file of ['schema.sql', 'seed.sql'])
    for (const sql of statements(fs.readFileSync(path.join(FIXTURES, file), 'utf8'))) await exec(sql);
  return { database, exec, drop: () => db.dropAsync() };
};
