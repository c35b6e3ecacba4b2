import type { RequestContext } from '../../platform/domain/context.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { aiToolInvocations } from './schema.ts';
import type { ApiCall } from './tools/api.ts';
import { toolByName } from './tools/index.ts';
import type { Lang, ToolResult } from './tools/types.ts';

/** Where a tool call came from, for its audit row. */
export type ToolOrigin = { conversationId: string | null };

/**
 * The assistant's hands: Flujo's own HTTP API, called in-process with a short-lived token that
 * carries exactly the caller's tenant, permissions and stores (ADR 0014). Whatever a route
 * would refuse the user, it refuses the assistant acting for them.
 */
export const createApiCaller = (p: Platform, app: () => App) => {
  return (ctx: RequestContext, idempotencyKey?: string): ApiCall => {
    let token: Promise<string> | undefined;
    return async <T>(method: 'GET' | 'POST', url: string, body?: unknown) => {
      token ??= p.tokens.sign(
        {
          tenantId: ctx.tenantId,
          userId: ctx.userId,
          kind: ctx.kind,
          roles: ctx.roles,
          permissions: ctx.permissions,
          storeIds: ctx.storeIds,
          sessionId: ctx.token?.sessionId ?? ctx.sessionId ?? undefined,
        },
        120,
      );
      const headers: Record<string, string> = { authorization: `Bearer ${await token}` };
      if (method === 'POST') headers['idempotency-key'] = idempotencyKey ?? crypto.randomUUID();
      const r = await app().inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = null;
      try {
        parsed = r.body ? JSON.parse(r.body) : null;
      } catch {
        parsed = r.body;
      }
      return { status: r.statusCode, body: parsed as T };
    };
  };
};

/** Runs one tool by name with checked arguments, and audits it (`ai_tool_invocations`). */
export const createToolRunner = (p: Platform, apiFor: (ctx: RequestContext) => ApiCall) => {
  const record = (
    ctx: RequestContext,
    origin: ToolOrigin,
    name: string,
    args: unknown,
    result: ToolResult,
    ms: number,
  ) =>
    p.uow.forTenant(ctx.tenantId, (tx) =>
      tx.insert(aiToolInvocations).values({
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        conversationId: origin.conversationId,
        tool: name.slice(0, 100),
        arguments: (args && typeof args === 'object' ? args : { value: args ?? null }) as object,
        outcome: result.ok ? 'ok' : result.reason,
        summary: result.summary.slice(0, 2000),
        durationMs: Math.round(ms),
      }),
    );
  const run = async (
    ctx: RequestContext,
    origin: ToolOrigin,
    name: string,
    args: unknown,
    lang: Lang,
    api: ApiCall = apiFor(ctx),
  ): Promise<ToolResult> => {
    const started = performance.now();
    const tool = toolByName(name);
    let result: ToolResult;
    if (!tool) {
      result = { ok: false, reason: 'invalid', summary: `There is no tool named ${name}.` };
    } else {
      const parsed = tool.parameters.safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
        result = {
          ok: false,
          reason: 'invalid',
          summary: `Invalid arguments for ${name}: ${issues.join('; ')}`,
        };
      } else {
        try {
          result = await tool.run(api, parsed.data as never, lang);
        } catch (err) {
          p.log.warn({ err, tool: name }, 'assistant tool failed');
          result = { ok: false, reason: 'failed', summary: `The tool ${name} failed.` };
        }
      }
    }
    await record(ctx, origin, name, args, result, performance.now() - started);
    return result;
  };
  return { run, record, apiFor };
};

export type ToolRunner = ReturnType<typeof createToolRunner>;
