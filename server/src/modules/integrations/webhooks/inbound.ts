import { eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/domain/context.ts';
import { DomainError } from '../../../platform/domain/errors.ts';
import type { Platform } from '../../../platform/platform.ts';
import { loadConnection } from '../connections.service.ts';
import { newSecret, verify } from '../domain/webhooks.ts';
import { connections, inboundWebhooks } from '../schema.ts';
import type { SyncService } from '../sync.service.ts';

/**
 * Pushes from an ERP: a signed POST to the connection's own address says something changed,
 * and an incremental sync starts. Signed as Standard Webhooks, checked in constant time, and
 * handled once per message id however often the ERP retries it.
 */
export const createInbound = (p: Platform, sync: SyncService) => ({
  /** A new inbound secret for the connection, shown once; the old one stops at once. */
  newSecret: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await loadConnection(tx, ctx.tenantId, id);
      const secret = newSecret();
      await tx
        .update(connections)
        .set({ inboundSecret: p.sealer.seal(secret), updatedAt: sql`now()` })
        .where(eq(connections.id, id));
      return { secret, url: `/api/v1/integrations/connections/${id}/webhook` };
    }),

  receive: async (id: string, headers: Record<string, string | string[] | undefined>, body: string) => {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    };
    // The connection is found before its tenant is known: the address names it, the signature proves it.
    const [c] = await p.database.db
      .select({ id: connections.id, tenantId: connections.tenantId, secret: connections.inboundSecret })
      .from(connections)
      .where(eq(connections.id, id));
    const refuse = () => new DomainError('integrations.inbound_refused');
    if (!c?.secret) throw refuse();
    const msg = {
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
    };
    if (!msg.id || msg.id.length > 200) throw refuse();
    const outcome = verify([p.sealer.open(c.secret)], msg, body);
    if (outcome !== 'ok')
      throw new DomainError('integrations.inbound_refused', {
        detail:
          outcome === 'stale'
            ? 'The push is too old or its timestamp is missing.'
            : 'The signature does not match.',
      });
    const first = await p.uow.forTenant(c.tenantId, async (tx) => {
      const rows = await tx
        .insert(inboundWebhooks)
        .values({ tenantId: c.tenantId, connectionId: c.id, messageId: msg.id })
        .onConflictDoNothing()
        .returning({ id: inboundWebhooks.messageId });
      return rows.length > 0;
    });
    if (!first) return { accepted: true, duplicate: true, job_id: null };
    const started = await sync.startFor(c.tenantId, c.id, 'webhook');
    return { accepted: true, duplicate: false, job_id: started.job.id };
  },
});

export type Inbound = ReturnType<typeof createInbound>;
