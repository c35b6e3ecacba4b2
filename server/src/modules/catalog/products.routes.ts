import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { Price, QuantityIn } from './decimal.ts';
import { productColumns } from './products.export.ts';
import type { ProductsService } from './products.service.ts';

const Out = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  uom: z.string(),
  uom_step: z.string(),
  price: z.string().nullable(),
  cost: z.string().nullable(),
  lead_time_days: z.number().int().nullable(),
  min_order_qty: z.string().nullable(),
  order_multiple: z.string().nullable(),
  buffered: z.boolean(),
  active: z.boolean(),
  barcode: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const ProductIn = z.object({
  sku: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w.\-/]+$/, { message: 'letters, digits and . _ - / only' }),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).nullable().optional(),
  category: z.string().trim().max(100).nullable().optional(),
  uom: z.string().trim().min(1).max(20).optional(),
  uom_step: QuantityIn('positive').optional().describe('quantities of the product are whole multiples of it'),
  price: Price.nullable().optional(),
  cost: Price.nullable().optional(),
  lead_time_days: z.number().int().min(0).max(3650).nullable().optional(),
  min_order_qty: QuantityIn('non_negative').nullable().optional(),
  order_multiple: QuantityIn('positive').nullable().optional(),
  buffered: z.boolean().optional(),
  active: z.boolean().optional(),
  barcode: z.string().trim().max(64).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

const ListQuery = PageQuery.extend({
  search: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['catalog'];

export const productsRoutes = (app: App, svc: ProductsService) => {
  app.get(
    '/api/v1/products',
    {
      config: { permission: 'product:read' },
      schema: {
        tags,
        summary: 'Products, with full-text search on SKU and name (Spanish and simple)',
        querystring: ListQuery,
        response: { 200: paged(Out) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/products',
    permission: 'product:read',
    tags,
    query: ListQuery,
    file: 'products',
    sheet: { es: 'Productos', en: 'Products' },
    columns: productColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });
  app.post(
    '/api/v1/products',
    {
      config: { permission: 'product:write' },
      schema: { tags, summary: 'Create a product', body: ProductIn, response: { 201: Out } },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.post(
    '/api/v1/products/bulk',
    {
      config: { permission: 'product:write' },
      schema: {
        tags,
        summary: 'Create or update many products by SKU; all rows or none',
        body: z.object({ products: z.array(ProductIn).min(1).max(5000) }),
        response: { 200: z.object({ created: z.number().int(), updated: z.number().int() }) },
      },
    },
    async (req) => svc.bulkUpsert(req.ctx, req.body.products),
  );
  app.get(
    '/api/v1/products/:id',
    {
      config: { permission: 'product:read' },
      schema: { tags, summary: 'One product', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/products/:id',
    {
      config: { permission: 'product:write' },
      schema: {
        tags,
        summary: 'Change a product',
        params: IdParam,
        body: ProductIn.partial(),
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/products/:id',
    {
      config: { permission: 'product:write' },
      schema: {
        tags,
        summary: 'Delete a product (409 while stock, orders or BOMs refer to it)',
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
