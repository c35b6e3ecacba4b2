import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Logger } from '../observability/log.ts';
import type { EventBus } from './bus.ts';
import type { EventEnvelope } from './envelope.ts';

type Row = {
  id: string;
  tenant_id: string | null;
  type: string;
  version: number;
  aggregate_id: string;
  payload: unknown;
  occurred_at: string | Date;
};

export type RelayOptions = {
  db: Db;
  bus: EventBus;
  log: Logger;
  pollMs: number;
  batchSize?: number;
  onPublished?: (type: string) => void;
  /** Fault injection for tests: runs after the bus accepted an event, before the row is marked. */
  afterPublish?: (event: EventEnvelope) => void;
};

export type OutboxRelay = {
  start: () => void;
  nudge: () => void;
  runOnce: () => Promise<number>;
  /** Stops polling after publishing what is committed (graceful shutdown). */
  stop: () => Promise<void>;
};

const toEnvelope = (r: Row): EventEnvelope => ({
  id: r.id,
  type: r.type,
  version: r.version,
  tenantId: r.tenant_id,
  aggregateId: r.aggregate_id,
  payload: r.payload,
  occurredAt:
    r.occurred_at instanceof Date ? r.occurred_at.toISOString() : new Date(r.occurred_at).toISOString(),
});

/**
 * Publishes committed outbox rows in order. Rows are locked with SKIP LOCKED so several
 * workers can relay at once; a crash after publishing and before marking republishes the
 * event, which the bus de-duplicates by id and consumers by the processed-events table.
 */
export const createOutboxRelay = (o: RelayOptions): OutboxRelay => {
  const batchSize = o.batchSize ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  const publishBatch = async (): Promise<number> =>
    o.db.transaction(async (tx) => {
      const { rows } = await tx.execute<Row>(sql`
        select id, tenant_id, type, version, aggregate_id, payload, occurred_at
        from outbox where published_at is null
        order by seq limit ${batchSize} for update skip locked`);
      const done: string[] = [];
      // The whole batch goes out at once, in order, and the acknowledgements are awaited after:
      // one write to the broker per batch rather than a round trip per event, which a nightly
      // recalculation (hundreds of thousands of events) would otherwise pay on the event loop
      // it shares with the work. Rows are marked up to the first failure; the ones after it go
      // out again next time and the bus drops the duplicates by id.
      const events = rows.map(toEnvelope);
      const sent = events.map((e) => o.bus.publish(e));
      for (const s of sent) s.catch(() => {});
      try {
        for (const [i, event] of events.entries()) {
          await sent[i];
          o.afterPublish?.(event);
          done.push(event.id);
          o.onPublished?.(event.type);
        }
      } catch (err) {
        const failed = rows[done.length];
        o.log.warn({ err, eventId: failed?.id }, 'outbox publish failed; will retry');
        if (failed) {
          await tx.execute(
            sql`update outbox set attempts = attempts + 1, last_error = ${String(err)} where id = ${failed.id}`,
          );
        }
      }
      if (done.length > 0) {
        await tx.execute(sql`update outbox set published_at = now()
          where id in (${sql.join(
            done.map((id) => sql`${id}`),
            sql`, `,
          )})`);
      }
      return done.length;
    });

  const runOnce = async (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          let n: number;
          do {
            n = await publishBatch();
            total += n;
          } while (n === batchSize);
        } while (again);
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  };

  const tick = () => {
    if (stopped) return;
    runOnce()
      .catch((err) => o.log.error({ err }, 'outbox relay failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.pollMs);
      });
  };

  return {
    start: () => {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    nudge: () => {
      if (stopped) return;
      runOnce().catch((err) => o.log.error({ err }, 'outbox relay failed'));
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      if (running) await running.catch(() => 0);
      await runOnce().catch((err) => o.log.warn({ err }, 'final outbox flush failed'));
    },
  };
};
