import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations, products } from '../catalog/schema.ts';

export const MOVEMENT_KINDS = [
  'receipt',
  'shipment',
  'adjustment',
  'transfer_out',
  'transfer_in',
  'scrap',
  'return',
  'count_correction',
  /** Components issued to (or backflushed by) a production order. */
  'production_issue',
  /** Finished goods a production order completed. */
  'production_receipt',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
/** What counts as usage in ADU: sales net of returns, and components consumed by production. */
export const CONSUMPTION_KINDS = ['shipment', 'return', 'production_issue'] as const;

/**
 * The stock ledger: append-only, the source of truth (ARCHITECTURE.md §4). `quantity` is the
 * signed change of on-hand; `balance_after` makes the running balance a plain read.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    kind: text('kind').$type<MovementKind>().notNull(),
    quantity: numeric('quantity').notNull(),
    balanceAfter: numeric('balance_after').notNull(),
    /**
     * The balance's version after this movement. Movements of one product-location are
     * serialised by the balance row lock, so this — not the transaction's start time — is
     * their true order.
     */
    balanceVersion: integer('balance_version').notNull().default(0),
    reason: text('reason'),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    userId: uuid('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_item_time_idx').on(t.tenantId, t.productId, t.locationId, t.createdAt),
    index('stock_movements_item_version_idx').on(t.productId, t.locationId, t.balanceVersion),
  ],
);

/** On hand, reserved and version per product × location: a projection kept in the movement's transaction. */
export const stockBalances = pgTable(
  'stock_balances',
  {
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    onHand: numeric('on_hand').notNull().default('0'),
    reserved: numeric('reserved').notNull().default('0'),
    version: integer('version').notNull().default(0),
    minQty: numeric('min_qty'),
    maxQty: numeric('max_qty'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.locationId] }),
    index('stock_balances_tenant_idx').on(t.tenantId),
    // Stock at one location (lists, counts): an index-only scan; neither column ever changes, so
    // balance updates stay heap-only.
    index('stock_balances_location_idx').on(t.locationId, t.tenantId),
    check('stock_balances_reserved_ok', sql`${t.reserved} >= 0`),
  ],
);

export const RESERVATION_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Stock held for a customer until it is confirmed, cancelled or expires (seed 001 flow 3). */
export const reservations = pgTable(
  'reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    status: text('status').$type<ReservationStatus>().notNull().default('PENDING'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('reservations_pending_idx').on(t.expiresAt).where(sql`${t.status} = 'PENDING'`)],
);

export const reservationLines = pgTable(
  'reservation_lines',
  {
    tenantId: uuid('tenant_id').notNull(),
    reservationId: uuid('reservation_id')
      .notNull()
      .references(() => reservations.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    locationId: uuid('location_id').notNull(),
    quantity: numeric('quantity').notNull(),
    /** The reservation's expiry, copied so releasing an item's expired holds reads only those. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** Set when the held quantity goes back (cancelled, or expired and released by whoever locks the item next). */
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.productId, t.locationId] }),
    // Only lines still holding stock, by item and expiry: the lock path's "release what expired"
    // is a range read of exactly those, however many live holds a hot item has.
    index('reservation_lines_holding_idx')
      .on(t.productId, t.locationId, t.expiresAt)
      .where(sql`${t.releasedAt} is null`),
  ],
);

export const TRANSFER_STATUSES = ['COMPLETED', 'IN_TRANSIT', 'RECEIVED', 'CANCELLED'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/**
 * A move of stock between two locations. Direct transfers post both legs in one transaction
 * (COMPLETED); a transfer `via` an in-transit location posts source → transit first
 * (IN_TRANSIT) and transit → destination when received, so the ledger always sums to on hand.
 */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    fromLocationId: uuid('from_location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: uuid('to_location_id')
      .notNull()
      .references(() => locations.id),
    viaLocationId: uuid('via_location_id').references(() => locations.id),
    quantity: numeric('quantity').notNull(),
    status: text('status').$type<TransferStatus>().notNull(),
    reason: text('reason'),
    /** What the transfer carries out, when another module asked for it (a transfer order's line). */
    referenceType: text('reference_type'),
    referenceId: uuid('reference_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('stock_transfers_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('stock_transfers_reference_idx').on(t.referenceId),
  ],
);

export const COUNT_STATUSES = ['OPEN', 'POSTED', 'CANCELLED'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

/** A physical count at one location: lines are entered, then posting books the differences. */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').$type<CountStatus>().notNull().default('OPEN'),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('stock_counts_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    // One open count per location: two sessions counting the same shelf would book it twice.
    uniqueIndex('stock_counts_one_open_uq').on(t.tenantId, t.locationId).where(sql`${t.status} = 'OPEN'`),
  ],
);

export const stockCountLines = pgTable(
  'stock_count_lines',
  {
    tenantId: uuid('tenant_id').notNull(),
    countId: uuid('count_id')
      .notNull()
      .references(() => stockCounts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    counted: numeric('counted').notNull(),
    /** On hand when the count was posted; the correction was counted − this. */
    onHandAtPost: numeric('on_hand_at_post'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.countId, t.productId] }),
    check('stock_count_lines_counted_ok', sql`${t.counted} >= 0`),
  ],
);

/**
 * Demand recorded outside Flujo's ledger: sales history from a spreadsheet or an ERP (ADR 0009).
 * It feeds ADU beside the ledger's own consumption and never moves stock, so on hand stays
 * what the ledger says. `source` + `reference` make loading the same history twice a no-op.
 */
export const demandHistory = pgTable(
  'demand_history',
  {
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    /** First and last day (inclusive) the quantity was sold over; a dated sale has start = end. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Units sold, net of returns. */
    quantity: numeric('quantity').notNull(),
    /** Where it came from: `file:<sha256>`, `folio` (keyed by document), `sync:<connection id>`. */
    source: text('source').notNull(),
    reference: text('reference').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.source, t.reference] }),
    index('demand_history_item_idx').on(t.tenantId, t.productId, t.locationId, t.endDate),
    check('demand_history_range_ok', sql`${t.endDate} >= ${t.startDate}`),
  ],
);
