import { and, desc, eq, gt, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogProducts as products,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { type Adjustment, type AdjustmentStatus, adjustmentStatus } from './domain/adjustments.ts';
import { planningEvents } from './events.ts';
import { buffers, plannedAdjustments } from './schema.ts';

/** What a planner sends; the route has already checked shapes, ranges and the scope's form. */
export type AdjustmentInput = {
  buffer_id?: string | undefined;
  product_category?: string | undefined;
  store_id?: string | undefined;
  start_date: string;
  end_date: string;
  demand_factor: number;
  lead_time_factor: number;
  zone_factors: { red: number; yellow: number; green: number };
  note?: string | null | undefined;
};

export type AdjustmentFilter = PageQuery & {
  buffer_id?: string | undefined;
  location?: string | undefined;
  category?: string | undefined;
  active_on?: string | undefined;
  status?: AdjustmentStatus | undefined;
};

type Scope = { buffer_id: string | null; product_category: string | null; location_id: string | null };
type Row = typeof plannedAdjustments.$inferSelect;

const toDomain = (a: Row): Adjustment => ({
  buffer_id: a.bufferId,
  product_category: a.productCategory,
  location_id: a.locationId,
  start_date: a.startDate,
  end_date: a.endDate,
  demand_factor: Number(a.demandFactor),
  lead_time_factor: Number(a.leadTimeFactor),
  zone_factors: { red: Number(a.redFactor), yellow: Number(a.yellowFactor), green: Number(a.greenFactor) },
});

/** Every adjustment of the tenant in force on `asOf`, for the calculation to match against its buffers. */
export const adjustmentsInForce = async (tx: Tx, tenantId: string, asOf: string): Promise<Adjustment[]> => {
  const rows = await tx
    .select()
    .from(plannedAdjustments)
    .where(
      and(
        eq(plannedAdjustments.tenantId, tenantId),
        lte(plannedAdjustments.startDate, asOf),
        gte(plannedAdjustments.endDate, asOf),
      ),
    );
  return rows.map(toDomain);
};

const scopeOfRow = (a: Row): Scope => ({
  buffer_id: a.bufferId,
  product_category: a.productCategory,
  location_id: a.locationId,
});

const sameScope = (x: Scope, y: Scope) =>
  x.buffer_id === y.buffer_id && x.product_category === y.product_category && x.location_id === y.location_id;

/** The scope as stored, after checking that what it names exists in the tenant. */
const resolveScope = async (tx: Tx, tenantId: string, input: AdjustmentInput): Promise<Scope> => {
  if (input.buffer_id) {
    const [b] = await tx
      .select({ id: buffers.id })
      .from(buffers)
      .where(and(eq(buffers.tenantId, tenantId), eq(buffers.id, input.buffer_id)));
    if (!b)
      throw new DomainError('planning.buffer_not_found', {
        errors: [{ field: 'buffer_id', message: 'is not a buffer here' }],
      });
    return { buffer_id: b.id, product_category: null, location_id: null };
  }
  const location = input.store_id
    ? await catalogFacade.location(tx, tenantId, input.store_id, 'store_id')
    : undefined;
  const category = input.product_category ?? null;
  if (category !== null) {
    const [used] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), eq(products.category, category)))
      .limit(1);
    if (!used)
      throw new DomainError('planning.invalid_adjustment', {
        detail: `No product has the category ${category}.`,
        errors: [{ field: 'product_category', message: 'is not the category of any product here' }],
      });
  }
  return { buffer_id: null, product_category: category, location_id: location?.id ?? null };
};

const columnsOf = (input: AdjustmentInput, scope: Scope) => ({
  bufferId: scope.buffer_id,
  productCategory: scope.product_category,
  locationId: scope.location_id,
  startDate: input.start_date,
  endDate: input.end_date,
  demandFactor: String(input.demand_factor),
  leadTimeFactor: String(input.lead_time_factor),
  redFactor: String(input.zone_factors.red),
  yellowFactor: String(input.zone_factors.yellow),
  greenFactor: String(input.zone_factors.green),
  note: input.note ?? null,
});

export const createAdjustmentsService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        a: plannedAdjustments,
        product_id: buffers.productId,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        location_name: locations.name,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(plannedAdjustments)
      .leftJoin(buffers, eq(buffers.id, plannedAdjustments.bufferId))
      .leftJoin(products, eq(products.id, buffers.productId))
      // A buffer-scoped adjustment is labelled with its buffer's location.
      .leftJoin(
        locations,
        eq(locations.id, sql`coalesce(${plannedAdjustments.locationId}, ${buffers.locationId})`),
      );
  type Joined = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

  /** `on`: the tenant's today, which decides the status. */
  const view = (j: Joined, on: string) => {
    const a = j.a;
    const d = toDomain(a);
    return {
      id: a.id,
      buffer_id: a.bufferId,
      product_category: a.productCategory,
      location_id: a.locationId,
      product_id: j.product_id,
      sku: j.sku,
      product_name: j.product_name,
      location_code: j.location_code,
      location_name: j.location_name,
      start_date: a.startDate,
      end_date: a.endDate,
      status: adjustmentStatus(d, on),
      demand_factor: d.demand_factor,
      lead_time_factor: d.lead_time_factor,
      zone_factors: d.zone_factors,
      note: a.note,
      created_by: a.createdBy,
      created_at: new Date(a.createdAt).toISOString(),
      updated_at: new Date(a.updatedAt).toISOString(),
    };
  };

  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [j] = await select(tx).where(
      and(eq(plannedAdjustments.tenantId, tenantId), eq(plannedAdjustments.id, id)),
    );
    if (!j) throw new DomainError('planning.adjustment_not_found');
    return j;
  };

  const changed = (emit: Emit, tenantId: string, id: string, scope: Scope) =>
    emit(planningEvents.adjustmentChanged.create({ tenantId, aggregateId: id, payload: scope }));

  /** Adjustments that reach one buffer: its own, and those of its category and/or location. */
  const reaching = async (tx: Tx, tenantId: string, bufferId: string): Promise<SQL | undefined> => {
    const [b] = await tx
      .select({ category: products.category, locationId: buffers.locationId })
      .from(buffers)
      .innerJoin(products, eq(products.id, buffers.productId))
      .where(and(eq(buffers.tenantId, tenantId), eq(buffers.id, bufferId)));
    if (!b) return sql`false`;
    return or(
      eq(plannedAdjustments.bufferId, bufferId),
      and(
        isNull(plannedAdjustments.bufferId),
        b.category === null
          ? isNull(plannedAdjustments.productCategory)
          : or(
              isNull(plannedAdjustments.productCategory),
              eq(plannedAdjustments.productCategory, b.category),
            ),
        or(isNull(plannedAdjustments.locationId), eq(plannedAdjustments.locationId, b.locationId)),
      ),
    );
  };

  return {
    list: (ctx: RequestContext, q: AdjustmentFilter) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const on = await tenantCalendar.today(tx, ctx.tenantId);
        const rows = await select(tx)
          .where(
            and(
              eq(plannedAdjustments.tenantId, ctx.tenantId),
              q.buffer_id ? await reaching(tx, ctx.tenantId, q.buffer_id) : undefined,
              q.location ? eq(locations.code, q.location) : undefined,
              q.category
                ? or(eq(plannedAdjustments.productCategory, q.category), eq(products.category, q.category))
                : undefined,
              q.active_on
                ? and(
                    lte(plannedAdjustments.startDate, q.active_on),
                    gte(plannedAdjustments.endDate, q.active_on),
                  )
                : undefined,
              q.status === 'active'
                ? and(lte(plannedAdjustments.startDate, on), gte(plannedAdjustments.endDate, on))
                : q.status === 'upcoming'
                  ? gt(plannedAdjustments.startDate, on)
                  : q.status === 'past'
                    ? lt(plannedAdjustments.endDate, on)
                    : undefined,
            ),
          )
          // The latest first: what starts soonest or is in force sits above what is long over.
          .orderBy(desc(plannedAdjustments.startDate), desc(plannedAdjustments.createdAt))
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(
          rows.map((j) => view(j, on)),
          rows[0]?.total ?? 0,
          q,
        );
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) =>
        view(await load(tx, ctx.tenantId, id), await tenantCalendar.today(tx, ctx.tenantId)),
      ),

    create: (ctx: RequestContext, input: AdjustmentInput) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const scope = await resolveScope(tx, ctx.tenantId, input);
        const [row] = await tx
          .insert(plannedAdjustments)
          .values({ ...columnsOf(input, scope), tenantId: ctx.tenantId, createdBy: ctx.userId })
          .returning({ id: plannedAdjustments.id });
        if (!row) throw new Error('adjustment insert returned nothing');
        changed(emit, ctx.tenantId, row.id, scope);
        return view(await load(tx, ctx.tenantId, row.id), await tenantCalendar.today(tx, ctx.tenantId));
      }),

    /** Replaces the adjustment; the buffers it left and those it now reaches both recompute. */
    update: (ctx: RequestContext, id: string, input: AdjustmentInput) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const before = scopeOfRow((await load(tx, ctx.tenantId, id)).a);
        const scope = await resolveScope(tx, ctx.tenantId, input);
        await tx
          .update(plannedAdjustments)
          .set({ ...columnsOf(input, scope), updatedAt: sql`now()` })
          .where(and(eq(plannedAdjustments.tenantId, ctx.tenantId), eq(plannedAdjustments.id, id)));
        changed(emit, ctx.tenantId, id, before);
        if (!sameScope(before, scope)) changed(emit, ctx.tenantId, id, scope);
        return view(await load(tx, ctx.tenantId, id), await tenantCalendar.today(tx, ctx.tenantId));
      }),

    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const before = scopeOfRow((await load(tx, ctx.tenantId, id)).a);
        await tx
          .delete(plannedAdjustments)
          .where(and(eq(plannedAdjustments.tenantId, ctx.tenantId), eq(plannedAdjustments.id, id)));
        changed(emit, ctx.tenantId, id, before);
      }),
  };
};

export type AdjustmentsService = ReturnType<typeof createAdjustmentsService>;
