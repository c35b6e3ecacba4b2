import { z } from 'zod';
import type { App } from '../../../platform/http/app.ts';
import { PageQuery, paged } from '../../../platform/http/pagination.ts';
import { EVENT_PATTERN } from '../domain/webhooks.ts';
import type { WebhooksService } from './webhooks.service.ts';

const tags = ['integrations'];
const IdParam = z.object({ id: z.uuid() });
const In = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z
    .array(z.string().max(100).regex(EVENT_PATTERN, 'an event type, a prefix ending in .*, or *'))
    .min(1)
    .max(50)
    .describe('event types such as inventory.stock.updated, or prefixes such as inventory.*'),
  description: z.string().trim().max(300).nullable().optional(),
  enabled: z.boolean().optional(),
});
const Out = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const WithSecret = Out.extend({ secret: z.string().describe('whsec_…; shown only now') });
const Delivery = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  event_type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'dead']),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  log: z.array(
    z.object({
      attempt: z.number().int(),
      at: z.string(),
      status: z.number().int().nullable(),
      latency_ms: z.number().int(),
      response: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});

/** Outbound webhooks (seed 000 `POST /api/v1/webhooks`), signed as the Standard Webhooks spec says. */
export const webhooksRoutes = (app: App, svc: WebhooksService) => {
  app.get(
    '/api/v1/webhooks',
    {
      config: { permission: 'integration:read' },
      schema: { tags, summary: 'Webhook subscriptions', response: { 200: z.object({ data: z.array(Out) }) } },
    },
    async (req) => ({ data: await svc.list(req.ctx) }),
  );
  app.post(
    '/api/v1/webhooks',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Subscribe an endpoint to events; the answer holds its secret once',
        body: In,
        response: { 201: WithSecret },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/webhooks/:id',
    {
      config: { permission: 'integration:read' },
      schema: {
        tags,
        summary: 'One subscription (never its secret)',
        params: IdParam,
        response: { 200: Out },
      },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/webhooks/:id',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Change a subscription; enabling it again clears why it was disabled',
        params: IdParam,
        body: In.partial(),
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Remove a subscription and its delivery log',
        params: IdParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'A new secret; the old one keeps signing beside it for 24 hours',
        params: IdParam,
        response: { 200: WithSecret },
      },
    },
    async (req) => svc.rotate(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { permission: 'integration:read' },
      schema: {
        tags,
        summary: 'Deliveries, newest first, each with its attempts (status, latency, response)',
        params: IdParam,
        querystring: PageQuery,
        response: { 200: paged(Delivery) },
      },
    },
    async (req) => svc.deliveries(req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/v1/webhooks/deliveries/:id/replay',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Send a delivery again now',
        params: IdParam,
        response: { 202: z.object({ id: z.uuid(), status: z.string() }) },
      },
    },
    async (req, reply) => reply.code(202).send(await svc.replay(req.ctx, req.params.id)),
  );
};
