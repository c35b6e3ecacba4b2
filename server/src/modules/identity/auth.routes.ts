import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { AuthService } from './auth.service.ts';
import type { RequestMeta } from './sessions.service.ts';

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  language: z.enum(['es', 'en']),
  timezone: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  store_ids: z
    .array(z.uuid())
    .nullable()
    .describe('stores a store-scoped user may act on; null when not store-scoped'),
  mfa_enrolment_required: z
    .boolean()
    .optional()
    .describe('the organisation requires 2FA of admins: only the own account is reachable until enrolment'),
});
export const Tenant = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

export const Session = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('access token lifetime in seconds'),
  user: User,
  tenant: Tenant,
});

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

export const metaOf = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'],
});

export const authRoutes = (app: App, svc: AuthService, authRateLimit: number) => {
  // Sign-in endpoints get their own, tighter per-IP limit against password guessing.
  const rateLimit = { max: authRateLimit, timeWindow: 60_000 };
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with email and password',
        security: [],
        body: LoginRequest,
        response: {
          200: z.union([
            Session,
            z
              .object({ mfa_required: z.literal(true), mfa_token: z.string() })
              .describe('2FA is on: send a code with the mfa_token to /api/v1/auth/verify-2fa'),
          ]),
        },
      },
    },
    async (req) => svc.login(req.body, metaOf(req)),
  );

  app.post(
    '/api/v1/auth/verify-2fa',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Second sign-in step: a 6-digit code from the authenticator, or a recovery code',
        security: [],
        body: z.object({ mfa_token: z.string().min(20).max(200), code: z.string().trim().min(6).max(20) }),
        response: { 200: Session },
      },
    },
    async (req) => svc.verifySecondFactor(req.body, metaOf(req)),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Trade a refresh token for new tokens (the old one dies)',
        security: [],
        body: z.object({ refresh_token: z.string().min(20).max(200) }),
        response: { 200: Session },
      },
    },
    async (req) => svc.refresh(req.body.refresh_token, metaOf(req)),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags: ['identity'],
        summary: 'End this session (its refresh token family), or every session with `all`',
        body: z
          .object({ refresh_token: z.string().max(200).optional(), all: z.boolean().optional() })
          .default({}),
        response: { 204: z.null().describe('signed out') },
      },
    },
    async (req, reply) => {
      await svc.logout(req.ctx, req.body, metaOf(req));
      return reply.code(204).send(null);
    },
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
    async (req) => {
      const { user, tenant } = await svc.loadSession(req.ctx);
      return { user, tenant };
    },
  );
};
