import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { AuditService } from './audit.service.ts';

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

export const auditRoutes = (app: App, svc: AuditService) => {
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
    async (req) => svc.list(req.ctx, req.query),
  );
};
