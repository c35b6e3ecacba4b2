import { and, desc, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { aiDecisions } from './schema.ts';
import type { ApiCall } from './tools/api.ts';
import type { Proposal } from './tools/types.ts';

export type Decision = typeof aiDecisions.$inferSelect;

/**
 * The route a confirmed proposal goes through, the same one the user's own button calls: the
 * payload is that route's body plus its `route` and `method`. Only these routes may be named.
 */
const ROUTES = [
  /^\/api\/v1\/replenishment-suggestions\/[0-9a-f-]{36}\/(approve|reject)$/,
  /^\/api\/v1\/orders$/,
];
const requestFor = (d: Decision): { url: string; body: unknown } => {
  const { route, method: _method, ...body } = d.payload as Record<string, unknown>;
  const url = String(route ?? '');
  if (!ROUTES.some((r) => r.test(url)))
    throw new DomainError('ai.decision_closed', { detail: `A proposal may not call ${url || 'no route'}.` });
  return { url, body };
};

/** The caller's own proposal with this id: nobody else's, whatever their permissions. */
const mine = (ctx: RequestContext, id: string) =>
  and(eq(aiDecisions.tenantId, ctx.tenantId), eq(aiDecisions.userId, ctx.userId), eq(aiDecisions.id, id));

/**
 * Seed 000's decision tracking: the assistant proposes a write, the user confirms or declines
 * it, and the write runs through the ordinary route with the user's own rights. The proposal's
 * id is the request's Idempotency-Key, so a confirm retried after a crash does the write once.
 */
export const createDecisions = (p: Platform) => ({
  propose: (ctx: RequestContext, conversationId: string | null, proposal: Proposal) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .insert(aiDecisions)
        .values({
          tenantId: ctx.tenantId,
          userId: ctx.userId,
          conversationId,
          kind: proposal.kind,
          payload: proposal.payload,
          summary: proposal.summary.slice(0, 1000),
        })
        .returning();
      return row as Decision;
    }),
  list: (ctx: RequestContext, page: number, limit: number, status?: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const where = and(
        eq(aiDecisions.tenantId, ctx.tenantId),
        eq(aiDecisions.userId, ctx.userId),
        status ? eq(aiDecisions.status, status as Decision['status']) : undefined,
      );
      const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(aiDecisions).where(where);
      const data = await tx
        .select()
        .from(aiDecisions)
        .where(where)
        .orderBy(desc(aiDecisions.createdAt), desc(aiDecisions.id))
        .limit(limit)
        .offset((page - 1) * limit);
      return { data, total: total?.n ?? 0 };
    }),
  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx.select().from(aiDecisions).where(mine(ctx, id));
      if (!row) throw new DomainError('ai.decision_not_found');
      return row;
    }),
  confirm: async (ctx: RequestContext, id: string, call: (idempotencyKey: string) => ApiCall) => {
    const decision = await p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx.select().from(aiDecisions).where(mine(ctx, id)).for('update');
      if (!row) throw new DomainError('ai.decision_not_found');
      if (row.status !== 'proposed') throw new DomainError('ai.decision_closed');
      return row;
    });
    const req = requestFor(decision);
    const r = await call(decision.id)('POST', req.url, req.body);
    const ok = r.status >= 200 && r.status < 300;
    return p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .update(aiDecisions)
        .set({
          status: ok ? 'executed' : 'failed',
          outcome: { status: r.status, body: r.body as object },
          decidedAt: sql`now()`,
        })
        .where(and(eq(aiDecisions.id, id), eq(aiDecisions.status, 'proposed')))
        .returning();
      return row ?? decision;
    });
  },
  decline: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .update(aiDecisions)
        .set({ status: 'declined', decidedAt: sql`now()` })
        .where(
          and(
            eq(aiDecisions.tenantId, ctx.tenantId),
            eq(aiDecisions.userId, ctx.userId),
            eq(aiDecisions.id, id),
            eq(aiDecisions.status, 'proposed'),
          ),
        )
        .returning();
      if (row) return row;
      const exists = await tx.select({ id: aiDecisions.id }).from(aiDecisions).where(mine(ctx, id));
      throw new DomainError(exists.length ? 'ai.decision_closed' : 'ai.decision_not_found');
    }),
});

export type Decisions = ReturnType<typeof createDecisions>;
