import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, Pagination } from '../../platform/http/pagination.ts';
import { inventoryColumns } from './inventory-list.export.ts';
import { COUNT_CAP, type InventoryListService } from './inventory-list.service.ts';
import { NonNegativeQuantity } from './stock.routes.ts';

const ListQuery = PageQuery.extend({
  search: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  location: z.string().max(64).optional().describe('location code'),
  product_id: z.uuid().optional(),
  low_stock: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Seed 004's inventory listing and its min/max per product and location. */
export const inventoryListRoutes = (app: App, svc: InventoryListService) => {
  app.get(
    '/api/v1/inventory',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock per product and location, with search, category, location and low-stock filters',
        querystring: ListQuery,
        response: {
          200: z.object({
            data: z.array(
              z.object({
                product_id: z.uuid(),
                location_id: z.uuid(),
                sku: z.string(),
                name: z.string(),
                category: z.string().nullable(),
                location: z.string(),
                location_name: z.string(),
                on_hand: z.string(),
                reserved: z.string(),
                available: z.string(),
                min_qty: z.string().nullable(),
                max_qty: z.string().nullable(),
                low_stock: z.boolean(),
                version: z.number().int().describe('send as expected_version to POST /api/v1/stock'),
              }),
            ),
            pagination: Pagination.extend({
              total_exact: z
                .boolean()
                .describe(`false past ${COUNT_CAP} rows: total is then the database's estimate`),
            }),
          }),
        },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/inventory',
    permission: 'inventory:read',
    tags: ['inventory'],
    query: ListQuery,
    file: 'inventory',
    sheet: { es: 'Inventario', en: 'Inventory' },
    columns: inventoryColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });

  app.put(
    '/api/v1/stock/levels',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary:
          'Set the minimum and maximum for a product at a location (below the minimum: inventory.stock.low)',
        body: z
          .object({
            product_id: z.uuid(),
            store_id: z.string().trim().min(1).max(64),
            min_qty: NonNegativeQuantity.nullable(),
            max_qty: NonNegativeQuantity.nullable(),
          })
          .refine((b) => b.min_qty === null || b.max_qty === null || Number(b.max_qty) >= Number(b.min_qty), {
            message: 'must not be below min_qty',
            path: ['max_qty'],
          }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.setLevels(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );
};
