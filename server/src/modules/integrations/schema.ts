import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImportKind, Mapping } from './domain/kinds.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const IMPORT_STATUSES = ['uploaded', 'validated', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const FILE_FORMATS = ['xlsx', 'xls', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** An uploaded file's bytes, once per organisation and content (the same file twice is one row). */
export const importFiles = pgTable(
  'import_files',
  {
    tenantId: uuid('tenant_id').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sha256] })],
);

/** One spreadsheet import: what was detected and corrected, and how far its commit got. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    createdBy: uuid('created_by'),
    filename: text('filename').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    format: text('format').$type<FileFormat>().notNull(),
    sheet: text('sheet'),
    headerRow: integer('header_row').notNull().default(1),
    headers: jsonb('headers').$type<string[]>().notNull(),
    shape: text('shape').notNull(),
    kind: text('kind').$type<ImportKind>(),
    mapping: jsonb('mapping').$type<Mapping>().notNull(),
    /** The store the file is about when no column says: a location id. */
    locationId: uuid('location_id'),
    /** The store guessed from the file or sheet name (a code or name), for the user to confirm. */
    storeGuess: text('store_guess'),
    createProducts: boolean('create_products').notNull().default(true),
    duplicateOf: uuid('duplicate_of'),
    status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
    mode: text('mode').$type<ImportMode>(),
    totalRows: integer('total_rows'),
    validRows: integer('valid_rows'),
    invalidRows: integer('invalid_rows'),
    newProducts: integer('new_products'),
    dateFrom: text('date_from'),
    dateTo: text('date_to'),
    /** Rows already committed (valid-rows mode commits in batches and resumes from here). */
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('imports_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('imports_tenant_sha_idx').on(t.tenantId, t.sha256),
  ],
);

/** Every problem the last dry run or commit found, by row and column; words come at download. */
export const importErrors = pgTable(
  'import_errors',
  {
    tenantId: uuid('tenant_id').notNull(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    seq: integer('seq').notNull(),
    column: text('column').notNull(),
    value: text('value').notNull(),
    code: text('code').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.seq] }),
    index('import_errors_import_row_idx').on(t.importId, t.row),
  ],
);

/** The mapping a user confirmed, remembered per organisation and file shape (its normalised headers). */
export const importMappings = pgTable(
  'import_mappings',
  {
    tenantId: uuid('tenant_id').notNull(),
    shape: text('shape').notNull(),
    kind: text('kind').$type<ImportKind>().notNull(),
    mapping: jsonb('mapping').$type<Mapping>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_mappings_shape_uq').on(t.tenantId, t.shape)],
);

export const CONNECTION_KINDS = ['microsip', 'rest'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export const SYNC_TYPES = ['products', 'customers', 'stock', 'sales'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];
export const SYNC_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** An ERP the organisation syncs from. Its secret (password, API key) is sealed; the rest is settings. */
export const connections = pgTable(
  'integration_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    kind: text('kind').$type<ConnectionKind>().notNull(),
    name: text('name').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    /** Sealed with the project's sealer; never returned. */
    secret: text('secret'),
    /** Cron (UTC) for incremental syncs; null: only on demand. */
    schedule: text('schedule').default('0 */6 * * *'),
    enabled: boolean('enabled').notNull().default(true),
    lastTestAt: ts('last_test_at'),
    lastTestOk: boolean('last_test_ok'),
    lastTestMessage: text('last_test_message'),
    /** Sealed `whsec_…` that signs the ERP's pushes to this connection (inbound webhooks). */
    inboundSecret: text('inbound_secret'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('integration_connections_name_uq').on(t.tenantId, t.name)],
);

/** Where the last incremental read of each kind of record stopped, per connection. */
export const syncState = pgTable(
  'sync_state',
  {
    tenantId: uuid('tenant_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    type: text('type').$type<SyncType>().notNull(),
    watermark: jsonb('watermark').$type<{ ts: string; id: string } | null>(),
    lastSyncAt: ts('last_sync_at'),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.type] })],
);

/** One run of a sync (seed 004 `sync_jobs`): what it read and wrote, and how it ended. */
export const syncJobs = pgTable(
  'sync_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    types: jsonb('types').$type<SyncType[]>().notNull(),
    incremental: boolean('incremental').notNull(),
    trigger: text('trigger').$type<'manual' | 'schedule' | 'webhook'>().notNull(),
    status: text('status').$type<SyncStatus>().notNull().default('pending'),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [index('sync_jobs_connection_created_idx').on(t.tenantId, t.connectionId, t.createdAt)],
);

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * An endpoint of the organisation's that receives its events (Standard Webhooks). The secret
 * signs every delivery; after a rotation the previous one signs too until it expires.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    url: text('url').notNull(),
    /** Event types, or prefixes ending in `*` (`inventory.*`); `*` alone is every event. */
    events: jsonb('events').$type<string[]>().notNull(),
    description: text('description'),
    /** Sealed `whsec_…`. */
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: ts('previous_secret_until'),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId)],
);

/** One event owed to one endpoint: retried with backoff until delivered, or dead after about a day. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_uq').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_subscription_idx').on(t.tenantId, t.subscriptionId, t.createdAt),
  ],
);

/** Every try of a delivery: what the endpoint answered and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    tenantId: uuid('tenant_id').notNull(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull().defaultNow(),
    status: integer('status'),
    latencyMs: integer('latency_ms').notNull(),
    response: text('response'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);

/** Pushes an ERP sent to a connection, by their id, so a retried push is handled once. */
export const inboundWebhooks = pgTable(
  'inbound_webhooks',
  {
    tenantId: uuid('tenant_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.messageId] })],
);
