import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import type { ReservationsService } from './reservations.service.ts';
import { RESERVATION_STATUSES } from './schema.ts';
import { Quantity } from './stock.routes.ts';

const Line = z.object({
  product_id: z.uuid(),
  store_id: z.string().trim().min(1).max(64),
  quantity: Quantity,
});
const Out = z.object({
  reservation_id: z.uuid(),
  status: z.enum(RESERVATION_STATUSES),
  customer_id: z.string(),
  expires_at: z.string(),
  expires_in_seconds: z.number().int(),
  lines: z.array(
    z.object({ product_id: z.uuid(), location_id: z.uuid(), store_id: z.string(), quantity: z.string() }),
  ),
});
// Seed 001's single-line shape, or `lines` for an all-or-nothing multi-line reservation.
const In = z
  .object({
    product_id: z.uuid().optional(),
    store_id: z.string().trim().min(1).max(64).optional(),
    quantity: Quantity.optional(),
    lines: z.array(Line).min(1).max(200).optional(),
    customer_id: z.string().trim().min(1).max(100),
    ttl: z
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .default(600)
      .describe('seconds'),
  })
  .refine((b) => b.lines || (b.product_id && b.store_id && b.quantity), {
    message: 'send product_id, store_id and quantity, or lines',
    path: ['lines'],
  });
const IdParam = z.object({ id: z.uuid() });
const tags = ['inventory'];

export const reservationsRoutes = (app: App, p: Platform, svc: ReservationsService) => {
  app.post(
    '/api/v1/reservations',
    {
      config: { permission: 'inventory:reserve' },
      schema: {
        tags,
        summary: 'Hold stock for a customer for `ttl` seconds (seed 001 flow 3)',
        body: In,
        response: { 201: Out },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const lines = b.lines ?? [
        { product_id: b.product_id ?? '', store_id: b.store_id ?? '', quantity: b.quantity ?? '0' },
      ];
      return p.idempotency.reply(req, reply, 201, (record) =>
        svc.reserve(req.ctx, { customer_id: b.customer_id, ttl: b.ttl, lines, flat: !b.lines }, record),
      );
    },
  );
  app.get(
    '/api/v1/reservations',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Reservations, newest first; PENDING lists only those still holding stock',
        querystring: PageQuery.extend({
          status: z.enum(RESERVATION_STATUSES).optional(),
          customer_id: z.string().min(1).max(100).optional(),
        }),
        response: { 200: paged(Out) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.get(
    '/api/v1/reservations/:id',
    {
      config: { permission: 'inventory:read' },
      schema: { tags, summary: 'One reservation', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/reservations/:id/confirm',
    {
      config: { permission: 'inventory:reserve' },
      schema: {
        tags,
        summary: 'Confirm: the reserved stock ships (410 once expired)',
        params: IdParam,
        response: { 200: Out },
      },
    },
    async (req) => svc.confirm(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/reservations/:id/cancel',
    {
      config: { permission: 'inventory:reserve' },
      schema: { tags, summary: 'Cancel: the stock goes back', params: IdParam, response: { 200: Out } },
    },
    async (req) => svc.cancel(req.ctx, req.params.id),
  );
};
