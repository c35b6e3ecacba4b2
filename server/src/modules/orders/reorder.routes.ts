import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { OrderQuantity } from './quantity.ts';
import type { ReorderService } from './reorder.service.ts';

const tags = ['orders'];
const IdParam = z.object({ id: z.uuid() });
const Point = z
  .union([
    z.number().min(0),
    z
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,6})?$/),
  ])
  .transform((v) => String(v))
  .refine((v) => Number(v) >= 0 && Number(v) <= 1_000_000_000, {
    message: 'must be 0 or more and at most 1,000,000,000',
  });

const PolicyIn = z.object({
  product_id: z.uuid(),
  store_id: z.string().trim().min(1).max(64).describe('location code or id'),
  reorder_point: Point.describe('order when available stock falls to this or below'),
  reorder_quantity: OrderQuantity.describe('how much each order asks for'),
  supplier_id: z.uuid().nullable().optional().describe('default: the product’s preferred supplier'),
  active: z.boolean().default(true),
});
const Policy = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  location_id: z.uuid(),
  store_id: z.string(),
  reorder_point: z.string(),
  reorder_quantity: z.string(),
  supplier_id: z.uuid().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const reorderRoutes = (app: App, svc: ReorderService) => {
  app.get(
    '/api/v1/reorder-policies',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'Reorder point policies for products DDMRP does not buffer',
        querystring: z.object({
          product_id: z.uuid().optional(),
          store_id: z.string().trim().min(1).max(64).optional(),
        }),
        response: { 200: z.object({ data: z.array(Policy) }) },
      },
    },
    async (req) => ({ data: await svc.list(req.ctx, req.query) }),
  );
  app.post(
    '/api/v1/reorder-policies',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Create a reorder policy (not for buffered products)',
        body: PolicyIn,
        response: { 201: Policy },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.put(
    '/api/v1/reorder-policies/:id',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Replace a reorder policy',
        params: IdParam,
        body: PolicyIn,
        response: { 200: Policy },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/reorder-policies/:id',
    {
      config: { permission: 'order:write' },
      schema: { tags, summary: 'Delete a reorder policy', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
