import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
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
import { inventoryEvents } from './events.ts';
import { lockItem, postMovement, trim } from './ledger.ts';
import { type CountStatus, stockBalances, stockCountLines, stockCounts } from './schema.ts';

export type CountLineInput = { product_id: string; counted: string | null };

/**
 * Physical counts (seed 003): a session per location collects counted quantities, and posting
 * books one `count_correction` per line whose count differs from on hand at that instant.
 */
export const createCountsService = (p: Platform) => {
  const header = (tx: Tx) =>
    tx
      .select({
        id: stockCounts.id,
        status: stockCounts.status,
        locationId: stockCounts.locationId,
        store_id: locations.code,
        store_name: locations.name,
        note: stockCounts.note,
        created_at: stockCounts.createdAt,
        closed_at: stockCounts.closedAt,
        line_count: sql<number>`(select count(*) from stock_count_lines l where l.count_id = ${stockCounts.id})::int`,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(stockCounts)
      .innerJoin(locations, eq(locations.id, stockCounts.locationId));
  type Header = Awaited<ReturnType<ReturnType<typeof header>['execute']>>[number];
  const headerView = (h: Header) => ({
    id: h.id,
    status: h.status,
    store_id: h.store_id,
    store_name: h.store_name,
    note: h.note,
    line_count: h.line_count,
    created_at: new Date(h.created_at).toISOString(),
    closed_at: h.closed_at ? new Date(h.closed_at).toISOString() : null,
  });

  /** Loads one count of this tenant; `lock` serialises editing and posting of the same count. */
  const load = async (tx: Tx, ctx: RequestContext, id: string, lock = false) => {
    if (lock) {
      const [held] = await tx
        .select({ id: stockCounts.id })
        .from(stockCounts)
        .where(and(eq(stockCounts.id, id), eq(stockCounts.tenantId, ctx.tenantId)))
        .for('update');
      if (!held) throw new DomainError('inventory.count_not_found');
    }
    const [h] = await header(tx).where(and(eq(stockCounts.id, id), eq(stockCounts.tenantId, ctx.tenantId)));
    // Another store's count is not a Seller's to see, let alone change.
    if (!h || !inStoreScope(ctx, h.locationId)) throw new DomainError('inventory.count_not_found');
    return h;
  };

  const open = async (tx: Tx, ctx: RequestContext, id: string) => {
    const h = await load(tx, ctx, id, true);
    if (h.status !== 'OPEN')
      throw new DomainError('inventory.count_closed', { detail: `The count is ${h.status}.` });
    return h;
  };

  const lines = (tx: Tx, h: Header) =>
    tx
      .select({
        product_id: stockCountLines.productId,
        sku: products.sku,
        name: products.name,
        counted: stockCountLines.counted,
        // Open counts compare with on hand now; posted ones with on hand when they were posted.
        on_hand: sql<string>`coalesce(${stockCountLines.onHandAtPost}, ${stockBalances.onHand}, 0)::text`,
        difference: sql<string>`(${stockCountLines.counted} - coalesce(${stockCountLines.onHandAtPost}, ${stockBalances.onHand}, 0))::text`,
      })
      .from(stockCountLines)
      .innerJoin(products, eq(products.id, stockCountLines.productId))
      .leftJoin(
        stockBalances,
        and(
          eq(stockBalances.productId, stockCountLines.productId),
          eq(stockBalances.locationId, h.locationId),
        ),
      )
      .where(eq(stockCountLines.countId, h.id))
      .orderBy(products.sku);

  const detail = async (tx: Tx, h: Header) => ({
    ...headerView(h),
    lines: (await lines(tx, h)).map((l) => ({
      ...l,
      counted: trim(l.counted),
      on_hand: trim(l.on_hand),
      difference: trim(l.difference),
    })),
  });

  return {
    create: (ctx: RequestContext, input: { store_id: string; note?: string | undefined }) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
        assertStoreAccess(ctx, location.id);
        const [c] = await tx
          .insert(stockCounts)
          .values({
            tenantId: ctx.tenantId,
            locationId: location.id,
            note: input.note ?? null,
            createdBy: ctx.userId,
          })
          .onConflictDoNothing()
          .returning({ id: stockCounts.id });
        if (!c) {
          const [existing] = await tx
            .select({ id: stockCounts.id })
            .from(stockCounts)
            .where(
              and(
                eq(stockCounts.tenantId, ctx.tenantId),
                eq(stockCounts.locationId, location.id),
                eq(stockCounts.status, 'OPEN'),
              ),
            );
          throw new DomainError('inventory.count_open_exists', {
            detail: `${location.code} has an open count; post or cancel it first.`,
            meta: { count_id: existing?.id ?? null },
          });
        }
        return detail(tx, await load(tx, ctx, c.id));
      }),

    list: (
      ctx: RequestContext,
      q: PageQuery & { status?: CountStatus | undefined; store_id?: string | undefined },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const location = q.store_id ? await catalogFacade.location(tx, ctx.tenantId, q.store_id) : null;
        if (location) assertStoreAccess(ctx, location.id);
        const rows = await header(tx)
          .where(
            and(
              eq(stockCounts.tenantId, ctx.tenantId),
              q.status ? eq(stockCounts.status, q.status) : undefined,
              location ? eq(stockCounts.locationId, location.id) : undefined,
              storeScopeFilter(ctx, stockCounts.locationId),
            ),
          )
          .orderBy(desc(stockCounts.createdAt), desc(stockCounts.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(headerView), rows[0]?.total ?? 0, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => detail(tx, await load(tx, ctx, id))),

    /** Enters or corrects counted quantities; `counted: null` removes a line. */
    setLines: (ctx: RequestContext, id: string, input: CountLineInput[]) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const h = await open(tx, ctx, id);
        const ids = [...new Set(input.map((l) => l.product_id))];
        const known = ids.length
          ? await tx
              .select({ id: products.id })
              .from(products)
              .where(and(eq(products.tenantId, ctx.tenantId), inArray(products.id, ids)))
          : [];
        const found = new Set(known.map((k) => k.id));
        const missing = input.findIndex((l) => !found.has(l.product_id));
        if (missing >= 0)
          throw new DomainError('catalog.product_not_found', {
            errors: [{ field: `lines[${missing}].product_id`, message: 'is not a product here' }],
          });
        // One line per product: a second one would silently overwrite the first.
        const repeated = input.findIndex(
          (l, i) => input.findIndex((o) => o.product_id === l.product_id) !== i,
        );
        if (repeated >= 0)
          throw new DomainError('platform.validation', {
            detail: `lines[${repeated}].product_id: is already on another line`,
            errors: [{ field: `lines[${repeated}].product_id`, message: 'is already on another line' }],
          });
        await catalogFacade.checkQuantities(
          tx,
          ctx.tenantId,
          input.flatMap((l, i) =>
            l.counted === null
              ? []
              : [
                  {
                    productId: l.product_id,
                    quantity: l.counted,
                    field: `lines[${i}].counted`,
                    sign: 'non_negative' as const,
                  },
                ],
          ),
        );
        for (const l of input) {
          if (l.counted === null) {
            await tx
              .delete(stockCountLines)
              .where(and(eq(stockCountLines.countId, id), eq(stockCountLines.productId, l.product_id)));
            continue;
          }
          await tx
            .insert(stockCountLines)
            .values({ tenantId: ctx.tenantId, countId: id, productId: l.product_id, counted: l.counted })
            .onConflictDoUpdate({
              target: [stockCountLines.countId, stockCountLines.productId],
              set: { counted: l.counted, updatedAt: sql`now()` },
            });
        }
        return detail(tx, await load(tx, ctx, h.id));
      }),

    /**
     * Books the differences. Each line locks its balance (products in the global item order, one
     * location) and compares with on hand at that instant, so a movement that landed while the
     * count was open is not undone. A count below what is reserved is refused: release holds first.
     */
    post: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const h = await open(tx, ctx, id);
        const entered = await tx
          .select({ productId: stockCountLines.productId, counted: stockCountLines.counted })
          .from(stockCountLines)
          .where(eq(stockCountLines.countId, id));
        if (entered.length === 0) throw new DomainError('inventory.count_empty');
        const location = await catalogFacade.location(tx, ctx.tenantId, h.locationId);
        entered.sort((a, b) => a.productId.localeCompare(b.productId));
        let corrections = 0;
        for (const l of entered) {
          const item = { productId: l.productId, locationId: h.locationId };
          await lockItem(tx, ctx.tenantId, item);
          const [b] = await tx
            .select({
              onHand: stockBalances.onHand,
              diff: sql<string>`(${l.counted}::numeric - ${stockBalances.onHand})::text`,
            })
            .from(stockBalances)
            .where(and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, h.locationId)));
          const onHand = b?.onHand ?? '0';
          const diff = b?.diff ?? l.counted;
          if (Number(diff) !== 0) {
            corrections++;
            await postMovement(
              tx,
              ctx,
              {
                ...item,
                locationCode: location.code,
                allowNegative: false,
                quantity: diff,
                kind: 'count_correction',
                reason: h.note ? `Count: ${h.note}` : 'Count',
                reference: { type: 'count', id },
                locked: true,
              },
              emit,
            );
          }
          await tx
            .update(stockCountLines)
            .set({ onHandAtPost: onHand })
            .where(and(eq(stockCountLines.countId, id), eq(stockCountLines.productId, l.productId)));
        }
        await tx
          .update(stockCounts)
          .set({ status: 'POSTED', closedAt: sql`now()` })
          .where(eq(stockCounts.id, id));
        emit(
          inventoryEvents.countPosted.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: {
              store_id: location.code,
              location_id: location.id,
              lines: entered.length,
              corrections,
            },
          }),
        );
        return detail(tx, await load(tx, ctx, id));
      }),

    cancel: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await open(tx, ctx, id);
        await tx
          .update(stockCounts)
          .set({ status: 'CANCELLED', closedAt: sql`now()` })
          .where(eq(stockCounts.id, id));
        return detail(tx, await load(tx, ctx, id));
      }),
  };
};

export type CountsService = ReturnType<typeof createCountsService>;
