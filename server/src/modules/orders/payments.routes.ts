import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../platform/domain/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { PAYMENT_PROVIDERS } from './schema.ts';
import type { SandboxChallenge, WebhookHandler } from './webhooks.ts';

const tags = ['payments'];
const Received = z.object({ received: z.boolean(), duplicate: z.boolean() });

/** Reads a provider's body as JSON or form fields; signatures are checked over the raw text. */
const parseBody = (raw: string, type: string | undefined): unknown => {
  if ((type ?? '').includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    throw new DomainError('orders.webhook_invalid', { detail: 'The body is not valid JSON.' });
  }
};

export const paymentsRoutes = (app: App, handle: WebhookHandler, completeChallenge: SandboxChallenge) => {
  const rateLimit = { max: 600, timeWindow: 60_000 };
  // The raw body stays inside this plugin: only provider notifications are read as text.
  app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/payments/webhooks/:provider/:tenant_id',
      {
        config: { public: true, rateLimit },
        schema: {
          tags,
          summary: 'A payment provider’s notification (signature verified; redeliveries are no-ops)',
          params: z.object({ provider: z.enum(PAYMENT_PROVIDERS), tenant_id: z.uuid() }),
          body: z
            .string()
            .max(256 * 1024)
            .optional(),
          response: { 200: Received },
        },
      },
      async (req) => {
        const raw = req.body ?? '';
        return handle(req.params.provider, req.params.tenant_id, {
          headers: req.headers,
          query: req.query as Record<string, string | undefined>,
          rawBody: raw,
          body: parseBody(raw, req.headers['content-type']),
        });
      },
    );
  });
  app.post(
    '/api/v1/payments/sandbox/:tenant_id/:payment_id/complete',
    {
      config: { public: true, rateLimit },
      schema: {
        tags,
        summary:
          'Sandbox only: the buyer answers the 3-D Secure challenge; the sandbox then sends its webhook',
        params: z.object({ tenant_id: z.uuid(), payment_id: z.uuid() }),
        body: z.object({ outcome: z.enum(['approved', 'declined']) }),
        response: { 200: Received },
      },
    },
    async (req) => completeChallenge(req.params.tenant_id, req.params.payment_id, req.body.outcome),
  );
};
