import { and, asc, eq, sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import { storeScopeFilter } from '../../platform/db/store-scope.ts';
import { assertStoreAccess, inStoreScope, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { EventEnvelope, PayloadOf } from '../../platform/events/envelope.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogSuppliers as suppliers,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { type inventoryEvents, inventoryFacade } from '../inventory/index.ts';
import { toMinor } from './domain/money.ts';
import { ordersFacade } from './facade.ts';
import { reorderPolicies } from './schema.ts';
import { insertSupplyOrder, settingsOf, trim } from './supply.repo.ts';

export type PolicyInput = {
  product_id: string;
  store_id: string;
  reorder_point: string;
  reorder_quantity: string;
  supplier_id?: string | null | undefined;
  active?: boolean | undefined;
};

type Row = typeof reorderPolicies.$inferSelect;
const view = (r: Row, code: string) => ({
  id: r.id,
  product_id: r.productId,
  location_id: r.locationId,
  store_id: code,
  reorder_point: trim(r.reorderPoint),
  reorder_quantity: trim(r.reorderQuantity),
  supplier_id: r.supplierId,
  active: r.active,
  created_at: new Date(r.createdAt).toISOString(),
  updated_at: new Date(r.updatedAt).toISOString(),
});

/** The product's own facts this module needs: buffered, own lead time. */
const productFacts = async (tx: Tx, tenantId: string, productId: string, locationId: string) => {
  const tree = await catalogFacade.supplyTree(tx, tenantId, productId, locationId);
  const me = tree.find((t) => t.id === productId);
  return { buffered: me?.buffered ?? false, ownLeadTimeDays: me?.ownLeadTimeDays ?? 0 };
};

/** Validates a policy's references; DDMRP plans buffered products, so they take no reorder point. */
const resolve = async (tx: Tx, ctx: RequestContext, input: PolicyInput) => {
  const loc = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
  assertStoreAccess(ctx, loc.id);
  const product = await catalogFacade.product(tx, ctx.tenantId, input.product_id);
  catalogFacade.assertQuantities([
    { step: product.step, quantity: input.reorder_quantity, field: 'reorder_quantity' },
  ]);
  if (input.supplier_id) {
    const [s] = await tx
      .select({ id: suppliers.id })
      .from(suppliers)
      .where(and(eq(suppliers.tenantId, ctx.tenantId), eq(suppliers.id, input.supplier_id)));
    if (!s)
      throw new DomainError('catalog.supplier_not_found', {
        errors: [{ field: 'supplier_id', message: 'is not a supplier here' }],
      });
  }
  if ((await productFacts(tx, ctx.tenantId, input.product_id, loc.id)).buffered)
    throw new DomainError('orders.product_buffered', {
      detail: 'DDMRP plans this product through its buffer; remove the buffer to use a reorder point.',
      errors: [{ field: 'product_id', message: 'is buffered' }],
    });
  return {
    tenantId: ctx.tenantId,
    productId: input.product_id,
    locationId: loc.id,
    reorderPoint: input.reorder_point,
    reorderQuantity: input.reorder_quantity,
    supplierId: input.supplier_id ?? null,
    active: input.active ?? true,
    code: loc.code,
  };
};

const loadPolicy = async (tx: Tx, ctx: RequestContext, id: string) => {
  const [r] = await tx
    .select()
    .from(reorderPolicies)
    .where(and(eq(reorderPolicies.id, id), eq(reorderPolicies.tenantId, ctx.tenantId)));
  // Another store's policy is not a Seller's to see, let alone change.
  if (!r || !inStoreScope(ctx, r.locationId)) throw new DomainError('orders.reorder_policy_not_found');
  return r;
};

const duplicate = (err: unknown) => mapConstraint(err, { unique: 'orders.reorder_policy_exists' });

export const createReorderService = (p: Platform) => ({
  list: (ctx: RequestContext, q: { product_id?: string | undefined; store_id?: string | undefined }) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const loc = q.store_id ? await catalogFacade.location(tx, ctx.tenantId, q.store_id) : null;
      if (loc) assertStoreAccess(ctx, loc.id);
      const rows = await tx
        .select({ r: reorderPolicies, code: locations.code })
        .from(reorderPolicies)
        .innerJoin(locations, eq(locations.id, reorderPolicies.locationId))
        .where(
          and(
            eq(reorderPolicies.tenantId, ctx.tenantId),
            q.product_id ? eq(reorderPolicies.productId, q.product_id) : undefined,
            loc ? eq(reorderPolicies.locationId, loc.id) : undefined,
            storeScopeFilter(ctx, reorderPolicies.locationId),
          ),
        )
        .orderBy(asc(locations.code), asc(reorderPolicies.createdAt));
      return rows.map((x) => view(x.r, x.code));
    }),

  create: (ctx: RequestContext, input: PolicyInput) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const { code, ...values } = await resolve(tx, ctx, input);
      const [row] = await tx.insert(reorderPolicies).values(values).returning().catch(duplicate);
      if (!row) throw new Error('reorder policy insert returned nothing');
      return view(row, code);
    }),

  update: (ctx: RequestContext, id: string, input: PolicyInput) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await loadPolicy(tx, ctx, id);
      const { code, tenantId: _t, ...values } = await resolve(tx, ctx, input);
      const [row] = await tx
        .update(reorderPolicies)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(reorderPolicies.id, id))
        .returning()
        .catch(duplicate);
      if (!row) throw new DomainError('orders.reorder_policy_not_found');
      return view(row, code);
    }),

  remove: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await loadPolicy(tx, ctx, id);
      await tx.delete(reorderPolicies).where(eq(reorderPolicies.id, id));
    }),

  /**
   * Auto-reorder (seeds 002, 003): stock of an item with an active policy fell to its reorder
   * point and nothing is on order for it → a DRAFT purchase order of the reorder quantity.
   * The policy row is locked first, so a redelivered event or two quick drops raise one order.
   */
  onStockUpdated: async (e: EventEnvelope<PayloadOf<typeof inventoryEvents.stockUpdated>>) => {
    const tenantId = e.tenantId;
    const { product_id: productId, location_id: locationId } = e.payload;
    if (!tenantId || !productId || !locationId) return;
    await p.uow.forTenant(tenantId, async (tx, emit) => {
      const settings = await settingsOf(tx, tenantId);
      if (!settings.autoReorder) return;
      const [policy] = await tx
        .select()
        .from(reorderPolicies)
        .where(
          and(
            eq(reorderPolicies.tenantId, tenantId),
            eq(reorderPolicies.productId, productId),
            eq(reorderPolicies.locationId, locationId),
            eq(reorderPolicies.active, true),
          ),
        )
        .for('update');
      if (!policy) return;
      // The event's figure may be stale by now: decide on the stock as it is.
      const free = await inventoryFacade.freeOnHandMany(tx, tenantId, [productId]);
      const available = free.find((f) => f.location_id === locationId)?.free ?? 0;
      if (available > Number(policy.reorderPoint)) return;
      const open = await ordersFacade.openSupply(tx, tenantId, { productIds: [productId] });
      if (open.some((o) => o.locationId === locationId)) return;
      const item = await catalogFacade.supplierItem(tx, tenantId, policy.supplierId, productId);
      const supplierId = policy.supplierId ?? item?.supplierId ?? null;
      if (!supplierId) {
        p.log.info({ tenantId, productId, locationId }, 'auto-reorder skipped: no supplier for the product');
        return;
      }
      const own = (await productFacts(tx, tenantId, productId, locationId)).ownLeadTimeDays;
      await insertSupplyOrder(tx, emit, tenantId, null, {
        kind: 'purchase',
        status: 'DRAFT',
        supplierId,
        locationId,
        sourceLocationId: null,
        origin: 'reorder',
        dueDate: addDays(await tenantCalendar.today(tx, tenantId), item?.leadTimeDays ?? own),
        currency: settings.currency,
        notes: `Auto-reorder: ${trim(String(available))} available at or below the reorder point ${trim(policy.reorderPoint)}.`,
        lines: [
          {
            productId,
            quantity: policy.reorderQuantity,
            unitPriceMinor: item?.price ? toMinor(item.price, settings.currency) : null,
            bufferId: null,
          },
        ],
      });
    });
  },
});

export type ReorderService = ReturnType<typeof createReorderService>;
