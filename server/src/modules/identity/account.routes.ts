import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { devMailboxEnabled } from '../../platform/mail/dev-mailbox.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AccountService } from './account.service.ts';
import { metaOf, Session } from './auth.routes.ts';
import type { AuthService } from './auth.service.ts';
import { DEV_MAILBOX_PERMISSION } from './domain/system-roles.ts';
import { Timezone } from './timezone.ts';

const tags = ['identity'];
const Slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, { message: 'lowercase letters, digits and dashes' });
const Token = z.string().min(20).max(200);

export const accountRoutes = (app: App, p: Platform, account: AccountService, auth: AuthService) => {
  const authLimit = { rateLimit: { max: p.config.AUTH_RATE_LIMIT_MAX, timeWindow: 60_000 } };

  app.post(
    '/api/v1/auth/register',
    {
      config: { public: true, ...authLimit },
      schema: {
        tags,
        summary:
          'Create an organisation and its first Admin; the email must be confirmed before the next sign-in',
        security: [],
        body: z.object({
          tenant_name: z.string().trim().min(2).max(120),
          tenant_slug: Slug.optional(),
          name: z.string().trim().min(1).max(120),
          email: z.email().max(254),
          password: z.string().max(256),
          language: z.enum(['es', 'en']).optional(),
          timezone: Timezone.optional().describe(
            "the founder's IANA time zone, also the organisation's; default America/Mexico_City",
          ),
        }),
        response: { 201: Session },
      },
    },
    async (req, reply) => {
      const meta = metaOf(req);
      const created = await account.register(req.body, meta);
      return reply
        .code(201)
        .send(await auth.startSession(created.adminUserId, created.tenantId, req.body.email, meta));
    },
  );

  app.post(
    '/api/v1/auth/verify-email',
    {
      config: { public: true, ...authLimit },
      schema: {
        tags,
        summary: 'Confirm an email address with the mailed token',
        security: [],
        body: z.object({ token: Token }),
        response: { 200: z.object({ verified: z.literal(true) }) },
      },
    },
    async (req) => {
      await account.verifyEmail(req.body.token, metaOf(req));
      return { verified: true as const };
    },
  );

  app.post(
    '/api/v1/auth/forgot-password',
    {
      config: { public: true, ...authLimit },
      schema: {
        tags,
        summary: 'Mail a password-reset link (the answer is the same whether or not the email exists)',
        security: [],
        body: z.object({ email: z.email().max(254), tenant: z.string().max(63).optional() }),
        response: { 202: z.object({ accepted: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      await account.forgotPassword(req.body);
      return reply.code(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/v1/auth/reset-password',
    {
      config: { public: true, ...authLimit },
      schema: {
        tags,
        summary: 'Choose a new password with the mailed token; ends every session',
        security: [],
        body: z.object({ token: Token, password: z.string().max(256) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await account.resetPassword(req.body, metaOf(req));
      return reply.code(204).send(null);
    },
  );

  if (p.mailer.kind === 'dev' && devMailboxEnabled(p.config)) {
    app.get(
      '/api/v1/dev/mailbox',
      {
        // Reset and invitation links take over accounts: admins only, never a read-only wildcard.
        config: { permission: DEV_MAILBOX_PERMISSION },
        schema: {
          tags: ['dev'],
          summary: "Development only: the mails Flujo would have sent to the caller's organisation",
          querystring: z.object({ to: z.string().max(254).optional() }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.string(),
                  to: z.string(),
                  subject: z.string(),
                  text: z.string(),
                  sent_at: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({
        data: p.mailer
          .mailbox(req.ctx.tenantId, req.query.to)
          .map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, sent_at: m.sentAt })),
      }),
    );
  }
};
