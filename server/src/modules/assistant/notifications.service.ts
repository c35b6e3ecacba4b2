import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { notificationPreferences, notifications } from './schema.ts';

export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
};

/** The bell in the header: a user's own notifications, and whether they want reports by mail. */
export const createNotifications = (p: Platform) => {
  const mine = (ctx: RequestContext) =>
    and(eq(notifications.tenantId, ctx.tenantId), eq(notifications.userId, ctx.userId));
  return {
    add: (tx: Tx, tenantId: string, items: NewNotification[]) =>
      items.length
        ? tx.insert(notifications).values(
            items.map((n) => ({
              tenantId,
              userId: n.userId,
              kind: n.kind,
              title: n.title.slice(0, 200),
              body: n.body.slice(0, 8000),
              data: n.data ?? {},
            })),
          )
        : Promise.resolve(),
    list: (ctx: RequestContext, q: { page: number; limit: number; unread?: boolean | undefined }) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const where = and(mine(ctx), q.unread ? isNull(notifications.readAt) : undefined);
        const [counts] = await tx
          .select({
            total: sql<number>`count(*) filter (where ${q.unread ? sql`${notifications.readAt} is null` : sql`true`})::int`,
            unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)::int`,
          })
          .from(notifications)
          .where(mine(ctx));
        const data = await tx
          .select()
          .from(notifications)
          .where(where)
          .orderBy(desc(notifications.createdAt), desc(notifications.id))
          .limit(q.limit)
          .offset((q.page - 1) * q.limit);
        return { data, total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
      }),
    markRead: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [row] = await tx
          .update(notifications)
          .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
          .where(and(mine(ctx), eq(notifications.id, id)))
          .returning();
        if (!row) throw new DomainError('ai.notification_not_found');
        return row;
      }),
    markAllRead: (ctx: RequestContext) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await tx
          .update(notifications)
          .set({ readAt: sql`now()` })
          .where(and(mine(ctx), isNull(notifications.readAt)))
          .returning({ id: notifications.id });
        return rows.length;
      }),
    preferences: (ctx: RequestContext) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [row] = await tx
          .select()
          .from(notificationPreferences)
          .where(
            and(
              eq(notificationPreferences.tenantId, ctx.tenantId),
              eq(notificationPreferences.userId, ctx.userId),
            ),
          );
        return { email_reports: row?.emailReports ?? false };
      }),
    setPreferences: (ctx: RequestContext, prefs: { email_reports: boolean }) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await tx
          .insert(notificationPreferences)
          .values({ tenantId: ctx.tenantId, userId: ctx.userId, emailReports: prefs.email_reports })
          .onConflictDoUpdate({
            target: [notificationPreferences.tenantId, notificationPreferences.userId],
            set: { emailReports: prefs.email_reports, updatedAt: sql`now()` },
          });
        return { email_reports: prefs.email_reports };
      }),
    /** Of these users, those who asked for reports by mail. */
    mailOptIns: (tx: Tx, tenantId: string, userIds: string[]) =>
      userIds.length
        ? tx
            .select({ userId: notificationPreferences.userId })
            .from(notificationPreferences)
            .where(
              and(
                eq(notificationPreferences.tenantId, tenantId),
                eq(notificationPreferences.emailReports, true),
                sql`${notificationPreferences.userId} = any(${sql.param(userIds)}::uuid[])`,
              ),
            )
            .then((r) => new Set(r.map((x) => x.userId)))
        : Promise.resolve(new Set<string>()),
  };
};

export type Notifications = ReturnType<typeof createNotifications>;
