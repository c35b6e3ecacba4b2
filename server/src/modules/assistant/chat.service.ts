import { z } from 'zod';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Conversations } from './conversations.service.ts';
import type { Decisions } from './decisions.service.ts';
import { classifyText, type Level, maxLevel } from './domain/classify.ts';
import { type LlmCompletion, LlmError, type LlmMessage, type LlmTool } from './llm/client.ts';
import { detectLang } from './planner/intents.ts';
import { answerOffline } from './planner/planner.ts';
import type { ReasonCode, Routing } from './routing.ts';
import type { ApiCall } from './tools/api.ts';
import { TOOLS } from './tools/index.ts';
import type { Card, Lang, Proposal, ToolResult } from './tools/types.ts';
import type { ToolRunner } from './tool-runner.ts';

export type ChatInput = { conversation_id?: string | undefined; message: string };
export type ToolCallView = { name: string; arguments: unknown; result_summary: string; ok: boolean };
export type ProposalView = { id: string; kind: string; summary: string; status: string };
export type ChatEvent =
  | { type: 'start'; conversation_id: string; route: RouteView }
  | { type: 'delta'; text: string }
  | { type: 'tool'; call: ToolCallView }
  | { type: 'card'; card: Card }
  | { type: 'proposal'; decision: ProposalView };
export type RouteView = {
  target: 'local' | 'cloud' | 'offline';
  model: string | null;
  classification: Level;
  reason: string;
  /** `reason` as a code: the routing's, or `model_failed` / `result_sensitive` when a turn changed course. */
  reason_code: ReasonCode | 'model_failed' | 'result_sensitive';
};
export type ChatAnswer = {
  conversation_id: string;
  message_id: string;
  answer: string;
  tool_calls: ToolCallView[];
  cards: Card[];
  decision: ProposalView | null;
  route: RouteView;
};

/** The most rounds of tool calls one question may take before the model must answer. */
const MAX_ROUNDS = 6;
const MAX_TOOL_TEXT = 6000;

const QUERY_TOOL = {
  name: 'query_data',
  description:
    'Answer a question the other tools do not cover with a read-only SQL query over the planning views (natural language in, a table out).',
  parameters: z.object({ question: z.string().min(3).max(500) }),
};

let specs: LlmTool[] | undefined;
/** The tools as the model is shown them: built once, since they never change while running. */
const toolSpecs = (): LlmTool[] =>
  (specs ??= [...TOOLS, QUERY_TOOL].map((t) => ({
    name: t.name,
    description: t.description,
    parameters: z.toJSONSchema(t.parameters, { io: 'input' }) as Record<string, unknown>,
  })));

const SYSTEM = (lang: Lang) =>
  [
    "You are Flujo's planning assistant for DDMRP inventory planners.",
    "Answer from the tools' results only; never invent figures. Be brief and concrete.",
    'To change anything (approve or reject a suggestion, create a purchase order) call the matching propose_ tool: the user confirms it in the app.',
    `Answer in ${lang === 'es' ? 'Spanish' : 'English'}.`,
  ].join(' ');

const notice = {
  sensitiveOffline: {
    es: 'Tu pregunta o sus datos son sensibles (costos, precios o clientes) y no hay un modelo local configurado, así que no salen hacia el modelo en la nube. Respondo con el asistente integrado:',
    en: 'Your question or its data is sensitive (costs, prices or customers) and no local model is configured, so it does not go to the cloud model. The built-in assistant answers:',
  },
  sensitiveStop: {
    es: 'Los resultados contienen datos sensibles, que no se envían al modelo en la nube. Esto es lo que encontré:',
    en: 'The results carry sensitive data, which is not sent to the cloud model. This is what I found:',
  },
  modelFailed: {
    es: 'El modelo de lenguaje no respondió ({reason}). Respondo con el asistente integrado:',
    en: 'The language model did not answer ({reason}). The built-in assistant answers:',
  },
};

/** Keys that carry costs, prices, money or people: dropped from what a cloud model reads (seed 002). */
const SENSITIVE_KEY = /cost|price|amount|total|margin|customer|email|phone|address|payment|card|iban|tax/i;
export const redact = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !SENSITIVE_KEY.test(k))
        .map(([k, x]) => [k, redact(x)]),
    );
  return v;
};

const toolText = (r: ToolResult, cloud: boolean) => {
  const data = r.ok ? JSON.stringify((cloud ? redact(r.data) : r.data) ?? null) : '';
  const text = r.ok ? `${r.summary}\n${data}` : `error (${r.reason}): ${r.summary}`;
  return text.length > MAX_TOOL_TEXT ? `${text.slice(0, MAX_TOOL_TEXT)}…` : text;
};

/**
 * One turn of the chat (seed 000 §5): routed by what the data is (seed 002), answered by a
 * model calling tools, or by the built-in planner when no model may or can answer.
 */
export const createChatService = (deps: {
  routing: Routing;
  conversations: Conversations;
  decisions: Decisions;
  tools: ToolRunner;
  apiFor: (ctx: RequestContext) => ApiCall;
}) => {
  const { routing, conversations, decisions, tools } = deps;

  const propose = async (
    ctx: RequestContext,
    conversationId: string,
    proposal: Proposal,
    emit: (e: ChatEvent) => void,
  ) => {
    const d = await decisions.propose(ctx, conversationId, proposal);
    const view = { id: d.id, kind: d.kind, summary: d.summary, status: d.status };
    emit({ type: 'proposal', decision: view });
    return view;
  };

  /** The built-in planner: the same tools, no model. */
  const offline = async (
    ctx: RequestContext,
    conversationId: string,
    message: string,
    api: ApiCall,
    emit: (e: ChatEvent) => void,
  ) => {
    const started = performance.now();
    const out = await answerOffline(api, message);
    const each = out.calls.length ? (performance.now() - started) / out.calls.length : 0;
    const calls: ToolCallView[] = [];
    for (const c of out.calls) {
      await tools.record(ctx, { conversationId }, c.name, c.arguments, c.result, each);
      const view = {
        name: c.name,
        arguments: c.arguments,
        result_summary: c.result.summary,
        ok: c.result.ok,
      };
      calls.push(view);
      emit({ type: 'tool', call: view });
    }
    for (const card of out.cards) emit({ type: 'card', card });
    const decision = out.proposal ? await propose(ctx, conversationId, out.proposal, emit) : null;
    return { answer: out.answer, calls, cards: out.cards, decision, lang: out.lang };
  };

  const chat = async (
    ctx: RequestContext,
    input: ChatInput,
    emit: (e: ChatEvent) => void = () => {},
  ): Promise<ChatAnswer> => {
    const message = input.message.trim();
    const conversation = await conversations.open(ctx, input.conversation_id, message);
    const history = await conversations.history(ctx, conversation.id);
    await conversations.append(ctx, conversation.id, { role: 'user', content: message });
    const lang = detectLang(message);
    const level = maxLevel(classifyText(message).level, ...history.map((m) => classifyText(m.content).level));
    const first = routing.choose(level);
    const api = deps.apiFor(ctx);

    const finish = async (
      answer: string,
      calls: ToolCallView[],
      cards: Card[],
      proposal: ProposalView | null,
      route: RouteView,
    ): Promise<ChatAnswer> => {
      const stored = await conversations.append(ctx, conversation.id, {
        role: 'assistant',
        content: answer,
        toolCalls: calls,
        cards,
        decisionId: proposal?.id ?? null,
        model: route.model,
      });
      return {
        conversation_id: conversation.id,
        message_id: stored.id,
        answer,
        tool_calls: calls,
        cards,
        decision: proposal,
        route,
      };
    };

    if (!('client' in first)) {
      const route: RouteView = {
        target: 'offline',
        model: null,
        classification: level,
        reason: first.reason,
        reason_code: first.code,
      };
      emit({ type: 'start', conversation_id: conversation.id, route });
      await routing.log(ctx.tenantId, ctx.userId, {
        purpose: 'chat',
        target: 'offline',
        model: null,
        classification: level,
        reason: first.reason,
        outcome: 'ok',
      });
      const out = await offline(ctx, conversation.id, message, api, emit);
      const sensitiveHeld =
        routing.models.cloud && !routing.models.local && (level === 'sensitive' || level === 'confidential');
      const answer = sensitiveHeld ? `${notice.sensitiveOffline[lang]}\n\n${out.answer}` : out.answer;
      // One delta with the whole text: a streaming client reads both paths alike.
      emit({ type: 'delta', text: answer });
      return finish(answer, out.calls, out.cards, out.decision, route);
    }

    let decision = first;
    const route: RouteView = {
      target: decision.target,
      model: decision.client.model,
      classification: level,
      reason: decision.reason,
      reason_code: decision.code,
    };
    emit({ type: 'start', conversation_id: conversation.id, route });
    const messages: LlmMessage[] = [
      { role: 'system', content: SYSTEM(lang) },
      ...history.map((m) => ({ role: m.role, content: m.content }) as LlmMessage),
      { role: 'user', content: message },
    ];
    const calls: ToolCallView[] = [];
    const cards: Card[] = [];
    let proposal: ProposalView | null = null;
    let seen: Level = level;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await routing.admit(ctx);
      const started = performance.now();
      let out: LlmCompletion;
      try {
        out = await decision.client.complete({
          messages,
          tools: toolSpecs(),
          stream: true,
          onText: (text) => emit({ type: 'delta', text }),
        });
      } catch (err) {
        if (!(err instanceof LlmError)) throw err;
        await routing.log(ctx.tenantId, ctx.userId, {
          purpose: 'chat',
          target: decision.target,
          model: decision.client.model,
          classification: seen,
          reason: decision.reason,
          outcome: err.kind,
          latencyMs: performance.now() - started,
        });
        if (err.kind === 'rate_limited' && round === 0)
          throw new DomainError('ai.rate_limited', { detail: err.message });
        const fallback = await offline(ctx, conversation.id, message, api, emit);
        const answer = `${notice.modelFailed[lang].replace('{reason}', err.message)}\n\n${fallback.answer}`;
        return finish(
          answer,
          [...calls, ...fallback.calls],
          [...cards, ...fallback.cards],
          proposal ?? fallback.decision,
          { ...route, target: 'offline', model: null, reason: err.message, reason_code: 'model_failed' },
        );
      }
      await routing.log(ctx.tenantId, ctx.userId, {
        purpose: 'chat',
        target: decision.target,
        model: decision.client.model,
        classification: seen,
        reason: decision.reason,
        outcome: 'ok',
        promptTokens: out.usage.promptTokens,
        completionTokens: out.usage.completionTokens,
        latencyMs: performance.now() - started,
      });
      if (out.toolCalls.length === 0) return finish(out.content.trim() || '…', calls, cards, proposal, route);

      messages.push({
        role: 'assistant',
        content: out.content || null,
        tool_calls: out.toolCalls.map((c) => ({
          id: c.id,
          type: 'function' as const,
          function: { name: c.name, arguments: c.raw },
        })),
      });
      const held: string[] = [];
      for (const c of out.toolCalls) {
        let result: ToolResult;
        if (c.error || c.arguments === undefined) {
          result = {
            ok: false,
            reason: 'invalid',
            summary: `The arguments of ${c.name} could not be read: ${c.error ?? 'missing'}.`,
          };
          await tools.record(
            ctx,
            { conversationId: conversation.id },
            c.name,
            { raw: c.raw.slice(0, 2000) },
            result,
            0,
          );
        } else if (c.name === QUERY_TOOL.name) {
          result = await queryTool(api, c.arguments);
          await tools.record(ctx, { conversationId: conversation.id }, c.name, c.arguments, result, 0);
        } else {
          result = await tools.run(ctx, { conversationId: conversation.id }, c.name, c.arguments, lang, api);
        }
        const view = {
          name: c.name,
          arguments: c.arguments ?? c.raw,
          result_summary: result.summary,
          ok: result.ok,
        };
        calls.push(view);
        emit({ type: 'tool', call: view });
        if (result.ok) {
          for (const card of result.cards) {
            cards.push(card);
            emit({ type: 'card', card });
          }
          if (result.proposal) proposal = await propose(ctx, conversation.id, result.proposal, emit);
        }
        const sent = toolText(result, decision.target === 'cloud');
        const level = classifyText(sent).level;
        seen = maxLevel(seen, level);
        if (decision.target === 'cloud' && (level === 'sensitive' || level === 'confidential'))
          held.push(result.summary);
        messages.push({ role: 'tool', tool_call_id: c.id, content: sent });
      }
      if (held.length) {
        // Sensitive results never reach the cloud model: the local one takes over, or the user reads them directly.
        const next = routing.choose(seen);
        await routing.log(ctx.tenantId, ctx.userId, {
          purpose: 'chat',
          target: next.target === 'local' ? 'local' : 'refused',
          model: next.target === 'local' ? next.client.model : null,
          classification: seen,
          reason: `tool results carry ${seen} data: ${next.reason}`,
          outcome: next.target === 'local' ? 'switched' : 'not_sent',
        });
        if (next.target !== 'local') {
          const answer = `${notice.sensitiveStop[lang]}\n\n${held.join('\n')}`;
          return finish(answer, calls, cards, proposal, {
            ...route,
            classification: seen,
            reason: next.reason,
            reason_code: 'result_sensitive',
          });
        }
        decision = next;
        route.target = 'local';
        route.model = next.client.model;
        route.reason = next.reason;
        route.reason_code = next.code;
      }
    }
    const last = calls.map((c) => c.result_summary).join('\n');
    return finish(last || '…', calls, cards, proposal, route);
  };

  const queryTool = async (api: ApiCall, args: Record<string, unknown>): Promise<ToolResult> => {
    const question = typeof args.question === 'string' ? args.question : '';
    const r = await api<{
      data?: unknown[];
      metadata?: { row_count: number; columns: string[] };
      query?: { sql: string };
      detail?: string;
    }>('POST', '/api/v1/ai/query', { query: question, limit: 50 });
    if (r.status === 403)
      return { ok: false, reason: 'denied', summary: r.body?.detail ?? 'The query was refused.' };
    if (r.status >= 300)
      return {
        ok: false,
        reason: r.status < 500 ? 'invalid' : 'failed',
        summary: r.body?.detail ?? `The query failed (${r.status}).`,
      };
    const rows = (r.body.data ?? []) as Record<string, unknown>[];
    const columns = r.body.metadata?.columns ?? [];
    return {
      ok: true,
      data: rows,
      summary: `${rows.length} rows from: ${r.body.query?.sql ?? ''}`.slice(0, 600),
      cards: [
        {
          type: 'table',
          title: question.slice(0, 120),
          columns,
          rows: rows.slice(0, 50).map((row) => columns.map((c) => row[c] as string | number | null)),
        },
      ],
    };
  };

  return { chat };
};

export type ChatService = ReturnType<typeof createChatService>;
