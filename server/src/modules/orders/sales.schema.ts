import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations, products } from '../catalog/schema.ts';
import { minor, ts, tsvector } from './columns.ts';

// The selling side: customer orders and their saga, their payments, and marketplace listings.

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
