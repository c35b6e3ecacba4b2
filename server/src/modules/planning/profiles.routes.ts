import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { ProfilesService } from './profiles.service.ts';
import { ITEM_TYPES, LEAD_TIME_CLASSES, REPLENISH_METHODS, VARIABILITY_CLASSES } from './schema.ts';

export const Profile = z.object({
  id: z.uuid(),
  name: z.string(),
  item_type: z.enum(ITEM_TYPES),
  lead_time_class: z.enum(LEAD_TIME_CLASSES),
  variability_class: z.enum(VARIABILITY_CLASSES),
  replenish_method: z.enum(REPLENISH_METHODS),
  lead_time_factor: z.number(),
  variability_factor: z.number(),
  is_standard: z.boolean(),
});

const tags = ['planning'];

export const profileRoutes = (app: App, svc: ProfilesService) => {
  app.get(
    '/api/v1/buffer-profiles',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Buffer profiles: the standard matrix and the tenant’s own',
        querystring: z.object({ item_type: z.enum(ITEM_TYPES).optional() }),
        response: { 200: z.object({ data: z.array(Profile) }) },
      },
    },
    async (req) => ({ data: await svc.list(req.ctx, req.query.item_type) }),
  );
  app.post(
    '/api/v1/buffer-profiles',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'A profile of the tenant’s own',
        body: z.object({
          name: z.string().trim().min(1).max(120),
          item_type: z.enum(ITEM_TYPES),
          lead_time_class: z.enum(LEAD_TIME_CLASSES),
          variability_class: z.enum(VARIABILITY_CLASSES),
          replenish_method: z.enum(REPLENISH_METHODS).default('replenish'),
          lead_time_factor: z.number().gt(0).max(1),
          variability_factor: z.number().min(0).max(2),
        }),
        response: { 201: Profile },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
};
