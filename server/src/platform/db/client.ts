import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import type { Logger } from '../observability/log.ts';
import { DeferredBeginPool } from './deferred-begin.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the pool-backed handle or a transaction handle. */
export type Executor = Db | Tx;

export type Database = {
  mode: 'embedded' | 'production';
  db: Db;
  pool: pg.Pool;
  /**
   * Short reads that fill a cache (availability) on connections of their own, so a read never
   * queues behind writers that hold the pool's connections while they wait on a row lock.
   * Embedded, the one session serves both.
   */
  reads: Db;
  url: string;
  ping: () => Promise<boolean>;
  close: () => Promise<void>;
};

export const migrationsFolder = path.resolve(import.meta.dirname, '../../../migrations');

// numeric columns come back as strings (exact); bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const describe = (url: string) => {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? u.hostname;
    return `${host}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
};

export class DatabaseUnavailableError extends Error {}

/**
 * Probes hit health and readiness many times a second under load; one round trip answers
 * all callers within `freshMs`, so probing never competes with real work for connections.
 */
const sharedPing = (pool: pg.Pool, freshMs = 1000) => {
  let last: { at: number; ok: boolean } | undefined;
  let inflight: Promise<boolean> | undefined;
  return (): Promise<boolean> => {
    if (last && Date.now() - last.at < freshMs) return Promise.resolve(last.ok);
    inflight ??= pool
      .query('select 1')
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        last = { at: Date.now(), ok };
        inflight = undefined;
        return ok;
      });
    return inflight;
  };
};

/** A pool of `max` connections that waits `connectWaitMs` for one. */
const createPool = (url: string, o: { max: number; connectWaitMs: number; name: string }, log: Logger) => {
  const pool = new pg.Pool({
    connectionString: url,
    max: o.max,
    connectionTimeoutMillis: o.connectWaitMs,
    idleTimeoutMillis: 30_000,
    // No statement_timeout here: as a startup parameter PgBouncer refuses it, and a session
    // SET would land on whichever server connection the pooler lends. Each transaction sets
    // it locally instead (deferred-begin.ts).
    application_name: o.name,
  });
  pool.on('error', (err) => log.warn({ err }, 'idle database client error'));
  return pool;
};

/** Opens the pool, and fails within seconds with a clear message when the server is unreachable. */
const openPool = async (url: string, o: { max: number; connectWaitMs: number }, log: Logger) => {
  const pool = createPool(url, { ...o, name: 'flujo' }, log);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? (err as NodeJS.ErrnoException).code || err.message : String(err);
    throw new DatabaseUnavailableError(`cannot connect to the database at ${describe(url)}: ${reason}`);
  }
  return pool;
};

export const openDatabase = async (
  config: Pick<Config, 'DATABASE_URL' | 'DB_POOL_MAX' | 'DB_READ_POOL_MAX' | 'DB_STATEMENT_TIMEOUT_MS'> & {
    dataDir?: string;
  },
  log: Logger,
): Promise<Database> => {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, maxConnections: 4 });
  const url = config.DATABASE_URL ?? embedded?.url ?? '';
  let pool: pg.Pool;
  try {
    // PGlite is one session: its socket multiplexer keeps transactions apart but can interleave
    // two connections' extended-protocol messages (a Parse replacing another's unnamed
    // statement). One connection queues work in the pool instead, which is also PGlite's pace.
    // Embedded, the wait for a connection is the queue for that one session, which a busy
    // laptop may keep a while: it waits rather than fail the request.
    pool = await openPool(
      url,
      embedded ? { max: 1, connectWaitMs: 60_000 } : { max: config.DB_POOL_MAX, connectWaitMs: 5000 },
      log,
    );
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const timeout = embedded ? 0 : config.DB_STATEMENT_TIMEOUT_MS;
  const builderOn = (p: pg.Pool) =>
    drizzle({ client: new DeferredBeginPool(p, { statementTimeoutMs: timeout }) as unknown as pg.Pool });
  const db = builderOn(pool);
  // Connected on first use: a process that fills no cache opens none.
  const readPool = embedded
    ? undefined
    : createPool(url, { max: config.DB_READ_POOL_MAX, connectWaitMs: 5000, name: 'flujo-reads' }, log);
  return {
    mode: embedded ? 'embedded' : 'production',
    db,
    pool,
    reads: readPool ? builderOn(readPool) : db,
    url,
    ping: sharedPing(pool),
    close: async () => {
      await readPool?.end();
      await pool.end();
      await embedded?.stop();
    },
  };
};

// Several processes (api replicas, workers) may start together; one sets up at a time.
const STARTUP_LOCK = 7_406_110_001;

/**
 * Runs start-up schema work (migrations, the job queue's own schema) under a cluster-wide
 * advisory lock. The lock is transaction-scoped and its transaction stays open while `fn` runs
 * on other connections: a pooler in transaction mode keeps one server connection for an open
 * transaction, so the lock and its release (the commit) happen on the same server session,
 * which a session-level lock and unlock sent as separate transactions would not. The embedded
 * database serves one process, and its single pooled connection must stay free for `fn`, so
 * there it runs without the lock.
 */
export const withStartupLock = async <T>(database: Database, fn: () => Promise<T>): Promise<T> => {
  if (database.mode === 'embedded') return fn();
  const client = await database.pool.connect();
  let failed = false;
  try {
    // Waiting for another process's migrations may take longer than any statement timeout.
    await client.query('begin; set local statement_timeout = 0');
    await client.query('select pg_advisory_xact_lock($1)', [STARTUP_LOCK]);
    return await fn();
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await client.query(failed ? 'rollback' : 'commit').then(
      () => client.release(),
      (err: Error) => client.release(err),
    );
  }
};

export const runMigrations = (database: Database) =>
  withStartupLock(database, () => migrate(database.db, { migrationsFolder }));
