import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { Platform } from '../../platform/platform.ts';
import { aiConversations, aiMessages } from './schema.ts';

export type StoredMessage = typeof aiMessages.$inferSelect;

/** A user's conversations with the assistant: theirs alone, whatever their permissions. */
export const createConversations = (p: Platform) => {
  const own = (ctx: RequestContext, id: string) =>
    and(
      eq(aiConversations.tenantId, ctx.tenantId),
      eq(aiConversations.userId, ctx.userId),
      eq(aiConversations.id, id),
    );

  const find = (tx: Tx, ctx: RequestContext, id: string) =>
    tx
      .select()
      .from(aiConversations)
      .where(own(ctx, id))
      .then((r) => r[0]);

  return {
    /** The conversation to continue, or a new one titled after its first question. */
    open: (ctx: RequestContext, id: string | undefined, firstMessage: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        if (id) {
          const found = await find(tx, ctx, id);
          if (!found) throw new DomainError('ai.conversation_not_found');
          return found;
        }
        const title = firstMessage.replace(/\s+/g, ' ').trim().slice(0, 80) || '…';
        const [created] = await tx
          .insert(aiConversations)
          .values({ tenantId: ctx.tenantId, userId: ctx.userId, title })
          .returning();
        if (!created) throw new Error('conversation not created');
        return created;
      }),
    /** The last turns, oldest first: the context a model is given. */
    history: (ctx: RequestContext, conversationId: string, turns = 20) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(aiMessages)
          .where(and(eq(aiMessages.tenantId, ctx.tenantId), eq(aiMessages.conversationId, conversationId)))
          .orderBy(desc(aiMessages.createdAt))
          .limit(turns);
        return rows.reverse();
      }),
    append: (
      ctx: RequestContext,
      conversationId: string,
      m: {
        role: 'user' | 'assistant';
        content: string;
        toolCalls?: unknown[];
        cards?: unknown[];
        decisionId?: string | null;
        model?: string | null;
      },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [row] = await tx
          .insert(aiMessages)
          .values({
            tenantId: ctx.tenantId,
            conversationId,
            role: m.role,
            content: m.content,
            toolCalls: m.toolCalls ?? [],
            cards: m.cards ?? [],
            decisionId: m.decisionId ?? null,
            model: m.model ?? null,
          })
          .returning();
        await tx.update(aiConversations).set({ updatedAt: sql`now()` }).where(own(ctx, conversationId));
        return row as StoredMessage;
      }),
    list: (ctx: RequestContext, page: number, limit: number) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const where = and(eq(aiConversations.tenantId, ctx.tenantId), eq(aiConversations.userId, ctx.userId));
        const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(aiConversations).where(where);
        const data = await tx
          .select()
          .from(aiConversations)
          .where(where)
          .orderBy(desc(aiConversations.updatedAt), desc(aiConversations.id))
          .limit(limit)
          .offset((page - 1) * limit);
        return { data, total: total?.n ?? 0 };
      }),
    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const conversation = await find(tx, ctx, id);
        if (!conversation) throw new DomainError('ai.conversation_not_found');
        const messages = await tx
          .select()
          .from(aiMessages)
          .where(and(eq(aiMessages.tenantId, ctx.tenantId), eq(aiMessages.conversationId, id)))
          .orderBy(asc(aiMessages.createdAt), asc(aiMessages.id));
        return { conversation, messages };
      }),
    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const gone = await tx
          .delete(aiConversations)
          .where(own(ctx, id))
          .returning({ id: aiConversations.id });
        if (gone.length === 0) throw new DomainError('ai.conversation_not_found');
      }),
  };
};

export type Conversations = ReturnType<typeof createConversations>;
