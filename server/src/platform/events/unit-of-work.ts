import type { Db, Tx } from '../db/client.ts';
import type { EventEnvelope } from './envelope.ts';
import { appendToOutbox } from './outbox.ts';

export type Emit = (event: EventEnvelope) => void;

/**
 * Runs `fn` in one transaction; events it emits go to the outbox in that same transaction
 * and the relay is nudged after commit. A rollback discards both the change and its events.
 */
export const createUnitOfWork =
  (db: Db, nudge: () => void) =>
  async <T>(fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> => {
    const pending: EventEnvelope[] = [];
    const result = await db.transaction(async (tx) => {
      const r = await fn(tx, (e) => pending.push(e));
      await appendToOutbox(tx, pending);
      return r;
    });
    if (pending.length > 0) nudge();
    return result;
  };

export type UnitOfWork = ReturnType<typeof createUnitOfWork>;
