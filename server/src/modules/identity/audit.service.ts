import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { auditLog } from './schema.ts';

export type AuditQuery = PageQuery & {
  user_id?: string | undefined;
  action?: string | undefined;
  resource_type?: string | undefined;
  resource_id?: string | undefined;
  /** Instants, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

export const createAuditService = (p: Platform) => ({
  /** The tenant's audit log, newest first. */
  list: (ctx: RequestContext, q: AuditQuery) => {
    const filters: (SQL | undefined)[] = [
      eq(auditLog.tenantId, ctx.tenantId),
      q.user_id ? eq(auditLog.userId, q.user_id) : undefined,
      q.action ? eq(auditLog.action, q.action) : undefined,
      q.resource_type ? eq(auditLog.resourceType, q.resource_type) : undefined,
      q.resource_id ? eq(auditLog.resourceId, q.resource_id) : undefined,
      q.from ? gte(auditLog.createdAt, q.from) : undefined,
      q.to ? lte(auditLog.createdAt, q.to) : undefined,
    ];
    const where = and(...filters);
    return p.uow.forTenant(ctx.tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(q.limit)
        .offset(offsetOf(q));
      const [total] = await tx.select({ n: count() }).from(auditLog).where(where);
      return pageOf(
        rows.map((r) => ({
          id: r.id,
          user_id: r.userId,
          action: r.action,
          resource_type: r.resourceType,
          resource_id: r.resourceId,
          ip: r.ip,
          user_agent: r.userAgent,
          details: r.details,
          created_at: new Date(r.createdAt).toISOString(),
        })),
        total?.n ?? 0,
        q,
      );
    });
  },
});

export type AuditService = ReturnType<typeof createAuditService>;
