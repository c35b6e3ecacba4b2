import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import { storeScopeFilter } from '../../platform/db/store-scope.ts';
import { assertStoreAccess, inStoreScope, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogProducts as products,
} from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { listings } from './schema.ts';
import { settingsOf } from './supply.repo.ts';

export type ListingInput = {
  product_id: string;
  store_id: string;
  title?: string | undefined;
  description?: string | null | undefined;
  price_minor: number;
  currency?: string | undefined;
  published?: boolean | undefined;
};
export type ListingEdit = Partial<ListingInput>;
export type ListingQuery = PageQuery & {
  store_id?: string | undefined;
  published?: boolean | undefined;
  q?: string | undefined;
};

/** Every column but the generated search vector, which no one reads back. */
const { search: _search, ...columns } = getTableColumns(listings);

/**
 * Full text over a listing's title and description: Spanish stems ("tornillo" finds "Tornillos
 * de acero") or the words as typed (codes, brand names), ranked by the better of the two.
 */
export const listingSearch = (q: string): { where: SQL; rank: SQL<number> } => {
  const spanish = sql`websearch_to_tsquery('spanish', ${q})`;
  const simple = sql`websearch_to_tsquery('simple', ${q})`;
  return {
    where: sql`(${listings.search} @@ ${spanish} or ${listings.search} @@ ${simple})`,
    rank: sql<number>`greatest(ts_rank(${listings.search}, ${spanish}), ts_rank(${listings.search}, ${simple}))`,
  };
};

/** Free stock (on hand less live holds) of each product at each location, keyed `product|location`. */
export const freeStock = async (tx: Executor, tenantId: string, productIds: string[]) => {
  if (productIds.length === 0) return new Map<string, number>();
  const rows = await inventoryFacade.freeOnHandMany(tx, tenantId, [...new Set(productIds)]);
  return new Map(rows.map((r) => [`${r.product_id}|${r.location_id}`, r.free]));
};

type Row = {
  l: Omit<typeof listings.$inferSelect, 'search'>;
  sku: string;
  name: string;
  code: string;
};

const view = (r: Row, free: Map<string, number>) => ({
  id: r.l.id,
  product_id: r.l.productId,
  sku: r.sku,
  product_name: r.name,
  store_id: r.code,
  location_id: r.l.locationId,
  title: r.l.title,
  description: r.l.description,
  price_minor: r.l.priceMinor,
  currency: r.l.currency,
  published: r.l.published,
  seller_id: r.l.sellerId,
  available: String(free.get(`${r.l.productId}|${r.l.locationId}`) ?? 0),
  created_at: new Date(r.l.createdAt).toISOString(),
  updated_at: new Date(r.l.updatedAt).toISOString(),
});
export type ListingView = ReturnType<typeof view>;

const select = (tx: Executor, extra: { total?: SQL<number> } = {}) =>
  tx
    .select({ l: columns, sku: products.sku, name: products.name, code: locations.code, ...extra })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(locations, eq(locations.id, listings.locationId));

const loadView = async (tx: Executor, tenantId: string, id: string) => {
  const [r] = await select(tx).where(and(eq(listings.tenantId, tenantId), eq(listings.id, id)));
  if (!r) throw new DomainError('orders.listing_not_found');
  return view(r, await freeStock(tx, tenantId, [r.l.productId]));
};

/** Where a listing sells: a location of the tenant the caller may act on, not the in-transit one. */
const storeOf = async (tx: Tx, ctx: RequestContext, storeId: string) => {
  const loc = await catalogFacade.location(tx, ctx.tenantId, storeId, 'store_id');
  if (loc.type === 'in_transit')
    throw new DomainError('platform.validation', {
      detail: 'store_id: goods in transit are not for sale',
      errors: [{ field: 'store_id', message: 'is the in-transit location' }],
    });
  assertStoreAccess(ctx, loc.id);
  return loc;
};

/** 409 when the product already has a listing at the store (another than `except`). */
const assertFree = async (
  tx: Tx,
  tenantId: string,
  productId: string,
  locationId: string,
  except?: string,
) => {
  const [other] = await tx
    .select({ id: listings.id })
    .from(listings)
    .where(
      and(
        eq(listings.tenantId, tenantId),
        eq(listings.productId, productId),
        eq(listings.locationId, locationId),
      ),
    );
  if (other && other.id !== except)
    throw new DomainError('orders.listing_exists', {
      errors: [{ field: 'product_id', message: 'is already listed at this store' }],
    });
};
const duplicate = (err: unknown) => mapConstraint(err, { unique: 'orders.listing_exists' });

/** Marketplace listings (seed 002): a seller's offer of a product at their store, with a price. */
export const createListingsService = (p: Platform) => {
  const load = async (tx: Tx, ctx: RequestContext, id: string) => {
    const [row] = await tx
      .select(columns)
      .from(listings)
      .where(and(eq(listings.tenantId, ctx.tenantId), eq(listings.id, id)))
      .for('update');
    // Another store's listing is not a Seller's to see, let alone change.
    if (!row || !inStoreScope(ctx, row.locationId)) throw new DomainError('orders.listing_not_found');
    return row;
  };

  return {
    list: (ctx: RequestContext, q: ListingQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const loc = q.store_id ? await catalogFacade.location(tx, ctx.tenantId, q.store_id) : null;
        if (loc) assertStoreAccess(ctx, loc.id);
        const search = q.q ? listingSearch(q.q) : null;
        const rows = await select(tx, { total: sql<number>`count(*) over ()::int` })
          .where(
            and(
              eq(listings.tenantId, ctx.tenantId),
              loc ? eq(listings.locationId, loc.id) : undefined,
              q.published !== undefined ? eq(listings.published, q.published) : undefined,
              // Sellers see their own stores' offers only.
              storeScopeFilter(ctx, listings.locationId),
              search?.where,
            ),
          )
          .orderBy(...(search ? [desc(search.rank)] : []), desc(listings.createdAt), desc(listings.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        const free = await freeStock(
          tx,
          ctx.tenantId,
          rows.map((r) => r.l.productId),
        );
        return pageOf(
          rows.map((r) => view(r, free)),
          rows[0]?.total ?? 0,
          q,
        );
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const v = await loadView(tx, ctx.tenantId, id);
        if (!inStoreScope(ctx, v.location_id)) throw new DomainError('orders.listing_not_found');
        return v;
      }),

    /** Lists a product at a store; the title defaults to the product's name, the currency to the tenant's. */
    create: (ctx: RequestContext, input: ListingInput) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const loc = await storeOf(tx, ctx, input.store_id);
        const product = await catalogFacade.product(tx, ctx.tenantId, input.product_id);
        await assertFree(tx, ctx.tenantId, product.id, loc.id);
        const currency = input.currency ?? (await settingsOf(tx, ctx.tenantId)).currency;
        const [row] = await tx
          .insert(listings)
          .values({
            tenantId: ctx.tenantId,
            productId: product.id,
            locationId: loc.id,
            title: input.title ?? product.name,
            description: input.description ?? null,
            priceMinor: input.price_minor,
            currency,
            published: input.published ?? false,
            sellerId: ctx.kind === 'user' ? ctx.userId : null,
          })
          .returning({ id: listings.id })
          .catch(duplicate);
        if (!row) throw new Error('listing insert returned nothing');
        return loadView(tx, ctx.tenantId, row.id);
      }),

    /** Changes the fields sent; moving it to another store needs access to both. */
    update: (ctx: RequestContext, id: string, input: ListingEdit) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const row = await load(tx, ctx, id);
        const loc = input.store_id ? await storeOf(tx, ctx, input.store_id) : null;
        const product = input.product_id
          ? await catalogFacade.product(tx, ctx.tenantId, input.product_id)
          : null;
        if (loc || product)
          await assertFree(tx, ctx.tenantId, product?.id ?? row.productId, loc?.id ?? row.locationId, id);
        await tx
          .update(listings)
          .set({
            ...(product ? { productId: product.id } : {}),
            ...(loc ? { locationId: loc.id } : {}),
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.price_minor !== undefined ? { priceMinor: input.price_minor } : {}),
            ...(input.currency !== undefined ? { currency: input.currency } : {}),
            ...(input.published !== undefined ? { published: input.published } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(listings.id, id))
          .catch(duplicate);
        return loadView(tx, ctx.tenantId, id);
      }),

    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await load(tx, ctx, id);
        await tx.delete(listings).where(eq(listings.id, id));
      }),
  };
};

export type ListingsService = ReturnType<typeof createListingsService>;
