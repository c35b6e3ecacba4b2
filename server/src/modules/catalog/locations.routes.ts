import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { LocationsService } from './locations.service.ts';
import { LOCATION_TYPES } from './schema.ts';

const Out = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  type: z.enum(LOCATION_TYPES),
  parent_id: z.uuid().nullable(),
  address: z.record(z.string(), z.string()),
  allow_negative: z.boolean(),
  lead_time_days: z.number().int().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
const In = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9][\w.-]*$/, { message: 'letters, digits, . _ - (e.g. MAD-001)' }),
  name: z.string().trim().min(1).max(200),
  type: z.enum(LOCATION_TYPES),
  parent_id: z.uuid().nullable().optional(),
  address: z.record(z.string(), z.string().max(200)).optional(),
  allow_negative: z.boolean().optional().describe('whether stock here may go below zero'),
  lead_time_days: z
    .number()
    .int()
    .min(0)
    .max(365)
    .nullable()
    .optional()
    .describe('days to deliver from here to the locations it supplies (distributed buffers)'),
  active: z.boolean().optional(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['catalog'];

export const locationsRoutes = (app: App, svc: LocationsService) => {
  app.get(
    '/api/v1/locations',
    {
      config: { permission: 'location:read' },
      schema: {
        tags,
        summary: 'Warehouses, stores and other nodes',
        querystring: PageQuery.extend({
          search: z.string().max(100).optional(),
          type: z.enum(LOCATION_TYPES).optional(),
        }),
        response: { 200: paged(Out) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/locations',
    {
      config: { permission: 'location:write' },
      schema: { tags, summary: 'Create a location', body: In, response: { 201: Out } },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/locations/:id',
    {
      config: { permission: 'location:read' },
      schema: { tags, summary: 'One location', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/locations/:id',
    {
      config: { permission: 'location:write' },
      schema: {
        tags,
        summary: 'Change a location',
        params: IdParam,
        body: In.partial(),
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/locations/:id',
    {
      config: { permission: 'location:write' },
      schema: {
        tags,
        summary: 'Delete a location (409 while referenced)',
        params: IdParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
