import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { MAX_MINOR } from './domain/money.ts';
import { createPurchaseService, type PurchaseService } from './purchase.service.ts';
import { supplyOrderColumns } from './orders.export.ts';
import { OrderQuantity } from './quantity.ts';
import { createReceiptsService, type ReceiptsService } from './receipts.service.ts';
import { SUPPLY_KINDS, SUPPLY_STATUSES } from './schema.ts';
import { settingsRoutes } from './settings.routes.ts';
import { createSettingsService } from './settings.service.ts';
import { supplierPerformanceRoutes } from './supplier-performance.ts';
import { createSupplyService, type SupplyService } from './supply.service.ts';
import { SupplyOrderOut } from './supply.view.ts';

const StoreId = z.string().trim().min(1).max(64).describe('location code such as MAD-001, or its id');
const Currency = z.string().regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 code such as MXN, COP, EUR' });
const Line = z.object({
  product_id: z.uuid(),
  quantity: OrderQuantity,
  unit_price_minor: z
    .number()
    .int()
    .min(0)
    .max(MAX_MINOR)
    .optional()
    .describe("default: the supplier item's price, else the product's cost"),
});
const Lines = z.array(Line).min(1).max(200).describe('one line per product');
const Create = z.object({
  supplier_id: z.uuid(),
  store_id: StoreId.describe('where the goods arrive: a location code or id'),
  lines: Lines,
  order_date: z.iso.date().optional().describe('default: today'),
  due_date: z.iso
    .date()
    .optional()
    .describe("the promised date; default: order date + the supplier's lead time"),
  currency: Currency.optional().describe("default: the tenant's order currency"),
  notes: z.string().trim().max(2000).nullable().optional(),
  submit: z.boolean().optional().describe('true: OPEN at once (PENDING_APPROVAL above the threshold)'),
});
const Edit = Create.omit({ submit: true }).partial();
const Receipt = z.object({
  lines: z
    .array(
      z.object({
        line_id: z.uuid(),
        quantity: OrderQuantity,
        close: z.boolean().optional().describe('nothing more will come for this line'),
      }),
    )
    .min(1)
    .max(200),
  received_at: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .optional()
    .describe('default: now'),
});
const ListQuery = PageQuery.extend({
  status: z.enum(SUPPLY_STATUSES).optional(),
  kind: z.enum(SUPPLY_KINDS).optional(),
  supplier_id: z.uuid().optional(),
  store_id: StoreId.optional(),
  product_id: z.uuid().optional(),
  q: z.string().trim().min(1).max(40).optional().describe('part of the order number'),
  due_before: z.iso.date().optional().describe('due strictly before this day'),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['orders'];

/** Seed 000 §3.3's order API: every kind listed and moved here; purchases created and received. */
export const supplyRoutes = (
  app: App,
  p: Platform,
  svc: { supply: SupplyService; purchase: PurchaseService; receipts: ReceiptsService },
) => {
  app.get(
    '/api/v1/orders',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'Purchase, production and transfer orders, newest first',
        querystring: ListQuery,
        response: { 200: paged(SupplyOrderOut) },
      },
    },
    async (req) => svc.supply.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/orders',
    permission: 'order:read',
    tags,
    query: ListQuery,
    file: 'orders',
    sheet: { es: 'Pedidos', en: 'Orders' },
    columns: supplyOrderColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.supply.list(ctx, { ...filters, page, limit })),
  });
  app.post(
    '/api/v1/orders',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Create a purchase order (DRAFT, or submitted with `submit: true`)',
        body: Create,
        response: { 201: SupplyOrderOut },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) => svc.purchase.create(req.ctx, req.body, record)),
  );
  app.get(
    '/api/v1/orders/:id',
    {
      config: { permission: 'order:read' },
      schema: {
        tags,
        summary: 'One order with its lines and receipts',
        params: IdParam,
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.supply.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/orders/:id',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Edit a purchase DRAFT (only the fields sent; `lines` replaces them all)',
        params: IdParam,
        body: Edit,
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.purchase.edit(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/v1/orders/:id/status',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary:
          'Move an order: submit (OPEN, or PENDING_APPROVAL above the threshold), IN_TRANSIT, DELAYED, CANCELLED…',
        params: IdParam,
        body: z.object({
          status: z.enum(SUPPLY_STATUSES),
          reason: z.string().trim().min(1).max(500).optional().describe('kept in the notes'),
        }),
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.supply.setStatus(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/orders/:id/approve',
    {
      config: { permission: 'order:approve' },
      schema: {
        tags,
        summary:
          'Approve an order waiting for approval (not one you raised, unless you are an administrator)',
        params: IdParam,
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.supply.approve(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/orders/:id/reject',
    {
      config: { permission: 'order:approve' },
      schema: {
        tags,
        summary: 'Send an order waiting for approval back to DRAFT, with the reason in its notes',
        params: IdParam,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: SupplyOrderOut },
      },
    },
    async (req) => svc.supply.reject(req.ctx, req.params.id, req.body.reason),
  );
  app.get(
    '/api/v1/approvals',
    {
      config: { permission: 'order:approve' },
      schema: {
        tags,
        summary: 'The approval inbox: orders waiting for approval, oldest first',
        querystring: PageQuery,
        response: { 200: paged(SupplyOrderOut) },
      },
    },
    async (req) => svc.supply.approvals(req.ctx, req.query),
  );
  app.post(
    '/api/v1/orders/:id/receipts',
    {
      config: { permission: 'order:write' },
      schema: {
        tags,
        summary: 'Receive goods against a purchase order: ledger receipts, status and supplier performance',
        params: IdParam,
        body: Receipt,
        response: { 201: SupplyOrderOut },
      },
    },
    async (req, reply) =>
      p.idempotency.reply(req, reply, 201, (record) =>
        svc.receipts.receive(req.ctx, req.params.id, req.body, record),
      ),
  );
};

/** What this module serves for supply orders: the order API, its settings and supplier performance. */
export const supplyModuleRoutes = (app: App, p: Platform) => {
  supplyRoutes(app, p, {
    supply: createSupplyService(p),
    purchase: createPurchaseService(p),
    receipts: createReceiptsService(p),
  });
  settingsRoutes(app, createSettingsService(p));
  supplierPerformanceRoutes(app, p);
};
