import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { metaOf } from './auth.routes.ts';
import type { TwoFactorService } from './two-factor.service.ts';

const tags = ['identity'];

export const twoFactorRoutes = (app: App, svc: TwoFactorService) => {
  app.post(
    '/api/v1/auth/enable-2fa',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Start 2FA enrolment: secret, otpauth URI, QR code and recovery codes (shown once)',
        response: {
          200: z.object({
            secret: z.string(),
            otpauth_uri: z.string(),
            qr_svg: z.string(),
            recovery_codes: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => svc.enable(req.ctx, metaOf(req)),
  );
  app.post(
    '/api/v1/auth/confirm-2fa',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Turn 2FA on with a first code',
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/),
        }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.confirm(req.ctx, req.body.code, metaOf(req));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/auth/disable-2fa',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Turn 2FA off (password and a current or recovery code)',
        body: z.object({ password: z.string().min(1).max(1024), code: z.string().trim().min(6).max(20) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.disable(req.ctx, req.body, metaOf(req));
      return reply.code(204).send(null);
    },
  );
};
