import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { decimalOut } from './decimal.ts';
import { closesLoop, deepestChain, MAX_BOM_LEVELS } from './domain/bom-graph.ts';
import { catalogEvents } from './events.ts';
import { bomLines, boms, locations, products } from './schema.ts';

export type BomInput = {
  product_id: string;
  location_id?: string | null | undefined;
  lines: { component_id: string; quantity: string }[];
};

const read = async (tx: Tx, bom: typeof boms.$inferSelect) => {
  const lines = await tx
    .select({
      componentId: bomLines.componentId,
      quantity: bomLines.quantity,
      sku: products.sku,
      name: products.name,
    })
    .from(bomLines)
    .innerJoin(products, eq(products.id, bomLines.componentId))
    .where(eq(bomLines.bomId, bom.id))
    .orderBy(asc(products.sku));
  return {
    id: bom.id,
    product_id: bom.productId,
    location_id: bom.locationId,
    lines: lines.map((l) => ({
      component_id: l.componentId,
      sku: l.sku,
      name: l.name,
      quantity: decimalOut(l.quantity) ?? '0',
    })),
  };
};

const find = async (tx: Tx, tenantId: string, id: string) => {
  const [bom] = await tx
    .select()
    .from(boms)
    .where(and(eq(boms.id, id), eq(boms.tenantId, tenantId)));
  if (!bom) throw new DomainError('catalog.bom_not_found');
  return bom;
};

/** Components exist in the tenant, appear once, do not loop back to the product, nor chain too deep. */
const validate = async (tx: Tx, tenantId: string, input: BomInput, replacing?: string) => {
  const ids = input.lines.map((l) => l.component_id);
  if (new Set(ids).size !== ids.length)
    throw new DomainError('catalog.invalid_bom', { detail: 'A component appears twice.' });
  const known = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, [...ids, input.product_id])));
  if (known.length !== new Set([...ids, input.product_id]).size)
    throw new DomainError('catalog.product_not_found');
  if (input.location_id) {
    const [loc] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(and(eq(locations.id, input.location_id), eq(locations.tenantId, tenantId)));
    if (!loc) throw new DomainError('catalog.location_not_found');
  }
  const edges = await tx
    .select({ productId: boms.productId, componentId: bomLines.componentId, bomId: boms.id })
    .from(bomLines)
    .innerJoin(boms, eq(boms.id, bomLines.bomId))
    .where(eq(boms.tenantId, tenantId));
  const madeOf = new Map<string, string[]>();
  for (const e of edges) {
    if (e.bomId === replacing) continue;
    madeOf.set(e.productId, [...(madeOf.get(e.productId) ?? []), e.componentId]);
  }
  if (closesLoop(input.product_id, ids, madeOf)) {
    throw new DomainError('catalog.invalid_bom', {
      detail: 'A component is made, directly or not, from this product.',
    });
  }
  if (deepestChain(input.product_id, ids, madeOf) > MAX_BOM_LEVELS) {
    throw new DomainError('catalog.invalid_bom', {
      detail: `The bill would chain more than ${MAX_BOM_LEVELS} products, one made of the next.`,
    });
  }
};

export const createBomsService = (p: Platform) => ({
  list: (ctx: RequestContext, q: { product_id?: string | undefined }) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(boms)
        .where(
          and(eq(boms.tenantId, ctx.tenantId), q.product_id ? eq(boms.productId, q.product_id) : undefined),
        )
        .orderBy(asc(boms.createdAt));
      return Promise.all(rows.map((b) => read(tx, b)));
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => read(tx, await find(tx, ctx.tenantId, id))),

  create: (ctx: RequestContext, input: BomInput) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        await validate(tx, ctx.tenantId, input);
        const [bom] = await tx
          .insert(boms)
          .values({
            tenantId: ctx.tenantId,
            productId: input.product_id,
            locationId: input.location_id ?? null,
          })
          .returning();
        if (!bom) throw new Error('bom insert returned nothing');
        await tx.insert(bomLines).values(
          input.lines.map((l) => ({
            tenantId: ctx.tenantId,
            bomId: bom.id,
            componentId: l.component_id,
            quantity: l.quantity,
          })),
        );
        emit(
          catalogEvents.productUpdated.create({
            tenantId: ctx.tenantId,
            aggregateId: input.product_id,
            payload: { fields: ['bom'] },
          }),
        );
        return read(tx, bom);
      })
      .catch((err) => mapConstraint(err, { unique: 'catalog.bom_exists' })),

  /** Replaces the lines of a BOM. */
  update: (ctx: RequestContext, id: string, lines: BomInput['lines']) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const bom = await find(tx, ctx.tenantId, id);
      await validate(tx, ctx.tenantId, { product_id: bom.productId, location_id: bom.locationId, lines }, id);
      await tx.delete(bomLines).where(eq(bomLines.bomId, id));
      await tx.insert(bomLines).values(
        lines.map((l) => ({
          tenantId: ctx.tenantId,
          bomId: id,
          componentId: l.component_id,
          quantity: l.quantity,
        })),
      );
      emit(
        catalogEvents.productUpdated.create({
          tenantId: ctx.tenantId,
          aggregateId: bom.productId,
          payload: { fields: ['bom'] },
        }),
      );
      return read(tx, bom);
    }),

  remove: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const bom = await find(tx, ctx.tenantId, id);
      await tx.delete(boms).where(eq(boms.id, id));
      emit(
        catalogEvents.productUpdated.create({
          tenantId: ctx.tenantId,
          aggregateId: bom.productId,
          payload: { fields: ['bom'] },
        }),
      );
    }),
});

export type BomsService = ReturnType<typeof createBomsService>;
