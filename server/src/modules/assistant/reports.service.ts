import { and, desc, eq, sql } from 'drizzle-orm';
import { hasPermission, type RequestContext } from '../../platform/domain/context.ts';
import { todayIn } from '../../platform/dates.ts';
import type { Platform } from '../../platform/platform.ts';
import { MAIL_JOB, tenantsWithZones, usersWithPermission } from '../identity/index.ts';
import type { Notifications } from './notifications.service.ts';
import { buildReport } from './planner/report.ts';
import { aiReports } from './schema.ts';
import type { ApiCall } from './tools/api.ts';
import type { Lang } from './tools/types.ts';

export const PENETRATION_REPORT_JOB = 'assistant-penetration-report';
/** Who receives the reports: the planners, who can act on a suggestion. */
const RECIPIENT_PERMISSION = 'replenishment:approve';
/** What the report reads, whatever else its recipients may do. */
const READS = [
  'buffer:read',
  'replenishment:read',
  'product:read',
  'location:read',
  'supplier:read',
  'inventory:read',
  'order:read',
  'analytics:read',
];
const DAILY_HOUR = 6;
/** After a penetration report, further penetrations wait this long (one report, not one per buffer). */
export const PENETRATION_QUIET_MINUTES = 60;
const PENETRATION_DELAY_S = 120;

const localHour = (timeZone: string, now: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));

/**
 * Seed 000 §5.3's proactive analysis: a daily report at 06:00 in the tenant's time zone, and
 * one shortly after buffers are penetrated (debounced), written from the same facts the chat's
 * tools read, into each planner's notifications and, for those who opted in, their mail.
 */
export const createReports = (
  p: Platform,
  deps: { notifications: Notifications; apiFor: (ctx: RequestContext) => ApiCall },
) => {
  const produce = async (tenantId: string, trigger: 'daily' | 'penetration', day: string) => {
    const recipients = await usersWithPermission(p.database.db, tenantId, RECIPIENT_PERMISSION);
    // One report per store scope and language: a store-scoped planner reads only their stores.
    const groups = new Map<string, typeof recipients>();
    for (const r of recipients) {
      const key = `${JSON.stringify(r.storeIds)}|${r.language === 'en' ? 'en' : 'es'}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    let urgent = 0;
    const written: {
      userId: string;
      email: string;
      title: string;
      body: string;
      kind: string;
      data: Record<string, unknown>;
    }[] = [];
    for (const [key, members] of groups) {
      const first = members[0];
      if (!first) continue;
      const lang: Lang = key.endsWith('|en') ? 'en' : 'es';
      const ctx: RequestContext = {
        tenantId,
        userId: first.id,
        kind: 'user',
        roles: [],
        // What every member may read: the report shows nobody more than their own pages would.
        permissions: READS.filter((r) => members.every((m) => hasPermission(m.permissions, r))),
        storeIds: first.storeIds,
      };
      const report = await buildReport(deps.apiFor(ctx), lang);
      urgent = Math.max(urgent, report.urgent);
      if (trigger === 'penetration' && report.urgent === 0) continue;
      for (const m of members)
        written.push({
          userId: m.id,
          email: m.email,
          kind: `assistant.report.${trigger}`,
          title: report.title,
          body: report.body,
          data: { trigger, day, urgent: report.urgent, items: report.items.slice(0, 20) },
        });
    }
    await p.uow.forTenant(tenantId, async (tx) => {
      await deps.notifications.add(tx, tenantId, written);
      const optedIn = await deps.notifications.mailOptIns(
        tx,
        tenantId,
        written.map((w) => w.userId),
      );
      for (const w of written)
        if (optedIn.has(w.userId))
          await p.jobs.send(MAIL_JOB, { to: w.email, subject: w.title, text: w.body, tenantId }, { tx });
    });
    return { recipients: written.length, urgent };
  };

  /** Every quarter hour: tenants whose local time has passed 06:00 and have no report for their day get one. */
  const dailyTick = async (now = new Date()) => {
    const tenants = await tenantsWithZones(p.database.db);
    for (const t of tenants) {
      if (localHour(t.timezone, now) < DAILY_HOUR) continue;
      const day = todayIn(t.timezone, now);
      const claimed = await p.uow.forTenant(t.id, (tx) =>
        tx
          .insert(aiReports)
          .values({ tenantId: t.id, trigger: 'daily', day, urgent: 0 })
          .onConflictDoNothing()
          .returning({ id: aiReports.id }),
      );
      const row = claimed[0];
      if (!row) continue;
      try {
        const out = await produce(t.id, 'daily', day);
        await p.uow.forTenant(t.id, (tx) =>
          tx.update(aiReports).set({ urgent: out.urgent }).where(eq(aiReports.id, row.id)),
        );
      } catch (err) {
        // Hand the day back so the next tick tries again.
        await p.uow.forTenant(t.id, (tx) => tx.delete(aiReports).where(eq(aiReports.id, row.id)));
        p.log.warn({ err, tenantId: t.id }, 'daily assistant report failed');
      }
    }
  };

  /** A penetration schedules one report a little later; the job singleton folds a burst into it. */
  const onPenetrated = (tenantId: string) =>
    p.jobs.send(
      PENETRATION_REPORT_JOB,
      { tenantId },
      { singletonKey: `assistant-report:${tenantId}`, startAfterSeconds: PENETRATION_DELAY_S },
    );

  const penetrationReport = async (tenantId: string, now = new Date()) => {
    const recent = await p.uow.forTenant(tenantId, (tx) =>
      tx
        .select({ at: aiReports.createdAt })
        .from(aiReports)
        .where(
          and(
            eq(aiReports.tenantId, tenantId),
            eq(aiReports.trigger, 'penetration'),
            sql`${aiReports.createdAt} > ${new Date(now.getTime() - PENETRATION_QUIET_MINUTES * 60_000).toISOString()}`,
          ),
        )
        .orderBy(desc(aiReports.createdAt))
        .limit(1),
    );
    if (recent.length) return { skipped: true as const };
    const day = now.toISOString().slice(0, 10);
    const out = await produce(tenantId, 'penetration', day);
    await p.uow.forTenant(tenantId, (tx) =>
      tx.insert(aiReports).values({ tenantId, trigger: 'penetration', day, urgent: out.urgent }),
    );
    return { skipped: false as const, ...out };
  };

  return { produce, dailyTick, onPenetrated, penetrationReport };
};

export type Reports = ReturnType<typeof createReports>;
