import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const id = () => uuid('id').primaryKey().defaultRandom();
const created = () => ts('created_at').notNull().defaultNow();

/** A chat between one user and the assistant; only its owner lists, reads or deletes it. */
export const aiConversations = pgTable(
  'ai_conversations',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('ai_conversations_owner_idx').on(t.tenantId, t.userId, t.updatedAt)],
);

/** One turn: what the user asked, or what the assistant answered with the tools it called and the cards it showed. */
export const aiMessages = pgTable(
  'ai_messages',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => aiConversations.id, { onDelete: 'cascade' }),
    role: text('role').$type<'user' | 'assistant'>().notNull(),
    content: text('content').notNull(),
    toolCalls: jsonb('tool_calls').notNull().default(sql`'[]'::jsonb`),
    cards: jsonb('cards').notNull().default(sql`'[]'::jsonb`),
    decisionId: uuid('decision_id'),
    model: text('model'),
    createdAt: created(),
  },
  (t) => [index('ai_messages_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** Every tool the assistant called, for whom, with what and how it ended (the audit of seed 000 §5). */
export const aiToolInvocations = pgTable(
  'ai_tool_invocations',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id'),
    conversationId: uuid('conversation_id'),
    tool: text('tool').notNull(),
    arguments: jsonb('arguments').notNull(),
    outcome: text('outcome').notNull(),
    summary: text('summary').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: created(),
  },
  (t) => [index('ai_tool_invocations_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** A write the assistant proposed, and what the user did with it (seed 000's decision tracking). */
export const aiDecisions = pgTable(
  'ai_decisions',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    conversationId: uuid('conversation_id'),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    summary: text('summary').notNull(),
    status: text('status')
      .$type<'proposed' | 'executed' | 'declined' | 'failed'>()
      .notNull()
      .default('proposed'),
    outcome: jsonb('outcome'),
    createdAt: created(),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('ai_decisions_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** Where each request to a model went and why (seed 002's `llm_routing_logs`). */
export const llmRoutingLogs = pgTable(
  'llm_routing_logs',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id'),
    purpose: text('purpose').$type<'chat' | 'query' | 'report'>().notNull(),
    target: text('target').$type<'local' | 'cloud' | 'offline' | 'refused'>().notNull(),
    model: text('model'),
    classification: text('classification').notNull(),
    reason: text('reason').notNull(),
    outcome: text('outcome').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    createdAt: created(),
  },
  (t) => [index('llm_routing_logs_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** Every natural-language query, refused or run (seed 004 asks for the audit). */
export const aiQueries = pgTable(
  'ai_queries',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    natural: text('natural').notNull(),
    sql: text('sql'),
    source: text('source').$type<'model' | 'template' | 'cache'>().notNull(),
    status: text('status').$type<'ok' | 'refused' | 'failed'>().notNull(),
    rule: text('rule'),
    rowCount: integer('row_count'),
    executionMs: integer('execution_ms'),
    createdAt: created(),
  },
  (t) => [index('ai_queries_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** In-app notifications: the bell in the header. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    readAt: ts('read_at'),
    createdAt: created(),
  },
  (t) => [index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt)],
);

/** Whether a user also wants the assistant's reports by mail. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    emailReports: boolean('email_reports').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);

/** The proactive reports written: one daily per tenant and day; a penetration report waits for the last one's quiet period. */
export const aiReports = pgTable(
  'ai_reports',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    trigger: text('trigger').$type<'daily' | 'penetration'>().notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    urgent: integer('urgent').notNull(),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('ai_reports_daily_idx').on(t.tenantId, t.day).where(sql`${t.trigger} = 'daily'`),
    index('ai_reports_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);
