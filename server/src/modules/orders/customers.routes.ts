import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { customerColumns } from './customers.export.ts';
import type { CustomersService } from './customers.service.ts';
import { CUSTOMER_LIMITS } from './domain/customers.ts';
import { CUSTOMER_SOURCES } from './schema.ts';

const tags = ['orders'];
const IdParam = z.object({ id: z.uuid() });
const L = CUSTOMER_LIMITS;

const Out = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  tax_id: z.string().nullable(),
  active: z.boolean(),
  source: z.enum(CUSTOMER_SOURCES),
  connection_id: z.uuid().nullable().describe('the ERP connection a synced customer comes from'),
  external_id: z.string().nullable().describe('the customer’s id in that ERP'),
  created_at: z.string(),
  updated_at: z.string(),
});
const In = z.object({
  code: z
    .string()
    .trim()
    .max(L.code)
    .nullable()
    .optional()
    .describe('the customer’s number as the business knows it; unique in the organisation'),
  name: z.string().trim().min(1).max(L.name),
  email: z.email().max(L.email).nullable().optional(),
  phone: z.string().trim().max(L.phone).nullable().optional(),
  tax_id: z.string().trim().max(L.taxId).nullable().optional().describe('RFC, NIF or NIT'),
  active: z.boolean().optional(),
});
const ListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('part of the name, code or email'),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  source: z.enum(CUSTOMER_SOURCES).optional(),
});

export const customersRoutes = (app: App, svc: CustomersService) => {
  app.get(
    '/api/v1/customers',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags,
        summary: 'Customers by name (tenant-wide)',
        querystring: ListQuery,
        response: { 200: paged(Out) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/customers',
    permission: 'customer:read',
    tags,
    query: ListQuery,
    file: 'customers',
    sheet: { es: 'Clientes', en: 'Customers' },
    columns: customerColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });
  app.post(
    '/api/v1/customers',
    {
      config: { permission: 'customer:write' },
      schema: {
        tags,
        summary: 'Create a customer (409 when another has the code)',
        body: In,
        response: { 201: Out },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customer:read' },
      schema: { tags, summary: 'One customer', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customer:write' },
      schema: {
        tags,
        summary: 'Change a customer: fields left out stay, null clears',
        description:
          'A synced customer’s name, email, phone and active state come from its ERP: the next ' +
          'change of that customer there overwrites them. Code and tax id are never synced.',
        params: IdParam,
        body: In.partial(),
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
};
