import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { Executor } from '../db/client.ts';
import type { Logger } from '../observability/log.ts';

export type JobHandler<T> = (data: T, job: { id: string; name: string }) => Promise<void>;

export type JobDefinition<T extends object = object> = {
  name: string;
  handler: JobHandler<T>;
  /** Cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  retryLimit?: number;
  concurrency?: number;
};

export type Jobs = {
  define: <T extends object>(def: JobDefinition<T>) => void;
  /** Enqueues; pass the business transaction so the job exists only if it commits. */
  send: (
    name: string,
    data: object,
    opts?: { tx?: Executor; singletonKey?: string; startAfterSeconds?: number },
  ) => Promise<string | null>;
  /** Starts pg-boss; with `work` true this process also runs handlers and schedules. */
  start: (opts: { work: boolean }) => Promise<void>;
  stop: () => Promise<void>;
  status: () => 'connected' | 'down';
};

// pg-boss reads the driver's raw result: for a multi-statement query, one result per statement.
type SqlResult = { rows: Record<string, unknown>[] };

/** Lets pg-boss run inside a drizzle transaction, so a job exists only if the business change commits. */
const txAdapter = (tx: Executor) => ({
  executeSql: async (text: string, values: unknown[] = []) => {
    // Rebuild pg-boss's positional SQL as a drizzle query so it runs on the transaction handle.
    const parts = text.split(/\$(\d+)/);
    const chunks = parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${values[Number(p) - 1]}`));
    return (await tx.execute(sql.join(chunks))) as unknown as SqlResult;
  },
});

export const createJobs = (o: {
  pool: pg.Pool;
  mode: 'embedded' | 'production';
  log: Logger;
  onJob?: (name: string, outcome: 'ok' | 'failed') => void;
}): Jobs => {
  const defs = new Map<string, JobDefinition<object>>();
  const boss = new PgBoss({
    db: {
      executeSql: (text: string, values?: unknown[]) => o.pool.query(text, values) as Promise<SqlResult>,
    },
    backend: o.mode === 'embedded' ? 'pglite' : 'postgres',
    schema: 'pgboss',
  });
  let state: 'stopped' | 'started' = 'stopped';
  boss.on('error', (err) => o.log.error({ err }, 'job queue error'));

  return {
    define: (def) => {
      defs.set(def.name, def as unknown as JobDefinition<object>);
    },
    send: async (name, data, opts = {}) => {
      if (!defs.has(name)) throw new Error(`unknown job ${name}`);
      return boss.send(name, data, {
        ...(opts.tx ? { db: txAdapter(opts.tx) } : {}),
        ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
        ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      });
    },
    start: async ({ work }) => {
      await boss.start();
      state = 'started';
      for (const def of defs.values()) {
        await boss.createQueue(def.name, { retryLimit: def.retryLimit ?? 3, retryBackoff: true });
      }
      if (!work) return;
      for (const def of defs.values()) {
        await boss.work<object>(def.name, { localConcurrency: def.concurrency ?? 1 }, async (jobs) => {
          for (const job of jobs) {
            try {
              await def.handler(job.data, { id: job.id, name: job.name });
              o.onJob?.(def.name, 'ok');
            } catch (err) {
              o.onJob?.(def.name, 'failed');
              throw err;
            }
          }
        });
        if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
      }
    },
    stop: async () => {
      if (state !== 'started') return;
      state = 'stopped';
      // graceful: running handlers finish before the pool closes.
      await boss.stop({ graceful: true, close: false, timeout: 10_000 });
    },
    status: () => (state === 'started' ? 'connected' : 'down'),
  };
};
