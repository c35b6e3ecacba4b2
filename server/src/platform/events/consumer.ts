import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { EventHandler } from './bus.ts';
import type { EventEnvelope } from './envelope.ts';

/**
 * Wraps a handler so its effect happens once per consumer and event, however often the
 * event is delivered: the processed-event row and the handler's writes share a transaction.
 */
export const idempotent =
  (db: Db, consumer: string, handler: (tx: Tx, event: EventEnvelope) => Promise<void>): EventHandler =>
  async (event) => {
    await db.transaction(async (tx) => {
      const { rows } = await tx.execute(sql`
        insert into processed_events (consumer, event_id) values (${consumer}, ${event.id})
        on conflict do nothing returning event_id`);
      if (rows.length === 0) return;
      await handler(tx, event);
    });
  };
