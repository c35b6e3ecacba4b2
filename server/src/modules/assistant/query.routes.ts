import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { QueryService } from './query.service.ts';

const tags = ['assistant'];
const Column = z.object({
  name: z.string(),
  type: z.string(),
  description: z.string(),
  sensitive: z.boolean().optional(),
});

export const queryRoutes = (app: App, svc: QueryService) => {
  app.post(
    '/api/v1/ai/query',
    {
      config: { permission: 'ai-query:execute' },
      schema: {
        tags,
        summary: 'A question in natural language answered by one guarded, read-only SELECT (seed 004)',
        description:
          'The SQL comes from the language model (or, with none, from the examples). It runs only if the PostgreSQL parser finds one plain SELECT over the ai_* views you may read, calling allowed functions only, and then in a read-only transaction as a role that can read nothing else, with a timeout, a cost ceiling and a row limit. A refusal is `403 ai.sql_refused` with `rule`.',
        body: z.object({
          query: z.string().trim().min(3).max(500),
          limit: z.number().int().min(1).max(1000).default(100),
          cache: z
            .boolean()
            .default(true)
            .describe('reuse the SQL made for the same question in the last 10 minutes'),
        }),
        response: {
          200: z.object({
            query: z.object({ natural: z.string(), sql: z.string(), explanation: z.string() }),
            data: z.array(z.record(z.string(), z.unknown())),
            metadata: z.object({
              row_count: z.number().int(),
              execution_ms: z.number(),
              estimated_rows: z.number().int(),
              estimated_cost: z.number(),
              truncated: z.boolean(),
              columns: z.array(z.string()),
            }),
            agents: z.object({
              schema: z.object({ views: z.array(z.string()), offered: z.array(z.string()) }),
              sql: z.record(z.string(), z.unknown()),
              execution: z.record(z.string(), z.unknown()),
            }),
          }),
        },
      },
    },
    async (req) => svc.query(req.ctx, req.body),
  );
  app.get(
    '/api/v1/ai/query/examples',
    {
      config: { permission: 'ai-query:execute' },
      schema: {
        tags,
        summary: 'Questions answered without a model, with their SQL',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.string(),
                question: z.object({ es: z.string(), en: z.string() }),
                explanation: z.object({ es: z.string(), en: z.string() }),
                sql: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ data: svc.examples() }),
  );
  app.get(
    '/api/v1/ai/schema',
    {
      config: { permission: 'ai-query:execute' },
      schema: {
        tags,
        summary: 'The views and columns the model is shown for you',
        description:
          'Only views your permissions reach; sensitive columns only when a local model would answer.',
        response: {
          200: z.object({
            views: z.array(
              z.object({
                name: z.string(),
                description: z.string(),
                permission: z.string(),
                columns: z.array(Column),
              }),
            ),
            sensitive_shown: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const s = svc.schema(req.ctx);
      return { ...s, views: s.views.map((v) => ({ ...v, columns: [...v.columns] })) };
    },
  );
};
