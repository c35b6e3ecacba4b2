import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import type { ProductionService } from './production.service.ts';
import { OrderQuantity } from './quantity.ts';
import { SupplyOrderOut } from './supply.view.ts';

const tags = ['orders'];
const IdParam = z.object({ id: z.uuid() });

const CreateProduction = z.object({
  product_id: z.uuid(),
  store_id: z.string().trim().min(1).max(64).describe('where it is made: location code or id'),
  quantity: OrderQuantity,
  due_date: z.iso.date().optional().describe('default: start date + the product’s own lead time'),
  start_date: z.iso.date().optional().describe('the order date; default today'),
  notes: z.string().trim().max(2000).optional(),
  submit: z.boolean().optional().describe('release it (OPEN) instead of leaving a DRAFT'),
});

const Component = z.object({
  product_id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  per_unit: z.string(),
  scrap_pct: z.string(),
  required: z.string(),
  available: z.string().describe('free on hand at the order’s location'),
  short: z.string(),
});
const ShortagesOut = z.object({
  order_id: z.uuid(),
  number: z.string(),
  status: z.string(),
  store_id: z.string(),
  components_issued: z.boolean(),
  quantity_outstanding: z.string().describe('0 once components are issued: they left stock already'),
  short: z.boolean(),
  components: z.array(Component),
});

export const productionRoutes = (app: App, p: Platform, svc: ProductionService) => {
  app.post(
    '/api/v1/production-orders',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Create a production order with a snapshot of the product’s bill of materials',
        body: CreateProduction,
        response: { 201: SupplyOrderOut },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) => svc.create(req.ctx, req.body, record)),
  );
  app.get(
    '/api/v1/orders/:id/shortages',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'A production order’s components: required, free at its location, short',
        params: IdParam,
        response: { 200: ShortagesOut },
      },
    },
    async (req) => svc.shortages(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/orders/:id/start',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Start a production order, issuing its components now (or backflushing them at completion)',
        params: IdParam,
        body: z
          .object({ issue_components: z.boolean().optional().describe('default true') })
          .nullish()
          .describe('optional; without it the components are issued'),
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.start(req.ctx, req.params.id, req.body?.issue_components ?? true),
  );
  app.post(
    '/api/v1/orders/:id/complete',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Complete a quantity of a production order: finished goods in, components backflushed',
        params: IdParam,
        body: z.object({ quantity: OrderQuantity }),
        response: { 200: SupplyOrderOut },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 200, (record) =>
        svc.complete(req.ctx, req.params.id, req.body.quantity, record),
      ),
  );
};
