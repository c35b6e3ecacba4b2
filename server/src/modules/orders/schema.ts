import { type SQL, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations, products, suppliers } from '../catalog/schema.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
/** Money is integer minor units (cents) with a currency, never a float. */
const minor = (name: string) => bigint(name, { mode: 'number' });

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

export const CUSTOMER_ORDER_STATUSES = [
  'PENDING',
  'PAYMENT_PENDING',
  'CONFIRMED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type CustomerOrderStatus = (typeof CUSTOMER_ORDER_STATUSES)[number];

/**
 * Customer orders and their saga (seed 002's order → reserved → paid → fulfilled → shipped).
 * `saga_step` is the next thing to do; a worker holding `lease_until` is doing it. A worker that
 * died leaves an expired lease, and the resume job carries on from `saga_step`.
 */
export const customerOrders = pgTable(
  'customer_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    number: text('number').notNull(),
    idempotencyKey: text('idempotency_key'),
    channel: text('channel').$type<'api' | 'storefront'>().notNull().default('api'),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').$type<CustomerOrderStatus>().notNull().default('PENDING'),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    currency: text('currency').notNull(),
    totalMinor: minor('total_minor').notNull(),
    reservationId: uuid('reservation_id'),
    trackingNumber: text('tracking_number'),
    sagaStep: text('saga_step').notNull().default('authorize'),
    sagaAttempts: integer('saga_attempts').notNull().default(0),
    leaseUntil: ts('lease_until'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customer_orders_tenant_number_uq').on(t.tenantId, t.number),
    uniqueIndex('customer_orders_idempotency_uq')
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('customer_orders_saga_idx')
      .on(t.sagaStep, t.leaseUntil)
      .where(sql`${t.sagaStep} not in ('done', 'wait_fulfilment')`),
    index('customer_orders_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
  ],
);

export const customerOrderLines = pgTable(
  'customer_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => customerOrders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    listingId: uuid('listing_id'),
    quantity: numeric('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
  },
  (t) => [index('customer_order_lines_order_idx').on(t.orderId)],
);

/**
 * The saga's timeline: each step and compensation once (unique per order and step), so a
 * retried step that already happened is recognised and skipped.
 */
export const sagaLog = pgTable(
  'order_saga_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => customerOrders.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    outcome: text('outcome').$type<'done' | 'failed' | 'compensated'>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('order_saga_log_step_uq').on(t.orderId, t.step)],
);

export const PAYMENT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'CAPTURED',
  'DECLINED',
  'VOIDED',
  'REFUNDED',
  'FAILED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_PROVIDERS = ['sandbox', 'mercadopago', 'payu', 'nequi'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** One payment per customer order, as the gateway last told us. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => customerOrders.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    method: text('method').notNull(),
    status: text('status').$type<PaymentStatus>().notNull().default('PENDING'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** The gateway's id for this payment. */
    externalId: text('external_id'),
    /** Redirect flows: where the buyer goes to pay. */
    redirectUrl: text('redirect_url'),
    cardLast4: text('card_last4'),
    /**
     * The card as a sealed token until the authorisation call has been made (a retry after a
     * crash needs it), then erased. Never the plain number.
     */
    cardToken: text('card_token'),
    /** Wallet payments (Nequi-style): the phone the payment request is pushed to. */
    payerPhone: text('payer_phone'),
    failureReason: text('failure_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_order_uq').on(t.orderId),
    index('payments_external_idx').on(t.provider, t.externalId),
  ],
);

/** Webhooks already handled, by the provider's own event id: a redelivery is a no-op. */
export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    eventId: text('event_id').notNull(),
    paymentId: uuid('payment_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_webhook_events_uq').on(t.tenantId, t.provider, t.eventId)],
);

/**
 * The sandbox gateway's own ledger: it stands in for a remote payment provider, so what it
 * answered survives a crash of ours, and a retried call with the same key gets the same answer.
 */
export const sandboxCharges = pgTable(
  'payment_sandbox_charges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    operation: text('operation').notNull(),
    reference: text('reference').notNull(),
    status: text('status').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_sandbox_charges_key_uq').on(t.tenantId, t.idempotencyKey)],
);

/** Marketplace (seed 002): a seller's offer of a product at their store, with a price. */
export const listings = pgTable(
  'listings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    priceMinor: minor('price_minor').notNull(),
    currency: text('currency').notNull(),
    published: boolean('published').notNull().default(false),
    sellerId: uuid('seller_id'),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('spanish', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('spanish', coalesce(description, '')), 'B')`,
    ),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('listings_item_uq').on(t.tenantId, t.productId, t.locationId),
    index('listings_search_idx').using('gin', t.search),
  ],
);
