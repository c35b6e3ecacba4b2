import type { Executor } from '../../platform/db/client.ts';
import { auditLog } from './schema.ts';
import type { RequestMeta } from './sessions.service.ts';

export type AuditEntry = {
  tenantId: string;
  userId?: string | null;
  action: string;
  resourceType?: string;
  resourceId?: string;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
};

/** Appends to the tenant's audit log, in the caller's transaction when it has one. */
export const audit = async (tx: Executor, e: AuditEntry) => {
  await tx.insert(auditLog).values({
    tenantId: e.tenantId,
    userId: e.userId ?? null,
    action: e.action,
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    ip: e.meta?.ip ?? null,
    userAgent: e.meta?.userAgent?.slice(0, 512) ?? null,
    details: e.details ?? {},
  });
};
