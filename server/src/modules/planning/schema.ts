import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations, products } from '../catalog/schema.ts';

export const ITEM_TYPES = ['purchased', 'manufactured', 'distributed'] as const;
export const LEAD_TIME_CLASSES = ['short', 'medium', 'long'] as const;
export const VARIABILITY_CLASSES = ['low', 'medium', 'high'] as const;
export const REPLENISH_METHODS = ['replenish', 'min_max', 'override'] as const;
export const ADU_METHODS = ['fixed', 'past'] as const;
export const PRIORITIES = ['red', 'yellow', 'green'] as const;
export const AUTO_PROCURE = ['never', 'on_suggestion', 'below_zero'] as const;

/** Buffer profiles (seed 000's matrix): item type × lead-time class × variability class. */
export const bufferProfiles = pgTable(
  'buffer_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    name: text('name').notNull(),
    itemType: text('item_type').$type<(typeof ITEM_TYPES)[number]>().notNull(),
    leadTimeClass: text('lead_time_class').$type<(typeof LEAD_TIME_CLASSES)[number]>().notNull(),
    variabilityClass: text('variability_class').$type<(typeof VARIABILITY_CLASSES)[number]>().notNull(),
    replenishMethod: text('replenish_method')
      .$type<(typeof REPLENISH_METHODS)[number]>()
      .notNull()
      .default('replenish'),
    leadTimeFactor: numeric('lead_time_factor').notNull(),
    variabilityFactor: numeric('variability_factor').notNull(),
    isStandard: boolean('is_standard').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('buffer_profiles_tenant_name_uq').on(t.tenantId, t.name)],
);

/** A stock buffer at a decoupling point: its settings, and the engine's last answer for it. */
export const buffers = pgTable(
  'buffers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    profileId: uuid('profile_id')
      .notNull()
      .references(() => bufferProfiles.id),
    // Settings
    aduMethod: text('adu_method').$type<(typeof ADU_METHODS)[number]>().notNull().default('past'),
    aduFixed: numeric('adu_fixed'),
    aduHorizonDays: integer('adu_horizon_days').notNull().default(90),
    dltDays: numeric('dlt_days'),
    extraLeadTimeDays: numeric('extra_lead_time_days').notNull().default('0'),
    orderCycleDays: numeric('order_cycle_days').notNull().default('0'),
    spikeHorizonDays: integer('spike_horizon_days'),
    spikeThresholdPct: numeric('spike_threshold_pct').notNull().default('50'),
    spikeThreshold: numeric('spike_threshold'),
    qtyMultiple: numeric('qty_multiple').notNull().default('1'),
    multipleTolerancePct: numeric('multiple_tolerance_pct').notNull().default('0'),
    minBatch: numeric('min_batch').notNull().default('0'),
    maxBatch: numeric('max_batch'),
    storageCapacity: numeric('storage_capacity'),
    redOverride: numeric('red_override'),
    yellowOverride: numeric('yellow_override'),
    greenOverride: numeric('green_override'),
    autoProcure: text('auto_procure').$type<(typeof AUTO_PROCURE)[number]>().notNull().default('never'),
    // The engine's last result
    adu: numeric('adu'),
    dlt: numeric('dlt'),
    red: numeric('red'),
    yellow: numeric('yellow'),
    green: numeric('green'),
    topOfRed: numeric('top_of_red'),
    topOfYellow: numeric('top_of_yellow'),
    topOfGreen: numeric('top_of_green'),
    onHand: numeric('on_hand'),
    onOrder: numeric('on_order'),
    qualifiedDemand: numeric('qualified_demand'),
    netFlow: numeric('net_flow'),
    netFlowPercent: numeric('net_flow_percent'),
    planningPriority: text('planning_priority').$type<(typeof PRIORITIES)[number]>(),
    onHandAlert: text('on_hand_alert').$type<(typeof PRIORITIES)[number]>(),
    recommendedQty: numeric('recommended_qty'),
    calculatedAt: timestamp('calculated_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('buffers_tenant_item_uq').on(t.tenantId, t.productId, t.locationId),
    index('buffers_tenant_priority_idx').on(t.tenantId, t.planningPriority, t.netFlowPercent),
    index('buffers_item_idx').on(t.productId, t.locationId),
  ],
);

export const STANDARD_FACTORS = {
  leadTime: { short: '0.75', medium: '0.5', long: '0.25' },
  variability: { low: '0.25', medium: '0.5', high: '0.75' },
} as const;

export const standardProfileName = (type: string, lt: string, v: string) =>
  `${type} · ${lt} lead time · ${v} variability`;

export const SUPPLY_KINDS = ['purchase', 'production', 'transfer'] as const;
export const SUPPLY_STATUSES = ['DRAFT', 'CANCELLED'] as const;

/**
 * Supply ordered from an approved suggestion. Until the orders module lands these are drafts
 * it will adopt; from the moment of approval they count as on order in net flow.
 */
export const supplyOrders = pgTable(
  'supply_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    bufferId: uuid('buffer_id').references(() => buffers.id, { onDelete: 'set null' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    kind: text('kind').$type<(typeof SUPPLY_KINDS)[number]>().notNull(),
    supplierId: uuid('supplier_id'),
    quantity: numeric('quantity').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status').$type<(typeof SUPPLY_STATUSES)[number]>().notNull().default('DRAFT'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('supply_orders_item_idx').on(t.tenantId, t.productId, t.locationId, t.status)],
);

export const SUGGESTION_STATUSES = ['OPEN', 'APPROVED', 'REJECTED', 'CLOSED'] as const;

/** What to order for a buffer now; at most one open per buffer, updated as net flow moves. */
export const replenishmentSuggestions = pgTable(
  'replenishment_suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    bufferId: uuid('buffer_id')
      .notNull()
      .references(() => buffers.id, { onDelete: 'cascade' }),
    status: text('status').$type<(typeof SUGGESTION_STATUSES)[number]>().notNull().default('OPEN'),
    quantity: numeric('quantity').notNull(),
    planningPriority: text('planning_priority').$type<(typeof PRIORITIES)[number]>().notNull(),
    netFlowPosition: numeric('net_flow_position').notNull(),
    netFlowPercent: numeric('net_flow_percent'),
    topOfGreen: numeric('top_of_green').notNull(),
    supplyOrderId: uuid('supply_order_id').references(() => supplyOrders.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('replenishment_suggestions_one_open_uq').on(t.bufferId).where(sql`${t.status} = 'OPEN'`),
    index('replenishment_suggestions_tenant_status_idx').on(t.tenantId, t.status),
  ],
);
