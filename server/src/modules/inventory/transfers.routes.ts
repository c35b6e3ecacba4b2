import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { TRANSFER_STATUSES } from './schema.ts';
import { Quantity } from './stock.routes.ts';
import type { TransfersService } from './transfers.service.ts';

const Code = z.string().trim().min(1).max(64);
const Transfer = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  from_store_id: z.string(),
  to_store_id: z.string(),
  via_store_id: z.string().nullable(),
  quantity: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  reason: z.string().nullable(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['inventory'];

export const transfersRoutes = (app: App, p: Platform, svc: TransfersService) => {
  app.post(
    '/api/v1/stock/transfers',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary:
          'Move stock between locations: both legs at once, or via an in_transit location until received',
        body: z.object({
          product_id: z.uuid(),
          from_store_id: Code.describe('source location code or id'),
          to_store_id: Code.describe('destination location code or id'),
          via_store_id: Code.optional().describe(
            'an in_transit location; the stock waits there until received',
          ),
          quantity: Quantity,
          reason: z.string().trim().min(1).max(500).optional(),
        }),
        response: { 201: Transfer },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) => svc.create(req.ctx, req.body, record)),
  );
  app.get(
    '/api/v1/stock/transfers',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Transfers, newest first',
        querystring: PageQuery.extend({
          status: z.enum(TRANSFER_STATUSES).optional(),
          product_id: z.uuid().optional(),
        }),
        response: { 200: paged(Transfer) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.get(
    '/api/v1/stock/transfers/:id',
    {
      config: { permission: 'inventory:read' },
      schema: { tags, summary: 'One transfer', params: IdParam, response: { 200: Transfer } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/stock/transfers/:id/receive',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Receive an in-transit transfer at its destination',
        params: IdParam,
        response: { 200: Transfer },
      },
    },
    async (req) => svc.receive(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/stock/transfers/:id/cancel',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Cancel an in-transit transfer: the stock goes back to the source',
        params: IdParam,
        response: { 200: Transfer },
      },
    },
    async (req) => svc.cancel(req.ctx, req.params.id),
  );
};
