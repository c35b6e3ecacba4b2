import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { metaOf } from './auth.routes.ts';
import { atLeastOne } from './changes.ts';
import { PERMISSION } from './domain/permissions.ts';
import type { RolesService } from './roles.service.ts';

const RoleOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  is_system: z.boolean(),
  permissions: z.array(z.string()),
});
const Permissions = z
  .array(z.string().regex(PERMISSION, { message: 'must look like resource:action (wildcard *)' }))
  .min(1)
  .max(200);
const RoleIn = z.object({
  name: z.string().trim().min(1).max(50),
  description: z.string().max(500).nullable().optional(),
  permissions: Permissions,
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['identity'];

export const rolesRoutes = (app: App, roles: RolesService) => {
  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'role:read' },
      schema: {
        tags,
        summary: 'Roles of the tenant',
        response: { 200: z.object({ data: z.array(RoleOut) }) },
      },
    },
    async (req) => ({ data: await roles.list(req.ctx) }),
  );
  app.post(
    '/api/v1/roles',
    {
      config: { permission: 'role:write' },
      schema: { tags, summary: 'Create a role', body: RoleIn, response: { 201: RoleOut } },
    },
    async (req, reply) => reply.code(201).send(await roles.create(req.ctx, req.body, metaOf(req))),
  );
  app.get(
    '/api/v1/roles/:id',
    {
      config: { permission: 'role:read' },
      schema: { tags, summary: 'One role', params: IdParam, response: { 200: RoleOut } },
    },
    async (req) => roles.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/roles/:id',
    {
      config: { permission: 'role:write' },
      schema: {
        tags,
        summary: 'Change a tenant role (system roles are fixed)',
        params: IdParam,
        body: atLeastOne(RoleIn.partial(), ['name', 'description', 'permissions']),
        response: { 200: RoleOut },
      },
    },
    async (req) => roles.update(req.ctx, req.params.id, req.body, metaOf(req)),
  );
  app.delete(
    '/api/v1/roles/:id',
    {
      config: { permission: 'role:write' },
      schema: { tags, summary: 'Delete an unused tenant role', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await roles.remove(req.ctx, req.params.id, metaOf(req));
      return reply.code(204).send(null);
    },
  );
};
