import type { Db, Tx } from '../db/client.ts';
import { scopeToTenant } from '../db/tenant.ts';
import type { EventEnvelope } from './envelope.ts';
import { appendToOutbox } from './outbox.ts';

export type Emit = (event: EventEnvelope) => void;
type Work<T> = (tx: Tx, emit: Emit) => Promise<T>;

/**
 * Runs work in one transaction; events it emits go to the outbox in that same transaction.
 * After commit, and before the work's caller gets its answer, `afterCommit` sees those events
 * (the relay is nudged, caches the write made stale are dropped). A rollback discards both the
 * change and its events. `forTenant` also scopes the transaction to one tenant for row-level
 * security.
 */
export const createUnitOfWork = (
  db: Db,
  afterCommit: (events: EventEnvelope[]) => Promise<void>,
  rowSecurity: () => boolean,
) => {
  const run = async <T>(tenantId: string | undefined, fn: Work<T>): Promise<T> => {
    const pending: EventEnvelope[] = [];
    const result = await db.transaction(async (tx) => {
      if (tenantId) await scopeToTenant(tx, tenantId, rowSecurity());
      const r = await fn(tx, (e) => pending.push(e));
      await appendToOutbox(tx, pending);
      return r;
    });
    if (pending.length > 0) await afterCommit(pending);
    return result;
  };
  return Object.assign(<T>(fn: Work<T>) => run(undefined, fn), {
    forTenant: <T>(tenantId: string, fn: Work<T>) => run(tenantId, fn),
  });
};

export type UnitOfWork = ReturnType<typeof createUnitOfWork>;

/**
 * Reads that fill a cache, in one transaction scoped to a tenant, on the database's read
 * connections (see `Database.reads`): they never wait for a connection behind writers.
 * Nothing is emitted, so nothing is written.
 */
export const createReads = (db: Db, rowSecurity: () => boolean) => ({
  forTenant: <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await scopeToTenant(tx, tenantId, rowSecurity());
      return fn(tx);
    }),
});

export type Reads = ReturnType<typeof createReads>;
