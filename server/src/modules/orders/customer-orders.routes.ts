import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import type { CustomerOrdersService } from './customer-orders.service.ts';
import { CustomerOrderOut } from './customer-orders.view.ts';
import { customerOrderColumns } from './orders.export.ts';
import { OrderQuantity } from './quantity.ts';
import { CUSTOMER_ORDER_STATUSES, PAYMENT_PROVIDERS } from './schema.ts';

const tags = ['orders'];
const IdParam = z.object({ id: z.uuid() });
const ListQuery = PageQuery.extend({
  status: z.enum(CUSTOMER_ORDER_STATUSES).optional(),
  store_id: z.string().min(1).max(64).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const PlaceOrder = z.object({
  lines: z
    .array(z.object({ product_id: z.uuid(), quantity: OrderQuantity }))
    .min(1)
    .max(100)
    .refine((ls) => new Set(ls.map((l) => l.product_id)).size === ls.length, {
      message: 'list each product once',
    }),
  store_id: z.string().trim().min(1).max(64),
  customer: z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(254) }),
  payment: z.object({
    method: z.enum(['card', 'redirect', 'wallet']),
    card_number: z
      .string()
      .regex(/^[\d\s-]{12,23}$/, { message: 'must be 12–19 digits' })
      .optional(),
    phone: z
      .string()
      .regex(/^\+?\d{7,15}$/, { message: 'must be 7–15 digits' })
      .optional(),
    provider: z.enum(PAYMENT_PROVIDERS).optional(),
  }),
});

export const customerOrdersRoutes = (app: App, p: Platform, svc: CustomerOrdersService) => {
  app.post(
    '/api/v1/customer-orders',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary:
          'Place a customer order: reserve all lines, authorise the payment, confirm (Idempotency-Key required)',
        description:
          'Answers 201 with the order as its saga left it: CONFIRMED (paid), PAYMENT_PENDING (the ' +
          'provider answers later by webhook) or CANCELLED (declined: the stock went back). Not enough ' +
          'stock for any line is a 409 and nothing is written. A retry with the same key answers the same order.',
        body: PlaceOrder,
        response: { 201: CustomerOrderOut },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'] as string | undefined;
      const r = await p.idempotency.run(
        req.ctx,
        key,
        `${req.method} ${req.routeOptions.url}`,
        req.body,
        async (record) => ({
          status: 201,
          body: await svc.place(req.ctx, req.body, { idempotencyKey: key ?? '', channel: 'api', record }),
        }),
        { required: true },
      );
      if (!r.replayed) return reply.code(201).send(r.body);
      // The stored answer names the order; the retry sees how it stands now.
      reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(await svc.get(req.ctx, (r.body as { id: string }).id));
    },
  );
  app.get(
    '/api/v1/customer-orders',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'Customer orders, newest first',
        querystring: ListQuery,
        response: { 200: paged(CustomerOrderOut) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/customer-orders',
    permission: 'order:read',
    tags,
    query: ListQuery,
    file: 'customer-orders',
    sheet: { es: 'Pedidos de clientes', en: 'Customer orders' },
    columns: customerOrderColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });
  app.get(
    '/api/v1/customer-orders/:id',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'One customer order with its saga timeline',
        params: IdParam,
        response: { 200: CustomerOrderOut },
      },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/customer-orders/:id/cancel',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Cancel before shipping: the payment is voided or refunded and the stock released',
        params: IdParam,
        body: z.object({ reason: z.string().trim().min(1).max(200).optional() }).nullish(),
        response: { 200: CustomerOrderOut },
      },
    },
    async (req) => svc.cancel(req.ctx, req.params.id, req.body?.reason ?? 'cancelled'),
  );
  for (const action of ['pick', 'pack', 'deliver'] as const) {
    app.post(
      `/api/v1/customer-orders/:id/${action}`,
      {
        config: { permission: 'order:write' },
        schema: {
          tags,
          summary: `Fulfilment: ${action} (a repeat answers the order as it is)`,
          params: IdParam,
          response: { 200: CustomerOrderOut },
        },
      },
      async (req) => svc.fulfil(req.ctx, req.params.id, action),
    );
  }
  app.post(
    '/api/v1/customer-orders/:id/ship',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Ship: the ledger shipment consumes the reservation; a tracking number is recorded',
        params: IdParam,
        body: z.object({ tracking_number: z.string().trim().min(1).max(100).optional() }).nullish(),
        response: { 200: CustomerOrderOut },
      },
    },
    async (req) => svc.fulfil(req.ctx, req.params.id, 'ship', req.body?.tracking_number),
  );
};
