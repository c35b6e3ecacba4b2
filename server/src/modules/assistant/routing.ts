import { and, eq, gte, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Level } from './domain/classify.ts';
import { createLlmClient, type LlmClient } from './llm/client.ts';
import { llmRoutingLogs } from './schema.ts';

export type Purpose = 'chat' | 'query' | 'report';
/** Why a request went where it went, as a code the web app words in the user's language. */
export type ReasonCode = 'sensitive_local' | 'sensitive_held' | 'cloud' | 'local_only' | 'no_model';
export type Decision =
  | { target: 'local' | 'cloud'; client: LlmClient; reason: string; code: ReasonCode }
  | { target: 'offline' | 'refused'; reason: string; code: ReasonCode };
export type RoutingEntry = {
  purpose: Purpose;
  target: 'local' | 'cloud' | 'offline' | 'refused';
  model: string | null;
  classification: Level;
  reason: string;
  outcome: string;
  promptTokens?: number;
  completionTokens?: number;
  latencyMs?: number;
};

export type Models = { cloud?: LlmClient; local?: LlmClient };

/** The configured models: a cloud one, a local one, both or neither (then the assistant answers offline). */
export const modelsFromConfig = (p: Platform): Models => {
  const c = p.config;
  const opts = { timeoutMs: c.LLM_TIMEOUT_MS };
  const models: Models = {};
  if (c.LLM_BASE_URL && c.LLM_MODEL)
    models.cloud = createLlmClient(
      { baseUrl: c.LLM_BASE_URL, apiKey: c.LLM_API_KEY, model: c.LLM_MODEL },
      opts,
    );
  if (c.LLM_LOCAL_BASE_URL && c.LLM_LOCAL_MODEL)
    models.local = createLlmClient(
      { baseUrl: c.LLM_LOCAL_BASE_URL, apiKey: c.LLM_LOCAL_API_KEY, model: c.LLM_LOCAL_MODEL },
      opts,
    );
  return models;
};

const SENSITIVE: readonly Level[] = ['sensitive', 'confidential'];

/**
 * Seed 002's routing: sensitive or confidential data goes to the customer's own model or to no
 * model at all; everything else prefers the cloud model and falls back to the local one.
 */
export const chooseModel = (models: Models, level: Level): Decision => {
  if (SENSITIVE.includes(level)) {
    if (models.local)
      return {
        target: 'local',
        client: models.local,
        reason: `${level} data stays on the local model`,
        code: 'sensitive_local',
      };
    return {
      target: 'offline',
      reason: `${level} data may not reach the cloud model and no local model is configured`,
      code: models.cloud ? 'sensitive_held' : 'no_model',
    };
  }
  if (models.cloud)
    return {
      target: 'cloud',
      client: models.cloud,
      reason: `${level} data may use the cloud model`,
      code: 'cloud',
    };
  if (models.local)
    return {
      target: 'local',
      client: models.local,
      reason: 'no cloud model is configured',
      code: 'local_only',
    };
  return { target: 'offline', reason: 'no model is configured', code: 'no_model' };
};

const utcDay = () => new Date().toISOString().slice(0, 10);

/** Per-tenant limits on model use, and the routing log (seed 002's `llm_routing_logs`). */
export const createRouting = (p: Platform, models: Models) => ({
  models,
  choose: (level: Level) => chooseModel(models, level),
  /** Refuses a model request over the tenant's rate or today's token budget. */
  admit: async (ctx: RequestContext) => {
    const minute = Math.floor(Date.now() / 60_000);
    const n = await p.cache.incr(`ai:rpm:${ctx.tenantId}:${minute}`, 60);
    if (n !== undefined && n > p.config.AI_REQUESTS_PER_MINUTE)
      throw new DomainError('ai.rate_limited', {
        detail: `Your organisation may ask the language model ${p.config.AI_REQUESTS_PER_MINUTE} times a minute.`,
      });
    const budget = p.config.AI_TOKENS_PER_DAY;
    if (budget > 0) {
      const spent = await p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [row] = await tx
          .select({
            n: sql<number>`coalesce(sum(${llmRoutingLogs.promptTokens} + ${llmRoutingLogs.completionTokens}), 0)::int`,
          })
          .from(llmRoutingLogs)
          .where(
            and(
              eq(llmRoutingLogs.tenantId, ctx.tenantId),
              gte(llmRoutingLogs.createdAt, `${utcDay()}T00:00:00Z`),
            ),
          );
        return row?.n ?? 0;
      });
      if (spent >= budget)
        throw new DomainError('ai.budget_exhausted', {
          detail: `Your organisation has used its ${budget} model tokens for today (UTC).`,
        });
    }
  },
  log: (tenantId: string, userId: string | null, e: RoutingEntry) =>
    p.uow.forTenant(tenantId, (tx) =>
      tx.insert(llmRoutingLogs).values({
        tenantId,
        userId,
        purpose: e.purpose,
        target: e.target,
        model: e.model,
        classification: e.classification,
        reason: e.reason.slice(0, 500),
        outcome: e.outcome.slice(0, 200),
        promptTokens: e.promptTokens ?? 0,
        completionTokens: e.completionTokens ?? 0,
        latencyMs: Math.round(e.latencyMs ?? 0),
      }),
    ),
});

export type Routing = ReturnType<typeof createRouting>;
