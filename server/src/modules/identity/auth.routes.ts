import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { AuthService } from './auth.service.ts';

const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  language: z.enum(['es', 'en']),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
});
const Tenant = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  tenant: z
    .string()
    .min(1)
    .max(63)
    .optional()
    .describe('tenant slug; needed only when the email is in several'),
});

export const authRoutes = (app: App, svc: AuthService) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with email and password',
        security: [],
        body: LoginRequest,
        response: {
          200: z.object({
            access_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
            user: User,
            tenant: Tenant,
          }),
        },
      },
    },
    async (req) => svc.login(req.body),
  );

  app.get(
    '/api/v1/users/me',
    {
      config: { permission: 'profile:read' },
      schema: {
        tags: ['identity'],
        summary: 'The signed-in user and tenant',
        response: { 200: z.object({ user: User, tenant: Tenant }) },
      },
    },
    async (req) => svc.me(req.ctx),
  );
};
