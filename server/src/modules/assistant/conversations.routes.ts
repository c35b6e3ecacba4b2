import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageOf, paged } from '../../platform/http/pagination.ts';
import type { Conversations } from './conversations.service.ts';
import type { Decisions } from './decisions.service.ts';

const tags = ['assistant'];
const Id = z.object({ id: z.uuid() });
const Conversation = z.object({
  id: z.uuid(),
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
const Message = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  tool_calls: z.array(z.unknown()),
  cards: z.array(z.unknown()),
  decision_id: z.uuid().nullable(),
  model: z.string().nullable(),
  created_at: z.string(),
});
export const DecisionView = z.object({
  id: z.uuid(),
  conversation_id: z.uuid().nullable(),
  kind: z.string(),
  summary: z.string(),
  payload: z.unknown(),
  status: z.enum(['proposed', 'executed', 'declined', 'failed']),
  outcome: z.unknown().nullable(),
  created_at: z.string(),
  decided_at: z.string().nullable(),
});

const conversationOut = (c: { id: string; title: string; createdAt: string; updatedAt: string }) => ({
  id: c.id,
  title: c.title,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});
export const decisionOut = (d: Awaited<ReturnType<Decisions['propose']>>) => ({
  id: d.id,
  conversation_id: d.conversationId,
  kind: d.kind,
  summary: d.summary,
  payload: d.payload,
  status: d.status,
  outcome: d.outcome ?? null,
  created_at: d.createdAt,
  decided_at: d.decidedAt,
});

export const conversationsRoutes = (app: App, conversations: Conversations) => {
  app.get(
    '/api/v1/ai/conversations',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'Your conversations with the assistant, latest first',
        querystring: PageQuery,
        response: { 200: paged(Conversation) },
      },
    },
    async (req) => {
      const { data, total } = await conversations.list(req.ctx, req.query.page, req.query.limit);
      return pageOf(data.map(conversationOut), total, req.query);
    },
  );
  app.get(
    '/api/v1/ai/conversations/:id',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'One of your conversations with its messages',
        params: Id,
        response: { 200: Conversation.extend({ messages: z.array(Message) }) },
      },
    },
    async (req) => {
      const { conversation, messages } = await conversations.get(req.ctx, req.params.id);
      return {
        ...conversationOut(conversation),
        messages: messages.map((m) => ({
          id: m.id,
          role: m.role,
          content: m.content,
          tool_calls: m.toolCalls as unknown[],
          cards: m.cards as unknown[],
          decision_id: m.decisionId,
          model: m.model,
          created_at: m.createdAt,
        })),
      };
    },
  );
  app.delete(
    '/api/v1/ai/conversations/:id',
    {
      config: { permission: 'ai:chat' },
      schema: { tags, summary: 'Deletes one of your conversations and its messages', params: Id },
    },
    async (req, reply) => {
      await conversations.remove(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
};
