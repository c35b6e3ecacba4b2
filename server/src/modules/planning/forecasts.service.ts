import { and, asc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogProducts as products,
} from '../catalog/index.ts';
import { parseForecastCsv, type Span } from './forecasts.csv.ts';
import { yieldEngineForecasts } from './forecasts.engine.ts';
import { announceForecasts, importInvalid, resolve, writeRows } from './forecasts.import.ts';
import { lockForecasts } from './forecasts.lock.ts';
import { demandForecasts } from './schema.ts';

export type ForecastInput = {
  product_id: string;
  store_id: string;
  start_date: string;
  end_date: string;
  quantity: number;
};
export type ForecastFilter = PageQuery & {
  product_id?: string | undefined;
  location?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};
type Item = { product_id: string; location_id: string };

const lockItems = async (tx: Tx, tenantId: string, items: Item[]) => {
  await lockForecasts(tx, tenantId, true);
  // Sorted, so two writers touching the same two items cannot deadlock.
  const keys = [...new Set(items.map((i) => `${tenantId}|${i.product_id}|${i.location_id}`))].sort();
  for (const k of keys)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('demand_forecasts.item'), hashtext(${k}))`);
};

const invalid = (field: string, message: string) =>
  new DomainError('platform.validation', { detail: `${field}: ${message}`, errors: [{ field, message }] });

export const createForecastsService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        f: demandForecasts,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        daily: sql<string>`round(${demandForecasts.quantity} / (${demandForecasts.endDate} - ${demandForecasts.startDate} + 1), 4)::text`,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(demandForecasts)
      .innerJoin(products, eq(products.id, demandForecasts.productId))
      .innerJoin(locations, eq(locations.id, demandForecasts.locationId));
  type Joined = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

  const view = (j: Joined) => ({
    id: j.f.id,
    product_id: j.f.productId,
    sku: j.sku,
    product_name: j.product_name,
    location_id: j.f.locationId,
    location_code: j.location_code,
    start_date: j.f.startDate,
    end_date: j.f.endDate,
    quantity: Number(j.f.quantity),
    daily_quantity: Number(j.daily),
    source: j.f.source,
    created_at: new Date(j.f.createdAt).toISOString(),
    updated_at: new Date(j.f.updatedAt).toISOString(),
  });

  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [j] = await select(tx).where(
      and(eq(demandForecasts.tenantId, tenantId), eq(demandForecasts.id, id)),
    );
    if (!j) throw new DomainError('planning.forecast_not_found');
    return j;
  };

  /** Refuses a range sharing a day with another forecast of the item, naming that one. */
  const assertFree = async (tx: Tx, tenantId: string, item: Item, span: Span, except?: string) => {
    const [clash] = await tx
      .select({ id: demandForecasts.id, start: demandForecasts.startDate, end: demandForecasts.endDate })
      .from(demandForecasts)
      .where(
        and(
          eq(demandForecasts.tenantId, tenantId),
          eq(demandForecasts.productId, item.product_id),
          eq(demandForecasts.locationId, item.location_id),
          lte(demandForecasts.startDate, span.end),
          gte(demandForecasts.endDate, span.start),
          except ? ne(demandForecasts.id, except) : undefined,
          // The engine's ranges give way to the planner's instead (yieldEngineForecasts).
          ne(demandForecasts.source, 'analytics'),
        ),
      )
      .orderBy(asc(demandForecasts.startDate))
      .limit(1);
    if (clash)
      throw new DomainError('planning.forecast_overlap', {
        detail: `The range overlaps the forecast from ${clash.start} to ${clash.end} of this product and location.`,
        errors: [
          { field: 'start_date', message: `overlaps the forecast from ${clash.start} to ${clash.end}` },
        ],
        meta: { conflicting: { id: clash.id, start_date: clash.start, end_date: clash.end } },
      });
  };

  return {
    list: (ctx: RequestContext, q: ForecastFilter) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(demandForecasts.tenantId, ctx.tenantId),
              q.product_id ? eq(demandForecasts.productId, q.product_id) : undefined,
              q.location ? eq(locations.code, q.location) : undefined,
              q.from ? gte(demandForecasts.endDate, q.from) : undefined,
              q.to ? lte(demandForecasts.startDate, q.to) : undefined,
            ),
          )
          .orderBy(asc(products.sku), asc(locations.code), asc(demandForecasts.startDate))
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => view(await load(tx, ctx.tenantId, id))),

    create: (ctx: RequestContext, input: ForecastInput) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          const product = await catalogFacade.product(tx, ctx.tenantId, input.product_id);
          const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
          const item = { product_id: product.id, location_id: location.id };
          await lockItems(tx, ctx.tenantId, [item]);
          await assertFree(tx, ctx.tenantId, item, { start: input.start_date, end: input.end_date });
          await yieldEngineForecasts(tx, ctx.tenantId, [
            { ...item, start_date: input.start_date, end_date: input.end_date },
          ]);
          const [row] = await tx
            .insert(demandForecasts)
            .values({
              tenantId: ctx.tenantId,
              productId: product.id,
              locationId: location.id,
              startDate: input.start_date,
              endDate: input.end_date,
              quantity: String(input.quantity),
              source: 'manual',
            })
            .returning({ id: demandForecasts.id });
          if (!row) throw new Error('forecast insert returned nothing');
          announceForecasts(emit, ctx.tenantId, row.id, [item]);
          return view(await load(tx, ctx.tenantId, row.id));
        })
        .catch((err) => mapConstraint(err, { unique: 'planning.forecast_overlap' })),

    /** Any field may change; the item it leaves and the one it joins both recompute. */
    update: (ctx: RequestContext, id: string, input: Partial<ForecastInput>) =>
      p.uow
        .forTenant(ctx.tenantId, async (tx, emit) => {
          const before = (await load(tx, ctx.tenantId, id)).f;
          const productId = input.product_id
            ? (await catalogFacade.product(tx, ctx.tenantId, input.product_id)).id
            : before.productId;
          const locationId = input.store_id
            ? (await catalogFacade.location(tx, ctx.tenantId, input.store_id)).id
            : before.locationId;
          const span = { start: input.start_date ?? before.startDate, end: input.end_date ?? before.endDate };
          if (span.end < span.start) throw invalid('end_date', 'must not be before start_date');
          const item = { product_id: productId, location_id: locationId };
          const old = { product_id: before.productId, location_id: before.locationId };
          await lockItems(tx, ctx.tenantId, [item, old]);
          await assertFree(tx, ctx.tenantId, item, span, id);
          await yieldEngineForecasts(tx, ctx.tenantId, [
            { ...item, start_date: span.start, end_date: span.end },
          ]);
          await tx
            .update(demandForecasts)
            .set({
              productId,
              locationId,
              startDate: span.start,
              endDate: span.end,
              ...(input.quantity === undefined ? {} : { quantity: String(input.quantity) }),
              // A planner's edit makes the figure theirs, whatever produced it.
              source: 'manual',
              updatedAt: sql`now()`,
            })
            .where(eq(demandForecasts.id, id));
          announceForecasts(emit, ctx.tenantId, id, [old, item]);
          return view(await load(tx, ctx.tenantId, id));
        })
        .catch((err) => mapConstraint(err, { unique: 'planning.forecast_overlap' })),

    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const { f } = await load(tx, ctx.tenantId, id);
        await tx.delete(demandForecasts).where(eq(demandForecasts.id, id));
        announceForecasts(emit, ctx.tenantId, id, [{ product_id: f.productId, location_id: f.locationId }]);
      }),

    /**
     * All or nothing: every row is checked (columns, catalogue, overlaps in the file and with
     * stored ranges) before anything is written. A row starting where a stored forecast of its
     * item starts replaces it.
     */
    importCsv: async (ctx: RequestContext, text: string) => {
      const parsed = parseForecastCsv(text);
      if (parsed.rows.length === 0) throw importInvalid(parsed.errors);
      return p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await lockForecasts(tx, ctx.tenantId, false);
        // Every problem of the file in one answer: cells, catalogue, then overlaps of the sound rows.
        const { resolved, errors } = await resolve(tx, ctx.tenantId, parsed.rows);
        const found = [...parsed.errors, ...errors];
        const { items, created, updated } = await writeRows(tx, ctx.tenantId, resolved, found);
        announceForecasts(emit, ctx.tenantId, ctx.tenantId, items);
        return { created, updated };
      });
    },
  };
};

export type ForecastsService = ReturnType<typeof createForecastsService>;
