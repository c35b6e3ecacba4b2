import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { offsetOf, PageQuery, pageOf, paged } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { aiQueries, aiToolInvocations, llmRoutingLogs } from './schema.ts';

const tags = ['assistant'];
const Window = PageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** One page of a tenant's log table, newest first, within an optional window and filter. */
const pageOfLog = async <
  T extends PgTable & { tenantId: AnyPgColumn; createdAt: AnyPgColumn; id: AnyPgColumn },
  R,
>(
  p: Platform,
  tenantId: string,
  t: T,
  q: { page: number; limit: number; from?: string | undefined; to?: string | undefined },
  filter: SQL | undefined,
  out: (row: T['$inferSelect']) => R,
) => {
  const where = and(
    eq(t.tenantId, tenantId),
    filter,
    q.from ? gte(t.createdAt, q.from) : undefined,
    q.to ? lt(t.createdAt, q.to) : undefined,
  );
  return p.uow.forTenant(tenantId, async (tx) => {
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t as PgTable)
      .where(where);
    const rows = await tx
      .select()
      .from(t as PgTable)
      .where(where)
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(q.limit)
      .offset(offsetOf(q));
    return pageOf((rows as T['$inferSelect'][]).map(out), n?.n ?? 0, q);
  });
};

/** What administrators read about the assistant: where requests went, which tools ran, which queries were refused. */
export const logsRoutes = (app: App, p: Platform) => {
  app.get(
    '/api/v1/ai/routing-logs',
    {
      config: { permission: 'ai:admin' },
      schema: {
        tags,
        summary: 'Where each model request went and why (local, cloud, offline, refused)',
        querystring: Window.extend({ target: z.enum(['local', 'cloud', 'offline', 'refused']).optional() }),
        response: {
          200: paged(
            z.object({
              id: z.uuid(),
              user_id: z.uuid().nullable(),
              purpose: z.string(),
              target: z.string(),
              model: z.string().nullable(),
              classification: z.string(),
              reason: z.string(),
              outcome: z.string(),
              prompt_tokens: z.number().int(),
              completion_tokens: z.number().int(),
              latency_ms: z.number().int(),
              created_at: z.string(),
            }),
          ),
        },
      },
    },
    async (req) =>
      pageOfLog(
        p,
        req.ctx.tenantId,
        llmRoutingLogs,
        req.query,
        req.query.target ? eq(llmRoutingLogs.target, req.query.target) : undefined,
        (r) => ({
          id: r.id,
          user_id: r.userId,
          purpose: r.purpose,
          target: r.target,
          model: r.model,
          classification: r.classification,
          reason: r.reason,
          outcome: r.outcome,
          prompt_tokens: r.promptTokens,
          completion_tokens: r.completionTokens,
          latency_ms: r.latencyMs,
          created_at: r.createdAt,
        }),
      ),
  );
  app.get(
    '/api/v1/ai/tool-invocations',
    {
      config: { permission: 'ai:admin' },
      schema: {
        tags,
        summary: 'Every tool the assistant called, for whom and how it ended',
        querystring: Window.extend({ tool: z.string().trim().min(1).max(100).optional() }),
        response: {
          200: paged(
            z.object({
              id: z.uuid(),
              user_id: z.uuid().nullable(),
              conversation_id: z.uuid().nullable(),
              tool: z.string(),
              arguments: z.unknown(),
              outcome: z.string(),
              summary: z.string(),
              duration_ms: z.number().int(),
              created_at: z.string(),
            }),
          ),
        },
      },
    },
    async (req) =>
      pageOfLog(
        p,
        req.ctx.tenantId,
        aiToolInvocations,
        req.query,
        req.query.tool ? eq(aiToolInvocations.tool, req.query.tool) : undefined,
        (r) => ({
          id: r.id,
          user_id: r.userId,
          conversation_id: r.conversationId,
          tool: r.tool,
          arguments: r.arguments,
          outcome: r.outcome,
          summary: r.summary,
          duration_ms: r.durationMs,
          created_at: r.createdAt,
        }),
      ),
  );
  app.get(
    '/api/v1/ai/queries',
    {
      config: { permission: 'ai:admin' },
      schema: {
        tags,
        summary: 'Every natural-language query, refused or run, with its SQL',
        querystring: Window.extend({ status: z.enum(['ok', 'refused', 'failed']).optional() }),
        response: {
          200: paged(
            z.object({
              id: z.uuid(),
              user_id: z.uuid(),
              natural: z.string(),
              sql: z.string().nullable(),
              source: z.string(),
              status: z.string(),
              rule: z.string().nullable(),
              row_count: z.number().int().nullable(),
              execution_ms: z.number().int().nullable(),
              created_at: z.string(),
            }),
          ),
        },
      },
    },
    async (req) =>
      pageOfLog(
        p,
        req.ctx.tenantId,
        aiQueries,
        req.query,
        req.query.status ? eq(aiQueries.status, req.query.status) : undefined,
        (r) => ({
          id: r.id,
          user_id: r.userId,
          natural: r.natural,
          sql: r.sql,
          source: r.source,
          status: r.status,
          rule: r.rule,
          row_count: r.rowCount,
          execution_ms: r.executionMs,
          created_at: r.createdAt,
        }),
      ),
  );
};
