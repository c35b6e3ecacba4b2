import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { metaOf } from './auth.routes.ts';
import { atLeastOne } from './changes.ts';
import type { TenantsService } from './tenants.service.ts';
import { Timezone } from './timezone.ts';

const Settings = z
  .object({
    lockout_threshold: z.number().int().min(3).max(50),
    lockout_minutes: z.number().int().min(1).max(1440),
    password_min_length: z.number().int().min(10).max(128),
    require_2fa_for_admins: z.boolean(),
    access_token_ttl_s: z.number().int().min(60).max(86_400),
    refresh_token_ttl_s: z
      .number()
      .int()
      .min(300)
      .max(90 * 86_400),
  })
  .partial();
const TenantOut = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string().describe('IANA time zone whose calendar gives the organisation its "today"'),
  settings: Settings,
  created_at: z.string(),
});
const TenantChanges = atLeastOne(
  z.object({
    name: z.string().trim().min(2).max(120).optional(),
    timezone: Timezone.optional(),
    settings: Settings.optional(),
  }),
  ['name', 'timezone', 'settings'],
);
const tags = ['identity'];

/** Own organisation for its admins; every organisation for Flujo's operators (`platform:tenants`). */
export const tenantsRoutes = (app: App, svc: TenantsService) => {
  app.get(
    '/api/v1/tenants/current',
    {
      config: { permission: 'tenant:read' },
      schema: { tags, summary: 'Your organisation and its security settings', response: { 200: TenantOut } },
    },
    async (req) => svc.current(req.ctx),
  );
  app.put(
    '/api/v1/tenants/current',
    {
      config: { permission: 'tenant:write' },
      schema: {
        tags,
        summary: 'Rename your organisation or change its time zone or security settings',
        body: TenantChanges,
        response: { 200: TenantOut },
      },
    },
    async (req) => svc.change(req.ctx.tenantId, req.body, req.ctx, metaOf(req)),
  );

  app.get(
    '/api/v1/tenants',
    {
      config: { permission: 'platform:tenants' },
      schema: {
        tags,
        summary: 'Operators: every organisation',
        querystring: PageQuery,
        response: { 200: paged(TenantOut) },
      },
    },
    async (req) => svc.list(req.query),
  );
  app.post(
    '/api/v1/tenants',
    {
      config: { permission: 'platform:tenants' },
      schema: {
        tags,
        summary: 'Operators: create an organisation with its first Admin',
        body: z.object({
          name: z.string().trim().min(2).max(120),
          slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/),
          admin: z.object({
            email: z.email().max(254),
            name: z.string().trim().min(1).max(120),
            password: z.string().max(256),
          }),
        }),
        response: { 201: TenantOut },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.body)),
  );
  app.get(
    '/api/v1/tenants/:id',
    {
      config: { permission: 'platform:tenants' },
      schema: {
        tags,
        summary: 'Operators: one organisation',
        params: z.object({ id: z.uuid() }),
        response: { 200: TenantOut },
      },
    },
    async (req) => svc.get(req.params.id),
  );
  app.put(
    '/api/v1/tenants/:id',
    {
      config: { permission: 'platform:tenants' },
      schema: {
        tags,
        summary: 'Operators: change an organisation',
        params: z.object({ id: z.uuid() }),
        body: TenantChanges,
        response: { 200: TenantOut },
      },
    },
    async (req) => svc.change(req.params.id, req.body, req.ctx, metaOf(req)),
  );
};
