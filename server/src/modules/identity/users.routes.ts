import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { metaOf } from './auth.routes.ts';
import { atLeastOne } from './changes.ts';
import type { RolesService } from './roles.service.ts';
import { Timezone } from './timezone.ts';
import type { UsersService } from './users.service.ts';

export const UserOut = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  language: z.enum(['es', 'en']),
  timezone: z.string(),
  active: z.boolean(),
  email_verified: z.boolean(),
  locked_until: z.string().nullable(),
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
  created_at: z.string(),
});

const Profile = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  language: z.enum(['es', 'en']).optional(),
  timezone: Timezone.optional(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['identity'];

export const usersRoutes = (app: App, users: UsersService, roles: RolesService) => {
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'user:read' },
      schema: {
        tags,
        summary: 'Users of the tenant',
        querystring: PageQuery.extend({ search: z.string().max(100).optional() }),
        response: { 200: paged(UserOut) },
      },
    },
    async (req) => users.list(req.ctx, req.query),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'user:write' },
      schema: {
        tags,
        summary: 'Add a user with roles, with a password or invited by mail',
        body: z.object({
          email: z.email().max(254),
          name: z.string().trim().min(1).max(120),
          password: z.string().max(256).optional().describe('omit to invite the user by mail to choose one'),
          language: z.enum(['es', 'en']).optional(),
          role_ids: z.array(z.uuid()).max(20).optional(),
        }),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => reply.code(201).send(await users.create(req.ctx, req.body, metaOf(req))),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'user:read' },
      schema: { tags, summary: 'One user', params: IdParam, response: { 200: UserOut } },
    },
    async (req) => users.get(req.ctx, req.params.id),
  );

  app.put(
    '/api/v1/users/:id',
    {
      config: { permission: 'user:write' },
      schema: {
        tags,
        summary: 'Change a user (name, language, time zone, active)',
        params: IdParam,
        body: atLeastOne(Profile.extend({ active: z.boolean().optional() }), [
          'name',
          'language',
          'timezone',
          'active',
        ]),
        response: { 200: UserOut },
      },
    },
    async (req) => users.update(req.ctx, req.params.id, req.body, metaOf(req)),
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config: { permission: 'user:write' },
      schema: {
        tags,
        summary: 'Deactivate a user and end their sessions',
        params: IdParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await users.update(req.ctx, req.params.id, { active: false }, metaOf(req));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/users/:id/stores',
    {
      config: { permission: 'user:write' },
      schema: {
        tags,
        summary: 'Set the stores a store-scoped user (Seller) may act on',
        params: IdParam,
        body: z.object({ store_ids: z.array(z.uuid()).max(500) }),
        response: { 200: z.object({ store_ids: z.array(z.uuid()) }) },
      },
    },
    async (req) => ({
      store_ids: await users.setStores(req.ctx, req.params.id, req.body.store_ids, metaOf(req)),
    }),
  );

  app.put(
    '/api/v1/users/me',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Change your profile or password (a new password ends your other sessions)',
        body: atLeastOne(
          Profile.extend({
            current_password: z.string().max(1024).optional(),
            new_password: z.string().max(256).optional(),
          }),
          ['name', 'language', 'timezone', 'new_password'],
        ),
        response: { 200: UserOut },
      },
    },
    async (req) => users.updateMe(req.ctx, req.body, metaOf(req)),
  );

  app.post(
    '/api/v1/users/:id/roles',
    {
      config: { permission: 'role:assign' },
      schema: {
        tags,
        summary: 'Give a user a role',
        params: IdParam,
        body: z.object({ role_id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await roles.assign(req.ctx, req.params.id, req.body.role_id, metaOf(req));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/users/:id/roles/:role_id',
    {
      config: { permission: 'role:assign' },
      schema: {
        tags,
        summary: 'Take a role from a user',
        params: z.object({ id: z.uuid(), role_id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await roles.unassign(req.ctx, req.params.id, req.params.role_id, metaOf(req));
      return reply.code(204).send(null);
    },
  );
};
