import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { containing } from '../../platform/db/like.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogEvents } from './events.ts';
import { type LOCATION_TYPES, locations } from './schema.ts';

export type LocationInput = {
  code: string;
  name: string;
  type: (typeof LOCATION_TYPES)[number];
  parent_id?: string | null | undefined;
  address?: Record<string, string> | undefined;
  allow_negative?: boolean | undefined;
  lead_time_days?: number | null | undefined;
  active?: boolean | undefined;
};

const toLocation = (l: typeof locations.$inferSelect) => ({
  id: l.id,
  code: l.code,
  name: l.name,
  type: l.type,
  parent_id: l.parentId,
  address: l.address,
  allow_negative: l.allowNegative,
  lead_time_days: l.leadTimeDays,
  active: l.active,
  created_at: new Date(l.createdAt).toISOString(),
  updated_at: new Date(l.updatedAt).toISOString(),
});

const columns = (i: Partial<LocationInput>) => ({
  ...(i.code !== undefined ? { code: i.code } : {}),
  ...(i.name !== undefined ? { name: i.name } : {}),
  ...(i.type !== undefined ? { type: i.type } : {}),
  ...(i.parent_id !== undefined ? { parentId: i.parent_id } : {}),
  ...(i.address !== undefined ? { address: i.address } : {}),
  ...(i.allow_negative !== undefined ? { allowNegative: i.allow_negative } : {}),
  ...(i.lead_time_days !== undefined ? { leadTimeDays: i.lead_time_days } : {}),
  ...(i.active !== undefined ? { active: i.active } : {}),
});

const find = async (tx: Tx, tenantId: string, id: string) => {
  const [row] = await tx
    .select()
    .from(locations)
    .where(and(eq(locations.id, id), eq(locations.tenantId, tenantId)));
  if (!row) throw new DomainError('catalog.location_not_found');
  return row;
};

/** A parent must be a location of the same tenant and must not sit below the child (no cycles). */
const checkParent = async (
  tx: Tx,
  tenantId: string,
  id: string | null,
  parentId: string | null | undefined,
) => {
  if (!parentId) return;
  if (parentId === id)
    throw new DomainError('catalog.invalid_parent', {
      errors: [{ field: 'parent_id', message: 'cannot be the location itself' }],
    });
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 50; depth++) {
    const [row] = await tx
      .select({ parentId: locations.parentId })
      .from(locations)
      .where(and(eq(locations.id, cursor), eq(locations.tenantId, tenantId)));
    if (!row)
      throw new DomainError('catalog.invalid_parent', {
        errors: [{ field: 'parent_id', message: 'is not a location here' }],
      });
    if (row.parentId === id && id)
      throw new DomainError('catalog.invalid_parent', {
        errors: [{ field: 'parent_id', message: 'would make a cycle' }],
      });
    cursor = row.parentId;
  }
};

export const createLocationsService = (p: Platform) => ({
  list: (
    ctx: RequestContext,
    q: PageQuery & { search?: string | undefined; type?: LocationInput['type'] | undefined },
  ) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const term = q.search?.trim();
      const where = and(
        eq(locations.tenantId, ctx.tenantId),
        term
          ? or(ilike(locations.code, containing(term)), ilike(locations.name, containing(term)))
          : undefined,
        q.type ? eq(locations.type, q.type) : undefined,
      );
      const rows = await tx
        .select()
        .from(locations)
        .where(where)
        .orderBy(asc(locations.code))
        .limit(q.limit)
        .offset(offsetOf(q));
      const [total] = await tx.select({ n: count() }).from(locations).where(where);
      return pageOf(rows.map(toLocation), total?.n ?? 0, q);
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => toLocation(await find(tx, ctx.tenantId, id))),

  create: (ctx: RequestContext, input: LocationInput) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        await checkParent(tx, ctx.tenantId, null, input.parent_id);
        const [row] = await tx
          .insert(locations)
          .values({
            ...columns(input),
            tenantId: ctx.tenantId,
            code: input.code,
            name: input.name,
            type: input.type,
          })
          .returning();
        if (!row) throw new Error('location insert returned nothing');
        emit(
          catalogEvents.locationCreated.create({
            tenantId: ctx.tenantId,
            aggregateId: row.id,
            payload: { code: row.code, name: row.name },
          }),
        );
        return toLocation(row);
      })
      .catch((err) => mapConstraint(err, { unique: 'catalog.code_taken' })),

  update: (ctx: RequestContext, id: string, input: Partial<LocationInput>) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        await find(tx, ctx.tenantId, id);
        await checkParent(tx, ctx.tenantId, id, input.parent_id);
        const [row] = await tx
          .update(locations)
          .set({ ...columns(input), updatedAt: sql`now()` })
          .where(eq(locations.id, id))
          .returning();
        if (!row) throw new DomainError('catalog.location_not_found');
        emit(
          catalogEvents.locationUpdated.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { code: row.code, fields: Object.keys(input) },
          }),
        );
        return toLocation(row);
      })
      .catch((err) => mapConstraint(err, { unique: 'catalog.code_taken' })),

  remove: (ctx: RequestContext, id: string) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        const row = await find(tx, ctx.tenantId, id);
        const [child] = await tx.select({ n: count() }).from(locations).where(eq(locations.parentId, id));
        if ((child?.n ?? 0) > 0)
          throw new DomainError('catalog.in_use', { detail: 'Other locations sit under this one.' });
        await tx.delete(locations).where(eq(locations.id, id));
        emit(
          catalogEvents.locationDeleted.create({
            tenantId: ctx.tenantId,
            aggregateId: id,
            payload: { code: row.code },
          }),
        );
      })
      .catch((err) => mapConstraint(err, { foreignKey: 'catalog.in_use' })),
});

export type LocationsService = ReturnType<typeof createLocationsService>;
