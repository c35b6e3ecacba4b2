import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { Price, QuantityIn } from './decimal.ts';
import type { SuppliersService } from './suppliers.service.ts';

const Item = z.object({
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  lead_time_days: z.number().int(),
  price: z.string().nullable(),
  min_qty: z.string().nullable(),
  preferred: z.boolean(),
});
const Out = z.object({
  id: z.uuid(),
  name: z.string(),
  tax_id: z.string().nullable(),
  contacts: z.array(
    z.object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }),
  ),
  currency: z.string(),
  default_lead_time_days: z.number().int().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
const In = z.object({
  name: z.string().trim().min(1).max(200),
  tax_id: z.string().trim().max(32).nullable().optional(),
  contacts: z
    .array(
      z.object({
        name: z.string().max(120).optional(),
        email: z.email().optional(),
        phone: z.string().max(40).optional(),
      }),
    )
    .max(20)
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 code such as MXN, COP, EUR' })
    .optional(),
  default_lead_time_days: z.number().int().min(0).max(3650).nullable().optional(),
  active: z.boolean().optional(),
});
const ItemIn = z.object({
  lead_time_days: z.number().int().min(0).max(3650),
  price: Price.nullable().optional(),
  min_qty: QuantityIn('non_negative').nullable().optional(),
  preferred: z.boolean().optional(),
});
const IdParam = z.object({ id: z.uuid() });
const ItemParams = z.object({ id: z.uuid(), product_id: z.uuid() });
const tags = ['catalog'];

export const suppliersRoutes = (app: App, svc: SuppliersService) => {
  app.get(
    '/api/v1/suppliers',
    {
      config: { permission: 'supplier:read' },
      schema: {
        tags,
        summary: 'Suppliers',
        querystring: PageQuery.extend({ search: z.string().max(100).optional() }),
        response: { 200: paged(Out) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/suppliers',
    {
      config: { permission: 'supplier:write' },
      schema: {
        tags,
        summary: 'Create a supplier',
        body: In,
        response: { 201: Out.extend({ items: z.array(Item) }) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/suppliers/:id',
    {
      config: { permission: 'supplier:read' },
      schema: {
        tags,
        summary: 'One supplier with what it sells',
        params: IdParam,
        response: { 200: Out.extend({ items: z.array(Item) }) },
      },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/suppliers/:id',
    {
      config: { permission: 'supplier:write' },
      schema: {
        tags,
        summary: 'Change a supplier',
        params: IdParam,
        body: In.partial(),
        response: { 200: Out.extend({ items: z.array(Item) }) },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/suppliers/:id',
    {
      config: { permission: 'supplier:write' },
      schema: {
        tags,
        summary: 'Delete a supplier (409 while orders refer to it)',
        params: IdParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/v1/suppliers/:id/items/:product_id',
    {
      config: { permission: 'supplier:write' },
      schema: {
        tags,
        summary: 'Set lead time, price and minimum for a product of this supplier',
        params: ItemParams,
        body: ItemIn,
        response: { 200: z.object({ items: z.array(Item) }) },
      },
    },
    async (req) => ({ items: await svc.putItem(req.ctx, req.params.id, req.params.product_id, req.body) }),
  );
  app.delete(
    '/api/v1/suppliers/:id/items/:product_id',
    {
      config: { permission: 'supplier:write' },
      schema: {
        tags,
        summary: 'Stop buying a product from this supplier',
        params: ItemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.removeItem(req.ctx, req.params.id, req.params.product_id);
      return reply.code(204).send(null);
    },
  );
};
