import { createHash } from 'node:crypto';
import { hasPermission, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AiView } from './domain/ai-views.ts';
import { classifyText, type Level } from './domain/classify.ts';
import { guardSql, sqlFromAnswer } from './domain/sql-guard.ts';
import { LlmError, type LlmTool } from './llm/client.ts';
import { detectLang } from './planner/intents.ts';
import { matchExample, QUERY_EXAMPLES } from './query-examples.ts';
import type { Routing } from './routing.ts';
import { aiQueries } from './schema.ts';
import { hasQueryRole, runReadOnly } from './sql-runner.ts';
import { AI_VIEWS } from './views.ts';

export type QueryInput = { query: string; limit?: number | undefined; cache?: boolean | undefined };

const RUN_SQL: LlmTool = {
  name: 'run_sql',
  description: 'Run one read-only PostgreSQL SELECT over the views described in the system message.',
  parameters: {
    type: 'object',
    properties: {
      sql: { type: 'string', description: 'one SELECT statement' },
      explanation: { type: 'string', description: 'one sentence, in the language of the question' },
    },
    required: ['sql', 'explanation'],
  },
};

/** The views a caller may read, with sensitive columns left out unless the model may see them. */
export const visibleViews = (ctx: RequestContext, allowSensitive: boolean): AiView[] =>
  AI_VIEWS.filter((v) => hasPermission(ctx.permissions, v.permission)).map((v) => ({
    ...v,
    columns: v.columns.filter((c) => allowSensitive || !c.sensitive),
  }));

const schemaPrompt = (views: AiView[]) =>
  views
    .map(
      (v) =>
        `${v.name} -- ${v.description}\n${v.columns.map((c) => `  ${c.name} ${c.type} -- ${c.description}`).join('\n')}`,
    )
    .join('\n\n');

const systemPrompt = (views: AiView[]) =>
  [
    "You translate a planner's question into ONE PostgreSQL SELECT statement.",
    'Use only these views and columns; no other table, no system catalog, no functions beyond common aggregates, maths, text and date functions.',
    'Call the tool run_sql with { "sql", "explanation" }. Do not modify data.',
    '',
    schemaPrompt(views),
  ].join('\n');

/** Seed 004's natural-language query: the model (or a reviewed example) writes SQL; the guards decide whether it runs. */
export const createQueryService = (p: Platform, routing: Routing) => {
  let roleReady: Promise<boolean> | undefined;
  const audit = (
    ctx: RequestContext,
    e: {
      natural: string;
      sql: string | null;
      source: 'model' | 'template' | 'cache';
      status: 'ok' | 'refused' | 'failed';
      rule?: string;
      rowCount?: number;
      executionMs?: number;
    },
  ) =>
    p.uow.forTenant(ctx.tenantId, (tx) =>
      tx.insert(aiQueries).values({
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        natural: e.natural,
        sql: e.sql,
        source: e.source,
        status: e.status,
        rule: e.rule ?? null,
        rowCount: e.rowCount ?? null,
        executionMs: e.executionMs === undefined ? null : Math.round(e.executionMs),
      }),
    );

  const fromModel = async (ctx: RequestContext, input: QueryInput, level: Level) => {
    const chosen = routing.choose(level);
    if (!('client' in chosen)) {
      await routing.log(ctx.tenantId, ctx.userId, {
        purpose: 'query',
        target: routing.models.cloud || routing.models.local ? 'refused' : 'offline',
        model: null,
        classification: level,
        reason: chosen.reason,
        outcome: 'not_sent',
      });
      throw new DomainError('ai.model_unavailable', {
        detail:
          routing.models.cloud || routing.models.local
            ? `This question carries ${level} data, which may only go to a local model, and none is configured. Try one of the examples.`
            : 'No language model is configured: only the example questions can be answered.',
      });
    }
    const decision = chosen;
    const allowSensitive = decision.target === 'local';
    const views = visibleViews(ctx, allowSensitive);
    await routing.admit(ctx);
    const started = performance.now();
    try {
      const out = await decision.client.complete({
        messages: [
          { role: 'system', content: systemPrompt(views) },
          { role: 'user', content: input.query },
        ],
        tools: [RUN_SQL],
      });
      await routing.log(ctx.tenantId, ctx.userId, {
        purpose: 'query',
        target: decision.target,
        model: decision.client.model,
        classification: level,
        reason: decision.reason,
        outcome: 'ok',
        promptTokens: out.usage.promptTokens,
        completionTokens: out.usage.completionTokens,
        latencyMs: performance.now() - started,
      });
      const call = out.toolCalls.find((c) => c.name === 'run_sql');
      const args = call?.arguments as { sql?: unknown; explanation?: unknown } | undefined;
      const sql = typeof args?.sql === 'string' ? args.sql : sqlFromAnswer(out.content);
      if (!sql)
        throw new DomainError('ai.sql_refused', {
          detail: 'The model did not answer with an SQL statement.',
          meta: { rule: 'no_sql' },
        });
      const explanation = typeof args?.explanation === 'string' ? args.explanation.slice(0, 500) : '';
      return {
        sql,
        explanation,
        allowSensitive,
        views,
        model: decision.client.model,
        target: decision.target,
      };
    } catch (err) {
      if (err instanceof LlmError) {
        await routing.log(ctx.tenantId, ctx.userId, {
          purpose: 'query',
          target: decision.target,
          model: decision.client.model,
          classification: level,
          reason: decision.reason,
          outcome: err.kind,
          latencyMs: performance.now() - started,
        });
        throw new DomainError(err.kind === 'rate_limited' ? 'ai.rate_limited' : 'ai.model_failed', {
          detail: err.message,
        });
      }
      throw err;
    }
  };

  const cacheKey = (ctx: RequestContext, query: string, allowSensitive: boolean) =>
    `ai:q:${ctx.tenantId}:${createHash('sha256')
      .update(
        JSON.stringify([
          query.trim().toLowerCase(),
          [...ctx.permissions].sort(),
          ctx.storeIds,
          allowSensitive,
        ]),
      )
      .digest('hex')}`;

  const query = async (ctx: RequestContext, input: QueryInput) => {
    roleReady ??= hasQueryRole(p);
    if (!(await roleReady)) throw new DomainError('ai.query_unavailable');
    const limit = input.limit ?? 100;
    const lang = detectLang(input.query);
    const level = classifyText(input.query).level;
    const example = matchExample(input.query);
    const useExample =
      example &&
      (!(routing.models.cloud || routing.models.local) ||
        routing.choose(level).target === 'offline' ||
        example.question[lang].toLowerCase() === input.query.trim().toLowerCase());

    let sql: string;
    let explanation: string;
    let source: 'model' | 'template' | 'cache';
    let allowSensitive: boolean;
    let agentSql: Record<string, unknown>;
    let toCache: { key: string; value: object } | undefined;
    if (useExample && example) {
      // A reviewed statement that reaches no model: the caller's own permissions still decide.
      ({ sql } = example);
      explanation = example.explanation[lang];
      source = 'template';
      allowSensitive = true;
      agentSql = { source, example: example.id };
    } else {
      const decision = routing.choose(level);
      allowSensitive = decision.target === 'local';
      const key = cacheKey(ctx, input.query, allowSensitive);
      const cached =
        input.cache === false
          ? undefined
          : await p.cache.get<{ sql: string; explanation: string; model: string; target: string }>(key);
      if (cached) {
        ({ sql, explanation } = cached);
        source = 'cache';
        agentSql = { source, model: cached.model, target: cached.target };
      } else {
        const made = await fromModel(ctx, input, level).catch(async (err: unknown) => {
          // A question no model could take is audited too, as refused for that reason.
          if (err instanceof DomainError)
            await audit(ctx, {
              natural: input.query,
              sql: null,
              source: 'model',
              status: 'refused',
              rule: err.code.replace('ai.', ''),
            });
          throw err;
        });
        ({ sql, explanation } = made);
        source = 'model';
        agentSql = { source, model: made.model, target: made.target };
        // Kept for reuse only once the guard below accepts it.
        toCache = { key, value: { sql, explanation, model: made.model, target: made.target } };
      }
    }

    const guarded = await guardSql(sql, { views: AI_VIEWS, permissions: ctx.permissions, allowSensitive });
    if (guarded.ok && toCache && input.cache !== false) await p.cache.set(toCache.key, toCache.value, 600);
    if (!guarded.ok) {
      await audit(ctx, { natural: input.query, sql, source, status: 'refused', rule: guarded.rule });
      throw new DomainError('ai.sql_refused', {
        detail: `The query was refused (${guarded.rule}): ${guarded.detail}.`,
        meta: { rule: guarded.rule, sql },
      });
    }
    try {
      const run = await runReadOnly(p, ctx, guarded.sql, limit);
      await audit(ctx, {
        natural: input.query,
        sql: guarded.sql,
        source,
        status: 'ok',
        rowCount: run.rows.length,
        executionMs: run.executionMs,
      });
      return {
        query: { natural: input.query, sql: guarded.sql, explanation },
        data: run.rows,
        metadata: {
          row_count: run.rows.length,
          execution_ms: run.executionMs,
          estimated_rows: run.estimatedRows,
          estimated_cost: run.estimatedCost,
          truncated: run.truncated,
          columns: run.columns,
        },
        agents: {
          schema: { views: guarded.views, offered: visibleViews(ctx, allowSensitive).map((v) => v.name) },
          sql: agentSql,
          execution: { status: 'ok', role: 'flujo_ai', read_only: true, functions: guarded.functions },
        },
      };
    } catch (err) {
      if (err instanceof DomainError) {
        const rule = (err.meta?.rule as string | undefined) ?? undefined;
        await audit(ctx, {
          natural: input.query,
          sql: guarded.sql,
          source,
          status: err.code === 'ai.sql_refused' ? 'refused' : 'failed',
          ...(rule ? { rule } : {}),
        });
      }
      throw err;
    }
  };

  const examples = () =>
    QUERY_EXAMPLES.map((e) => ({ id: e.id, question: e.question, explanation: e.explanation, sql: e.sql }));

  const schema = (ctx: RequestContext) => {
    const allowSensitive = !routing.models.cloud || Boolean(routing.models.local);
    return { views: visibleViews(ctx, allowSensitive), sensitive_shown: allowSensitive };
  };

  return { query, examples, schema };
};

export type QueryService = ReturnType<typeof createQueryService>;
