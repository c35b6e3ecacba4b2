import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DemandClass } from './domain/types.ts';
import { locations, products } from '../catalog/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** One step of a stored forecast: a bucket of days, its mean and its 80 % and 95 % bands. */
export type ForecastPoint = {
  start: string;
  end: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
};

/**
 * The engine's latest forecast per product × location (a new run replaces it), with what
 * explains it: the method and model chosen, the demand class and the backtest's errors.
 */
export const analyticsForecasts = pgTable(
  'analytics_forecasts',
  {
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    period: text('period').$type<'day' | 'week' | 'month'>().notNull(),
    seasonLength: integer('season_length').notNull(),
    method: text('method').notNull(),
    model: text('model'),
    demandClass: text('demand_class').$type<DemandClass>().notNull(),
    /** Buckets of history the engine read, from the item's first demand to the last whole bucket. */
    historyPoints: integer('history_points').notNull(),
    points: jsonb('points').$type<ForecastPoint[]>().notNull(),
    rmsse: doublePrecision('rmsse'),
    mase: doublePrecision('mase'),
    mae: doublePrecision('mae'),
    rmse: doublePrecision('rmse'),
    origins: integer('origins').notNull(),
    runId: uuid('run_id'),
    generatedAt: ts('generated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId, t.locationId] }),
    index('analytics_forecasts_tenant_location_idx').on(t.tenantId, t.locationId),
  ],
);

export const FORECAST_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ForecastRunStatus = (typeof FORECAST_RUN_STATUSES)[number];

/** A forecast of a tenant's items: the nightly one or a planner's "forecast now". */
export const analyticsForecastRuns = pgTable(
  'analytics_forecast_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    trigger: text('trigger').$type<'schedule' | 'manual'>().notNull(),
    requestedBy: uuid('requested_by'),
    status: text('status').$type<ForecastRunStatus>().notNull().default('queued'),
    /** Progress is counted in products scanned, in id order; `cursor` is the last one done, so a retried run resumes. */
    productsTotal: integer('products_total'),
    productsDone: integer('products_done').notNull().default(0),
    cursor: uuid('cursor'),
    itemsForecast: integer('items_forecast').notNull().default(0),
    itemsFailed: integer('items_failed').notNull().default(0),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('analytics_forecast_runs_tenant_created_idx').on(t.tenantId, t.createdAt)],
);

/**
 * What the engine forecast for each item and calendar month, as it stood before the month
 * began (each run before the month overwrites it; none after): forecast accuracy compares it
 * with the month's actual demand once the month is over.
 */
export const analyticsForecastMonths = pgTable(
  'analytics_forecast_months',
  {
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    quantity: doublePrecision('quantity').notNull(),
    method: text('method').notNull(),
    demandClass: text('demand_class').$type<DemandClass>().notNull(),
    madeAt: ts('made_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.productId, t.locationId, t.month] })],
);

/**
 * Each tenant's KPIs for a day, written by the nightly job for yesterday (location null: the
 * tenant-wide row). Partitioned by month on `date` (migration 0035 holds the DDL drizzle cannot
 * write; `flujo_kpi_snapshot_partition(month)` adds a month, which the job does ahead of time).
 */
export const kpiSnapshots = pgTable(
  'kpi_snapshots',
  {
    tenantId: uuid('tenant_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    locationId: uuid('location_id'),
    kpi: text('kpi').notNull(),
    value: doublePrecision('value'),
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
    writtenAt: ts('written_at').notNull().defaultNow(),
  },
  (t) => [unique('kpi_snapshots_uq').on(t.tenantId, t.date, t.locationId, t.kpi).nullsNotDistinct()],
);
