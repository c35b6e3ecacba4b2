import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { offsetOf, PageQuery, paged, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { auditLog } from './schema.ts';

const AuditQuery = PageQuery.extend({
  user_id: z.uuid().optional(),
  action: z.string().max(100).optional(),
  resource_type: z.string().max(100).optional(),
  resource_id: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const AuditEntry = z.object({
  id: z.uuid(),
  user_id: z.uuid().nullable(),
  action: z.string(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

export const auditRoutes = (app: App, p: Platform) => {
  app.get(
    '/api/v1/audit-log',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['identity'],
        summary: 'The tenant audit log, newest first',
        querystring: AuditQuery,
        response: { 200: paged(AuditEntry) },
      },
    },
    async (req) => {
      const q = req.query;
      const filters: (SQL | undefined)[] = [
        eq(auditLog.tenantId, req.ctx.tenantId),
        q.user_id ? eq(auditLog.userId, q.user_id) : undefined,
        q.action ? eq(auditLog.action, q.action) : undefined,
        q.resource_type ? eq(auditLog.resourceType, q.resource_type) : undefined,
        q.resource_id ? eq(auditLog.resourceId, q.resource_id) : undefined,
        q.from ? gte(auditLog.createdAt, q.from) : undefined,
        q.to ? lte(auditLog.createdAt, q.to) : undefined,
      ];
      const where = and(...filters);
      return p.uow.forTenant(req.ctx.tenantId, async (tx) => {
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
  );
};
