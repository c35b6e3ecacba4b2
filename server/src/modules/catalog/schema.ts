import { type SQL, sql } from 'drizzle-orm';
import {
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

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const audit = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};

/** Products (seed 000 §6.2, seed 004). Quantities and money are numeric: exact, never floats. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    uom: text('uom').notNull().default('unit'),
    uomStep: numeric('uom_step').notNull().default('1'),
    price: numeric('price'),
    cost: numeric('cost'),
    leadTimeDays: integer('lead_time_days'),
    minOrderQty: numeric('min_order_qty'),
    orderMultiple: numeric('order_multiple'),
    buffered: boolean('buffered').notNull().default(false),
    active: boolean('active').notNull().default(true),
    barcode: text('barcode'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    // Spanish stemming for names ("tornillos" finds "tornillo") plus the simple form for codes.
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', coalesce(sku, '')), 'A') || setweight(to_tsvector('spanish', coalesce(name, '')), 'B') || setweight(to_tsvector('simple', coalesce(name, '')), 'B')`,
    ),
    ...audit,
  },
  (t) => [
    uniqueIndex('products_tenant_sku_uq').on(t.tenantId, t.sku),
    index('products_tenant_category_idx').on(t.tenantId, t.category),
    index('products_search_idx').using('gin', t.search),
  ],
);

export const LOCATION_TYPES = ['warehouse', 'store', 'node', 'in_transit'] as const;

/** Warehouses, stores and other nodes (seed 001 codes such as MAD-001). */
export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').$type<(typeof LOCATION_TYPES)[number]>().notNull(),
    parentId: uuid('parent_id'),
    address: jsonb('address').$type<Record<string, string>>().notNull().default({}),
    allowNegative: boolean('allow_negative').notNull().default(false),
    /** Days to deliver from here to the locations it supplies (a distributed buffer's DLT). */
    leadTimeDays: integer('lead_time_days'),
    active: boolean('active').notNull().default(true),
    ...audit,
  },
  (t) => [uniqueIndex('locations_tenant_code_uq').on(t.tenantId, t.code)],
);

export const suppliers = pgTable(
  'suppliers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    name: text('name').notNull(),
    taxId: text('tax_id'),
    contacts: jsonb('contacts')
      .$type<{ name?: string; email?: string; phone?: string }[]>()
      .notNull()
      .default([]),
    currency: text('currency').notNull().default('MXN'),
    defaultLeadTimeDays: integer('default_lead_time_days'),
    active: boolean('active').notNull().default(true),
    ...audit,
  },
  (t) => [uniqueIndex('suppliers_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

/** What a supplier sells: lead time, price and minimums per product (the DLT source for DDMRP). */
export const supplierItems = pgTable(
  'supplier_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    leadTimeDays: integer('lead_time_days').notNull(),
    price: numeric('price'),
    minQty: numeric('min_qty'),
    preferred: boolean('preferred').notNull().default(false),
    ...audit,
  },
  (t) => [
    uniqueIndex('supplier_items_supplier_product_uq').on(t.supplierId, t.productId),
    // One preferred supplier per product.
    uniqueIndex('supplier_items_preferred_uq').on(t.tenantId, t.productId).where(sql`${t.preferred}`),
  ],
);

/** Bills of materials: a product made from components, for every location or for one. */
export const boms = pgTable(
  'boms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    locationId: uuid('location_id').references(() => locations.id),
    ...audit,
  },
  (t) => [
    uniqueIndex('boms_product_location_uq').on(
      t.tenantId,
      t.productId,
      sql`coalesce(${t.locationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

export const bomLines = pgTable(
  'bom_lines',
  {
    tenantId: uuid('tenant_id').notNull(),
    bomId: uuid('bom_id')
      .notNull()
      .references(() => boms.id, { onDelete: 'cascade' }),
    componentId: uuid('component_id')
      .notNull()
      .references(() => products.id),
    quantity: numeric('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bomId, t.componentId] })],
);
