import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { CountsService } from './counts.service.ts';
import { COUNT_STATUSES } from './schema.ts';
import { NonNegativeQuantity } from './stock.routes.ts';

const Header = z.object({
  id: z.uuid(),
  status: z.enum(COUNT_STATUSES),
  store_id: z.string(),
  store_name: z.string(),
  note: z.string().nullable(),
  line_count: z.number().int(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
const Count = Header.extend({
  lines: z.array(
    z.object({
      product_id: z.uuid(),
      sku: z.string(),
      name: z.string(),
      counted: z.string(),
      on_hand: z.string().describe('on hand now while open; at posting once posted'),
      difference: z.string().describe('counted − on hand: the correction posting books'),
    }),
  ),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['inventory'];

export const countsRoutes = (app: App, svc: CountsService) => {
  app.post(
    '/api/v1/counts',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Open a count session at a location (one open count per location)',
        body: z.object({
          store_id: z.string().trim().min(1).max(64).describe('location code or id'),
          note: z.string().trim().min(1).max(500).optional(),
        }),
        response: { 201: Count },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/counts',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Count sessions, newest first',
        querystring: PageQuery.extend({
          status: z.enum(COUNT_STATUSES).optional(),
          store_id: z.string().min(1).max(64).optional(),
        }),
        response: { 200: paged(Header) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.get(
    '/api/v1/counts/:id',
    {
      config: { permission: 'inventory:read' },
      schema: { tags, summary: 'One count with its lines', params: IdParam, response: { 200: Count } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/counts/:id/lines',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Enter counted quantities (null removes a line); the count must be open',
        params: IdParam,
        body: z.object({
          lines: z
            .array(z.object({ product_id: z.uuid(), counted: NonNegativeQuantity.nullable() }))
            .min(1)
            .max(1000),
        }),
        response: { 200: Count },
      },
    },
    async (req) => svc.setLines(req.ctx, req.params.id, req.body.lines),
  );
  app.post(
    '/api/v1/counts/:id/post',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Post the count: one count_correction per line that differs from on hand',
        params: IdParam,
        response: { 200: Count },
      },
    },
    async (req) => svc.post(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/counts/:id/cancel',
    {
      config: { permission: 'inventory:write' },
      schema: { tags, summary: 'Cancel an open count', params: IdParam, response: { 200: Count } },
    },
    async (req) => svc.cancel(req.ctx, req.params.id),
  );
};
