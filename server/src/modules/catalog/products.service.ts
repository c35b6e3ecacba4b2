import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { startingWith } from '../../platform/db/like.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { decimalOut } from './decimal.ts';
import { catalogEvents } from './events.ts';
import { products } from './schema.ts';

export type ProductInput = {
  sku: string;
  name: string;
  description?: string | null | undefined;
  category?: string | null | undefined;
  uom?: string | undefined;
  uom_step?: string | undefined;
  price?: string | null | undefined;
  cost?: string | null | undefined;
  lead_time_days?: number | null | undefined;
  min_order_qty?: string | null | undefined;
  order_multiple?: string | null | undefined;
  buffered?: boolean | undefined;
  active?: boolean | undefined;
  barcode?: string | null | undefined;
  attributes?: Record<string, unknown> | undefined;
};

type Row = typeof products.$inferSelect;

export const toProduct = (p: Row) => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  category: p.category,
  uom: p.uom,
  uom_step: decimalOut(p.uomStep) ?? '1',
  price: decimalOut(p.price),
  cost: decimalOut(p.cost),
  lead_time_days: p.leadTimeDays,
  min_order_qty: decimalOut(p.minOrderQty),
  order_multiple: decimalOut(p.orderMultiple),
  buffered: p.buffered,
  active: p.active,
  barcode: p.barcode,
  attributes: p.attributes,
  created_at: new Date(p.createdAt).toISOString(),
  updated_at: new Date(p.updatedAt).toISOString(),
});

const columns = (i: Partial<ProductInput>) => {
  const c: Partial<typeof products.$inferInsert> = {};
  if (i.sku !== undefined) c.sku = i.sku;
  if (i.name !== undefined) c.name = i.name;
  if (i.description !== undefined) c.description = i.description;
  if (i.category !== undefined) c.category = i.category;
  if (i.uom !== undefined) c.uom = i.uom;
  if (i.uom_step !== undefined) c.uomStep = i.uom_step;
  if (i.price !== undefined) c.price = i.price;
  if (i.cost !== undefined) c.cost = i.cost;
  if (i.lead_time_days !== undefined) c.leadTimeDays = i.lead_time_days;
  if (i.min_order_qty !== undefined) c.minOrderQty = i.min_order_qty;
  if (i.order_multiple !== undefined) c.orderMultiple = i.order_multiple;
  if (i.buffered !== undefined) c.buffered = i.buffered;
  if (i.active !== undefined) c.active = i.active;
  if (i.barcode !== undefined) c.barcode = i.barcode;
  if (i.attributes !== undefined) c.attributes = i.attributes;
  return c;
};

export type ProductQuery = PageQuery & {
  search?: string | undefined;
  category?: string | undefined;
  active?: boolean | undefined;
};

export const createProductsService = (p: Platform) => {
  const find = async (tx: Parameters<Parameters<typeof p.uow>[0]>[0], tenantId: string, id: string) => {
    const [row] = await tx
      .select()
      .from(products)
      .where(and(eq(products.id, id), eq(products.tenantId, tenantId)));
    if (!row) throw new DomainError('catalog.product_not_found');
    return row;
  };

  return {
    list: (ctx: RequestContext, q: ProductQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const term = q.search?.trim();
        // Full text (Spanish stemming on names, codes as typed) or a prefix of the SKU.
        const matches: SQL | undefined = term
          ? or(
              sql`${products.search} @@ websearch_to_tsquery('spanish', ${term})`,
              sql`${products.search} @@ websearch_to_tsquery('simple', ${term})`,
              ilike(products.sku, startingWith(term)),
            )
          : undefined;
        const where = and(
          eq(products.tenantId, ctx.tenantId),
          matches,
          q.category ? eq(products.category, q.category) : undefined,
          q.active === undefined ? undefined : eq(products.active, q.active),
        );
        const order = term
          ? [
              sql`ts_rank(${products.search}, websearch_to_tsquery('spanish', ${term})) desc`,
              asc(products.sku),
            ]
          : [asc(products.sku)];
        const rows = await tx
          .select()
          .from(products)
          .where(where)
          .orderBy(...order)
          .limit(q.limit)
          .offset(offsetOf(q));
        const [total] = await tx.select({ n: count() }).from(products).where(where);
        return pageOf(rows.map(toProduct), total?.n ?? 0, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => toProduct(await find(tx, ctx.tenantId, id))),

    create: (ctx: RequestContext, input: ProductInput) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          const [row] = await tx
            .insert(products)
            .values({ ...columns(input), tenantId: ctx.tenantId, sku: input.sku, name: input.name })
            .returning();
          if (!row) throw new Error('product insert returned nothing');
          emit(
            catalogEvents.productCreated.create({
              tenantId: ctx.tenantId,
              aggregateId: row.id,
              payload: { sku: row.sku, name: row.name },
            }),
          );
          return toProduct(row);
        })
        .catch((err) => mapConstraint(err, { unique: 'catalog.sku_taken' })),

    update: (ctx: RequestContext, id: string, input: Partial<ProductInput>) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          await find(tx, ctx.tenantId, id);
          const [row] = await tx
            .update(products)
            .set({ ...columns(input), updatedAt: sql`now()` })
            .where(and(eq(products.id, id), eq(products.tenantId, ctx.tenantId)))
            .returning();
          if (!row) throw new DomainError('catalog.product_not_found');
          emit(
            catalogEvents.productUpdated.create({
              tenantId: ctx.tenantId,
              aggregateId: id,
              payload: { sku: row.sku, fields: Object.keys(input) },
            }),
          );
          return toProduct(row);
        })
        .catch((err) => mapConstraint(err, { unique: 'catalog.sku_taken' })),

    remove: (ctx: RequestContext, id: string) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          const row = await find(tx, ctx.tenantId, id);
          await tx.delete(products).where(eq(products.id, id));
          emit(
            catalogEvents.productDeleted.create({
              tenantId: ctx.tenantId,
              aggregateId: id,
              payload: { sku: row.sku },
            }),
          );
        })
        .catch((err) => mapConstraint(err, { foreignKey: 'catalog.in_use' })),

    /** Imports: every row is valid or none is written; existing SKUs are updated. */
    bulkUpsert: (ctx: RequestContext, rows: ProductInput[]) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        let created = 0;
        let updated = 0;
        for (const input of rows) {
          const [row] = await tx
            .insert(products)
            .values({ ...columns(input), tenantId: ctx.tenantId, sku: input.sku, name: input.name })
            .onConflictDoUpdate({
              target: [products.tenantId, products.sku],
              set: { ...columns(input), updatedAt: sql`now()` },
            })
            .returning({
              id: products.id,
              sku: products.sku,
              name: products.name,
              inserted: sql<boolean>`xmax = 0`,
            });
          if (!row) continue;
          if (row.inserted) created++;
          else updated++;
          const event = row.inserted ? catalogEvents.productCreated : catalogEvents.productUpdated;
          emit(
            event.create({
              tenantId: ctx.tenantId,
              aggregateId: row.id,
              payload: { sku: row.sku, name: row.name, fields: Object.keys(input) },
            }),
          );
        }
        return { created, updated };
      }),
  };
};

export type ProductsService = ReturnType<typeof createProductsService>;
