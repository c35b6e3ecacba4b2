import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, Pagination, pageOf } from '../../platform/http/pagination.ts';
import type { Notifications } from './notifications.service.ts';

const tags = ['notifications'];
const Notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
const Preferences = z.object({
  email_reports: z.boolean().describe('also send the assistant’s reports by mail'),
});

/** Everyone's own bell: any signed-in user reads and marks their own notifications. */
export const notificationsRoutes = (app: App, svc: Notifications) => {
  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'profile:read' },
      schema: {
        tags,
        summary: 'Your notifications, latest first, with the unread count',
        querystring: PageQuery.extend({
          unread: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('only unread ones'),
        }),
        response: {
          200: z.object({ data: z.array(Notification), pagination: Pagination, unread: z.number().int() }),
        },
      },
    },
    async (req) => {
      const { data, total, unread } = await svc.list(req.ctx, req.query);
      return {
        ...pageOf([], total, req.query),
        data: data.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          data: n.data as Record<string, unknown>,
          read_at: n.readAt,
          created_at: n.createdAt,
        })),
        unread,
      };
    },
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'profile:write' },
      schema: { tags, summary: 'Marks one of your notifications read', params: z.object({ id: z.uuid() }) },
    },
    async (req, reply) => {
      await svc.markRead(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Marks all your notifications read',
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (req) => ({ marked: await svc.markAllRead(req.ctx) }),
  );
  app.get(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'profile:read' },
      schema: {
        tags,
        summary: 'Whether the assistant’s reports also reach you by mail',
        response: { 200: Preferences },
      },
    },
    async (req) => svc.preferences(req.ctx),
  );
  app.put(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'profile:write' },
      schema: {
        tags,
        summary: 'Opts in or out of the assistant’s reports by mail',
        body: Preferences,
        response: { 200: Preferences },
      },
    },
    async (req) => svc.setPreferences(req.ctx, req.body),
  );
};
