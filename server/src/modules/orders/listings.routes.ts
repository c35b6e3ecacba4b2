import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { MAX_MINOR } from './domain/money.ts';
import type { ListingsService } from './listings.service.ts';

const tags = ['marketplace'];
const IdParam = z.object({ id: z.uuid() });
const StoreId = z.string().trim().min(1).max(64).describe('location code such as MAD-001, or its id');
const Currency = z.string().regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 code such as MXN, COP, EUR' });

const ListingIn = z.object({
  product_id: z.uuid(),
  store_id: StoreId.describe('the store that sells it: a location code or id'),
  title: z.string().trim().min(1).max(200).optional().describe('default: the product’s name'),
  description: z.string().trim().max(4000).nullable().optional(),
  price_minor: z
    .number()
    .int()
    .positive()
    .max(MAX_MINOR)
    .describe('price in minor units (cents) of the currency'),
  currency: Currency.optional().describe("default: the tenant's order currency"),
  published: z.boolean().optional().describe('visible in the public shop; default false'),
});

export const ListingOut = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  store_id: z.string(),
  location_id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  price_minor: z.number().int(),
  currency: z.string(),
  published: z.boolean(),
  seller_id: z.uuid().nullable(),
  available: z.string().describe('free stock at the store: on hand less live reservations'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const listingsRoutes = (app: App, svc: ListingsService) => {
  app.get(
    '/api/v1/listings',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'Marketplace listings, newest first (or best match for q); sellers see their stores only',
        querystring: PageQuery.extend({
          store_id: StoreId.optional(),
          published: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          q: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe('full-text search in title and description'),
        }),
        response: { 200: paged(ListingOut) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.get(
    '/api/v1/listings/:id',
    {
      config: { permission: 'order:read' },
      schema: { tags, summary: 'One listing', params: IdParam, response: { 200: ListingOut } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/listings',
    {
      config: { permission: 'marketplace:write' },
      schema: {
        tags,
        summary: 'List a product at a store with a price (sellers at their own stores only)',
        description: 'One listing per product and store: a second one is a 409.',
        body: ListingIn,
        response: { 201: ListingOut },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.put(
    '/api/v1/listings/:id',
    {
      config: { permission: 'marketplace:write' },
      schema: {
        tags,
        summary: 'Change a listing (only the fields sent): price, title, publication…',
        params: IdParam,
        body: ListingIn.partial(),
        response: { 200: ListingOut },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/listings/:id',
    {
      config: { permission: 'marketplace:write' },
      schema: { tags, summary: 'Withdraw a listing', params: IdParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
