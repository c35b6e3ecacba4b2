// A Microsip-shaped company database on a Firebird server, made from the fixture SQL: the one
// place that knows how, for the connector's tests and the sync benchmark alike.
import fs from 'node:fs';
import path from 'node:path';
import type Firebird from 'node-firebird';

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

/**
 * Creates `database` on the server as a WIN1252 database (as Microsip's are) holding the
 * fixture schema, and with `seed` the fixture's small company too; answers the attachment,
 * which talks UTF-8.
 */
export const createCompanyDatabase = async (
  server: FirebirdServer,
  database: string,
  o: { seed: boolean },
): Promise<Firebird.Database> => {
  const { default: Firebird } = await import('node-firebird');
  const db = await Firebird.createAsync({
    ...server,
    database,
    encoding: 'UTF8',
    defaultCharset: 'WIN1252',
  });
  for (const file of o.seed ? ['schema.sql', 'seed.sql'] : ['schema.sql'])
    for (const sql of statements(fs.readFileSync(path.join(FIXTURES, file), 'utf8')))
      await db.queryAsync(sql);
  return db;
};
