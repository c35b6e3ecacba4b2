import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute } from '../../platform/http/export-route.ts';
import type { Platform } from '../../platform/platform.ts';
import { QuantityIn } from '../catalog/index.ts';
import { movementColumns } from './stock.export.ts';
import { DIRECT_KINDS, type StockService } from './stock.service.ts';

/** A signed change of stock: its magnitude follows the same rules as any quantity. */
const SignedDecimal = QuantityIn('non_zero');

/** A positive quantity for movements whose kind gives the direction. */
export const Quantity = QuantityIn('positive');

/** A quantity of zero or more: counted stock, minimums and maximums. */
export const NonNegativeQuantity = QuantityIn('non_negative');

const Balance = z.object({
  movement_id: z.uuid(),
  product_id: z.uuid(),
  store_id: z.string().describe('location code'),
  location_id: z.uuid(),
  quantity_change: z.string(),
  on_hand: z.string(),
  reserved: z.string(),
  available: z.string(),
  version: z.number().int(),
  kind: z.string(),
});
const LedgerQuery = z.object({
  product_id: z.uuid(),
  location: z.string().min(1).max(64).describe('location code or id'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const tags = ['inventory'];

export const stockRoutes = (app: App, p: Platform, svc: StockService) => {
  app.post(
    '/api/v1/stock',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary:
          'Change stock at a location (seed 001 flow 2); send the version you read to refuse a stale change',
        body: z.object({
          product_id: z.uuid(),
          store_id: z.string().trim().min(1).max(64).describe('location code such as MAD-001, or its id'),
          quantity_change: SignedDecimal,
          reason: z.string().trim().min(1).max(500),
          expected_version: z.number().int().min(0).optional(),
        }),
        response: { 200: Balance },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 200, (record) => svc.update(req.ctx, req.body, record)),
  );

  app.post(
    '/api/v1/stock/movements',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary:
          'Post a movement: receipt, shipment, adjustment (signed), scrap or return; Idempotency-Key makes retries safe',
        body: z
          .object({
            kind: z.enum(DIRECT_KINDS),
            product_id: z.uuid(),
            store_id: z.string().trim().min(1).max(64).describe('location code or id'),
            quantity: SignedDecimal.describe('positive; signed for adjustments'),
            reason: z.string().trim().min(1).max(500),
            reference_type: z.string().trim().min(1).max(50).optional(),
            reference_id: z.string().trim().min(1).max(100).optional(),
            expected_version: z.number().int().min(0).optional(),
          })
          .refine((b) => b.kind === 'adjustment' || Number(b.quantity) > 0, {
            message: 'must be greater than zero (the kind gives the direction)',
            path: ['quantity'],
          })
          .refine((b) => (b.reference_type === undefined) === (b.reference_id === undefined), {
            message: 'send reference_type and reference_id together',
            path: ['reference_id'],
          }),
        response: { 201: Balance },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) => svc.move(req.ctx, req.body, record)),
  );

  app.get(
    '/api/v1/stock/ledger',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Movements of a product at a location, newest first, with the balance after each',
        querystring: LedgerQuery,
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.uuid(),
                kind: z.string(),
                quantity: z.string(),
                balance_after: z.string(),
                reason: z.string().nullable(),
                reference_type: z.string().nullable(),
                reference_id: z.string().nullable(),
                user_id: z.uuid().nullable(),
                created_at: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ data: await svc.ledger(req.ctx, req.query) }),
  );
  exportRoute(app, {
    url: '/api/v1/stock/ledger',
    permission: 'inventory:read',
    tags,
    query: LedgerQuery,
    file: 'stock-movements',
    sheet: { es: 'Movimientos', en: 'Movements' },
    columns: movementColumns,
    rows: (ctx, filters) => svc.ledgerRows(ctx, filters),
  });
};
