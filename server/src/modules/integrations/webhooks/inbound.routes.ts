import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../../platform/http/app.ts';
import type { Inbound } from './inbound.ts';

const IdParam = z.object({ id: z.uuid() });

export const inboundRoutes = (app: App, inbound: Inbound) => {
  app.post(
    '/api/v1/integrations/connections/:id/inbound-secret',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags: ['integrations'],
        summary: 'A new secret for the ERP to sign its pushes with (shown once), and where to push',
        params: IdParam,
        response: { 200: z.object({ secret: z.string(), url: z.string() }) },
      },
    },
    async (req) => inbound.newSecret(req.ctx, req.params.id),
  );
  // The signature covers the body byte for byte, so this route reads it as text, not as JSON.
  app.register(async (plain) => {
    const raw = plain.withTypeProvider<ZodTypeProvider>();
    raw.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, body),
    );
    raw.post(
      '/api/v1/integrations/connections/:id/webhook',
      {
        config: { public: true },
        schema: {
          tags: ['integrations'],
          summary: 'An ERP announces a change (Standard Webhooks signature); an incremental sync starts',
          params: IdParam,
          response: {
            202: z.object({ accepted: z.boolean(), duplicate: z.boolean(), job_id: z.uuid().nullable() }),
          },
        },
      },
      async (req, reply) =>
        reply
          .code(202)
          .send(
            await inbound.receive(req.params.id, req.headers, typeof req.body === 'string' ? req.body : ''),
          ),
    );
  });
};
