import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations } from '../catalog/index.ts';
import { tenantBySlug } from '../identity/index.ts';
import type { CustomerOrdersService, PlaceInput } from './customer-orders.service.ts';
import { customerOrderViews } from './customer-orders.view.ts';
import { freeStock, listingSearch } from './listings.service.ts';
import { sameSecret } from './payments/signatures.ts';
import { shopOrderToken, systemContext } from './saga.ts';
import { customerOrders, listings } from './schema.ts';
import { settingsOf } from './supply.repo.ts';

/** The label of the MAC that lets a buyer, and only them, read their storefront order. */

export type CatalogQuery = PageQuery & { q?: string | undefined; store_id?: string | undefined };

/**
 * The public storefront (seed 002's marketplace): a tenant's published listings by its slug and
 * checkout for anonymous buyers. Only what a shop window shows leaves here: no cost, supplier
 * or stock detail beyond what is free to sell.
 */
export const createShopService = (p: Platform, orders: CustomerOrdersService) => {
  const tenantOf = async (slug: string) => {
    const t = await tenantBySlug(p.database.db, slug);
    if (!t) throw new DomainError('orders.shop_not_found');
    return t;
  };

  /** A storefront order as its buyer sees it; any other order, or another tenant's, is not found. */
  const publicView = (tenantId: string, id: string) =>
    p.uow.forTenant(tenantId, async (tx) => {
      const [o] = await tx
        .select()
        .from(customerOrders)
        .where(
          and(
            eq(customerOrders.tenantId, tenantId),
            eq(customerOrders.id, id),
            eq(customerOrders.channel, 'storefront'),
          ),
        );
      const [v] = o ? await customerOrderViews(tx, [o], { timeline: false }) : [];
      if (!v) throw new DomainError('orders.customer_order_not_found');
      const ids = v.lines.flatMap((l) => (l.listing_id ? [l.listing_id] : []));
      const titles = new Map(
        ids.length === 0
          ? []
          : (
              await tx
                .select({ id: listings.id, title: listings.title })
                .from(listings)
                .where(inArray(listings.id, ids))
            ).map((l) => [l.id, l.title]),
      );
      return {
        id: v.id,
        number: v.number,
        tenant_id: tenantId,
        status: v.status,
        store_id: v.store_id,
        total_minor: v.total_minor,
        currency: v.currency,
        tracking_number: v.tracking_number,
        cancel_reason: v.cancel_reason,
        created_at: v.created_at,
        lines: v.lines.map((l) => ({
          product_id: l.product_id,
          sku: l.sku,
          title: (l.listing_id && titles.get(l.listing_id)) || l.name,
          quantity: l.quantity,
          unit_price_minor: l.unit_price_minor,
          line_total_minor: l.line_total_minor,
        })),
        payment: v.payment && {
          id: v.payment.id,
          provider: v.payment.provider,
          status: v.payment.status,
          redirect_url: v.payment.redirect_url,
        },
        order_token: shopOrderToken(p, v.id),
      };
    });

  return {
    info: async (slug: string) => {
      const t = await tenantOf(slug);
      return p.uow.forTenant(t.id, async (tx) => {
        const settings = await settingsOf(tx, t.id);
        const stores = await tx
          .selectDistinct({ store_id: locations.code, name: locations.name })
          .from(listings)
          .innerJoin(locations, eq(locations.id, listings.locationId))
          .where(and(eq(listings.tenantId, t.id), eq(listings.published, true)))
          .orderBy(asc(locations.code), asc(locations.name));
        return { tenant_id: t.id, name: t.name, slug: t.slug, currency: settings.currency, stores };
      });
    },

    /** Published listings with what is free to sell; best match first for `q`, else newest. */
    catalog: async (slug: string, q: CatalogQuery) => {
      const t = await tenantOf(slug);
      return p.uow.forTenant(t.id, async (tx) => {
        const search = q.q ? listingSearch(q.q) : null;
        const rows = await tx
          .select({
            id: listings.id,
            productId: listings.productId,
            locationId: listings.locationId,
            title: listings.title,
            description: listings.description,
            priceMinor: listings.priceMinor,
            currency: listings.currency,
            code: locations.code,
            storeName: locations.name,
            total: sql<number>`count(*) over ()::int`,
          })
          .from(listings)
          .innerJoin(locations, eq(locations.id, listings.locationId))
          .where(
            and(
              eq(listings.tenantId, t.id),
              eq(listings.published, true),
              q.store_id ? eq(locations.code, q.store_id) : undefined,
              search?.where,
            ),
          )
          .orderBy(...(search ? [desc(search.rank)] : []), desc(listings.createdAt), desc(listings.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        const free = await freeStock(
          tx,
          t.id,
          rows.map((r) => r.productId),
        );
        const items = rows.map((r) => {
          // A store allowed to go negative still has nothing to sell below zero.
          const available = Math.max(0, free.get(`${r.productId}|${r.locationId}`) ?? 0);
          return {
            id: r.id,
            product_id: r.productId,
            store_id: r.code,
            store_name: r.storeName,
            title: r.title,
            description: r.description,
            price_minor: r.priceMinor,
            currency: r.currency,
            available: String(available),
            in_stock: available > 0,
          };
        });
        return pageOf(items, rows[0]?.total ?? 0, q);
      });
    },

    /**
     * Places the buyer's order through the saga, once per Idempotency-Key: only listed products,
     * at their listing's price. A retry answers the order as it stands now.
     */
    checkout: async (slug: string, key: string | undefined, scope: string, input: PlaceInput) => {
      const t = await tenantOf(slug);
      const ctx = systemContext(t.id, null);
      const r = await p.idempotency.run(
        ctx,
        key,
        scope,
        input,
        async (record) => {
          const placed = await orders.place(ctx, input, {
            idempotencyKey: key ?? '',
            channel: 'storefront',
            listedOnly: true,
            record,
          });
          return { status: 201, body: { id: placed.id, number: placed.number } };
        },
        { required: true },
      );
      return { replayed: r.replayed, order: await publicView(t.id, (r.body as { id: string }).id) };
    },

    /** The order for whoever holds its token; a wrong token is a 404, so ids reveal nothing. */
    order: async (slug: string, id: string, token: string | undefined) => {
      const t = await tenantOf(slug);
      if (!sameSecret(shopOrderToken(p, id), token)) throw new DomainError('orders.customer_order_not_found');
      return publicView(t.id, id);
    },
  };
};

export type ShopService = ReturnType<typeof createShopService>;
