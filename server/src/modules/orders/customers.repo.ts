import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { containing } from '../../platform/db/like.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { SyncedCustomer } from './domain/customers.ts';
import { ordersEvents } from './events.ts';
import { type CustomerSource, customers } from './schema.ts';

// The one place that reads and writes the customer master's personal data (name, email, phone,
// tax id): encrypting them at rest later changes this file and no other.

type Row = typeof customers.$inferSelect;

export const toCustomer = (c: Row) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  email: c.email,
  phone: c.phone,
  tax_id: c.taxId,
  active: c.active,
  source: c.source,
  connection_id: c.connectionId,
  external_id: c.externalId,
  created_at: new Date(c.createdAt).toISOString(),
  updated_at: new Date(c.updatedAt).toISOString(),
});
export type CustomerView = ReturnType<typeof toCustomer>;

/** What a person may set; `undefined` leaves a field as it is, `null` clears it. */
export type CustomerFields = {
  code?: string | null | undefined;
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  tax_id?: string | null | undefined;
  active?: boolean | undefined;
};

export type CustomerFilter = {
  q?: string | undefined;
  active?: boolean | undefined;
  source?: CustomerSource | undefined;
};

const columnsOf = (f: CustomerFields) => ({
  ...(f.code !== undefined ? { code: f.code } : {}),
  ...(f.name !== undefined ? { name: f.name } : {}),
  ...(f.email !== undefined ? { email: f.email } : {}),
  ...(f.phone !== undefined ? { phone: f.phone } : {}),
  ...(f.tax_id !== undefined ? { taxId: f.tax_id } : {}),
  ...(f.active !== undefined ? { active: f.active } : {}),
});

const whereOf = (tenantId: string, f: CustomerFilter): SQL | undefined => {
  const term = f.q?.trim();
  return and(
    eq(customers.tenantId, tenantId),
    term
      ? or(
          ilike(customers.name, containing(term)),
          ilike(customers.code, containing(term)),
          ilike(customers.email, containing(term)),
        )
      : undefined,
    f.active !== undefined ? eq(customers.active, f.active) : undefined,
    f.source !== undefined ? eq(customers.source, f.source) : undefined,
  );
};

/** A page of the tenant's customers by name, and how many match. */
export const listCustomers = async (
  tx: Executor,
  tenantId: string,
  f: CustomerFilter,
  page: { limit: number; offset: number },
) => {
  const where = whereOf(tenantId, f);
  const rows = await tx
    .select()
    .from(customers)
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await tx.select({ n: count() }).from(customers).where(where);
  return { rows: rows.map(toCustomer), total: total?.n ?? 0 };
};

export const findCustomer = async (tx: Executor, tenantId: string, id: string) => {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.tenantId, tenantId)));
  if (!row) throw new DomainError('orders.customer_not_found');
  return row;
};

/** A unique violation on a person's write can only be the code. */
export const codeTaken = (err: unknown): never => {
  const code =
    (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  if (code === '23505')
    throw new DomainError('orders.customer_code_taken', {
      errors: [{ field: 'code', message: 'belongs to another customer' }],
    });
  throw err;
};

export const insertCustomer = async (
  tx: Tx,
  tenantId: string,
  emit: Emit,
  f: CustomerFields & { name: string },
) => {
  const [row] = await tx
    .insert(customers)
    .values({ ...columnsOf(f), tenantId, name: f.name, source: 'manual' })
    .returning();
  if (!row) throw new Error('customer insert returned nothing');
  emit(
    ordersEvents.customerRecordCreated.create({
      tenantId,
      aggregateId: row.id,
      payload: {
        code: row.code,
        active: row.active,
        source: row.source,
        fields: Object.keys(f).filter((k) => f[k as keyof CustomerFields] !== undefined),
      },
    }),
  );
  return toCustomer(row);
};

export const updateCustomer = async (tx: Tx, tenantId: string, emit: Emit, id: string, f: CustomerFields) => {
  await findCustomer(tx, tenantId, id);
  const [row] = await tx
    .update(customers)
    .set({ ...columnsOf(f), updatedAt: sql`now()` })
    .where(and(eq(customers.id, id), eq(customers.tenantId, tenantId)))
    .returning();
  if (!row) throw new DomainError('orders.customer_not_found');
  emit(
    ordersEvents.customerRecordUpdated.create({
      tenantId,
      aggregateId: id,
      payload: {
        code: row.code,
        active: row.active,
        source: row.source,
        fields: Object.keys(f).filter((k) => f[k as keyof CustomerFields] !== undefined),
      },
    }),
  );
  return toCustomer(row);
};

const SYNCED_FIELDS = ['name', 'email', 'phone', 'active'];

/**
 * Creates or updates a connection's customers by the ERP's id, in the caller's transaction.
 * An unchanged record is left alone (no write, no event), so reading a page twice changes
 * nothing; code and tax id are the business's own and a sync never touches them.
 */
export const upsertSyncedCustomers = async (
  tx: Tx,
  tenantId: string,
  emit: Emit,
  connectionId: string,
  input: SyncedCustomer[],
) => {
  // The last record of an id wins: one statement cannot change the same row twice.
  const rows = [...new Map(input.map((r) => [r.externalId, r])).values()];
  if (rows.length === 0) return { created: 0, updated: 0 };
  const col = <T>(f: (r: SyncedCustomer) => T) => sql.param(rows.map(f));
  const { rows: written } = await tx.execute<{
    id: string;
    code: string | null;
    active: boolean;
    created: boolean;
  }>(sql`
    insert into customers as c (tenant_id, source, connection_id, external_id, name, email, phone, active)
    select ${tenantId}::uuid, 'sync', ${connectionId}::uuid, x.e, x.n, x.m, x.p, x.a
    from unnest(${col((r) => r.externalId)}::text[], ${col((r) => r.name)}::text[],
      ${col((r) => r.email)}::text[], ${col((r) => r.phone)}::text[], ${col((r) => r.active)}::boolean[])
      as x(e, n, m, p, a)
    on conflict (tenant_id, connection_id, external_id) do update
      set name = excluded.name, email = excluded.email, phone = excluded.phone,
        active = excluded.active, updated_at = now()
      where (c.name, c.email, c.phone, c.active)
        is distinct from (excluded.name, excluded.email, excluded.phone, excluded.active)
    returning c.id, c.code, c.active, (xmax = 0) as created`);
  let created = 0;
  for (const w of written) {
    if (w.created) created++;
    const event = w.created ? ordersEvents.customerRecordCreated : ordersEvents.customerRecordUpdated;
    emit(
      event.create({
        tenantId,
        aggregateId: w.id,
        payload: { code: w.code, active: w.active, source: 'sync', fields: SYNCED_FIELDS },
      }),
    );
  }
  return { created, updated: written.length - created };
};
