import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { ApiClientsService } from './api-clients.service.ts';
import { metaOf } from './auth.routes.ts';
import { PERMISSION } from './domain/permissions.ts';

const tags = ['identity'];
const ClientOut = z.object({
  id: z.uuid(),
  name: z.string(),
  client_id: z.string(),
  permissions: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
});

export const apiClientsRoutes = (app: App, svc: ApiClientsService, authRateLimit: number) => {
  app.get(
    '/api/v1/api-clients',
    {
      config: { permission: 'api-client:read' },
      schema: {
        tags,
        summary: 'Machine clients of the tenant',
        response: { 200: z.object({ data: z.array(ClientOut) }) },
      },
    },
    async (req) => ({ data: await svc.list(req.ctx) }),
  );
  app.post(
    '/api/v1/api-clients',
    {
      config: { permission: 'api-client:write' },
      schema: {
        tags,
        summary: 'Create a machine client; its secret is shown only in this answer',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          permissions: z.array(z.string().regex(PERMISSION)).min(1).max(100),
        }),
        response: { 201: ClientOut.extend({ client_secret: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body, metaOf(req))),
  );
  app.delete(
    '/api/v1/api-clients/:id',
    {
      config: { permission: 'api-client:write' },
      schema: {
        tags,
        summary: 'Revoke a machine client',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.revoke(req.ctx, req.params.id, metaOf(req));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/auth/token',
    {
      config: { public: true, rateLimit: { max: authRateLimit, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'OAuth2 client-credentials grant (form-encoded or JSON)',
        security: [],
        body: z.object({
          grant_type: z.literal('client_credentials'),
          client_id: z.string().min(1).max(100),
          client_secret: z.string().min(1).max(200),
          scope: z.string().max(2000).optional(),
        }),
        response: {
          200: z.object({
            access_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
            scope: z.string(),
          }),
        },
      },
    },
    async (req) => svc.token(req.body),
  );
};
