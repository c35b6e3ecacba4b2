import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { BomsService } from './boms.service.ts';
import { PositiveDecimal } from './decimal.ts';

const Out = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  location_id: z.uuid().nullable().describe('null: the BOM holds for every location'),
  lines: z.array(
    z.object({ component_id: z.uuid(), sku: z.string(), name: z.string(), quantity: z.string() }),
  ),
});
const Lines = z
  .array(z.object({ component_id: z.uuid(), quantity: PositiveDecimal }))
  .min(1)
  .max(500);
const IdParam = z.object({ id: z.uuid() });
const tags = ['catalog'];

export const bomsRoutes = (app: App, svc: BomsService) => {
  app.get(
    '/api/v1/boms',
    {
      config: { permission: 'product:read' },
      schema: {
        tags,
        summary: 'Bills of materials',
        querystring: z.object({ product_id: z.uuid().optional() }),
        response: { 200: z.object({ data: z.array(Out) }) },
      },
    },
    async (req) => ({ data: await svc.list(req.ctx, req.query) }),
  );
  app.post(
    '/api/v1/boms',
    {
      config: { permission: 'product:write' },
      schema: {
        tags,
        summary: 'Create a bill of materials (no loops: a component cannot be made from the product)',
        body: z.object({ product_id: z.uuid(), location_id: z.uuid().nullable().optional(), lines: Lines }),
        response: { 201: Out },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/boms/:id',
    {
      config: { permission: 'product:read' },
      schema: { tags, summary: 'One bill of materials', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/boms/:id',
    {
      config: { permission: 'product:write' },
      schema: {
        tags,
        summary: 'Replace the lines of a bill of materials',
        params: IdParam,
        body: z.object({ lines: Lines }),
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body.lines),
  );
  app.delete(
    '/api/v1/boms/:id',
    {
      config: { permission: 'product:write' },
      schema: { tags, summary: 'Delete a bill of materials', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
