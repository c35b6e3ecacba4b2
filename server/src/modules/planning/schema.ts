import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import { locations, products } from '../catalog/schema.ts';
import { stockMovements } from '../inventory/schema.ts';
import { supplyOrders } from '../orders/schema.ts';

export const ITEM_TYPES = ['purchased', 'manufactured', 'distributed'] as const;
export const LEAD_TIME_CLASSES = ['short', 'medium', 'long'] as const;
export const VARIABILITY_CLASSES = ['low', 'medium', 'high'] as const;
export const REPLENISH_METHODS = ['replenish', 'min_max', 'override'] as const;
export const ADU_METHODS = ['fixed', 'past', 'future', 'blended'] as const;
export const ORDER_TRIGGERS = ['below', 'at_or_below'] as const;
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
    /** Days of forecast the `future` side reads; null takes the past horizon. */
    aduFutureHorizonDays: integer('adu_future_horizon_days'),
    /** `blended`: the past side's weight; the future side weighs the rest. */
    aduPastWeight: numeric('adu_past_weight').notNull().default('0.5'),
    /** A distributed buffer is replenished by transfer from this location. */
    sourceLocationId: uuid('source_location_id').references(() => locations.id),
    incomingSafetyFactor: numeric('incoming_safety_factor').notNull().default('1'),
    orderTrigger: text('order_trigger').$type<(typeof ORDER_TRIGGERS)[number]>().notNull().default('below'),
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
    /** Supply due after the DLT window: reported, not in net flow. */
    longTermSupply: numeric('long_term_supply'),
    /** ADU pushed down the BOM by parents' demand adjustments, already inside `adu`. */
    propagatedAdu: numeric('propagated_adu'),
    /** The planned adjustment factors in force at the last full calculation. */
    appliedFactors: jsonb('applied_factors').$type<AppliedFactors>(),
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

export type AppliedFactors = {
  demand: number;
  lead_time: number;
  zones: { red: number; yellow: number; green: number };
};

export const STANDARD_FACTORS = {
  leadTime: { short: '0.75', medium: '0.5', long: '0.25' },
  variability: { low: '0.25', medium: '0.5', high: '0.75' },
} as const;

export const standardProfileName = (type: string, lt: string, v: string) =>
  `${type} · ${lt} lead time · ${v} variability`;

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
    /** What to order: the engine's quantity while open, the approved one once approved. */
    quantity: numeric('quantity').notNull(),
    /** The engine's last quantity, kept when a planner approves another (signal integrity). */
    suggestedQuantity: numeric('suggested_quantity'),
    planningPriority: text('planning_priority').$type<(typeof PRIORITIES)[number]>().notNull(),
    netFlowPosition: numeric('net_flow_position').notNull(),
    netFlowPercent: numeric('net_flow_percent'),
    topOfGreen: numeric('top_of_green').notNull(),
    supplyOrderId: uuid('supply_order_id').references(() => supplyOrders.id),
    /** The quantity split by the buffer's maximum batch: one supply order each on approval. */
    batches: jsonb('batches').$type<number[]>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('replenishment_suggestions_one_open_uq').on(t.bufferId).where(sql`${t.status} = 'OPEN'`),
    index('replenishment_suggestions_tenant_status_idx').on(t.tenantId, t.status),
  ],
);

export const FORECAST_SOURCES = ['manual', 'import', 'analytics'] as const;

/**
 * Demand forecasts per product × location over date ranges (OCA's demand estimates): the
 * quantity is the range's total, spread evenly over its days. Ranges of one item never overlap.
 */
export const demandForecasts = pgTable(
  'demand_forecasts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    quantity: numeric('quantity').notNull(),
    source: text('source').$type<(typeof FORECAST_SOURCES)[number]>().notNull().default('manual'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('demand_forecasts_item_start_uq').on(t.tenantId, t.productId, t.locationId, t.startDate),
    index('demand_forecasts_tenant_dates_idx').on(t.tenantId, t.endDate),
  ],
);

/**
 * Planned adjustments (DAF, LTAF, ZAF) over a date range, for one buffer or for every buffer of
 * a product category and/or a location. Factors of every adjustment in force multiply.
 */
export const plannedAdjustments = pgTable(
  'planned_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    bufferId: uuid('buffer_id').references(() => buffers.id, { onDelete: 'cascade' }),
    productCategory: text('product_category'),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'cascade' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    demandFactor: numeric('demand_factor').notNull().default('1'),
    leadTimeFactor: numeric('lead_time_factor').notNull().default('1'),
    redFactor: numeric('red_factor').notNull().default('1'),
    yellowFactor: numeric('yellow_factor').notNull().default('1'),
    greenFactor: numeric('green_factor').notNull().default('1'),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('planned_adjustments_tenant_dates_idx').on(t.tenantId, t.endDate)],
);

export const ALERT_KINDS = [
  'on_hand',
  'projected_on_hand',
  'material_sync',
  'spike_horizon',
  'lead_time',
  'late_supply',
] as const;
export const ALERT_SEVERITIES = ['red', 'yellow'] as const;
export const ALERT_STATUSES = ['OPEN', 'RESOLVED'] as const;

/**
 * Planning alerts: at most one open per key (kind + what it is about); a calculation that no
 * longer finds the condition resolves it.
 */
export const planningAlerts = pgTable(
  'planning_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').$type<(typeof ALERT_KINDS)[number]>().notNull(),
    severity: text('severity').$type<(typeof ALERT_SEVERITIES)[number]>().notNull(),
    bufferId: uuid('buffer_id').references(() => buffers.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    supplyOrderId: uuid('supply_order_id').references(() => supplyOrders.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<(typeof ALERT_STATUSES)[number]>().notNull().default('OPEN'),
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('planning_alerts_open_key_uq').on(t.tenantId, t.key).where(sql`${t.status} = 'OPEN'`),
    index('planning_alerts_tenant_status_idx').on(t.tenantId, t.status, t.kind),
    index('planning_alerts_buffer_idx').on(t.bufferId),
  ],
);

/** One row per buffer per day: its state at the day's last snapshot (charts and integrity metrics). */
export const bufferHistory = pgTable(
  'buffer_history',
  {
    tenantId: uuid('tenant_id').notNull(),
    bufferId: uuid('buffer_id')
      .notNull()
      .references(() => buffers.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
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
  },
  (t) => [
    primaryKey({ columns: [t.bufferId, t.date] }),
    index('buffer_history_tenant_date_idx').on(t.tenantId, t.date),
  ],
);

/**
 * Consumption movements a planner leaves out of past ADU (a one-off sale, as OCA's ddmrp lets
 * planners exclude moves): the ledger keeps the movement, only the average ignores it. Product
 * and location are copied from the movement so the calculation reads exclusions by item.
 */
export const aduExclusions = pgTable(
  'adu_exclusions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    movementId: uuid('movement_id')
      .notNull()
      .references(() => stockMovements.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('adu_exclusions_tenant_movement_uq').on(t.tenantId, t.movementId),
    index('adu_exclusions_tenant_item_idx').on(t.tenantId, t.productId, t.locationId),
  ],
);
