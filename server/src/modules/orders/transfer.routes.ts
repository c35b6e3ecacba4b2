import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { OrderQuantity } from './quantity.ts';
import { SupplyOrderOut } from './supply.view.ts';
import type { TransferService } from './transfer.service.ts';

const tags = ['orders'];
const IdParam = z.object({ id: z.uuid() });
const Code = z.string().trim().min(1).max(64);

const CreateTransfer = z.object({
  from_store_id: Code.describe('source location code or id'),
  to_store_id: Code.describe('destination location code or id'),
  lines: z
    .array(z.object({ product_id: z.uuid(), quantity: OrderQuantity }))
    .min(1)
    .max(200),
  due_date: z.iso.date().optional().describe('default: today + the source location’s lead time'),
  notes: z.string().trim().max(2000).optional(),
  submit: z.boolean().optional().describe('release it (OPEN) instead of leaving a DRAFT'),
});

export const transferRoutes = (app: App, p: Platform, svc: TransferService) => {
  app.post(
    '/api/v1/transfer-orders',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Create a transfer order between two locations',
        body: CreateTransfer,
        response: { 201: SupplyOrderOut },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) => svc.create(req.ctx, req.body, record)),
  );
  app.post(
    '/api/v1/orders/:id/ship',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Ship a transfer order: its stock leaves the source for the in-transit location',
        params: IdParam,
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.ship(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/orders/:id/receive',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Receive a shipped transfer order at its destination',
        params: IdParam,
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.receive(req.ctx, req.params.id),
  );
};
