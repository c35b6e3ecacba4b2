import { z } from 'zod';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageOf, paged } from '../../platform/http/pagination.ts';
import { DecisionView, decisionOut } from './conversations.routes.ts';
import type { Decisions } from './decisions.service.ts';
import type { ApiCall } from './tools/api.ts';

const tags = ['assistant'];
const Id = z.object({ id: z.uuid() });

export const decisionsRoutes = (
  app: App,
  decisions: Decisions,
  apiFor: (ctx: RequestContext, idempotencyKey?: string) => ApiCall,
) => {
  app.get(
    '/api/v1/ai/decisions',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: "The assistant's proposals to you and what became of them",
        querystring: PageQuery.extend({
          status: z.enum(['proposed', 'executed', 'declined', 'failed']).optional(),
        }),
        response: { 200: paged(DecisionView) },
      },
    },
    async (req) => {
      const { data, total } = await decisions.list(
        req.ctx,
        req.query.page,
        req.query.limit,
        req.query.status,
      );
      return pageOf(data.map(decisionOut), total, req.query);
    },
  );
  app.get(
    '/api/v1/ai/decisions/:id',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'One of your proposals and what became of it',
        params: Id,
        response: { 200: DecisionView },
      },
    },
    async (req) => decisionOut(await decisions.get(req.ctx, req.params.id)),
  );
  app.post(
    '/api/v1/ai/decisions/:id/confirm',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'Carries out a proposal through its ordinary route, with your own permissions',
        description:
          'The write is the route a planner would call by hand (approve or reject a suggestion, create a purchase order); a permission you lack fails it there. `status` says whether it was executed or failed, `outcome` holds the route’s answer.',
        params: Id,
        response: { 200: DecisionView },
      },
    },
    async (req) =>
      decisionOut(await decisions.confirm(req.ctx, req.params.id, (key) => apiFor(req.ctx, key))),
  );
  app.post(
    '/api/v1/ai/decisions/:id/decline',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'Declines a proposal; nothing is changed',
        params: Id,
        response: { 200: DecisionView },
      },
    },
    async (req) => decisionOut(await decisions.decline(req.ctx, req.params.id)),
  );
};
