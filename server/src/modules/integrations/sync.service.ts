import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { CronExpressionParser } from 'cron-parser';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { connectionView, pickConnection } from './connections.service.ts';
import { connections, type SyncType, syncJobs, syncState, SYNC_TYPES } from './schema.ts';

export const SYNC_JOB = 'integrations-sync';
export type SyncJobData = { tenantId: string; jobId: string };

type Job = typeof syncJobs.$inferSelect;
const jobView = (j: Job) => ({
  id: j.id,
  connection_id: j.connectionId,
  types: j.types,
  incremental: j.incremental,
  trigger: j.trigger,
  status: j.status,
  processed: j.processed,
  created: j.created,
  updated: j.updated,
  failed: j.failed,
  error: j.error,
  created_at: new Date(j.createdAt).toISOString(),
  started_at: j.startedAt ? new Date(j.startedAt).toISOString() : null,
  completed_at: j.completedAt ? new Date(j.completedAt).toISOString() : null,
});

/** When a cron schedule (UTC) fires next and last fired, or null for a schedule that does not parse. */
export const firings = (cron: string, now = new Date()) => {
  try {
    const it = CronExpressionParser.parse(cron, { currentDate: now, tz: 'UTC' });
    const next = it.next().toDate();
    const prev = CronExpressionParser.parse(cron, { currentDate: now, tz: 'UTC' }).prev().toDate();
    return { next, prev };
  } catch {
    return null;
  }
};

export const createSyncService = (p: Platform) => {
  /** Queues a sync; one at a time per connection (a second request while one waits or runs gets that one). */
  const start = async (
    tenantId: string,
    o: {
      connectionId?: string | undefined;
      types: SyncType[];
      incremental: boolean;
      trigger: Job['trigger'];
      userId: string | null;
    },
  ) =>
    p.uow.forTenant(tenantId, async (tx) => {
      const conn = await pickConnection(tx, tenantId, o.connectionId);
      const [open] = await tx
        .select()
        .from(syncJobs)
        .where(and(eq(syncJobs.connectionId, conn.id), inArray(syncJobs.status, ['pending', 'running'])))
        .for('update');
      if (open) return { job: jobView(open), queued: false };
      const [job] = await tx
        .insert(syncJobs)
        .values({
          tenantId,
          connectionId: conn.id,
          types: o.types,
          incremental: o.incremental,
          trigger: o.trigger,
          createdBy: o.userId,
        })
        .returning();
      if (!job) throw new Error('sync job not written');
      const data: SyncJobData = { tenantId, jobId: job.id };
      await p.jobs.send(SYNC_JOB, data, { tx, singletonKey: job.id });
      return { job: jobView(job), queued: true };
    });

  /** An incremental sync of everything a connection reads, started by the ERP's own push or the schedule. */
  const startFor = (tenantId: string, connectionId: string, trigger: 'webhook' | 'schedule') =>
    start(tenantId, { connectionId, types: [...SYNC_TYPES], incremental: true, trigger, userId: null });

  return {
    start: (
      ctx: RequestContext,
      o: { connection_id?: string | undefined; types: SyncType[]; incremental: boolean },
    ) =>
      start(ctx.tenantId, {
        connectionId: o.connection_id,
        types: o.types,
        incremental: o.incremental,
        trigger: 'manual',
        userId: ctx.kind === 'user' ? ctx.userId : null,
      }),

    startFor,

    /** Seed 004's status: each connection's schedule and last sync per kind of record, and the last jobs. */
    status: (ctx: RequestContext, connectionId?: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const conns = await tx
          .select()
          .from(connections)
          .where(
            and(
              eq(connections.tenantId, ctx.tenantId),
              connectionId ? eq(connections.id, connectionId) : undefined,
            ),
          );
        if (connectionId && conns.length === 0) throw new DomainError('integrations.connection_not_found');
        const states = await tx.select().from(syncState).where(eq(syncState.tenantId, ctx.tenantId));
        const jobs = await tx
          .select()
          .from(syncJobs)
          .where(
            and(
              eq(syncJobs.tenantId, ctx.tenantId),
              connectionId ? eq(syncJobs.connectionId, connectionId) : undefined,
            ),
          )
          .orderBy(desc(syncJobs.createdAt))
          .limit(20);
        return {
          connections: conns.map((c) => ({
            ...connectionView(c),
            next_run: c.enabled && c.schedule ? (firings(c.schedule)?.next.toISOString() ?? null) : null,
            last_sync: Object.fromEntries(
              SYNC_TYPES.map((type) => {
                const s = states.find((x) => x.connectionId === c.id && x.type === type);
                return [type, s?.lastSyncAt ? new Date(s.lastSyncAt).toISOString() : null];
              }),
            ) as Record<SyncType, string | null>,
          })),
          jobs: jobs.map(jobView),
        };
      }),

    job: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [j] = await tx
          .select()
          .from(syncJobs)
          .where(and(eq(syncJobs.tenantId, ctx.tenantId), eq(syncJobs.id, id)));
        if (!j) throw new DomainError('integrations.sync_job_not_found');
        return jobView(j);
      }),

    /**
     * The scheduler's tick: every enabled connection whose cron fired since its last scheduled
     * sync gets an incremental one. Runs across tenants, as the daily recalculation does.
     */
    due: async (now = new Date()) => {
      const all = await p.database.db
        .select({ id: connections.id, tenantId: connections.tenantId, schedule: connections.schedule })
        .from(connections)
        .where(eq(connections.enabled, true));
      let queued = 0;
      for (const c of all) {
        const f = c.schedule ? firings(c.schedule, now) : null;
        if (!f) continue;
        const [last] = await p.database.db
          .select({ at: sql<string>`max(${syncJobs.createdAt})` })
          .from(syncJobs)
          .where(and(eq(syncJobs.connectionId, c.id), eq(syncJobs.trigger, 'schedule')));
        if (last?.at && new Date(last.at) >= f.prev) continue;
        const out = await startFor(c.tenantId, c.id, 'schedule');
        if (out.queued) queued++;
      }
      return queued;
    },
  };
};

export type SyncService = ReturnType<typeof createSyncService>;
