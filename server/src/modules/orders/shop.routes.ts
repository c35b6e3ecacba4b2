import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { PlaceOrder } from './customer-orders.routes.ts';
import { CUSTOMER_ORDER_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from './schema.ts';
import type { ShopService } from './shop.service.ts';

const tags = ['shop'];
/** Anonymous buyers: public, with a per-IP limit of their own. */
const config = { public: true, rateLimit: { max: 300, timeWindow: 60_000 } };
const Slug = z.object({ slug: z.string().trim().min(1).max(64) });

const ShopOut = z.object({
  tenant_id: z.uuid().describe('for the payment sandbox’s public challenge route'),
  name: z.string(),
  slug: z.string(),
  currency: z.string(),
  stores: z.array(z.object({ store_id: z.string(), name: z.string() })),
});

const CatalogItem = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  store_id: z.string(),
  store_name: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  price_minor: z.number().int(),
  currency: z.string(),
  available: z.string().describe('free to sell at the store now'),
  in_stock: z.boolean(),
});

export const PublicOrderOut = z.object({
  id: z.uuid(),
  number: z.string(),
  tenant_id: z.uuid(),
  status: z.enum(CUSTOMER_ORDER_STATUSES),
  store_id: z.string(),
  total_minor: z.number().int(),
  currency: z.string(),
  tracking_number: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  created_at: z.string(),
  lines: z.array(
    z.object({
      product_id: z.uuid(),
      sku: z.string(),
      title: z.string(),
      quantity: z.string(),
      unit_price_minor: z.number().int(),
      line_total_minor: z.number().int(),
    }),
  ),
  payment: z
    .object({
      id: z.uuid(),
      provider: z.enum(PAYMENT_PROVIDERS),
      status: z.enum(PAYMENT_STATUSES),
      redirect_url: z.string().nullable(),
    })
    .nullable(),
  order_token: z.string().describe('send it back as ?token= to read the order later'),
});

export const shopRoutes = (app: App, svc: ShopService) => {
  app.get(
    '/api/v1/shop/:slug',
    {
      config,
      schema: {
        tags,
        summary: 'A tenant’s public shop: its name, currency and the stores that sell online',
        params: Slug,
        response: { 200: ShopOut },
      },
    },
    async (req) => svc.info(req.params.slug),
  );
  app.get(
    '/api/v1/shop/:slug/catalog',
    {
      config,
      schema: {
        tags,
        summary: 'Published listings with what is free to sell; full-text search with q',
        params: Slug,
        querystring: PageQuery.extend({
          q: z.string().trim().min(1).max(200).optional(),
          store_id: z.string().trim().min(1).max(64).optional(),
        }),
        response: { 200: paged(CatalogItem) },
      },
    },
    async (req) => svc.catalog(req.params.slug, req.query),
  );
  app.post(
    '/api/v1/shop/:slug/checkout',
    {
      config,
      schema: {
        tags,
        summary: 'Buy listed products (Idempotency-Key required); answers the order with its token',
        description:
          'The order runs the same saga as any customer order: CONFIRMED (paid), PAYMENT_PENDING ' +
          '(3-D Secure or a redirect: the answer comes later) or CANCELLED (declined). Not enough ' +
          'stock is a 409 and nothing is written; a product not listed at the store is a 422.',
        params: Slug,
        body: PlaceOrder,
        response: { 201: PublicOrderOut },
      },
    },
    async (req, reply) => {
      const r = await svc.checkout(
        req.params.slug,
        req.headers['idempotency-key'] as string | undefined,
        `${req.method} ${req.routeOptions.url}`,
        req.body,
      );
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(r.order);
    },
  );
  app.get(
    '/api/v1/shop/:slug/orders/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A storefront order for the holder of its token (anything else is a 404)',
        params: Slug.extend({ id: z.uuid() }),
        querystring: z.object({ token: z.string().max(128).optional() }),
        response: { 200: PublicOrderOut },
      },
    },
    async (req) => svc.order(req.params.slug, req.params.id, req.query.token),
  );
};
