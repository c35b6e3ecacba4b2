import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import {
  catalogLocations as locations,
  catalogProducts as products,
  catalogSuppliers as suppliers,
} from '../catalog/index.ts';
import { lineTotal } from './domain/money.ts';
import { nextStatuses } from './domain/supply-status.ts';
import { SUPPLY_KINDS, SUPPLY_ORIGINS, SUPPLY_STATUSES, supplyReceipts } from './schema.ts';
import {
  linesOfOrders,
  loadSupplyOrder,
  type SupplyLineRow,
  type SupplyOrderRow,
  trim,
} from './supply.repo.ts';

const Status = z.enum(SUPPLY_STATUSES);

export const SupplyLineOut = z.object({
  id: z.uuid(),
  line_no: z.number().int(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  quantity: z.string(),
  received_quantity: z.string(),
  open_quantity: z.string().describe('still to come; 0 once the order is closed'),
  unit_price_minor: z.number().int().nullable(),
  line_total_minor: z.number().int().nullable(),
  buffer_id: z.uuid().nullable(),
});

export const SupplyReceiptOut = z.object({
  id: z.uuid(),
  line_id: z.uuid(),
  product_id: z.uuid(),
  quantity: z.string(),
  movement_id: z.uuid().nullable(),
  received_by: z.uuid().nullable(),
  received_at: z.string(),
});

/** A purchase, production or transfer order as every supply-order route returns it. */
export const SupplyOrderOut = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(SUPPLY_KINDS),
  status: Status,
  supplier_id: z.uuid().nullable(),
  supplier_name: z.string().nullable(),
  location_id: z.uuid(),
  store_id: z.string().describe('code of the receiving location'),
  source_location_id: z.uuid().nullable(),
  source_store_id: z.string().nullable(),
  origin: z.enum(SUPPLY_ORIGINS),
  order_date: z.string(),
  due_date: z.string().describe('the promised date'),
  currency: z.string(),
  total_minor: z.number().int(),
  notes: z.string().nullable(),
  approved_by: z.uuid().nullable(),
  approved_at: z.string().nullable(),
  components_issued: z.boolean(),
  shipped_at: z.string().nullable(),
  created_by: z.uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  bom_snapshot: z
    .array(z.object({ component_id: z.string(), quantity: z.string(), scrap_pct: z.string() }))
    .nullable(),
  next_statuses: z.array(Status),
  lines: z.array(SupplyLineOut),
  receipts: z.array(SupplyReceiptOut).optional().describe('detail view only'),
});
export type SupplyOrderOut = z.infer<typeof SupplyOrderOut>;

export type SupplyReceiptRow = typeof supplyReceipts.$inferSelect;
export type SupplyViewExtras = {
  supplierName: string | null;
  storeCode: string;
  sourceStoreCode: string | null;
  products: Map<string, { sku: string; name: string }>;
  /** Given on the detail view. */
  receipts?: SupplyReceiptRow[];
};

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
const CLOSED = new Set(['RECEIVED', 'CANCELLED']);

/** a − b on decimal strings, exact (scaled integers), never below zero. */
const remaining = (a: string, b: string) => {
  const [aw = '0', af = ''] = a.split('.');
  const [bw = '0', bf = ''] = b.split('.');
  const digits = Math.max(af.length, bf.length);
  const scaled = (w: string, f: string) => BigInt(w + f.padEnd(digits, '0'));
  const diff = scaled(aw, af) - scaled(bw, bf);
  if (diff <= 0n) return '0';
  const s = diff.toString().padStart(digits + 1, '0');
  return trim(digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s);
};

const openQuantity = (order: SupplyOrderRow, l: SupplyLineRow) =>
  CLOSED.has(order.status) ? '0' : remaining(l.quantity, l.receivedQuantity);

export const supplyOrderView = (
  order: SupplyOrderRow,
  lines: SupplyLineRow[],
  extras: SupplyViewExtras,
): SupplyOrderOut => ({
  id: order.id,
  number: order.number,
  kind: order.kind,
  status: order.status,
  supplier_id: order.supplierId,
  supplier_name: extras.supplierName,
  location_id: order.locationId,
  store_id: extras.storeCode,
  source_location_id: order.sourceLocationId,
  source_store_id: extras.sourceStoreCode,
  origin: order.origin,
  order_date: order.orderDate,
  due_date: order.dueDate,
  currency: order.currency,
  total_minor: order.totalMinor,
  notes: order.notes,
  approved_by: order.approvedBy,
  approved_at: iso(order.approvedAt),
  components_issued: order.componentsIssued,
  shipped_at: iso(order.shippedAt),
  created_by: order.createdBy,
  created_at: iso(order.createdAt) ?? '',
  updated_at: iso(order.updatedAt) ?? '',
  closed_at: iso(order.closedAt),
  bom_snapshot: order.bomSnapshot,
  next_statuses: nextStatuses(order.kind, order.status),
  lines: lines.map((l) => {
    const p = extras.products.get(l.productId);
    return {
      id: l.id,
      line_no: l.lineNo,
      product_id: l.productId,
      sku: p?.sku ?? '',
      product_name: p?.name ?? '',
      quantity: trim(l.quantity),
      received_quantity: trim(l.receivedQuantity),
      open_quantity: openQuantity(order, l),
      unit_price_minor: l.unitPriceMinor,
      line_total_minor: l.unitPriceMinor === null ? null : lineTotal(l.quantity, l.unitPriceMinor),
      buffer_id: l.bufferId,
    };
  }),
  ...(extras.receipts
    ? {
        receipts: extras.receipts.map((r) => ({
          id: r.id,
          line_id: r.lineId,
          product_id: lines.find((l) => l.id === r.lineId)?.productId ?? '',
          quantity: trim(r.quantity),
          movement_id: r.movementId,
          received_by: r.receivedBy,
          received_at: iso(r.receivedAt) ?? '',
        })),
      }
    : {}),
});

/** Views of several orders (one query each for lines, names and codes), in the orders' order. */
export const supplyOrderViews = async (
  tx: Executor,
  orders: SupplyOrderRow[],
  opts: { receipts?: boolean; lines?: SupplyLineRow[] } = {},
): Promise<SupplyOrderOut[]> => {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const lines = opts.lines ?? (await linesOfOrders(tx, ids));
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const supplierIds = [...new Set(orders.flatMap((o) => (o.supplierId ? [o.supplierId] : [])))];
  const locationIds = [
    ...new Set(orders.flatMap((o) => [o.locationId, ...(o.sourceLocationId ? [o.sourceLocationId] : [])])),
  ];
  // One after another: a transaction is one connection, which runs one query at a time.
  const prods = productIds.length
    ? await tx
        .select({ id: products.id, sku: products.sku, name: products.name })
        .from(products)
        .where(inArray(products.id, productIds))
    : [];
  const sups = supplierIds.length
    ? await tx
        .select({ id: suppliers.id, name: suppliers.name })
        .from(suppliers)
        .where(inArray(suppliers.id, supplierIds))
    : [];
  const locs = await tx
    .select({ id: locations.id, code: locations.code })
    .from(locations)
    .where(inArray(locations.id, locationIds));
  const receipts = opts.receipts
    ? await tx
        .select()
        .from(supplyReceipts)
        .where(inArray(supplyReceipts.orderId, ids))
        .orderBy(asc(supplyReceipts.receivedAt), asc(supplyReceipts.id))
    : [];
  const productMap = new Map(prods.map((p) => [p.id, { sku: p.sku, name: p.name }]));
  const supplierName = new Map(sups.map((s) => [s.id, s.name]));
  const code = new Map(locs.map((l) => [l.id, l.code]));
  return orders.map((o) =>
    supplyOrderView(
      o,
      lines.filter((l) => l.orderId === o.id),
      {
        supplierName: o.supplierId ? (supplierName.get(o.supplierId) ?? null) : null,
        storeCode: code.get(o.locationId) ?? '',
        sourceStoreCode: o.sourceLocationId ? (code.get(o.sourceLocationId) ?? null) : null,
        products: productMap,
        ...(opts.receipts ? { receipts: receipts.filter((r) => r.orderId === o.id) } : {}),
      },
    ),
  );
};

/** One order of the tenant as the detail view (with receipts); 404 when not the tenant's. */
export const supplyOrderDetail = async (tx: Executor, tenantId: string, id: string) => {
  const { order, lines } = await loadSupplyOrder(tx, tenantId, id);
  const [view] = await supplyOrderViews(tx, [order], { receipts: true, lines });
  if (!view) throw new Error('supply order view missing');
  return view;
};
