import { and, asc, count, eq, ilike, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { containing } from '../../platform/db/like.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { decimalOut } from './decimal.ts';
import { catalogEvents } from './events.ts';
import { products, supplierItems, suppliers } from './schema.ts';

export type SupplierInput = {
  name: string;
  tax_id?: string | null | undefined;
  contacts?:
    | { name?: string | undefined; email?: string | undefined; phone?: string | undefined }[]
    | undefined;
  currency?: string | undefined;
  default_lead_time_days?: number | null | undefined;
  active?: boolean | undefined;
};
export type ItemInput = {
  lead_time_days: number;
  price?: string | null | undefined;
  min_qty?: string | null | undefined;
  preferred?: boolean | undefined;
};

const toSupplier = (s: typeof suppliers.$inferSelect) => ({
  id: s.id,
  name: s.name,
  tax_id: s.taxId,
  contacts: s.contacts,
  currency: s.currency,
  default_lead_time_days: s.defaultLeadTimeDays,
  active: s.active,
  created_at: new Date(s.createdAt).toISOString(),
  updated_at: new Date(s.updatedAt).toISOString(),
});

const columns = (i: Partial<SupplierInput>) => ({
  ...(i.name !== undefined ? { name: i.name } : {}),
  ...(i.tax_id !== undefined ? { taxId: i.tax_id } : {}),
  ...(i.contacts !== undefined ? { contacts: i.contacts } : {}),
  ...(i.currency !== undefined ? { currency: i.currency } : {}),
  ...(i.default_lead_time_days !== undefined ? { defaultLeadTimeDays: i.default_lead_time_days } : {}),
  ...(i.active !== undefined ? { active: i.active } : {}),
});

const find = async (tx: Tx, tenantId: string, id: string) => {
  const [row] = await tx
    .select()
    .from(suppliers)
    .where(and(eq(suppliers.id, id), eq(suppliers.tenantId, tenantId)));
  if (!row) throw new DomainError('catalog.supplier_not_found');
  return row;
};

const items = async (tx: Tx, supplierId: string) =>
  (
    await tx
      .select({ item: supplierItems, sku: products.sku, name: products.name })
      .from(supplierItems)
      .innerJoin(products, eq(products.id, supplierItems.productId))
      .where(eq(supplierItems.supplierId, supplierId))
      .orderBy(asc(products.sku))
  ).map(({ item, sku, name }) => ({
    product_id: item.productId,
    sku,
    product_name: name,
    lead_time_days: item.leadTimeDays,
    price: decimalOut(item.price),
    min_qty: decimalOut(item.minQty),
    preferred: item.preferred,
  }));

export const createSuppliersService = (p: Platform) => ({
  list: (ctx: RequestContext, q: PageQuery & { search?: string | undefined }) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const term = q.search?.trim();
      const where = and(
        eq(suppliers.tenantId, ctx.tenantId),
        term ? ilike(suppliers.name, containing(term)) : undefined,
      );
      const rows = await tx
        .select()
        .from(suppliers)
        .where(where)
        .orderBy(asc(suppliers.name))
        .limit(q.limit)
        .offset(offsetOf(q));
      const [total] = await tx.select({ n: count() }).from(suppliers).where(where);
      return pageOf(rows.map(toSupplier), total?.n ?? 0, q);
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => ({
      ...toSupplier(await find(tx, ctx.tenantId, id)),
      items: await items(tx, id),
    })),

  create: (ctx: RequestContext, input: SupplierInput) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        const [row] = await tx
          .insert(suppliers)
          .values({ ...columns(input), tenantId: ctx.tenantId, name: input.name })
          .returning();
        if (!row) throw new Error('supplier insert returned nothing');
        emit(
          catalogEvents.supplierCreated.create({
            tenantId: ctx.tenantId,
            aggregateId: row.id,
            payload: { name: row.name },
          }),
        );
        return { ...toSupplier(row), items: [] };
      })
      .catch((err) => mapConstraint(err, { unique: 'catalog.name_taken' })),

  update: (ctx: RequestContext, id: string, input: Partial<SupplierInput>) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        await find(tx, ctx.tenantId, id);
        const [row] = await tx
          .update(suppliers)
          .set({ ...columns(input), updatedAt: sql`now()` })
          .where(eq(suppliers.id, id))
          .returning();
        if (!row) throw new DomainError('catalog.supplier_not_found');
        emit(
          catalogEvents.supplierUpdated.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { name: row.name, fields: Object.keys(input) },
          }),
        );
        return { ...toSupplier(row), items: await items(tx, id) };
      })
      .catch((err) => mapConstraint(err, { unique: 'catalog.name_taken' })),

  remove: (ctx: RequestContext, id: string) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        const row = await find(tx, ctx.tenantId, id);
        await tx.delete(suppliers).where(eq(suppliers.id, id));
        emit(
          catalogEvents.supplierDeleted.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { name: row.name },
          }),
        );
      })
      .catch((err) => mapConstraint(err, { foreignKey: 'catalog.in_use' })),

  /** Adds or changes what the supplier sells of a product; one preferred supplier per product. */
  putItem: (ctx: RequestContext, supplierId: string, productId: string, input: ItemInput) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const supplier = await find(tx, ctx.tenantId, supplierId);
      const [product] = await tx
        .select({ id: products.id, sku: products.sku })
        .from(products)
        .where(and(eq(products.id, productId), eq(products.tenantId, ctx.tenantId)));
      if (!product) throw new DomainError('catalog.product_not_found');
      if (input.preferred) {
        await tx
          .update(supplierItems)
          .set({ preferred: false })
          .where(
            and(
              eq(supplierItems.tenantId, ctx.tenantId),
              eq(supplierItems.productId, productId),
              ne(supplierItems.supplierId, supplierId),
            ),
          );
      }
      const values = {
        leadTimeDays: input.lead_time_days,
        price: input.price ?? null,
        minQty: input.min_qty ?? null,
        preferred: input.preferred ?? false,
      };
      await tx
        .insert(supplierItems)
        .values({ ...values, tenantId: ctx.tenantId, supplierId, productId })
        .onConflictDoUpdate({
          target: [supplierItems.supplierId, supplierItems.productId],
          set: { ...values, updatedAt: sql`now()` },
        });
      emit(
        catalogEvents.supplierUpdated.create({
          tenantId: ctx.tenantId,
          aggregateId: supplierId,
          payload: { name: supplier.name, sku: product.sku, fields: ['items'] },
        }),
      );
      return items(tx, supplierId);
    }),

  removeItem: (ctx: RequestContext, supplierId: string, productId: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await find(tx, ctx.tenantId, supplierId);
      const gone = await tx
        .delete(supplierItems)
        .where(and(eq(supplierItems.supplierId, supplierId), eq(supplierItems.productId, productId)))
        .returning({ id: supplierItems.id });
      if (gone.length === 0) throw new DomainError('catalog.product_not_found');
    }),
});

export type SuppliersService = ReturnType<typeof createSuppliersService>;
