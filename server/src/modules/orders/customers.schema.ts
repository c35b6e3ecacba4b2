import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

/** How a customer came to Flujo: typed in, or read from an ERP connection. */
export const CUSTOMER_SOURCES = ['manual', 'sync'] as const;
export type CustomerSource = (typeof CUSTOMER_SOURCES)[number];

/**
 * The customer master, tenant-wide (not bound to a store). Name, email, phone and tax id are
 * personal data: only `customers.repo.ts` reads and writes them, so encrypting them at rest
 * later changes one file. A synced customer is keyed by its connection and the ERP's id; the
 * connection is not a foreign key because integrations depends on orders, not the reverse,
 * and a removed connection leaves its customers (orders may name them).
 */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    /** The customer's number as the business knows it; manual customers may have none. */
    code: text('code'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    taxId: text('tax_id'),
    active: boolean('active').notNull().default(true),
    source: text('source').$type<CustomerSource>().notNull().default('manual'),
    connectionId: uuid('connection_id'),
    externalId: text('external_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_tenant_code_uq').on(t.tenantId, t.code),
    // NULLs are distinct: manual customers (no connection, no external id) never collide.
    uniqueIndex('customers_external_uq').on(t.tenantId, t.connectionId, t.externalId),
    index('customers_tenant_name_idx').on(t.tenantId, t.name, t.id),
  ],
);
