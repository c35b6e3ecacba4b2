import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations, products, suppliers } from '../catalog/schema.ts';
import { minor, ts } from './columns.ts';

// The selling side's tables live in sales.schema.ts and the customer master in
// customers.schema.ts; every table of the module is named here.
export * from './customers.schema.ts';
export * from './sales.schema.ts';

export const SUPPLY_KINDS = ['purchase', 'production', 'transfer'] as const;
export type SupplyKind = (typeof SUPPLY_KINDS)[number];
export const SUPPLY_STATUSES = [
  'DRAFT',
  'PENDING_APPROVAL',
  'OPEN',
  'IN_PROGRESS',
  'IN_TRANSIT',
  'PARTIALLY_RECEIVED',
  'DELAYED',
  'RECEIVED',
  'CANCELLED',
] as const;
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number];
export const SUPPLY_ORIGINS = ['manual', 'approved', 'auto', 'reorder'] as const;

/**
 * Purchase, production and transfer orders: one header per order, its products in
 * `supply_order_lines`. Planning's draft supply orders (issue 5) were adopted into this table:
 * every status but RECEIVED and CANCELLED is open supply in net flow.
 */
export const supplyOrders = pgTable(
  'supply_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    /** PO-000001, MO-000001, TO-000001: per tenant and kind. */
    number: text('number').notNull(),
    kind: text('kind').$type<SupplyKind>().notNull(),
    status: text('status').$type<SupplyStatus>().notNull().default('DRAFT'),
    /** Purchases: who sells. */
    supplierId: uuid('supplier_id').references(() => suppliers.id),
    /** Where the goods arrive (the buffer's location for planned supply). */
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    /** Transfers: where the stock comes from. */
    sourceLocationId: uuid('source_location_id').references(() => locations.id),
    origin: text('origin').$type<(typeof SUPPLY_ORIGINS)[number]>().notNull().default('manual'),
    orderDate: text('order_date').notNull().default(sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD')`),
    /** The promised (due) date; past it an open order turns DELAYED. */
    dueDate: text('due_date').notNull(),
    currency: text('currency').notNull().default('MXN'),
    totalMinor: minor('total_minor').notNull().default(0),
    notes: text('notes'),
    /** Production: the bill of materials as it stood when the order was created. */
    bomSnapshot:
      jsonb('bom_snapshot').$type<{ component_id: string; quantity: string; scrap_pct: string }[]>(),
    /** Production: components issued at start (true) or backflushed at completion. */
    componentsIssued: boolean('components_issued').notNull().default(false),
    /** Transfers: when the stock left the source (from then on it is inventory's in-transit stock). */
    shippedAt: ts('shipped_at'),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    uniqueIndex('supply_orders_tenant_number_uq').on(t.tenantId, t.number),
    index('supply_orders_tenant_status_idx').on(t.tenantId, t.status, t.dueDate),
  ],
);

export const supplyOrderLines = pgTable(
  'supply_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => supplyOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: numeric('quantity').notNull(),
    receivedQuantity: numeric('received_quantity').notNull().default('0'),
    unitPriceMinor: minor('unit_price_minor'),
    /** The planning buffer whose suggestion (or auto-procurement) raised this line. */
    bufferId: uuid('buffer_id'),
  },
  (t) => [
    uniqueIndex('supply_order_lines_order_line_uq').on(t.orderId, t.lineNo),
    index('supply_order_lines_product_idx').on(t.tenantId, t.productId),
  ],
);

/** One row per receipt of a line: what arrived, when, and the ledger movement it posted. */
export const supplyReceipts = pgTable(
  'supply_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => supplyOrders.id, { onDelete: 'cascade' }),
    lineId: uuid('line_id')
      .notNull()
      .references(() => supplyOrderLines.id, { onDelete: 'cascade' }),
    quantity: numeric('quantity').notNull(),
    movementId: uuid('movement_id'),
    receivedBy: uuid('received_by'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [index('supply_receipts_order_idx').on(t.orderId)],
);

/**
 * Supplier performance facts (seed 000): for every purchase receipt, what was promised against
 * what came, and when. Analytics reads these; they are never updated.
 */
export const supplierPerformance = pgTable(
  'supplier_performance',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => supplyOrders.id, { onDelete: 'cascade' }),
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => supplyReceipts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    promisedDate: text('promised_date').notNull(),
    receivedDate: text('received_date').notNull(),
    /** Positive when late, negative when early. */
    daysLate: integer('days_late').notNull(),
    orderedQuantity: numeric('ordered_quantity').notNull(),
    receivedQuantity: numeric('received_quantity').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('supplier_performance_supplier_idx').on(t.tenantId, t.supplierId, t.receivedDate)],
);

/** A tenant's order rules. One row per tenant, created with defaults on first read. */
export const orderSettings = pgTable('order_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  currency: text('currency').notNull().default('MXN'),
  /** Purchase orders above this total wait for someone with `order:approve`. */
  approvalThresholdMinor: minor('approval_threshold_minor').notNull().default(5_000_000),
  /** A receipt may exceed the open quantity of a line by this percentage. */
  receiptTolerancePct: numeric('receipt_tolerance_pct').notNull().default('10'),
  /** How long a checkout's reservation holds stock while the payment is authorised. */
  checkoutHoldMinutes: integer('checkout_hold_minutes').notNull().default(15),
  /** A payment still unanswered after this long is given up: stock released, order cancelled. */
  paymentTimeoutMinutes: integer('payment_timeout_minutes').notNull().default(30),
  /** Low stock of a product with a reorder policy raises a draft purchase order. */
  autoReorder: boolean('auto_reorder').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Reorder point policies for items DDMRP does not buffer (seeds 002, 003). */
export const reorderPolicies = pgTable(
  'reorder_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    reorderPoint: numeric('reorder_point').notNull(),
    reorderQuantity: numeric('reorder_quantity').notNull(),
    supplierId: uuid('supplier_id').references(() => suppliers.id),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reorder_policies_item_uq').on(t.tenantId, t.productId, t.locationId)],
);

/** Per tenant and prefix, the last number handed out (PO, MO, TO, SO). */
export const orderCounters = pgTable(
  'order_counters',
  {
    tenantId: uuid('tenant_id').notNull(),
    prefix: text('prefix').notNull(),
    last: bigint('last', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.prefix] })],
);
