import {
  boolean,
  customType,
  integer,
  jsonb,
  numeric,
  pgView,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { LOCATION_TYPES } from './schema.ts';

// What other modules read of the catalog in their own queries (ADR 0005): views created by
// migration 0029, declared here column for column. A view is not a table to drizzle, so a
// reader cannot insert or update through them; their SQL names the view, not the table.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const audit = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
};

export const catalogProducts = pgView('catalog_products', {
  id: uuid('id').notNull(),
  tenantId: uuid('tenant_id').notNull(),
  sku: text('sku').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  category: text('category'),
  uom: text('uom').notNull(),
  uomStep: numeric('uom_step').notNull(),
  price: numeric('price'),
  cost: numeric('cost'),
  leadTimeDays: integer('lead_time_days'),
  minOrderQty: numeric('min_order_qty'),
  orderMultiple: numeric('order_multiple'),
  buffered: boolean('buffered').notNull(),
  active: boolean('active').notNull(),
  barcode: text('barcode'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
  search: tsvector('search'),
  ...audit,
}).existing();

export const catalogLocations = pgView('catalog_locations', {
  id: uuid('id').notNull(),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  type: text('type').$type<(typeof LOCATION_TYPES)[number]>().notNull(),
  parentId: uuid('parent_id'),
  address: jsonb('address').$type<Record<string, string>>().notNull(),
  allowNegative: boolean('allow_negative').notNull(),
  leadTimeDays: integer('lead_time_days'),
  active: boolean('active').notNull(),
  ...audit,
}).existing();

export const catalogSuppliers = pgView('catalog_suppliers', {
  id: uuid('id').notNull(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  taxId: text('tax_id'),
  contacts: jsonb('contacts').$type<{ name?: string; email?: string; phone?: string }[]>().notNull(),
  currency: text('currency').notNull(),
  defaultLeadTimeDays: integer('default_lead_time_days'),
  active: boolean('active').notNull(),
  ...audit,
}).existing();
